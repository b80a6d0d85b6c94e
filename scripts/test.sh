#!/usr/bin/env bash
# Fresh machine → the whole test suite: system libraries, a venv in .venv, the package with
# its test extra, then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
[[ -x .venv/bin/python ]] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
