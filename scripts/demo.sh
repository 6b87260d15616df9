#!/usr/bin/env bash
# The demo office, live: Defensoría del Pueblo — Centro de Atención al Usuario.
# Starts the queue server on a fresh demo database and opens the entrance kiosk and the
# wall display on it, as an office network would have them; plays a short morning
# (visitors take tickets, desks call them) through the `atiende` command, then lets you
# call numbers yourself from this terminal, or from the desk console in a browser, while
# you take tickets on the kiosk. Installs what is missing and builds first.
#
# The clock starts at 09:00 on a Monday (ATIENDE_NOW), so the office is open whenever
# you run it. Without a screen (no $DISPLAY) both apps run under Xvfb and the demo saves
# demo/kiosk.png and demo/display.png instead.
#
# ATIENDE_DEMO_PHONES=1 serves the office network too (--host 0.0.0.0) and points the
# kiosk at this machine's address, so its tickets carry a QR code a phone on the same
# network can open. Off by default: the demo's keys are public.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for product in atiende atiende-display atiende-kiosk; do swift build --product "$product" 2>&1 | tail -1; done
atiende=".build/debug/atiende"

mkdir -p demo
export ATIENDE_DB="demo/atiende.sqlite" ATIENDE_NOW="2026-11-23T09:00:00-05:00"
rm -f "$ATIENDE_DB" "$ATIENDE_DB-wal" "$ATIENDE_DB-shm"
"$atiende" init
# Someone to sign in as at the desk console (the demo's password is public, like its keys).
printf 'demo-password\n' | "$atiende" staff add "Dana Demo" --user demo --password-stdin >/dev/null

# The queue server owns the file; everything else reaches it over HTTP.
host=127.0.0.1
[ -n "${ATIENDE_DEMO_PHONES:-}" ] && host=0.0.0.0
"$atiende" serve --host "$host" --port "${ATIENDE_PORT:-8080}" > demo/serve.txt 2>demo/serve-errors.txt &
for _ in $(seq 50); do grep -q http demo/serve.txt 2>/dev/null && break; sleep 0.1; done
port=$(grep -oE 'http://[^ /]+' demo/serve.txt | head -1 | grep -oE '[0-9]+$' || true)
server="${port:+http://127.0.0.1:$port}"
[ -n "$server" ] || { cat demo/serve-errors.txt >&2; echo "demo: the queue server did not start (try ATIENDE_PORT=8181 $0)" >&2; exit 1; }
export ATIENDE_SERVER="$server" ATIENDE_TOKEN=demo-staff-token
unset ATIENDE_DB

headless=""
kiosk_display="${DISPLAY:-}"
if [ -z "${DISPLAY:-}" ]; then
  headless=1
  Xvfb :90 -screen 0 1280x720x24 >/dev/null 2>&1 &
  Xvfb :91 -screen 0 1080x1440x24 >/dev/null 2>&1 &
  export DISPLAY=:90 SDL_AUDIODRIVER=dummy
  kiosk_display=:91
  sleep 1
fi
.build/debug/atiende-display --size 1280x720 ${ATIENDE_VOICE:+--voice} &
# The kiosk's tickets link to the server at an address a phone can reach, when there is one.
kiosk_server="$server"
if [ -n "${ATIENDE_DEMO_PHONES:-}" ]; then
  address=$(hostname -I 2>/dev/null | awk '{print $1}')
  [ -n "$address" ] && kiosk_server="http://$address:${server##*:}"
fi
DISPLAY="$kiosk_display" .build/debug/atiende-kiosk --size 1080x1440 --server "$kiosk_server" --token demo-kiosk-token &
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
sleep 2

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { printf '$ atiende %s\n' "$*"; "$atiende" "$@"; sleep "${pause:-1.5}"; }

say "Queue server: $server   desk console: $server/desk/1   (user demo, password demo-password)"
say "Visitors take tickets at the entrance"
for service in A B B C D A; do run issue "$service"; done
run issue A --preferential --name Rosa
say "Desks call the next number: watch the wall"
run next --desk 1
run next --desk 2
run next --desk 3
run start --desk 1
run recall --desk 3
run finish --desk 1
run next --desk 1
run next --desk 4
run status

if [ -n "$headless" ]; then
  if command -v import >/dev/null && command -v xdotool >/dev/null; then
    # A visitor at the kiosk: service C, then regular attention (see KioskLayout at 1080x1440).
    DISPLAY=:91 xdotool mousemove 540 783 click 1; sleep 0.5
    DISPLAY=:91 xdotool mousemove 540 998 click 1; sleep 0.8
    DISPLAY=:91 import -window root demo/kiosk.png
    import -window root demo/display.png
    say "Screenshots: demo/kiosk.png (a ticket just taken) and demo/display.png (the wall)"
    if command -v chromium >/dev/null; then
      timeout 30 chromium --headless=new --no-sandbox --disable-dev-shm-usage --window-size=1366,768 --timeout=3000 \
        --screenshot="$PWD/demo/desk.png" "$server/desk/1#token=demo-staff-token" >/dev/null 2>&1 || true
      [ -f demo/desk.png ] && say "and demo/desk.png (the desk console of Ventanilla 1)"
    fi
  fi
  exit 0
fi

say "Your turn. Take tickets on the kiosk window, or open $server/desk/1 in a browser (staff key: demo-staff-token). Here, keys 1-4 call the next number at that desk, i issues a ticket, s shows the status, q quits."
desk_busy() { local now; now="$("$atiende" status --json)"; grep -q "\"id\":\"$1\",\"label\":\"[^\"]*\",\"state\":\"\(called\|serving\)\"" <<<"$now"; }
while read -r -n 1 key; do
  echo
  case "$key" in
    [1-4])
      if desk_busy "$key"; then "$atiende" finish --desk "$key" 2>/dev/null || "$atiende" no-show --desk "$key"; fi
      "$atiende" next --desk "$key" ;;
    i) "$atiende" issue "$(echo A B C D | tr ' ' '\n' | shuf -n 1)" ;;
    s) "$atiende" status ;;
    q) break ;;
  esac
done
