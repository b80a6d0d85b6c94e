"""Unexpected exceptions: logged (redacted) to the log file and handed to the UI.

:class:`CrashHandler` hooks ``sys.excepthook``, ``threading.excepthook`` and, per loop,
the asyncio exception handler. Each unexpected exception becomes a :class:`CrashReport` —
redacted with the secrets registered in :mod:`app.logging_setup` and any
credential-shaped text — that is logged at ``CRITICAL`` on the ``ewallet_monitor.crash``
logger and passed to the registered callback (the window's error banner). The text is
redacted before it is logged, so even without :func:`configure_logging` (when Python's
last-resort handler prints to stderr) no secret is printed.

Fatal errors that no Python hook sees (a segmentation fault, a Qt abort, a deadlock
dump) are written by :mod:`faulthandler` to ``ewallet-monitor-fatal.log`` beside the
log file (0600), every thread's stack included: Python tracebacks hold file and function
names only, never values.

The callback runs on the thread where the exception happened: a UI must hand the report
to its own thread (a queued Qt signal). An exception in the callback is logged, never
re-raised, and never reported through the callback again.
"""

from __future__ import annotations

import asyncio
import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from ewallet_monitor.app.logging_setup import SECRETS, SecretRegistry, active_setup
from ewallet_monitor.private_files import private_file
from ewallet_monitor.protocol.timestamps import utc_now

log = logging.getLogger("ewallet_monitor.crash")

# Longest summary line a banner shows; the details hold the rest.
SUMMARY_CHARS = 300
FATAL_LOG_NAME = "ewallet-monitor-fatal.log"


@dataclass(frozen=True, slots=True)
class CrashReport:
    """One unexpected exception, already redacted (safe to show, log or store)."""

    source: str  # "main thread", "thread <name>", "asyncio loop"
    summary: str  # one line: "ValueError: …"
    details: str  # the traceback (or the loop's message and context)
    at: datetime
    log_file: Path | None  # where the full report was written, when there is a log file


