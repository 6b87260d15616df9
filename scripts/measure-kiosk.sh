#!/usr/bin/env bash
# Measures the kiosk as a visitor uses it, in a real window (under Xvfb when there is
# no screen), release build: the time from a touch on "regular ticket" (an xdotool click)
# to the ticket screen on glass, over 200 tickets; idle CPU; memory.
#
#   scripts/measure-kiosk.sh [tickets]     (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-200}"
scripts/setup.sh
for product in atiende atiende-kiosk; do swift build -c release --product "$product" 2>&1 | tail -1; done
bin=.build/release

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# A Monday at 09:00, so the demo office is open whatever the time here.
export ATIENDE_DB="$work/atiende.sqlite" ATIENDE_NOW="2026-11-23T09:00:00-05:00" SDL_AUDIODRIVER=dummy
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :98 -screen 0 1920x1080x24 >/dev/null 2>&1 &
  export DISPLAY=:98
  sleep 1
fi
"$bin/atiende" init >/dev/null
"$bin/atiende-kiosk" --size 1920x1080 --trace "$work/trace.txt" &
kiosk=$!
sleep 3

# Where the targets are on a 1920x1080 kiosk (see KioskLayout): service B, "regular", "Listo".
service_b="700 435"
regular="1490 340"
done_button="365 1003"
: > "$work/taps.txt"
for i in $(seq 1 "$count"); do
  xdotool mousemove $service_b click 1
  sleep 0.25
  echo "$i $(date +%s%3N)" >> "$work/taps.txt"
  xdotool mousemove $regular click 1
  sleep 1.1
  xdotool mousemove $done_button click 1   # "Listo" sends the ticket screen home
  sleep 0.25
done

ticks() { awk '{print $14 + $15}' "/proc/$kiosk/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks); sleep 20; after=$(ticks)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$kiosk/status")

python3 - "$work/taps.txt" "$work/trace.txt" "$before" "$after" "$hz" "$rss" <<'PY'
import sys
taps = {int(i): int(ms) for i, ms in (l.split() for l in open(sys.argv[1]))}
shown = {}
for line in open(sys.argv[2]):
    parts = line.split()
    if parts[1] == "ticket":
        shown[int(parts[2].split("-")[1])] = int(parts[0])
lat = sorted(shown[i] - taps[i] for i in taps if i in shown)
def pct(p): return lat[min(len(lat) - 1, max(0, -(-len(lat) * p // 100) - 1))]
print(f"tickets: {len(taps)} taps, {len(lat)} ticket screens")
print(f"touch -> ticket screen on glass: p50 {pct(50)} ms, p99 {pct(99)} ms, max {lat[-1]} ms")
before, after, hz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"idle CPU over 20 s: {100 * (after - before) / hz / 20:.2f} % of one core")
print(f"resident memory: {int(sys.argv[6]) / 1024:.1f} MB")
PY
