"""The window's first paint loads only what it draws: heavy libraries wait until used.

Each check imports a module in a fresh interpreter and lists which of the deferred
libraries ended up in ``sys.modules``; together they cost about half a second of start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent

# Loaded on first use, after the window has painted (or never, in most sessions).
DEFERRED = (
    "aiohttp",  # the HTTP API client and the simulator's server
    "websockets",  # the socket client, when a connection starts
    "keyring",  # the secret store, looked up after the first paint
    "jeepney",  # desktop notifications over D-Bus, connected after the first paint
    "psycopg",  # the shared PostgreSQL history
    "psycopg_pool",
    "ewallet_monitor.simulator",  # --demo's server, started after the first paint
    "ewallet_monitor.api.client",
    "ewallet_monitor.client.monitor",
    "ewallet_monitor.engine.worker",
    "ewallet_monitor.store.postgres.store",
    "ewallet_monitor.store.export",
    "ewallet_monitor.ui.export_dialog",
    "ewallet_monitor.ui.stats_dialog",
)


def loaded_after_import(module: str) -> list[str]:
    """Which of :data:`DEFERRED` a fresh interpreter holds after ``import module``."""
    code = (
        "import json, sys\n"
        f"import {module}\n"
        f"names = {list(DEFERRED)!r}\n"
        "print(json.dumps([n for n in names if n in sys.modules]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    loaded: list[str] = json.loads(completed.stdout.splitlines()[-1])
    return loaded


@pytest.mark.parametrize(
    "module",
    ["ewallet_monitor.app.gui", "ewallet_monitor.ui.main_window", "ewallet_monitor.app.main"],
)
def test_opening_the_window_loads_none_of_the_deferred_libraries(module: str) -> None:
    assert loaded_after_import(module) == []


def test_the_check_sees_a_library_that_is_loaded() -> None:
    # The guard is not vacuous: importing the socket client, or the HTTP one, brings these.
    assert "websockets" in loaded_after_import("ewallet_monitor.client.monitor")
    assert "aiohttp" in loaded_after_import("ewallet_monitor.api.client")


# Built and painted, before the work that follows the first paint: none of these yet.
PAINTED_WITHOUT = (
    "aiohttp",
    "websockets",
    "keyring",
    "jeepney",
    "psycopg",
    "ewallet_monitor.simulator",
    "ewallet_monitor.client.monitor",
)

PAINT_AND_LIST = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ewallet_monitor.app.gui import build_window, make_settings
assembly = build_window(make_settings(Path(sys.argv[1])))
assembly.window.show()
assembly.window.repaint()
names = json.loads(sys.argv[2])
before = [n for n in names if n in sys.modules]
assembly.window.connection_form.show_keyring_status()
assembly.window.notifier.start_desktop()
after = [n for n in names if n in sys.modules]
print(json.dumps([before, after]))
"""


def test_the_window_paints_before_the_keyring_and_the_network_libraries_load(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    completed = subprocess.run(
        [sys.executable, "-c", PAINT_AND_LIST, str(tmp_path), json.dumps(PAINTED_WITHOUT)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    before, after = json.loads(completed.stdout.splitlines()[-1])
    assert before == []
    # The keyring's status and the notification bus, after the first paint, load them.
    assert set(after) == {"keyring", "jeepney"}
