#!/usr/bin/env bash
# The API document checked from outside: a fresh `atiende serve` (the debug build, or
# $ATIENDE_BIN), requests that schemathesis generates from the document it serves, and
# every answer checked against that document (status codes, schemas, headers, 405s,
# valid requests taken, invalid ones refused). Seeded, so a run can be repeated.
# The event stream is left out here (each request would wait for a heartbeat); the Swift
# tests cover it, fuzzing included.
set -euo pipefail
cd "$(dirname "$0")/../.."
atiende="${ATIENDE_BIN:-.build/debug/atiende}"
folder="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$folder"; }
trap cleanup EXIT
export ATIENDE_DB="$folder/atiende.sqlite" ATIENDE_NOW="2026-11-23T09:00:00-05:00"
"$atiende" init >/dev/null
"$atiende" serve --port 0 >"$folder/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "http://127.0.0.1:" "$folder/serve.log" 2>/dev/null && break; sleep 0.1; done
port="$(grep -o 'http://127.0.0.1:[0-9]*' "$folder/serve.log" | head -1 | cut -d: -f3)"
[ -n "$port" ] || { echo "check-api: atiende serve did not start: $(cat "$folder/serve.log")" >&2; exit 1; }
schemathesis --config-file Tests/Contract/schemathesis.toml run "http://127.0.0.1:$port/api/openapi.json" \
  --checks all --exclude-operation-id streamEvents -H "Authorization: Bearer demo-staff-token" \
  --max-examples "${ATIENDE_API_EXAMPLES:-15}" --seed 2026 --workers 1 --no-color
