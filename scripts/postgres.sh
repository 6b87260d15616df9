#!/usr/bin/env bash
# A throwaway PostgreSQL 15 (Debian's `postgresql`, installed by scripts/setup.sh --tests)
# for the tests and for trying Atiende on PostgreSQL: a cluster in a folder of its own,
# owned by an unprivileged user (initdb and pg_ctl refuse root), on a free port of
# 127.0.0.1, trusting connections from this machine only. It speaks TLS too, with a
# certificate for 127.0.0.1 from an authority of its own (DIR/tls/ca.crt), for the tests of
# `?sslmode=require&sslrootcert=…`.
#   scripts/postgres.sh start DIR    starts it and prints its URL: postgres://atiende@127.0.0.1:PORT/atiende
#                                    (again on a stopped cluster: the same data, on the same port)
#   scripts/postgres.sh stop DIR     stops it (the folder stays for the caller to remove or start again)
set -euo pipefail
what="${1:-}" dir="${2:-}"
[ -n "$dir" ] || { echo "postgres.sh: usage: scripts/postgres.sh start|stop DIR" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "postgres.sh: PostgreSQL is not installed: run scripts/setup.sh --tests" >&2; exit 1; }
user=atiende-pg
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
case "$what" in
  start)
    if [ "$(id -u)" -eq 0 ] && ! id "$user" >/dev/null 2>&1; then useradd -M -s /usr/sbin/nologin "$user"; fi
    mkdir -p "$dir"
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown "$user" "$dir"
      # The owner must be able to pass through the folders above (a mktemp folder is 700).
      up=$(dirname "$(realpath "$dir")")
      while [ "$up" != / ]; do [ -x "$up" ] && runuser -u "$user" -- test -x "$up" || chmod o+x "$up"; up=$(dirname "$up"); done
    fi
    fresh=1
    if [ -f "$dir/port" ] && [ -d "$dir/data" ]; then fresh=0; port=$(cat "$dir/port"); else
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      as_owner "$bin/initdb" -D "$dir/data" -A trust -U atiende -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; echo "postgres.sh: initdb failed (above)" >&2; exit 1; }
      echo "$port" >"$dir/port"
    fi
    if [ ! -f "$dir/tls/server.crt" ]; then
      # The authority and the server's certificate (valid for 127.0.0.1), made by the owner:
      # the server reads its key only when no one else can.
      as_owner mkdir -p "$dir/tls"
      as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Atiende test authority" \
        -keyout "$dir/tls/ca.key" -out "$dir/tls/ca.crt" >/dev/null 2>&1
      as_owner openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" >/dev/null 2>&1
      printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' | as_owner tee "$dir/tls/server.ext" >/dev/null
      as_owner openssl x509 -req -in "$dir/tls/server.csr" -CA "$dir/tls/ca.crt" -CAkey "$dir/tls/ca.key" -CAcreateserial -days 30 \
        -extfile "$dir/tls/server.ext" -out "$dir/tls/server.crt" >/dev/null 2>&1
      as_owner chmod 600 "$dir/tls/server.key"
      chmod 755 "$dir/tls"
      chmod 644 "$dir/tls/ca.crt"
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=400 -c ssl=on -c ssl_cert_file=$dir/tls/server.crt -c ssl_key_file=$dir/tls/server.key" start >/dev/null \
      || { cat "$dir/server.log" >&2; echo "postgres.sh: the server did not start (above)" >&2; exit 1; }
    [ "$fresh" = 0 ] || as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U atiende atiende
    echo "postgres://atiende@127.0.0.1:$port/atiende"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "postgres.sh: unknown command '$what': use start or stop" >&2; exit 2 ;;
esac
