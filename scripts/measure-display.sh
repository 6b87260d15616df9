#!/usr/bin/env bash
# Measures the wall display as it runs in a real window (under Xvfb when there is no
# screen): how long a call made by `atiende next` in another process takes to reach the
# screen, the display's CPU while idle, and its memory. Release build.
#
#   scripts/measure-display.sh [calls]            on a shared database file (default 200 calls)
#   scripts/measure-display.sh [calls] --server   through `atiende serve`: the display follows
#                                                 the event stream, calls go over HTTP, and the
#                                                 status reads the display made per call are counted
# ATIENDE_BIN=folder takes the programs from there instead of building them (to compare builds).
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-200}"
mode="${2:-}"
scripts/setup.sh
command -v Xvfb >/dev/null || { apt-get install -y -qq xvfb >/dev/null; }
bin="${ATIENDE_BIN:-.build/release}"
if [ -z "${ATIENDE_BIN:-}" ]; then
  for product in atiende atiende-display; do swift build -c release --product "$product" 2>&1 | tail -1; done
fi

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export ATIENDE_DB="$work/atiende.sqlite" SDL_AUDIODRIVER=dummy
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :97 -screen 0 1920x1080x24 >/dev/null 2>&1 &
  export DISPLAY=:97
  sleep 1
fi

"$bin/atiende" init >/dev/null
"$bin/atiende" issue A --count $((calls + 10)) >/dev/null
where=()
if [ "$mode" = "--server" ]; then
  "$bin/atiende" serve --port 0 > "$work/serve.txt" 2>/dev/null &
  sleep 1
  url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/serve.txt" | head -1)
  where=(--server "$url")
  export ATIENDE_TOKEN=demo-staff-token
  echo "through $url"
fi
"$bin/atiende-display" --size 1920x1080 --trace "$work/trace.txt" "${where[@]}" &
display=$!
sleep 3

# Status reads so far (the display's first ones), from the server's own counters.
reads() { curl -s "$url/metrics" | awk '/^atiende_http_requests_total\{.*route="\/api\/status"/ {n += $NF} END {print n + 0}'; }
[ -n "${url:-}" ] && reads_before=$(reads)
: > "$work/calls.txt"
# Through a server the desk's requests go straight to the API (curl), so that every
# status read the server counts is the display's; on a file, `atiende` makes them.
desk() {
  if [ -n "${url:-}" ]; then curl -s -X POST -H "Authorization: Bearer $ATIENDE_TOKEN" "$url/api/desks/1/$1"
  else "$bin/atiende" "$1" --desk 1 --json; fi
}
for i in $(seq 1 "$calls"); do
  start=$(date +%s%3N)
  number=$(desk next | sed -E 's/.*"number":"([^"]+)".*/\1/')
  end=$(date +%s%3N)
  echo "$number $start $end" >> "$work/calls.txt"
  sleep 0.25
  desk no-show >/dev/null
  sleep 0.05
done
sleep 1
[ -n "${url:-}" ] && echo "status reads by the display: $(( $(reads) - reads_before )) for $calls calls (each call followed by a no-show 0.25 s later: two events)"

# Idle: no calls for 20 s; CPU time used by the display over that span.
ticks() { awk '{print $14 + $15}' "/proc/$display/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks); sleep 20; after=$(ticks)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$display/status")

python3 - "$work/calls.txt" "$work/trace.txt" "$before" "$after" "$hz" "$rss" <<'PY'
import sys
calls = [l.split() for l in open(sys.argv[1])]
shown = {}
for line in open(sys.argv[2]):
    ms, numbers = line.split()
    for n in numbers.split(","):
        shown.setdefault(n, int(ms))
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, max(0, -(-len(xs) * p // 100) - 1))]
from_start = [shown[n] - int(s) for n, s, e in calls if n in shown]
from_commit = [shown[n] - int(e) for n, s, e in calls if n in shown]
command = [int(e) - int(s) for n, s, e in calls]
missing = [n for n, s, e in calls if n not in shown]
print(f"calls: {len(calls)}, shown: {len(from_start)}, missing: {len(missing)}")
print(f"call command start -> on screen: p50 {pct(from_start, 50)} ms, p99 {pct(from_start, 99)} ms, max {max(from_start)} ms")
print(f"call command exit  -> on screen: p50 {pct(from_commit, 50)} ms, p99 {pct(from_commit, 99)} ms")
print(f"baseline, the call's own request: p50 {pct(command, 50)} ms, p99 {pct(command, 99)} ms")
before, after, hz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"idle CPU over 20 s: {100 * (after - before) / hz / 20:.2f} % of one core")
print(f"resident memory: {int(sys.argv[6]) / 1024:.1f} MB")
PY
