"""Fixtures shared by the window tests: a private session bus, a notification server, and
the real window on a recording client with a store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.store import EventStore
from tests.controllers.test_monitor_controller import RecordingClient, ScriptedApi
from tests.ui.session_bus import notification_server, session_bus

__all__ = ["notification_server", "recorded_window", "session_bus"]


@pytest.fixture
def recorded_window(
    build: Callable[..., Assembly],
    qasync_loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> Iterator[Assembly]:
    """The composition root's window (not shown yet) on a recording client and a scripted
    API, with an event store; quit, its controller shut down and the store closed after."""
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    store = EventStore(tmp_path / "events.db")
    assembly = build(settings, client_factory=RecordingClient, api_factory=ScriptedApi, store=store)
    try:
        yield assembly
    finally:
        assembly.window.quit_without_asking()
        qasync_loop.run_until_complete(assembly.controller.shutdown())
        store.close()
