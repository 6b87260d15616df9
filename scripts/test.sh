#!/usr/bin/env bash
# Runs every test: the domain core, the SQLite store, the server, the `atiende` executable,
# the kiosk and the display end to end, then the API's OpenAPI document (valid, and the
# server checked against it with generated requests) and the desk console in a real
# headless Chromium, and the Debian package (its files and systemd units). Installs what
# is missing first.
# Extra arguments go to `swift test` (e.g. --filter Numbering), and then only it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each part says how long it took, so a slow run shows where its time went.
started=$SECONDS
phase_started=$SECONDS
phase() { echo "test.sh: $1 took $((SECONDS - phase_started)) s (total $((SECONDS - started)) s)"; phase_started=$SECONDS; }
# What the build needs first; what only the tests need (a browser, PostgreSQL, haproxy, an
# SMTP server, Python packages, axe-core) installs while the build compiles: on a fresh
# machine downloading and unpacking them then overlaps the compiler instead of waiting for it.
scripts/setup.sh
phase "setup for the build"
setup_log="$(mktemp "${TMPDIR:-/tmp}/atiende-setup.XXXXXX")"
scripts/setup.sh --tests > "$setup_log" 2>&1 &
setup_pid=$!
trap 'kill "$setup_pid" 2>/dev/null; rm -f "$setup_log"' EXIT
# The API code generated from openapi.json is committed: it must be what the document gives.
scripts/generate-api.sh --check
# Without debug information: the tests do not need it, and the build (two copies of
# BoringSSL among the packages) and its links take minutes less.
swift build --build-tests -debug-info-format none
phase "build (the tests' setup beside it)"
if ! wait "$setup_pid"; then
  cat "$setup_log" >&2
  echo "test.sh: installing what the tests need failed (above)" >&2
  exit 1
fi
cat "$setup_log"
rm -f "$setup_log"
phase "rest of the tests' setup"
# Every test makes its databases and logs under one temporary folder, removed at the end.
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/atiende-tests.XXXXXX")"
export TMPDIR
trap 'scripts/postgres.sh stop "$TMPDIR/postgres"; rm -rf "$TMPDIR"' EXIT
# A PostgreSQL 15 of the tests' own, for the institution's store (scripts/postgres.sh).
ATIENDE_TEST_POSTGRES="$(scripts/postgres.sh start "$TMPDIR/postgres")"
# The authority of its certificate, for the tests of TLS to the database.
ATIENDE_TEST_POSTGRES_CA="$TMPDIR/postgres/tls/ca.crt"
export ATIENDE_TEST_POSTGRES ATIENDE_TEST_POSTGRES_CA
swift test --skip-build -debug-info-format none "$@"
phase "swift tests"
[ $# -gt 0 ] && exit 0
python3 -c "import json; from openapi_spec_validator import validate; validate(json.load(open('Sources/AtiendeJSON/openapi.json'))); print('openapi.json: a valid OpenAPI 3.1 document')"
Tests/Contract/check-api.sh
phase "API contract"
python3 Tests/Browser/run_all.py
phase "browser tests"
Tests/Package/check-package.sh
phase "package"
