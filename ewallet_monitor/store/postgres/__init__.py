"""The PostgreSQL store: several desks, one history (docs/postgresql.md).

Exports :class:`PostgresStore` (the writer side, the SQLite store's interface, with its
outage spool), :class:`PostgresReader`, :func:`open_pg_reader` (``stats``/``export``),
:func:`parse_store_url`/:class:`StoreUrl`/:class:`StoreUrlError` (addresses, never with a
password) and :func:`is_store_url`.
"""

from ewallet_monitor.store.postgres.reader import PostgresReader
from ewallet_monitor.store.postgres.store import PgStoreOptions, PostgresStore, open_pg_reader
from ewallet_monitor.store.postgres.url import (
    StoreUrl,
    StoreUrlError,
    is_store_url,
    parse_store_url,
)

__all__ = [
    "PgStoreOptions",
    "PostgresReader",
    "PostgresStore",
    "StoreUrl",
    "StoreUrlError",
    "is_store_url",
    "open_pg_reader",
    "parse_store_url",
]
