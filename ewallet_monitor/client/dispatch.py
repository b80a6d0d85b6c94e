"""Delivering a client's events to its one callback, in order."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any


class OrderedDispatcher:
    """Calls ``callback`` with every emitted event, in emission order.

    The callback may cause more events (it may call ``join``/``leave``, which emit): those
    are queued and delivered after the current one, so it always sees them in order. An
    exception in it is logged on ``log``, never propagated. ``callback`` may be ``None``.
    """

    def __init__(self, callback: Callable[[Any], None] | None, log: logging.Logger) -> None:
        self._callback = callback
        self._log = log
        self._queued: deque[Any] = deque()
        self._dispatching = False

    def emit(self, event: Any) -> None:
        self.emit_many((event,))

    def emit_many(self, events: Iterable[Any]) -> None:
        """:meth:`emit` each of ``events`` in turn (read lazily: an event the callback
        causes is delivered before the next one is taken), for the price of one call.

        A received batch goes through here: thousands of frames a second, so the
        per-event bookkeeping is kept to a loop step.
        """
        queued = self._queued
        if self._dispatching:  # called from the callback: after what is queued already
            queued.extend(events)
            return
        callback = self._callback
        self._dispatching = True
        try:
            for event in events:
                current = event
                while True:
                    if callback is not None:
                        try:
                            callback(current)
                        except Exception:
                            self._log.exception(
                                "monitor event callback failed on %s", type(current).__name__
                            )
                    if not queued:
                        break
                    current = queued.popleft()
        finally:
            self._dispatching = False


__all__ = ["OrderedDispatcher"]
