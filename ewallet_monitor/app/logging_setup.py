"""Logging for the window and every command: a rotating log file and redaction.

:func:`configure_logging` installs, on the root logger, a rotating file handler
(``ewallet-monitor.log`` in the user log directory) and optionally a console handler. Both
carry a :class:`RedactingFilter`, which runs every record — message, arguments, traceback
and stack — through :func:`protocol.auth.redact` with the secrets registered so far, so a
credential never reaches a log file or the terminal, whichever library logged it.

Secrets are registered process-wide with :func:`register_secrets` (the credentials of the
session, as soon as they are known: ``Credentials.secrets()``); ``crash.py`` uses the same
registry. The log directory is, in order: the ``log_dir`` argument, ``$EWALLET_MONITOR_LOG_DIR``,
``$EWALLET_MONITOR_DATA_DIR/logs``, the platform's per-user log directory (platformdirs;
``~/.local/state/ewallet-monitor/log`` on Linux) — the same rule as ``app.data_dir``.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import platformdirs

from ewallet_monitor.private_files import private_dir, private_file
from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.printable import printable

APP_NAME = "ewallet-monitor"
LOG_DIR_ENV = "EWALLET_MONITOR_LOG_DIR"
DATA_DIR_ENV = "EWALLET_MONITOR_DATA_DIR"
LOG_FILE_NAME = "ewallet-monitor.log"
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_fallback_formatter = logging.Formatter()


class SecretRegistry:
    """The strings that must never be written anywhere, shared by every thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()

    def add(self, secrets: Iterable[str]) -> None:
        with self._lock:
            merged = set(self._secrets) | {s for s in secrets if s}
            # Longest first, so a secret inside a longer one (the token inside its base64
            # header) never leaves a readable remainder.
            self._secrets = tuple(sorted(merged, key=len, reverse=True))

    def clear(self) -> None:
        with self._lock:
            self._secrets = ()

    def snapshot(self) -> tuple[str, ...]:
        return self._secrets

    def redact(self, text: str) -> str:
        """``text`` without any registered secret nor credential-shaped value."""
        return redact(text, self._secrets)


SECRETS = SecretRegistry()
"""The process-wide registry used by the log filter and the crash handler."""


def register_secrets(secrets: Iterable[str]) -> None:
    """Never write these strings from now on (pass ``Credentials.secrets()``)."""
    SECRETS.add(secrets)


class RedactingFilter(logging.Filter):
    """Redacts a record in place: the formatted message, the traceback and the stack.

    Attach it to handlers (a logger's own filters do not see records propagated from its
    children). The record leaves with ``args`` empty and ``exc_info`` replaced by the
    redacted ``exc_text``, so no formatter can render the raw values later.
    """

    def __init__(self, registry: SecretRegistry = SECRETS) -> None:
        super().__init__()
        self.registry = registry

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception as exc:  # a bad format string must not lose the record
            message = f"{record.msg!s} (log arguments could not be formatted: {exc!r})"
        # Controls escaped too: a server's text must not rewrite the terminal or forge
        # log lines (line breaks are kept: multi-line messages exist, and are ours).
        record.msg = printable(self.registry.redact(message), keep_newlines=True)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            if not record.exc_text:
                record.exc_text = _fallback_formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = printable(self.registry.redact(record.exc_text), keep_newlines=True)
        if record.stack_info:
            record.stack_info = self.registry.redact(record.stack_info)
        return True


def resolve_log_dir(log_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the log file goes (see the module docstring); not created here."""
    if log_dir:
        return Path(log_dir).expanduser()
    if os.environ.get(LOG_DIR_ENV):
        return Path(os.environ[LOG_DIR_ENV]).expanduser()
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


class LoggingSetup:
    """What :func:`configure_logging` installed; :meth:`close` removes it again."""

    def __init__(
        self,
        handlers: list[logging.Handler],
        log_file: Path | None,
        redacting_filter: RedactingFilter,
        previous_level: int,
        problem: str | None,
    ) -> None:
        self.handlers = handlers
        self.log_file = log_file
        """The active log file, or ``None`` when it could not be opened (see ``problem``)."""
        self.filter = redacting_filter
        self.problem = problem
        self._previous_level = previous_level
        self._closed = False

    def add_secrets(self, secrets: Iterable[str]) -> None:
        self.filter.registry.add(secrets)

    def close(self) -> None:
        """Detach and close the handlers (idempotent)."""
        global _active
        if self._closed:
            return
        self._closed = True
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(self._previous_level)
        if _active is self:
            _active = None


_active: LoggingSetup | None = None
_configure_lock = threading.Lock()


def active_setup() -> LoggingSetup | None:
    """The current :class:`LoggingSetup`, if :func:`configure_logging` was called."""
    return _active


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, the fresh one after each rollover included, is
    created readable by the user only (``open()`` would use the umask's 0644)."""

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def _open_log_file(directory: Path) -> Path:
    private_dir(directory)
    # Created readable by the user only before the handler opens it for appending.
    return private_file(directory / LOG_FILE_NAME)


def configure_logging(
    *,
    log_dir: str | os.PathLike[str] | None = None,
    level: int = logging.INFO,
    console: TextIO | None = None,
    console_level: int = logging.WARNING,
    secrets: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    backups: int = DEFAULT_BACKUPS,
    log_file: bool = True,
) -> LoggingSetup:
    """Install the redacting handlers on the root logger and return them.

    Replaces what an earlier call installed. ``console`` (e.g. ``sys.stderr``) gets records
    at ``console_level`` and above; the file gets ``level`` and above. When the log file
    cannot be opened the setup still works (console only) and ``problem`` says why —
    logging never stops the program.
    """
    global _active
    register_secrets(secrets)
    with _configure_lock:
        if _active is not None:
            _active.close()
        redacting = RedactingFilter(SECRETS)
        formatter = logging.Formatter(LOG_FORMAT)
        handlers: list[logging.Handler] = []
        path: Path | None = None
        problem: str | None = None
        if log_file:
            directory = resolve_log_dir(log_dir)
            try:
                path = _open_log_file(directory)
                file_handler: logging.Handler = _PrivateRotatingFileHandler(
                    path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
                )
            except OSError as exc:
                path = None
                problem = f"cannot write the log file in {directory}: {exc.strerror or exc}"
            else:
                file_handler.setLevel(level)
                handlers.append(file_handler)
        if console is not None:
            console_handler = logging.StreamHandler(console)
            console_handler.setLevel(console_level)
            handlers.append(console_handler)
        root = logging.getLogger()
        previous_level = root.level
        for handler in handlers:
            handler.addFilter(redacting)
            handler.setFormatter(formatter)
            root.addHandler(handler)
        root.setLevel(min(level, console_level) if console is not None else level)
        setup = LoggingSetup(handlers, path, redacting, previous_level, problem)
        _active = setup
    if problem is not None:
        logging.getLogger(__name__).warning("%s; logging to the console only", problem)
    return setup
