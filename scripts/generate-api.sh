#!/usr/bin/env bash
# Generates the API's Swift code (types, server protocol, client) from its one source,
# Sources/AtiendeJSON/openapi.json, with swift-openapi-generator 1.14.3 and the config
# beside the document, into Sources/AtiendeJSON/Generated, and records the SHA-256 of the
# document, the config and every file generated (Generated/SOURCES.sha256).
#   scripts/generate-api.sh           after changing openapi.json or its config; commit the result
#   scripts/generate-api.sh --check   whether the committed code is fresh (the test command runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
json=Sources/AtiendeJSON
out="$json/Generated"
stamp="$out/SOURCES.sha256"

if [ "${1:-}" = "--check" ]; then
  # Every Swift file there must be one the generator wrote, and each file unchanged since.
  stamped="$(awk '{print $2}' "$stamp" | grep '\.swift$' | sort)"
  present="$(ls "$out"/*.swift | sort)"
  [ "$stamped" = "$present" ] || problems="files in $out that the generator did not write, or missing: $(comm -3 <(echo "$stamped") <(echo "$present") | tr -d '\t' | tr '\n' ' ')"
  if [ -n "${problems:-}" ] || ! problems="$(sha256sum --check --quiet "$stamp" 2>&1)"; then
    echo "generate-api: the generated API code is not what $json/openapi.json and its config give:" >&2
    echo "$problems" | sed 's/^/  /' >&2
    echo "generate-api: run scripts/generate-api.sh and commit what it changes (never edit $out by hand)" >&2
    exit 1
  fi
  echo "generate-api: $out is fresh (the document, its config and the generated files match $stamp)"
  exit 0
fi
[ $# -eq 0 ] || { echo "generate-api: unknown option '$1': use --check, or nothing to generate" >&2; exit 2; }

swift build --package-path scripts/openapi-generator --scratch-path .build-generator --product swift-openapi-generator >&2
rm -f "$out"/*.swift
mkdir -p "$out"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
.build-generator/debug/swift-openapi-generator generate "$json/openapi.json" \
  --config "$json/openapi-generator-config.yaml" --output-directory "$out" >"$log" 2>&1 \
  || { cat "$log" >&2; echo "generate-api: the generator refused the document (above)" >&2; exit 1; }
sha256sum "$json/openapi.json" "$json/openapi-generator-config.yaml" "$out"/*.swift > "$stamp"
echo "generate-api: $(ls "$out"/*.swift | wc -l) files in $out from $json/openapi.json"
