#!/usr/bin/env bash
# The Debian package, from the debug build the tests already made (no second build): its
# files, its control data, its systemd units (systemd-analyze verify), its maintainer
# scripts, and the programs it holds finding their demo office from any folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "package check: $*" >&2; exit 1; }

deb="$(scripts/package.sh --debug --output "$work/out" 2>"$work/build.log")" || { cat "$work/build.log" >&2; fail "scripts/package.sh failed"; }
[ -f "$deb" ] || fail "no package at '$deb'"
case "$(basename "$deb")" in atiende_*_"$(dpkg --print-architecture)".deb) ;; *) fail "unexpected name $(basename "$deb")" ;; esac

# Control data.
[ "$(dpkg-deb --field "$deb" Package)" = atiende ] || fail "Package is not atiende"
depends="$(dpkg-deb --field "$deb" Depends)"
for needed in libsdl2-2.0-0 libsdl2-ttf-2.0-0 fonts-dejavu-core libsqlite3-0 libqrencode4 libssl3; do
  grep -q "$needed" <<<"$depends" || fail "Depends lacks $needed: $depends"
done
# Read whole before grep looks (grep -q stopping early would break the pipe under pipefail).
control="$(dpkg-deb --ctrl-tarfile "$deb" | tar -t)"
grep -q '^./conffiles$' <<<"$control" || fail "no conffiles"
for script in postinst prerm postrm; do
  grep -q "^./$script\$" <<<"$control" || fail "no $script"
  sh -n "scripts/debian/$script" || fail "$script is not valid sh"
done

# Files, owned by root.
listing="$(dpkg-deb --contents "$deb")"
for file in ./usr/bin/atiende ./usr/share/atiende/office.json ./usr/share/doc/atiende/copyright \
    ./etc/atiende/office.json ./etc/default/atiende-server ./etc/default/atiende-kiosk ./etc/default/atiende-display \
    ./lib/systemd/system/atiende-server.service ./usr/lib/systemd/user/atiende-kiosk.service \
    ./usr/lib/systemd/user/atiende-display.service ./usr/share/doc/atiende/README.md; do
  grep -q " $file\$" <<<"$listing" || fail "missing $file"
done
# The kiosk and the display are the one program under other names.
for name in atiende-kiosk atiende-display; do
  grep -q " ./usr/bin/$name -> atiende\$" <<<"$listing" || fail "/usr/bin/$name is not a link to atiende"
done
maintainer="$(dpkg-deb --field "$deb" Maintainer)"
grep -q '@' <<<"$maintainer" && ! grep -q 'localhost' <<<"$maintainer" || fail "no real maintainer: $maintainer"
others="$(grep -v ' root/root ' <<<"$listing" || true)"
[ -z "$others" ] || fail "files not owned by root: $others"

# The units, as systemd reads them, against the package's own programs: a root with this
# machine's system units and the package's files. The kiosk and display units are user
# units; the user manager reads the same syntax, so they are verified there as well
# (with graphical-session.target beside them).
root="$work/root"
dpkg-deb -x "$deb" "$root"
check="$work/check"
mkdir -p "$check/lib/systemd/system"
cp -r /lib/systemd/system/. "$check/lib/systemd/system/"
cp -r "$root/." "$check/"
cp "$root"/usr/lib/systemd/user/atiende-*.service /usr/lib/systemd/user/graphical-session.target "$check/lib/systemd/system/"
systemd-analyze verify --root="$check" atiende-server.service atiende-kiosk.service atiende-display.service >"$work/verify.log" 2>&1 \
  || { cat "$work/verify.log" >&2; fail "systemd-analyze verify refused a unit"; }
if [ -s "$work/verify.log" ]; then cat "$work/verify.log" >&2; fail "systemd-analyze verify found problems"; fi
grep -q '^ExecStart=/usr/bin/atiende-kiosk --fullscreen --locked' "$root/usr/lib/systemd/user/atiende-kiosk.service" || fail "the kiosk unit is not fullscreen and locked"
grep -q '^Restart=on-failure' "$root/usr/lib/systemd/user/atiende-kiosk.service" || fail "a crashed kiosk would not restart"
for hardening in NoNewPrivileges=yes ProtectSystem=strict User=atiende StateDirectory=atiende Restart=on-failure; do
  grep -q "^$hardening" "$root/lib/systemd/system/atiende-server.service" || fail "the server unit lacks $hardening"
done

# The programs find the demo office beside them (/usr/share/atiende), from any folder.
(cd / && env -u ATIENDE_ASSETS -u ATIENDE_DB "$root/usr/bin/atiende" init --db "$work/office.sqlite" >"$work/init.log" 2>&1) \
  || { cat "$work/init.log" >&2; fail "the packaged atiende did not find its demo office"; }
grep -q 'Created Defensoría del Pueblo' "$work/init.log" || fail "unexpected init output: $(cat "$work/init.log")"
# The unit's own start: init with the packaged config (applied only when the file changed,
# so what /admin changed survives), then serve with its options.
grep -q '^ExecStartPre=/usr/bin/atiende init .*--if-changed$' "$root/lib/systemd/system/atiende-server.service" \
  || fail "the server unit applies the config file at every start, undoing what /admin changed"
"$root/usr/bin/atiende" init --db "$work/office.sqlite" --config "$root/etc/atiende/office.json" --if-changed >/dev/null
help="$("$root/usr/bin/atiende" serve --help)"
# A new install has no shared staff token (its calls were recorded under no one).
grep -q '"staff"' "$root/etc/atiende/office.json" && fail "/etc/atiende/office.json turns on the shared staff token"
# Called by its other names, the one program is the kiosk and the display.
# (Their help is read whole before it is searched: grep -q stops at the first match, and under
# pipefail a program still writing to the closed pipe would fail the check now and then.)
kiosk_help="$("$root/usr/bin/atiende-kiosk" --help)"
grep -q 'The entrance touchscreen' <<<"$kiosk_help" || fail "atiende-kiosk is not the kiosk"
display_help="$("$root/usr/bin/atiende-display" --help)"
grep -q -i 'wall' <<<"$display_help" || fail "atiende-display is not the wall display"
grep -q -- '--log-format' <<<"$help" || fail "serve has no --log-format"

echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KB, debug build) installs the right files; its units verify"
