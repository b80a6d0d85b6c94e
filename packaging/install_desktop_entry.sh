#!/usr/bin/env bash
# Put ewallet-monitor in the desktop's application menu: installs the .desktop entry, the
# AppStream metainfo and the icons (hicolor theme, named after the app id).
#
#   bash packaging/install_desktop_entry.sh [--prefix DIR] [--exec COMMAND] [--resources DIR]
#                                           [--no-caches]
#
# --prefix     installs under DIR/share (default: $XDG_DATA_HOME or ~/.local/share, this
#              user only; --prefix /usr/local as root for everyone)
# --exec       what the menu runs: by default `ewallet-monitor` from PATH (pipx install);
#              for the frozen app its absolute path, e.g. /opt/ewallet-monitor/ewallet-monitor
# --resources  where the files come from (default: this checkout's resources/; the frozen
#              app carries them in _internal/ewallet_monitor/_resources)
# --no-caches  do not refresh the menu and icon caches (staging a package: its install
#              triggers do that on the target)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

share=${XDG_DATA_HOME:-$HOME/.local/share}
exec_command=""
resources=$here/resources
caches=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --prefix) share=${2:?--prefix needs a folder}/share; shift 2 ;;
    --exec) exec_command=${2:?--exec needs a command}; shift 2 ;;
    --resources) resources=${2:?--resources needs a folder}; shift 2 ;;
    --no-caches) caches=0; shift ;;
    *) echo "usage: $0 [--prefix DIR] [--exec COMMAND] [--resources DIR] [--no-caches]" >&2; exit 2 ;;
  esac
done
if [[ $exec_command =~ [\"\`\$\\%] || $exec_command == *$'\n'* ]]; then
  # The Exec key would need escaping for these; a plain path is all we need.
  echo "install_desktop_entry: --exec must not contain \" \` \$ \\ % or a newline" >&2
  exit 2
fi

app_id=io.github.ewallet_monitor.EwalletMonitor
install -D -m 644 "$resources/linux/$app_id.metainfo.xml" "$share/metainfo/$app_id.metainfo.xml"
install -D -m 644 "$resources/icons/ewallet-monitor.svg" \
  "$share/icons/hicolor/scalable/apps/$app_id.svg"
for png in "$resources"/icons/ewallet-monitor-*.png; do
  size=${png##*-}
  size=${size%.png}
  install -D -m 644 "$png" "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
desktop=$share/applications/$app_id.desktop
install -D -m 644 "$resources/linux/$app_id.desktop" "$desktop"
if [[ -n $exec_command ]]; then
  # Exec takes a quoted argument (the path may hold spaces); TryExec takes the bare path.
  # Only the command changes: the actions keep their arguments.
  sed_safe=$(printf '%s' "$exec_command" | sed 's/[&|]/\\&/g')
  sed -i -E "s|^(Exec=)ewallet-monitor|\1\"$sed_safe\"|; s|^TryExec=.*|TryExec=$sed_safe|" \
    "$desktop"
fi

# Refresh the menu and icon caches when the tools exist; desktops rescan anyway.
if [[ $caches -eq 1 ]] && command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$share/applications" || true
fi
if [[ $caches -eq 1 ]] && command -v gtk-update-icon-cache >/dev/null \
  && [[ -f $share/icons/hicolor/index.theme ]]; then
  gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
fi
echo "install_desktop_entry: installed $desktop (runs: ${exec_command:-ewallet-monitor})"
