#!/usr/bin/env bash
# Smoke test of the frozen app: start it on its built-in demo server for 5 s with no
# display, and pass when it exits 0 and its summary line says it connected and received at
# least one event. Also checks that the bundle carries the run-time resources.
#
#   bash packaging/smoke_frozen.sh [--platform offscreen|xcb] [APP]
#
# APP defaults to dist/ewallet-monitor/ewallet-monitor (packaging/build_frozen.sh makes it).
# BUNDLE_DIR is the frozen folder when APP is a launcher elsewhere (the .deb's /usr/bin one).
# --platform xcb runs it on a virtual X server (xvfb-run) to prove the xcb plugin loads.
set -euo pipefail
cd "$(dirname "$0")/.."

platform=offscreen
if [[ ${1:-} == --platform ]]; then
  platform=${2:?--platform needs offscreen or xcb}
  shift 2
fi
app=${1:-dist/ewallet-monitor/ewallet-monitor}
quit_after_ms=${SMOKE_QUIT_AFTER_MS:-5000}

fail() { echo "smoke_frozen: FAIL: $*" >&2; exit 1; }

[[ -x $app ]] || fail "no frozen app at $app (build it: bash packaging/build_frozen.sh)"
bundle_dir=${BUNDLE_DIR:-$(dirname "$app")}
[[ -f $bundle_dir/_internal/LICENSE ]] || fail "the bundle has no LICENSE (_internal/LICENSE)"
bundle=$bundle_dir/_internal/ewallet_monitor/_resources
for resource in __init__.py icons/ewallet-monitor.svg icons/ewallet-monitor-256.png sounds/request.wav \
  linux/io.github.ewallet_monitor.EwalletMonitor.desktop \
  linux/io.github.ewallet_monitor.EwalletMonitor.metainfo.xml; do
  [[ -f $bundle/$resource ]] || fail "the bundle has no $resource (looked in $bundle)"
done

# A throwaway home: the smoke run must not read or write the user's settings and data.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data \
  XDG_CACHE_HOME=$scratch/cache XDG_STATE_HOME=$scratch/state
mkdir -p "$HOME"
log=$scratch/stderr.log

command=("$app" --demo --quit-after "$quit_after_ms" --data-dir "$scratch/app-data")
case $platform in
  offscreen) export QT_QPA_PLATFORM=offscreen ;;
  xcb)
    command -v xvfb-run >/dev/null || fail "--platform xcb needs xvfb-run (apt-get install xvfb)"
    export QT_QPA_PLATFORM=xcb
    command=(xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" "${command[@]}")
    ;;
  *) fail "unknown platform $platform (offscreen or xcb)" ;;
esac

start=$SECONDS
set +e
# The app quits by itself after quit_after_ms; the timeout only stops a hung app.
timeout --kill-after=10 $((quit_after_ms / 1000 + 60)) "${command[@]}" >"$scratch/stdout.log" 2>"$log"
status=$?
set -e
elapsed=$((SECONDS - start))

show_log() { echo "--- the app's stderr ---" >&2; tail -n 40 "$log" >&2; }
[[ $status -eq 0 ]] || { show_log; fail "exit status $status after ${elapsed}s ($platform)"; }
if grep -q -E '^Traceback|Could not (find|load) the Qt platform plugin' "$log"; then
  show_log
  fail "errors on stderr ($platform)"
fi
# gui.py prints: "demo cashier: connected, N events received, M pending"
summary=$(grep -E '^demo [a-z]+: (not )?connected, [0-9]+ events received' "$log" | tail -n 1 || true)
[[ -n $summary ]] || { show_log; fail "no summary line on stderr ($platform)"; }
[[ $summary == *": connected,"* ]] || fail "the app did not connect: $summary"
events=$(sed -E 's/.* ([0-9]+) events received.*/\1/' <<<"$summary")
[[ $events -gt 0 ]] || fail "connected but received no event: $summary"
echo "smoke_frozen: OK ($platform, ${elapsed}s): $summary"
