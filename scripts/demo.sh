#!/usr/bin/env bash
# A scripted morning at the demo office, Defensoría del Pueblo — Centro de Atención al
# Usuario, on the command line: visitors take tickets, desks call and serve them, and the
# office's figures come out at the end. Installs what is missing and builds first.
#
# The clock is fixed with ATIENDE_NOW so the morning plays the same for everyone.
# Afterwards the database stays in demo/atiende.sqlite: call more numbers yourself with
#   export ATIENDE_DB=demo/atiende.sqlite
#   .build/debug/atiende issue A
#   .build/debug/atiende next --desk 1
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product atiende
atiende=".build/debug/atiende"

mkdir -p demo
export ATIENDE_DB="demo/atiende.sqlite"
rm -f "$ATIENDE_DB" "$ATIENDE_DB-wal" "$ATIENDE_DB-shm"

day="2026-11-23"   # a Monday; the office is in America/Bogota (UTC-5)
at() { export ATIENDE_NOW="${day}T$1:00-05:00"; }
step() { printf '\n\033[1m%s  %s\033[0m\n' "${ATIENDE_NOW:11:5}" "$1"; }

at 07:55; step "The office opens"
"$atiende" init

at 08:00; step "First visitors take tickets at the kiosk"
"$atiende" issue A
at 08:01; "$atiende" issue B --name Rosa
at 08:02; "$atiende" issue B
at 08:03; "$atiende" issue C
at 08:04; step "An elderly visitor asks for preferential attention"
"$atiende" issue A --preferential

at 08:05; step "Desks call the next number"
"$atiende" next --desk 1
"$atiende" next --desk 2
"$atiende" next --desk 3
at 08:06; "$atiende" start --desk 1; "$atiende" start --desk 2
at 08:08; step "Nobody answers at desk 3: call again, then mark a no-show"
"$atiende" recall --desk 3
at 08:11; "$atiende" no-show --desk 3

at 08:12; step "More visitors arrive"
for minute in 12 13 14 15 16 17; do at 08:$minute; "$atiende" issue $(echo A B D A C D | cut -d' ' -f$((minute - 11))) > /dev/null; done
at 08:18; "$atiende" status

at 08:19; step "Desk 1 finishes; desk 2 sends its visitor to follow-up (C)"
"$atiende" finish --desk 1
"$atiende" transfer --desk 2 --to C
at 08:20; "$atiende" next --desk 1; "$atiende" next --desk 2; "$atiende" next --desk 4
at 08:21; "$atiende" start --desk 1; "$atiende" start --desk 2; "$atiende" start --desk 4
at 08:27; "$atiende" finish --desk 1; "$atiende" finish --desk 2; "$atiende" finish --desk 4
at 08:28; "$atiende" next --desk 1; "$atiende" next --desk 3
at 08:29; "$atiende" start --desk 1; "$atiende" start --desk 3
at 08:36; "$atiende" finish --desk 1; "$atiende" finish --desk 3

at 08:40; step "The queue now"
"$atiende" status

at 08:45; step "The morning's figures, recomputed from the event log"
"$atiende" report --csv demo/report.csv

cat <<MSG

The database is demo/atiende.sqlite. Try it yourself:
  export ATIENDE_DB=demo/atiende.sqlite ATIENDE_NOW=${day}T08:50:00-05:00
  $atiende issue D
  $atiende next --desk 4
  $atiende status
  $atiende --help
MSG
