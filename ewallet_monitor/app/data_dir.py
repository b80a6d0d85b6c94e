"""Where the monitor keeps its data and logs, for the GUI and every command.

Order of precedence: ``--data-dir DIR`` on the command line, then the environment
variable ``EWALLET_MONITOR_DATA_DIR``, then the per-user data directory of the platform
(platformdirs): ``~/.local/share/ewallet-monitor`` on Linux (``$XDG_DATA_HOME``),
``~/Library/Application Support/ewallet-monitor`` on macOS,
``%LOCALAPPDATA%\\ewallet-monitor`` on Windows. Logs go to ``DIR/logs`` when a data
directory was chosen explicitly, else to the platform's per-user log directory.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import platformdirs

from ewallet_monitor.private_files import private_dir
from ewallet_monitor.store.schema import DATABASE_NAME

APP_NAME = "ewallet-monitor"
DATA_DIR_ENV = "EWALLET_MONITOR_DATA_DIR"


def add_data_dir_argument(parser: argparse.ArgumentParser) -> None:
    """Add the shared ``--data-dir DIR`` option to a command's parser."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help=f"directory of the event database and logs (default: ${DATA_DIR_ENV} or "
        f"{default_data_dir()})",
    )


def default_data_dir() -> Path:
    """The platform's per-user data directory for the app (not created)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory to use: ``explicit``, else the environment, else the default.

    Not created here: a reader (``export``) must not create an empty directory; writers
    call :func:`ensure_dir`.
    """
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_data_dir()


def database_path(data_dir: Path) -> Path:
    """The event database inside a data directory."""
    return data_dir / DATABASE_NAME


def log_dir(explicit_data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where log files go: ``DIR/logs`` for an explicit or environment data directory,
    else the platform's per-user log directory. Not created here."""
    if explicit_data_dir or os.environ.get(DATA_DIR_ENV):
        return resolve_data_dir(explicit_data_dir) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the user only; return it."""
    return private_dir(path)


class DataDirError(OSError):
    """A data directory that cannot be used; the message says which and why, in one line."""


def usable_data_dir(path: Path) -> Path:
    """:func:`ensure_dir`, then a file written and removed there: :class:`DataDirError`
    when either fails (a read-only place, ``/proc``, a file in the way)."""
    try:
        ensure_dir(path)
        probe = path / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DataDirError(f"the data directory {path} cannot be used: {reason}") from None
    return path
