"""Delivering a client's events to its one callback, in order."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
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
        self._queued.append(event)
        if self._dispatching:
            return
        self._dispatching = True
        try:
            while self._queued:
                current = self._queued.popleft()
                if self._callback is None:
                    continue
                try:
                    self._callback(current)
                except Exception:
                    self._log.exception(
                        "monitor event callback failed on %s", type(current).__name__
                    )
        finally:
            self._dispatching = False


__all__ = ["OrderedDispatcher"]
