#!/usr/bin/env bash
# The demo office, live: Defensoría del Pueblo — Centro de Atención al Usuario.
# Starts the wall display on a fresh demo database, plays a short morning (visitors take
# tickets, desks call them) through the `atiende` command, then lets you call numbers
# yourself from this terminal. Installs what is missing and builds first.
#
# Without a screen (no $DISPLAY) it runs the display under Xvfb and saves a screenshot
# to demo/display.png instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for product in atiende atiende-display; do swift build --product "$product" 2>&1 | tail -1; done
atiende=".build/debug/atiende"

mkdir -p demo
export ATIENDE_DB="demo/atiende.sqlite"
rm -f "$ATIENDE_DB" "$ATIENDE_DB-wal" "$ATIENDE_DB-shm"
"$atiende" init

headless=""
if [ -z "${DISPLAY:-}" ]; then
  headless=1
  Xvfb :90 -screen 0 1280x720x24 >/dev/null 2>&1 &
  export DISPLAY=:90 SDL_AUDIODRIVER=dummy
  sleep 1
fi
.build/debug/atiende-display --size 1280x720 ${ATIENDE_VOICE:+--voice} &
display=$!
trap 'kill $display 2>/dev/null || true; [ -n "$headless" ] && kill %1 2>/dev/null || true' EXIT
sleep 2

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { printf '$ atiende %s\n' "$*"; "$atiende" "$@"; sleep "${pause:-1.5}"; }

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
  if command -v import >/dev/null; then import -window root demo/display.png && say "Screenshot of the wall: demo/display.png"; fi
  exit 0
fi

say "Your turn. Keys: 1-4 call the next number at that desk, i issues a ticket, s shows the status, q quits."
desk_busy() { "$atiende" status --json | grep -q "\"id\":\"$1\",\"label\":\"[^\"]*\",\"state\":\"\(called\|serving\)\""; }
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
