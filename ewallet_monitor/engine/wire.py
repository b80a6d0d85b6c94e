"""What travels from the engine process to the window, besides the monitor's events.

The pipe carries batches in the app's one pipe codec (:mod:`ewallet_monitor.pipes`). An
item is a :data:`~ewallet_monitor.protocol.events.MonitorEvent` relayed as is (nearly
every one a ``FrameReceived``), or one of:

- a :class:`LogItem`: a log record of the engine process, already formatted and redacted;
- a :class:`Finished`: the engine's last item, with the :class:`RunOutcome` or the error.

Standard library and ``protocol``/``client.config`` only: the engine process imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ewallet_monitor.client.config import RunOutcome


@dataclass(frozen=True, slots=True)
class LogItem:
    """A log record of the engine process; ``message`` and ``exc_text`` are redacted."""

    name: str
    levelno: int
    message: str
    exc_text: str | None
    created: float
    pathname: str
    lineno: int
    func_name: str | None
    thread_name: str | None
    process: int


@dataclass(frozen=True, slots=True)
class Finished:
    """The engine's run ended: ``outcome`` when it returned, else ``error`` (redacted)."""

    outcome: RunOutcome | None
    error: str = ""


__all__ = ["Finished", "LogItem"]
