"""The PyInstaller one-folder app starts on its demo server, connects and receives events.

Skipped unless ``EWALLET_FROZEN_SMOKE=1``: the build (``bash packaging/build_frozen.sh``)
takes about a minute, so CI builds once and then runs ``pytest -m frozen tests/packaging``.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import TIME_UNIT
from tests.packaging.conftest import ROOT

FROZEN_APP = ROOT / "dist" / "ewallet-monitor" / "ewallet-monitor"
SMOKE_SCRIPT = ROOT / "packaging" / "smoke_frozen.sh"
# The app runs 5 s, plus start-up; the script's own timeout stops a hung app first.
SMOKE_TIMEOUT = 100 * TIME_UNIT

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(
        os.environ.get("EWALLET_FROZEN_SMOKE") != "1",
        reason="set EWALLET_FROZEN_SMOKE=1 after bash packaging/build_frozen.sh",
    ),
]


def run_smoke(*args: str) -> subprocess.CompletedProcess[str]:
    assert FROZEN_APP.is_file(), f"no frozen app at {FROZEN_APP}: bash packaging/build_frozen.sh"
    return subprocess.run(
        ["bash", str(SMOKE_SCRIPT), *args, str(FROZEN_APP)],
        capture_output=True,
        text=True,
        check=False,
        timeout=SMOKE_TIMEOUT,
    )


def test_the_frozen_app_connects_to_its_demo_server_offscreen() -> None:
    result = run_smoke("--platform", "offscreen")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke_frozen: OK" in result.stdout and "connected" in result.stdout


def test_the_frozen_app_connects_on_a_virtual_x_server() -> None:
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (apt-get install xvfb)")
    result = run_smoke("--platform", "xcb")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke_frozen: OK" in result.stdout
