#!/usr/bin/env bash
# Install the .deb with apt-get (its Depends resolved as a user's would be), start the
# command its desktop entry names (offscreen, the demo for 5 s: packaging/smoke_frozen.sh),
# check man page and completions are where the system looks, then purge it and check that
# nothing of it is left. Needs root (CI runs as root).
#
#   bash packaging/smoke_deb.sh [DEB]      (default: the newest dist/ewallet-monitor_*.deb)
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-$(ls -t dist/ewallet-monitor_*.deb 2>/dev/null | head -n 1)}
fail() { echo "smoke_deb: FAIL: $*" >&2; exit 1; }
[[ -f $deb ]] || fail "no .deb (bash packaging/build_deb.sh)"
[[ $(id -u) -eq 0 ]] || fail "installing a package needs root"
if dpkg-query -W -f='${Status}' ewallet-monitor 2>/dev/null | grep -q "install ok installed"; then
  fail "ewallet-monitor is installed already; remove it first (apt-get purge ewallet-monitor)"
fi

app_id=io.github.ewallet_monitor.EwalletMonitor
export DEBIAN_FRONTEND=noninteractive
echo "smoke_deb: apt-get install ./$deb"
apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
removed=0
cleanup() { [[ $removed -eq 1 ]] || apt-get purge -y -qq ewallet-monitor >/dev/null 2>&1 || true; }
trap cleanup EXIT

files=$(dpkg -L ewallet-monitor)
for path in /opt/ewallet-monitor/ewallet-monitor /usr/bin/ewallet-monitor \
  /usr/share/applications/$app_id.desktop /usr/share/metainfo/$app_id.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/$app_id.svg /usr/share/man/man1/ewallet-monitor.1.gz \
  /usr/share/bash-completion/completions/ewallet-monitor \
  /usr/share/zsh/vendor-completions/_ewallet-monitor \
  /usr/share/fish/vendor_completions.d/ewallet-monitor.fish \
  /usr/share/doc/ewallet-monitor/copyright; do
  grep -qx "$path" <<<"$files" || fail "the package does not install $path"
  [[ -e $path ]] || fail "$path is missing after the install"
done

if command -v man >/dev/null; then
  [[ $(man -w ewallet-monitor) == /usr/share/man/man1/ewallet-monitor.1.gz ]] ||
    fail "man does not find the page"
fi

# The desktop entry's own command, as a menu would run it.
exec_command=$(sed -n 's/^Exec=//p' "/usr/share/applications/$app_id.desktop" | head -n 1)
program=$(command -v "${exec_command%% *}") || fail "the desktop entry runs '$exec_command': not on PATH"
echo "smoke_deb: the desktop entry runs $exec_command ($program)"
BUNDLE_DIR=/opt/ewallet-monitor bash packaging/smoke_frozen.sh "$program"

echo "smoke_deb: apt-get purge ewallet-monitor"
apt-get purge -y -qq ewallet-monitor >/dev/null
removed=1
left=()
while read -r path; do
  [[ -z $path || $path == / ]] && continue
  # Directories shared with other packages (/usr/share/man, …) stay; our own go.
  if [[ -e $path && ! -d $path ]] || [[ -d $path && $path == /opt/ewallet-monitor* ]]; then
    left+=("$path")
  fi
done <<<"$files"
[[ ${#left[@]} -eq 0 ]] || fail "left behind after purge: ${left[*]:0:5}"
[[ ! -e /opt/ewallet-monitor ]] || fail "/opt/ewallet-monitor is still there"
echo "smoke_deb: OK: installed, ran from its desktop entry, purged without leftovers"
