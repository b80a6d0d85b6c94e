"""The persistence layer: every frame, gap and state change, and the audit trail, in one
SQLite file (``events.sqlite3``, WAL), written off the UI path; search and export.

Exports :class:`EventStore` (write + read), :class:`EventReader` and :func:`open_reader`
(read only, e.g. for ``export``), :class:`StoredFrame`, :class:`AuditEntry`,
:class:`FrameFilter`, the errors :class:`StoreError` and :class:`SchemaError`, and
:data:`DATABASE_NAME`. Streaming export lives in :mod:`ewallet_monitor.store.export`, the
search benchmark in :mod:`ewallet_monitor.store.bench`. No Qt here.
"""

from ewallet_monitor.store.event_store import EventStore, open_reader
from ewallet_monitor.store.reader import EventReader, StoreError
from ewallet_monitor.store.records import AuditEntry, FrameFilter, StoredFrame
from ewallet_monitor.store.schema import DATABASE_NAME, SCHEMA_VERSION, SchemaError

__all__ = [
    "DATABASE_NAME",
    "SCHEMA_VERSION",
    "AuditEntry",
    "EventReader",
    "EventStore",
    "FrameFilter",
    "SchemaError",
    "StoreError",
    "StoredFrame",
    "open_reader",
]
