#!/usr/bin/env bash
# Build a Debian package of the frozen app: dist/ewallet-monitor_<version>_<arch>.deb.
#
#   bash packaging/build_deb.sh [FROZEN_DIR]
#
# FROZEN_DIR defaults to dist/ewallet-monitor (bash packaging/build_frozen.sh makes it).
# Debian 12 has no PySide6, qasync or msgspec and its websockets is too old, so the package
# carries the frozen app (Python and Qt inside) rather than depending on python3-* packages:
#
#   /opt/ewallet-monitor/                      the frozen folder
#   /usr/bin/ewallet-monitor                   launcher
#   /usr/share/applications, metainfo, icons   desktop entry (Exec=ewallet-monitor), AppStream, icons
#   /usr/share/man/man1/ewallet-monitor.1.gz   man page
#   /usr/share/bash-completion, zsh, fish      completions
#   /usr/share/doc/ewallet-monitor/copyright   the licence
#
# Depends lists exactly the packages of the system libraries the frozen folder leaves out
# (its _internal/system-libraries.txt), found with dpkg -S on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
frozen=${1:-dist/ewallet-monitor}
out=${DEB_OUT:-dist}

fail() { echo "build_deb: $*" >&2; exit 1; }
[[ -x $frozen/ewallet-monitor ]] || fail "no frozen app in $frozen (bash packaging/build_frozen.sh)"
listing=$frozen/_internal/system-libraries.txt
[[ -f $listing ]] || fail "$listing is missing (rebuild with packaging/ewallet-monitor.spec)"
command -v dpkg-deb >/dev/null || fail "needs dpkg-deb (a Debian-like system)"

version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
package=ewallet-monitor
app_id=io.github.ewallet_monitor.EwalletMonitor

# The package of each left-out library, as this machine has it ("libglib2.0-0:amd64: /usr/lib/…").
depends=()
while read -r library; do
  [[ -n $library ]] || continue
  owner=$(dpkg -S "*/$library" 2>/dev/null | grep -v '^diversion' | head -n 1 | cut -d: -f1) ||
    true
  [[ -n $owner ]] || fail "no installed package has $library (needed by the frozen app)"
  depends+=("$owner")
done <"$listing"
mapfile -t depends < <(printf '%s\n' "${depends[@]}" | sort -u)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin"
cp -a "$frozen" "$root/opt/$package"

cat >"$root/usr/bin/$package" <<'EOF'
#!/bin/sh
exec /opt/ewallet-monitor/ewallet-monitor "$@"
EOF
chmod 755 "$root/usr/bin/$package"

resources=$frozen/_internal/ewallet_monitor/_resources
bash packaging/install_desktop_entry.sh --prefix "$root/usr" --resources "$resources" \
  --no-caches >/dev/null
install -D -m 644 "$resources/man/ewallet-monitor.1" "$root/usr/share/man/man1/ewallet-monitor.1"
gzip -9n "$root/usr/share/man/man1/ewallet-monitor.1"
install -D -m 644 "$resources/completions/bash/ewallet-monitor" \
  "$root/usr/share/bash-completion/completions/ewallet-monitor"
install -D -m 644 "$resources/completions/zsh/_ewallet-monitor" \
  "$root/usr/share/zsh/vendor-completions/_ewallet-monitor"
install -D -m 644 "$resources/completions/fish/ewallet-monitor.fish" \
  "$root/usr/share/fish/vendor_completions.d/ewallet-monitor.fish"
doc=$root/usr/share/doc/$package
install -d "$doc"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: ewallet-monitor"
  echo ""
  echo "Files: *"
  echo "Copyright: ewallet-monitor developers"
  echo "License: Apache-2.0"
  echo " On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0;"
  echo " it is also shipped as /opt/ewallet-monitor/_internal/LICENSE."
} >"$doc/copyright"
[[ -f $frozen/_internal/LICENSE ]] || fail "the frozen app has no LICENSE"

installed_kb=$(du -sk "$root" --exclude=DEBIAN | cut -f1)
depends_line=$(IFS=,; echo "${depends[*]}" | sed 's/,/, /g')
cat >"$root/DEBIAN/control" <<EOF
Package: $package
Version: $version
Architecture: $arch
Maintainer: ewallet-monitor developers <ewallet-monitor@users.noreply.github.com>
Installed-Size: $installed_kb
Depends: $depends_line
Section: net
Priority: optional
Homepage: https://github.com/ewallet-monitor/ewallet-monitor
Description: live monitor and cashier console for eWallet payments
 Watches the channels of an OmiseGO-style eWallet server over its websocket
 API and lets a cashier approve or reject payment requests as they arrive.
 The application is self-contained (Python and Qt inside /opt/ewallet-monitor);
 it uses the system's glib, fontconfig, dbus and X11/Wayland client libraries.
EOF
find "$root" -type d -exec chmod 755 {} +

mkdir -p "$out"
deb=$out/${package}_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "build_deb: $deb ($(du -h "$deb" | cut -f1)); Depends: $depends_line" >&2
