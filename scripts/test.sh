#!/usr/bin/env bash
# Runs every test: the domain core, the SQLite store, and the `atiende` executable end to end.
# Installs what is missing first. Extra arguments go to `swift test` (e.g. --filter Numbering).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
