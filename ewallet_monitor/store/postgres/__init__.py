"""The PostgreSQL store: several desks, one history (docs/postgresql.md).

Exports :class:`PostgresStore` (an ``EventStore`` whose writer is
:class:`PostgresWriter`, with its outage spool), :class:`PostgresWriterFactory`,
:class:`PostgresReader`, :func:`open_pg_reader`
(``stats``/``export``), and :func:`parse_store_url`/:class:`StoreUrl`/
:class:`StoreUrlError`/:func:`is_store_url` (addresses, never with a password).

psycopg is imported on first use of the store or the reader, not with the addresses: a
window or command on the SQLite default never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ewallet_monitor.store.postgres.url import (
    StoreUrl,
    StoreUrlError,
    is_store_url,
    parse_store_url,
)

if TYPE_CHECKING:
    from ewallet_monitor.store.postgres.reader import PostgresReader
    from ewallet_monitor.store.postgres.store import PostgresStore, open_pg_reader
    from ewallet_monitor.store.postgres.writer import PostgresWriter, PostgresWriterFactory

_LAZY = {
    "PostgresReader": "ewallet_monitor.store.postgres.reader",
    "PostgresWriter": "ewallet_monitor.store.postgres.writer",
    "PostgresWriterFactory": "ewallet_monitor.store.postgres.writer",
    "PostgresStore": "ewallet_monitor.store.postgres.store",
    "open_pg_reader": "ewallet_monitor.store.postgres.store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "PostgresReader",
    "PostgresStore",
    "PostgresWriter",
    "PostgresWriterFactory",
    "StoreUrl",
    "StoreUrlError",
    "is_store_url",
    "open_pg_reader",
    "parse_store_url",
]
