#!/usr/bin/env bash
# Build the one-folder frozen app: dist/ewallet-monitor/ewallet-monitor (+ _internal/).
# Installs PyInstaller (the `freeze` extra of pyproject.toml) into the venv when missing.
# Extra arguments go to PyInstaller (e.g. --clean). PYTHON picks another interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}

if ! command -v objdump >/dev/null 2>&1; then
  echo "build_frozen: PyInstaller needs objdump; install binutils (apt-get install binutils)" >&2
  exit 1
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  # One source for the version range: the freeze extra.
  mapfile -t requirements < <("$PYTHON" -c '
import tomllib
with open("pyproject.toml", "rb") as f:
    print(*tomllib.load(f)["project"]["optional-dependencies"]["freeze"], sep="\n")')
  echo "build_frozen: installing ${requirements[*]}" >&2
  "$PYTHON" -m pip install -q --disable-pip-version-check "${requirements[@]}"
fi
if ! "$PYTHON" -c "import ewallet_monitor.app.gui" 2>/dev/null; then
  echo "build_frozen: ewallet_monitor is not importable by $PYTHON; run: $PYTHON -m pip install -e ." >&2
  exit 1
fi

start=$SECONDS
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller "$@" packaging/ewallet-monitor.spec
# What the bundle needs from the system: every library a bundled program or library links
# (ELF NEEDED) that the bundle does not carry, glibc's included. Read by build_deb.sh
# (Depends) and tests/packaging/test_frozen.py.
bundle=dist/ewallet-monitor
# (objdump fails on the odd non-ELF file named *.so*: that file links nothing.)
find "$bundle" -type f \( -name '*.so*' -o -name ewallet-monitor \) \
  -exec sh -c 'objdump -p "$@" 2>/dev/null || true' objdump {} + |
  awk '$1 == "NEEDED" {print $2}' | sort -u >"$bundle/_internal/.needed"
find "$bundle" -name '*.so*' -printf '%f\n' | sort -u >"$bundle/_internal/.bundled"
comm -23 "$bundle/_internal/.needed" "$bundle/_internal/.bundled" >"$bundle/_internal/system-libraries.txt"
rm -f "$bundle/_internal/.needed" "$bundle/_internal/.bundled"
echo "build_frozen: dist/ewallet-monitor built in $((SECONDS - start)) s," \
  "$(du -sh dist/ewallet-monitor | cut -f1)" >&2
