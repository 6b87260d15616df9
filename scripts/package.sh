#!/usr/bin/env bash
# Builds the Debian package atiende_<version>_<arch>.deb: one program in /usr/bin under
# three names (atiende, and atiende-kiosk and atiende-display as links to it),
# the demo office in /usr/share/atiende, a config in /etc/atiende and /etc/default, and
# the systemd units (the server as a system service, the kiosk and the display as user
# services of a graphical session).
#   scripts/package.sh [--output DIR]   a release build, Swift's runtime linked in (default DIR: .build/package)
#   scripts/package.sh --debug          the debug build as it is (for the tests: no second build)
# ATIENDE_VERSION sets the version; by default 0.<number of commits>.
set -euo pipefail
cd "$(dirname "$0")/.."

output=.build/package
configuration=release
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output="${2:?--output needs a folder}"; shift 2 ;;
    --debug) configuration=debug; shift ;;
    *) echo "package: unknown option '$1': use --output DIR or --debug" >&2; exit 2 ;;
  esac
done
command -v dpkg-deb >/dev/null || { echo "package: dpkg-deb is missing: run on Debian, or apt-get install dpkg" >&2; exit 1; }

version="${ATIENDE_VERSION:-0.$(git rev-list --count HEAD 2>/dev/null || echo 0)}"
arch="$(dpkg --print-architecture)"
# Whoever made the commit packaged: the people to write to about it.
maintainer="${ATIENDE_MAINTAINER:-$(git log -1 --format='%an <%ae>' 2>/dev/null || true)}"
[ -n "$maintainer" ] || { echo "package: no maintainer: set ATIENDE_MAINTAINER='Name <address>' outside a git checkout" >&2; exit 1; }
# One program: called atiende-kiosk or atiende-display it is the kiosk or the wall.
programs=(atiende)
# What the programs load at run time (checked against ldd below for a release build).
depends="libc6, libgcc-s1, libstdc++6, zlib1g, libsqlite3-0, libsdl2-2.0-0, libsdl2-ttf-2.0-0, libqrencode4, libssl3, libcurl4, fonts-dejavu-core"

flags=(-c "$configuration")
[ "$configuration" = release ] && flags+=(--static-swift-stdlib)
# The tests' debug package is the build test.sh made, with its flags, so nothing is built twice.
[ "$configuration" = debug ] && flags+=(-debug-info-format none)
for program in "${programs[@]}"; do swift build "${flags[@]}" --product "$program" >&2; done
bin="$(swift build "${flags[@]}" --show-bin-path)"

root="$(mktemp -d)"
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT
for program in "${programs[@]}"; do
  install -D -m 0755 "$bin/$program" "$root/usr/bin/$program"
  [ "$configuration" = release ] && strip --strip-unneeded "$root/usr/bin/$program"
done
ln -s atiende "$root/usr/bin/atiende-kiosk"
ln -s atiende "$root/usr/bin/atiende-display"
install -D -m 0644 Assets/office.json "$root/usr/share/atiende/office.json"
# The installed office has no shared staff token: everyone signs in as themselves (calls
# made with the shared token were recorded under no one). postinst makes the kiosk's.
install -d "$root/etc/atiende"
sed 's/"staff": "demo-staff-token", //' Assets/office.json > "$root/etc/atiende/office.json"
chmod 0644 "$root/etc/atiende/office.json"
grep -q 'demo-staff-token' "$root/etc/atiende/office.json" && { echo "package: the shared staff token is still in /etc/atiende/office.json" >&2; exit 1; }
for machine in server kiosk display; do
  install -D -m 0644 "scripts/debian/default-$machine" "$root/etc/default/atiende-$machine"
done
install -D -m 0644 scripts/debian/atiende-server.service "$root/lib/systemd/system/atiende-server.service"
install -D -m 0644 scripts/debian/atiende-kiosk.service "$root/usr/lib/systemd/user/atiende-kiosk.service"
install -D -m 0644 scripts/debian/atiende-display.service "$root/usr/lib/systemd/user/atiende-display.service"
install -D -m 0644 README.md "$root/usr/share/doc/atiende/README.md"
install -D -m 0644 scripts/debian/copyright "$root/usr/share/doc/atiende/copyright"
for doc in docs/*.md; do install -D -m 0644 "$doc" "$root/usr/share/doc/atiende/$(basename "$doc")"; done

if [ "$configuration" = release ]; then
  # Every shared library the programs link to must come from a declared package (those
  # libraries bring their own dependencies).
  for program in "${programs[@]}"; do
    for name in $(readelf -d "$root/usr/bin/$program" | awk '/NEEDED/ {gsub(/[][]/, "", $5); print $5}'); do
      library="$(ldd "$root/usr/bin/$program" | awk -v n="$name" '$1 == n {print $3}')"
      [ -n "$library" ] || library="$name"
      owner="$(dpkg -S "$(readlink -f "$library")" 2>/dev/null || dpkg -S "$library" 2>/dev/null || true)"
      owner="${owner%%:*}"
      case ", $depends, " in
        *", $owner, "*) ;;
        *) undeclared+=("$program needs $name from ${owner:-no package}") ;;
      esac
    done
  done
  if [ -n "${undeclared[*]:-}" ]; then
    printf 'package: a library is not declared in Depends: %s\n' "${undeclared[@]}" >&2
    exit 1
  fi
fi

mkdir -p "$root/DEBIAN"
install -m 0755 scripts/debian/postinst scripts/debian/prerm scripts/debian/postrm "$root/DEBIAN/"
printf '%s\n' /etc/atiende/office.json /etc/default/atiende-server /etc/default/atiende-kiosk /etc/default/atiende-display > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<CONTROL
Package: atiende
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Recommends: espeak-ng
Suggests: zbar-tools
Section: misc
Priority: optional
Description: queue system for public service offices
 Atiende runs an office's waiting room: a touchscreen kiosk at the entrance
 issues numbered tickets with the people ahead and the estimated wait, a wall
 display calls them to desks with a chime and voice, desks work from a browser,
 and reports measure the office against its promise (nobody waits more than
 15 minutes). One package for the server, the kiosk and the display machines.
CONTROL

mkdir -p "$output"
package="$output/atiende_${version}_${arch}.deb"
# xz for the package people install; the tests' debug package only needs to be quick.
compression=(-Zxz)
[ "$configuration" = debug ] && compression=(-Zgzip -z1)
dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$package" >/dev/null
echo "$package"
