"""The real app under Xvfb, read over AT-SPI by a separate process, as Orca reads it.

The demo (``ewallet-monitor --demo``) runs on an Xvfb display with
``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``, a private session bus and the AT-SPI bus
(``at-spi-bus-launcher``, which starts ``at-spi2-registryd``). ``scripts/atspi_walk.py``
runs under the system ``/usr/bin/python3`` with Debian's ``python3-pyatspi`` (not on
PyPI), walks the accessible tree, and looks for the payment card in focus and its amount
by their accessible text. The test skips only when those Debian packages are missing
(``scripts/install-system-deps.sh`` installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import Proxy, open_dbus_connection

from tests.conftest import TIME_UNIT

ROOT = Path(__file__).resolve().parents[2]
WALKER = ROOT / "scripts" / "atspi_walk.py"
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
WAIT_S = 60.0 * TIME_UNIT


def _missing() -> str | None:
    if shutil.which("Xvfb") is None:
        return "Xvfb (Debian package xvfb)"
    if not Path(BUS_LAUNCHER).exists():
        return "at-spi-bus-launcher (Debian package at-spi2-core)"
    if shutil.which("dbus-daemon") is None:
        return "dbus-daemon (Debian package dbus-daemon)"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return "pyatspi for /usr/bin/python3 (Debian package python3-pyatspi)"
    return None


pytestmark = pytest.mark.skipif(
    _missing() is not None,
    reason=f"needs {_missing()}; scripts/install-system-deps.sh installs it",
)


@pytest.fixture
def display() -> Iterator[str]:
    """An Xvfb display on a free number (Xvfb picks it and writes it to a pipe)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb printed no display number"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def _wait_for_name(name: str) -> None:
    connection = open_dbus_connection(bus="SESSION")
    try:
        bus = Proxy(message_bus, connection)
        deadline = time.monotonic() + WAIT_S
        while not bus.NameHasOwner(name)[0]:
            assert time.monotonic() < deadline, f"{name} never appeared on the session bus"
            time.sleep(0.05)
    finally:
        connection.close()


@pytest.fixture
def accessibility_bus(session_bus: str, display: str) -> Iterator[dict[str, str]]:
    """The AT-SPI bus on the private session bus; the environment the app and the
    walker share."""
    env = {**os.environ, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": session_bus}
    launcher = subprocess.Popen(
        [BUS_LAUNCHER, "--launch-immediately"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_name("org.a11y.Bus")
        yield env
    finally:
        launcher.terminate()
        launcher.wait(10)


def _walk(env: dict[str, str], tmp_path: Path, mode: str) -> dict[str, Any]:
    app_env = {**env, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ewallet_monitor",
            "--demo",
            mode,
            "--data-dir",
            str(tmp_path / "data"),
            # A safety net: the test ends it long before.
            "--quit-after",
            str(int(4 * WAIT_S * 1000)),
        ],
        env=app_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        walker = subprocess.run(
            [SYSTEM_PYTHON, str(WALKER), "--pid", str(app.pid), "--timeout", str(WAIT_S)],
            env=env,
            capture_output=True,
            text=True,
            timeout=2 * WAIT_S,
            check=False,
        )
    finally:
        app.terminate()
        _, app_errors = app.communicate(timeout=30)
    assert walker.stdout, f"the walker printed nothing: {walker.stderr}\napp: {app_errors}"
    result: dict[str, Any] = json.loads(walker.stdout)
    result["exit"] = walker.returncode
    return result


@pytest.mark.parametrize("mode", ["cashier", "operator"])
def test_a_screen_reader_finds_the_card_amount_over_atspi(
    accessibility_bus: dict[str, str], tmp_path: Path, mode: str
) -> None:
    result = _walk(accessibility_bus, tmp_path, mode)
    assert "error" not in result, result
    counts = {key: result[key] for key in ("nodes", "named", "interactive_showing")}
    # The figures for docs/accessibility.md (pytest -s shows them).
    print(
        f"\nAT-SPI walk ({mode}): {counts}, unnamed interactive on screen: "
        f"{len(result['unnamed_interactive'])}, rows not walked: {result['rows_not_walked']}, "
        f"announcements heard: {len(result['announcements'])}\n"
        f"  nodes without a name, by role: {result['unnamed_by_role']}"
    )
    card = result["card"]
    assert card is not None, "no card named 'Payment of … from …' appeared"
    assert card["amount_node"] is not None, f"no node reads the amount {card['amount']}"
    assert card["customer_node"] is not None, card
    assert card["countdown"] and card["countdown"] in card["description"], card
    assert not result["unnamed_interactive"], result["unnamed_interactive"]
    # The arrival was said aloud, wherever the focus was.
    arrivals = [a for a in result["announcements"] if " waiting, expires in " in a]
    assert any(a.startswith(card["name"]) for a in arrivals), result["announcements"]
    assert result["roles"].get("push button", 0) > 5
    assert result["exit"] == 0
