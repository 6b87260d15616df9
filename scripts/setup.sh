#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and run Atiende, and nothing else.
# Safe to run again: it only installs packages that are missing.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: Swift 6 is not on the PATH; install the Swift toolchain (swift.org) first" >&2
  exit 1
fi

# libsqlite3-dev: the system SQLite that GRDB builds against.
# libsdl2-dev, libsdl2-ttf-dev, fonts-dejavu-core: the kiosk and the wall display.
# xvfb, xdotool: a screen and a finger for the end-to-end tests of the display and the
# kiosk, and for the demo on a machine without a screen.
needed=(libsqlite3-dev pkg-config libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core xvfb xdotool)
missing=()
for package in "${needed[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
