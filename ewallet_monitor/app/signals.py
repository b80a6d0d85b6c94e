"""SIGTERM, SIGHUP and SIGINT end the window without asking, from the first moment.

A service manager's stop (SIGTERM), a closed terminal (SIGHUP) and Ctrl+C must all end
the window cleanly: the store flushed, a demo's throwaway folder removed, exit 0. Python's
default for SIGTERM and SIGHUP kills the process (rc 143, nothing flushed), so the handlers
are installed as soon as the window's command starts; a signal that arrives before the
window exists is remembered and honoured once it does.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

SIGNAL_NAMES = ("SIGINT", "SIGTERM", "SIGHUP")


class ShutdownSignals:
    """Routes the shutdown signals to one callback (``set_callback``)."""

    def __init__(self) -> None:
        # A signal that came while there was no callback (before the window existed).
        self.received: int | None = None
        self._callback: Callable[[], None] | None = None
        self._previous: dict[int, Any] = {}

    def install(self) -> ShutdownSignals:
        """Install the handlers where they are not ours already (main thread only;
        elsewhere nothing happens). Safe to call again."""
        if threading.current_thread() is not threading.main_thread():
            return self
        for name in SIGNAL_NAMES:
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) != self._on_signal:
                self._previous[number] = signal.signal(number, self._on_signal)
        return self

    def set_callback(self, callback: Callable[[], None] | None) -> None:
        """Call ``callback`` on the next signal, or now if one came already."""
        self._callback = callback
        if callback is not None and self.received is not None:
            self.received = None
            callback()

    def uninstall(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for number, previous in self._previous.items():
                if signal.getsignal(number) == self._on_signal:
                    signal.signal(number, previous)
        self._previous.clear()
        self._callback = None
        self.received = None

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self._callback is not None:
            self._callback()
        else:
            self.received = signum  # honoured by the next set_callback


shutdown_signals = ShutdownSignals()
"""The window's process-wide instance."""
