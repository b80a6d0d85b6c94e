#!/usr/bin/env bash
# Installs the Debian/Ubuntu libraries Qt needs (offscreen and on a desktop) when any is
# missing. Needs root (or sudo) only when something is missing; otherwise does nothing.
set -euo pipefail

PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 libnss3 fonts-dejavu-core
  xvfb x11-apps imagemagick binutils desktop-file-utils appstream
  # Thai and Japanese text in the window (the smallest fonts that cover them: Loma,
  # 0.3 MB; IPA Gothic, 12 MB, where Noto CJK is 90 MB).
  fonts-tlwg-loma-otf fonts-ipafont-gothic
  # The man page is rendered, the completions run in the real shells (tests/app/test_cli_docs.py).
  groff-base zsh fish
  # Desktop notifications are tested on a private session bus; sound with no audio
  # server, by the real player, and with the freedesktop sound theme's names.
  dbus-daemon dbus-bin pulseaudio-utils sound-theme-freedesktop
  # Linked by the frozen app's Wayland plugin: the .deb depends on them (packaging/build_deb.sh).
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  # The accessibility check walks the window over AT-SPI on Xvfb, from the system python3
  # (pyatspi is not on PyPI): tests/ui/test_atspi.py.
  at-spi2-core python3-pyatspi
  # The shared store's tests start a real PostgreSQL server (tests/pg_server.py).
  postgresql
  ${EXTRA_SYSTEM_PACKAGES:-}
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian-like system; install Qt 6's runtime libraries yourself" >&2
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
