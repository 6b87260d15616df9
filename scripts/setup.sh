#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and run Atiende, and nothing else.
# Safe to run again: it only installs packages that are missing.
#   scripts/setup.sh            what the demo needs
#   scripts/setup.sh --tests    also what the tests need: Chromium, its driver and selenium
#                               for the desk console's browser tests
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: Swift 6 is not on the PATH; install the Swift toolchain (swift.org) first" >&2
  exit 1
fi

# libsqlite3-dev: the system SQLite that GRDB builds against.
# libsdl2-dev, libsdl2-ttf-dev, fonts-dejavu-core: the kiosk and the wall display.
# xvfb, xdotool: a screen and a finger for the end-to-end tests of the display and the
# kiosk, and for the demo on a machine without a screen; imagemagick: its screenshots.
# espeak-ng: the kiosk's read-aloud and the wall display's spoken calls.
# libqrencode-dev: the visit link's QR code on the kiosk and the printed ticket.
# libssl-dev: OpenSSL's SHA-256 for the digests of staff session tokens.
# libcurl4-openssl-dev: libcurl, the SMTP client of the office's mail (requests' confirmations).
needed=(libsqlite3-dev pkg-config libcurl4-openssl-dev libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core espeak-ng libqrencode-dev libssl-dev xvfb xdotool imagemagick)
# chromium, chromium-driver: a real browser for the desk console's tests.
# zbar-tools: the tests read the kiosk's QR codes back with zbarimg.
# systemd: systemd-analyze verifies the package's units (nothing is started).
# postgresql: a throwaway PostgreSQL 15 for the institution's store (scripts/postgres.sh).
# haproxy: the load balancer in front of two servers on one PostgreSQL database.
# openssl: the test PostgreSQL's own authority and certificate, for TLS to the database.
# python3-aiosmtpd: a real SMTP server on loopback that the mail tests send to.
[ "${1:-}" = "--tests" ] && needed+=(chromium chromium-driver zbar-tools systemd postgresql haproxy openssl python3-aiosmtpd)
missing=()
for package in "${needed[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# selenium drives the browser; openapi-spec-validator checks the API's document and
# schemathesis sends it requests generated from that document.
python_tests=(selenium openapi-spec-validator schemathesis)
if [ "${1:-}" = "--tests" ] && ! { python3 -c "import selenium, openapi_spec_validator, schemathesis" >/dev/null 2>&1 && command -v schemathesis >/dev/null; }; then
  echo "setup: installing ${python_tests[*]} (pip)"
  python3 -m pip install --quiet --disable-pip-version-check "${python_tests[@]}" \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${python_tests[@]}"
fi

# axe-core 4 for the accessibility checks of the pages: the copy inside the
# axe-playwright-python wheel (axe-selenium-python bundles an old axe 3).
if [ "${1:-}" = "--tests" ] && [ ! -f .build/axe/axe.min.js ]; then
  echo "setup: fetching axe-core 4 (pip download axe-playwright-python)"
  wheel_dir="$(mktemp -d)"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$wheel_dir" axe-playwright-python
  mkdir -p .build/axe
  python3 -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); open('.build/axe/axe.min.js', 'wb').write(z.read('axe_playwright_python/axe.min.js'))" "$wheel_dir"/axe_playwright_python-*.whl
  rm -rf "$wheel_dir"
fi
