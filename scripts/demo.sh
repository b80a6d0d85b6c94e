#!/usr/bin/env bash
# Fresh machine → the app running on its built-in demo server. Extra arguments go to the
# app (e.g. `bash scripts/demo.sh operator` for the operator view).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
[[ -x .venv/bin/python ]] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/ewallet-monitor --demo "$@"