CrashCallback = Callable[[CrashReport], None]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class CrashHandler:
    """Route unexpected exceptions to the log and to a callback.

    ``install()`` hooks ``sys.excepthook`` and ``threading.excepthook``;
    ``install_on_loop(loop)`` sets the loop's exception handler; ``uninstall()`` restores
    every previous hook. :meth:`report_exception` is for code that caught something it
    cannot handle (a command's last ``except``).
    """

    def __init__(
        self, callback: CrashCallback | None = None, *, registry: SecretRegistry = SECRETS
    ) -> None:
        self.callback = callback
        self.registry = registry
        self.reports: list[CrashReport] = []
        """Every report so far, oldest first (kept small: the last 50)."""
        self._previous_sys_hook: Callable[..., Any] | None = None
        self._previous_thread_hook: Callable[..., Any] | None = None
        self._loops: list[tuple[asyncio.AbstractEventLoop, Any]] = []
        self._in_callback = threading.local()
        self._fatal_log: Any = None
        self._fault_handler_was_on = False
        self.fatal_log_file: Path | None = None
        """Where fatal errors go (``None`` without a log file)."""

    def set_callback(self, callback: CrashCallback | None) -> None:
        """Register (or clear, with ``None``) the UI callback."""
        self.callback = callback

    # ----------------------------------------------------------------- hooks

    def install(self) -> CrashHandler:
        if self._previous_sys_hook is None:
            self._previous_sys_hook = sys.excepthook
            self._previous_thread_hook = threading.excepthook
            sys.excepthook = self._sys_hook
            threading.excepthook = self._thread_hook
            self._enable_fault_handler()
        return self

    def _enable_fault_handler(self) -> None:
        setup = active_setup()
        if setup is None or setup.log_file is None:
            return
        path = setup.log_file.with_name(FATAL_LOG_NAME)
        try:
            self._fatal_log = open(private_file(path), "a", encoding="utf-8")  # noqa: SIM115
        except OSError:
            return
        self._fault_handler_was_on = faulthandler.is_enabled()
        faulthandler.enable(self._fatal_log, all_threads=True)
        self.fatal_log_file = path

    def install_on_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loops.append((loop, loop.get_exception_handler()))
        loop.set_exception_handler(self._loop_hook)

    def uninstall(self) -> None:
        if self._previous_sys_hook is not None:
            sys.excepthook = self._previous_sys_hook
            threading.excepthook = self._previous_thread_hook or threading.__excepthook__
            self._previous_sys_hook = self._previous_thread_hook = None
        if self._fatal_log is not None:
            faulthandler.disable()
            if self._fault_handler_was_on and sys.__stderr__ is not None:
                faulthandler.enable(sys.__stderr__, all_threads=True)
            self._fatal_log.close()
            self._fatal_log = None
            self.fatal_log_file = None
        for loop, previous in self._loops:
            if not loop.is_closed():
                loop.set_exception_handler(previous)
        self._loops.clear()

    def _sys_hook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            # Not a crash: let Python end the program as it normally would.
            previous = self._previous_sys_hook or sys.__excepthook__
            previous(kind, exc, tb)
            return
        self.report_exception(exc, "main thread", (kind, exc, tb))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return  # threading ignores SystemExit too
        name = args.thread.name if args.thread is not None else "?"
        self.report_exception(
            args.exc_value, f"thread {name}", (args.exc_type, args.exc_value, args.exc_traceback)
        )

    def _loop_hook(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        message = str(context.get("message") or "unhandled exception in the event loop")
        exc = context.get("exception")
        where = []
        for key in ("task", "future", "handle"):
            if key in context:
                where.append(f"{key}: {context[key]!r}"[:500])
        if isinstance(exc, BaseException):
            self.report_exception(exc, "asyncio loop", None, context="\n".join([message, *where]))
        else:
            text = "\n".join([message, *where])
            self._report("asyncio loop", message, text)

    # ----------------------------------------------------------------- reporting

    def report_exception(
        self,
        exc: BaseException,
        source: str = "main thread",
        exc_info: ExcInfo | None = None,
        *,
        context: str = "",
    ) -> CrashReport:
        """Log ``exc`` and call the callback; returns the (redacted) report."""
        kind, value, tb = exc_info or (type(exc), exc, exc.__traceback__)
        try:
            details = "".join(traceback.format_exception(kind, value, tb))
        except Exception:  # a broken __str__ must not break crash handling
            details = f"{kind.__name__} (its text could not be formatted)"
        try:
            text = str(value)
        except Exception:
            text = "(its text could not be formatted)"
        summary = f"{kind.__name__}: {text}" if text else kind.__name__
        if context:
            details = f"{context}\n{details}"
        return self._report(source, summary, details)

    def _report(self, source: str, summary: str, details: str) -> CrashReport:
        setup = active_setup()
        first_line = self.registry.redact(summary).splitlines() or [""]
        report = CrashReport(
            source=source,
            summary=first_line[0][:SUMMARY_CHARS],
            details=self.registry.redact(details),
            at=utc_now(),
            log_file=setup.log_file if setup is not None else None,
        )
        self.reports = [*self.reports[-49:], report]
        # Pre-redacted text and no exc_info: safe even for Python's last-resort handler.
        log.critical("unexpected error in the %s: %s\n%s", source, report.summary, report.details)
        callback = self.callback
        if callback is not None and not getattr(self._in_callback, "active", False):
            self._in_callback.active = True
            try:
                callback(report)
            except Exception as exc:
                log.error(
                    "the crash callback failed: %s",
                    self.registry.redact(f"{type(exc).__name__}: {exc}"),
                )
            finally:
                self._in_callback.active = False
        return report


_handler: CrashHandler | None = None


def install_crash_handler(callback: CrashCallback | None = None) -> CrashHandler:
    """Install the process-wide handler (once; later calls update the callback)."""
    global _handler
    if _handler is None:
        _handler = CrashHandler(callback).install()
    elif callback is not None:
        _handler.set_callback(callback)
    return _handler


def crash_handler() -> CrashHandler | None:
    """The process-wide handler, when installed."""
    return _handler


def uninstall_crash_handler() -> None:
    global _handler
    if _handler is not None:
        _handler.uninstall()
        _handler = None
