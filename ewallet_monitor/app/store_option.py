"""``--store``: which history a command reads or a desk writes — the embedded SQLite file
in the data folder (the default) or a shared PostgreSQL database (docs/postgresql.md).

The address never holds a password (refused with the reason); the password comes from
the keyring or libpq's ``PGPASSFILE``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ewallet_monitor.store import SchemaError, StoreError, open_reader
from ewallet_monitor.store.history import HistoryReader
from ewallet_monitor.store.postgres.url import StoreUrl, StoreUrlError, parse_store_url

STORE_HELP = (
    "the shared PostgreSQL history, postgresql://user@host:5432/dbname (no password in it: "
    "the keyring or PGPASSFILE has it); default: the SQLite file in the data folder"
)


def add_store_argument(parser: argparse.ArgumentParser, *, desk: bool = False) -> None:
    parser.add_argument("--store", metavar="URL", default=None, help=STORE_HELP)
    if desk:
        parser.add_argument(
            "--claim-timeout",
            type=float,
            metavar="S",
            default=60.0,
            help="with a shared --store: free a desk's claims S seconds after its heartbeat "
            "stopped, never while its decision's outcome is unknown (default 60)",
        )


def check_claim_timeout(value: float) -> float:
    """``--claim-timeout``: a number of seconds of at least 1 (UsageError otherwise)."""
    from ewallet_monitor.app.connection_options import UsageError

    if not value >= 1:  # "not >=" also refuses NaN
        raise UsageError(f"--claim-timeout must be at least 1 second, got {value:g}")
    return value


def store_url(text: str | None) -> StoreUrl | None:
    """The checked PostgreSQL address, or ``None`` for the SQLite default.

    Raises :class:`StoreUrlError` (its message names ``--store``) for a bad address."""
    if text is None or not text.strip():
        return None
    try:
        return parse_store_url(text)
    except StoreUrlError as exc:
        raise StoreUrlError(f"--store: {exc}") from exc


def open_history_reader(store: StoreUrl | None, sqlite_path: Path) -> tuple[HistoryReader, str]:
    """A reader on the chosen history and where it is (for messages).

    Raises :class:`StoreError`/:class:`SchemaError` when it cannot be opened."""
    if store is None:
        return open_reader(sqlite_path), str(sqlite_path)
    from ewallet_monitor.store.postgres import open_pg_reader

    return open_pg_reader(store), store.display


__all__ = [
    "STORE_HELP",
    "SchemaError",
    "StoreError",
    "StoreUrlError",
    "add_store_argument",
    "open_history_reader",
    "store_url",
]
