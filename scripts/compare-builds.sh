#!/usr/bin/env bash
# Compares two release builds on this machine in one run, taking turns so that whatever
# the machine does meanwhile falls on both: atiende-bench (an issue in process, the
# snapshot), atiende-server-bench's load, events and wrk parts (the server's issue rate,
# processor time per ticket, a call on another client's event stream), and
# GET /api/office under wrk (requests a second, server processor time per request).
#
#   scripts/compare-builds.sh BEFORE AFTER [rounds]
#
# BEFORE and AFTER are folders with atiende, atiende-bench and atiende-server-bench built
# with -c release (for example from a git worktree of an older commit). Every output is
# kept under a temporary folder; the lines that carry the figures are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
before="$1" after="$2" rounds="${3:-2}"
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
out=$(mktemp -d)
echo "compare-builds: outputs in $out"

office() {  # requests a second and server µs per request for GET /api/office
  local bin="$1" work
  work=$(mktemp -d)
  ATIENDE_DB="$work/db.sqlite" "$bin/atiende" init >/dev/null
  ATIENDE_DB="$work/db.sqlite" "$bin/atiende" serve --port 0 >"$work/serve.txt" 2>&1 &
  local pid=$!
  local url=""
  for _ in $(seq 100); do url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/serve.txt" | head -1 || true); [ -n "$url" ] && break; sleep 0.1; done
  wrk -t1 -c4 -d1s "$url/api/office" >/dev/null
  local hz t0 t1 text
  hz=$(getconf CLK_TCK)
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  text=$(wrk -t1 -c4 -d4s "$url/api/office")
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$work"
  local total rate
  total=$(echo "$text" | awk '/requests in/ {print $1}')
  rate=$(echo "$text" | awk '/Requests\/sec/ {print $2}')
  echo "GET /api/office: $rate /s, server processor time $(( (t1 - t0) * 1000000 / hz / total )) µs per request"
}

for round in $(seq "$rounds"); do
  for side in before after; do
    bin=$before; [ "$side" = after ] && bin=$after
    log="$out/$side-$round.txt"
    {
      "$bin/atiende-bench" --quick
      "$bin/atiende-server-bench" --quick --only load
      "$bin/atiende-server-bench" --quick --only events
      "$bin/atiende-server-bench" --only wrk
      office "$bin"
    } >"$log" 2>&1
    echo "== $side, round $round"
    grep -E "^(issue|snapshot|desk cycle)|server, flat out|processor time per ticket|calls\)$|mean: server|paced by wrk|GET /api/office" "$log" | sed 's/^/  /'
  done
done
