"""Run a blocking function (an SQLite query, an export) on Qt's thread pool and get its
result back on the GUI thread, so the window never waits for the disk.

The result is delivered through a queued signal of a small relay object that lives on the
GUI thread; callbacks therefore run on the GUI thread, from its event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._function = function
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # handed to the caller's on_error, on the GUI thread
            log.debug("background job failed", exc_info=True)
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


# Relays of jobs still running: the signal object must outlive the job.
_running: set[_Relay] = set()


def run_in_background(
    function: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    pool: QThreadPool | None = None,
) -> None:
    """Call ``function()`` on a pool thread; then ``on_done(result)`` or
    ``on_error(exception)`` on the GUI thread. Call from the GUI thread."""
    relay = _Relay()
    _running.add(relay)

    def done(result: object) -> None:
        _running.discard(relay)
        on_done(result)

    def failed(exc: object) -> None:
        _running.discard(relay)
        on_error(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))

    relay.succeeded.connect(done)
    relay.failed.connect(failed)
    (pool or QThreadPool.globalInstance()).start(_Job(function, relay))
