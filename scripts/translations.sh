#!/usr/bin/env bash
# The window's translations: resources/translations/ewallet_monitor_<lang>.ts (sources,
# edited with Qt Linguist or by hand) and the compiled .qm next to them (shipped).
#
#   bash scripts/translations.sh update   # collect the texts of the code into the .ts
#   bash scripts/translations.sh build    # compile every .ts into its .qm
#   bash scripts/translations.sh check    # fail on a text missing from a .ts, an unfinished
#                                         # or empty translation, or a .qm older than its .ts
#
# English is the source language: its .ts holds only the plural forms (lupdate -pluralonly).
# TRANSLATIONS_DIR overrides the folder (the tests check a broken copy).
set -euo pipefail
cd "$(dirname "$0")/.."

LANGS=(th ja id)
DIR=${TRANSLATIONS_DIR:-resources/translations}
BIN=${PYSIDE_BIN:-.venv/bin}
LUPDATE=$BIN/pyside6-lupdate
LRELEASE=$BIN/pyside6-lrelease
for tool in "$LUPDATE" "$LRELEASE"; do
  [[ -x $tool ]] || { echo "translations: $tool not found (pip install -e .)" >&2; exit 2; }
done

sources() { find ewallet_monitor -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort; }

# lupdate into the given folder; no source locations, so moving code changes nothing.
collect() {
  local into=$1 files
  mapfile -t files < <(sources)
  for lang in "${LANGS[@]}"; do
    "$LUPDATE" -silent -locations none -no-obsolete -target-language "$lang" \
      "${files[@]}" -ts "$into/ewallet_monitor_$lang.ts"
  done
  "$LUPDATE" -silent -locations none -no-obsolete -pluralonly -target-language en \
    "${files[@]}" -ts "$into/ewallet_monitor_en.ts"
}

compile() {
  local from=$1 into=$2
  for ts in "$from"/ewallet_monitor_*.ts; do
    local name
    name=$(basename "$ts" .ts)
    "$LRELEASE" -silent -nounfinished -removeidentical "$ts" -qm "$into/$name.qm"
  done
}

check() {
  local tmp status=0
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  cp "$DIR"/ewallet_monitor_*.ts "$tmp"/
  collect "$tmp"
  for ts in "$DIR"/ewallet_monitor_*.ts; do
    local name
    name=$(basename "$ts")
    if ! cmp -s "$ts" "$tmp/$name"; then
      echo "translations: $ts is not up to date with the code (run: bash scripts/translations.sh update):" >&2
      diff -u "$ts" "$tmp/$name" | grep '^[-+] *<source>' | head -20 >&2 || true
      status=1
    fi
  done
  # Unfinished or empty entries, in the committed .ts and in what the code now needs.
  for ts in "$tmp"/ewallet_monitor_*.ts; do
    local bad
    bad=$(python3 - "$ts" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for context in root.iter("context"):
    name = context.findtext("name")
    for message in context.iter("message"):
        translation = message.find("translation")
        forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            print(f"  {name}: {message.findtext('source')!r}")
PY
)
    if [[ -n $bad ]]; then
      echo "translations: $DIR/$(basename "$ts") has unfinished or empty entries:" >&2
      echo "$bad" | head -40 >&2
      status=1
    fi
  done
  mkdir "$tmp/qm"
  compile "$DIR" "$tmp/qm"
  for qm in "$tmp"/qm/*.qm; do
    local name
    name=$(basename "$qm")
    if ! cmp -s "$qm" "$DIR/$name"; then
      echo "translations: $DIR/$name does not match its .ts (run: bash scripts/translations.sh build)" >&2
      status=1
    fi
  done
  [[ $status -eq 0 ]] && echo "translations: ${LANGS[*]} complete, .qm up to date"
  return $status
}

case ${1:-} in
  update) collect "$DIR" ;;
  build) compile "$DIR" "$DIR" ;;
  check) check ;;
  *) echo "usage: $0 update|build|check" >&2; exit 2 ;;
esac
