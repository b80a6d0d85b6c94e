"""Suite-wide test setup: Qt offscreen, and a qasync loop per Qt test.

``QT_QPA_PLATFORM=offscreen`` is set before any QApplication exists, so the suite runs on
machines without a display.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# A real PostgreSQL server for the tests that need one (tests/pg_server.py): the fixtures
# pg_server (session), pg_database (a fresh database per test) and own_pg_server.
from tests.pg_server import own_pg_server, pg_database, pg_server

__all__ = ["own_pg_server", "pg_database", "pg_server"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# One unit for every test timeout, so a slow machine can scale them all at once.
TIME_UNIT = float(os.environ.get("EWALLET_TEST_TIME_UNIT", "1.0"))


@pytest.fixture(autouse=True)
def _private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test's logs and data out of the real user's directories."""
    monkeypatch.setenv("EWALLET_MONITOR_LOG_DIR", str(tmp_path_factory.mktemp("logs")))
    monkeypatch.setenv("EWALLET_MONITOR_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def _default_gc_settings() -> Iterator[None]:
    """Undo ``gc_policy.tune_for_streaming`` (the app's main functions call it) after each
    test, so one test's frozen objects and thresholds do not change the next one's."""
    thresholds = gc.get_threshold()
    yield
    if gc.get_freeze_count() or gc.get_threshold() != thresholds:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


@pytest.fixture
def qasync_loop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop on the test's QApplication, current for the test's duration.

    Exceptions the loop reports (from callbacks and tasks nobody awaited) fail the test.
    Tasks still running at teardown are cancelled.
    """
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        yield loop
    finally:
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        asyncio.set_event_loop(None)
        loop.close()
        # Collect the test's Qt objects now, between tests, rather than whenever a later
        # allocation triggers the cycle collector — possibly in the middle of Qt dispatching
        # a timer event to one of them, which crashes the process (seen in the e2e tests).
        gc.collect()
    assert not errors, f"exceptions reported on the event loop: {errors}"


@pytest.fixture
def build(qapp: Any) -> Iterator[Callable[..., Any]]:
    """``build_window`` for a test: each window it built is destroyed at teardown, its
    parts held until then (see tests.windows: a window handed to qtbot and let go of with
    its parts crashed later tests)."""
    from tests.windows import window_builder

    yield from window_builder()


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """The tests' QApplication speaks English as the window does: with the English
    catalog's plural forms ("1 event" / "3 events") and the C locale's formats."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from ewallet_monitor.i18n import install_language

    class EnglishApplication(QApplication):
        def __init__(self, args: list[str]) -> None:
            super().__init__(args)
            self.translators = install_language(self, "en", QLocale.c())

    return EnglishApplication


# Run after every other test: after the whole window of
# test_open_raises_the_window_on_that_card has run on the qasync loop with a D-Bus
# connection, later tests' Qt timers and socket notifiers sometimes never fired (the
# event-log view's and export dialog's tests timed out after it in a clean-clone CI run).
# The cause is not known yet; nothing runs after it so nothing can be starved by it.
RUN_LAST = ("tests/ui/test_desktop_notifications.py",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    last = [item for item in items if item.nodeid.startswith(RUN_LAST)]
    if last:
        items[:] = [item for item in items if not item.nodeid.startswith(RUN_LAST)] + last
