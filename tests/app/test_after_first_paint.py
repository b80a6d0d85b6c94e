"""The work that follows the window's first paint: the demo server, the keyring's status."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from ewallet_monitor.app.gui import (
    Assembly,
    DemoServer,
    after_first_paint,
    first_paint,
)
from ewallet_monitor.settings.keys import Settings


class BrokenDemo(DemoServer):
    """A demo server whose start fails, as a refused bind would."""

    def start(self) -> dict[str, Any]:
        raise OSError(98, "Address already in use")


def window_args() -> argparse.Namespace:
    return argparse.Namespace(demo="cashier", heartbeat=None, quit_after=None, screenshot=None)


def assembled(build: Callable[..., Assembly], tmp_path: Path) -> Assembly:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    return build(settings, demo_mode="cashier")


def test_a_demo_server_that_cannot_start_is_said_in_the_window(
    build: Callable[..., Assembly],
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    assembly = assembled(build, tmp_path)
    window = assembly.window

    async def scenario() -> None:
        painted = first_paint(window)
        window.show()
        await painted
        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await after_first_paint(assembly, window_args(), BrokenDemo("cashier", 0), closed)

    qasync_loop.run_until_complete(scenario())
    assert window.error_banner.isVisible()
    assert window.error_banner.summary_label.text() == "The demo server could not start."
    assert "Address already in use" in window.error_banner.details.toPlainText()
    assert not assembly.controller.ever_connected


def test_the_first_paint_wait_ends_for_a_window_that_is_never_shown(
    build: Callable[..., Assembly],
    qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    assembly = assembled(build, tmp_path)
    # Returns (after its fallback delay) instead of waiting for ever.
    qasync_loop.run_until_complete(first_paint(assembly.window))
    assert not assembly.window.isVisible()
