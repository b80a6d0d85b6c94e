"""The persistence layer: every frame, gap and state change, and the audit trail, in one
SQLite file (``events.sqlite3``, WAL), written off the UI path; search and export.

The store is in three parts (docs/store.md): the window-side queue :class:`EventStore`,
a :class:`WriterTransport` (:class:`ThreadTransport`, :class:`ProcessTransport`) and a pure
:class:`EventWriter` (:class:`SqliteWriter`, opened by a :class:`WriterFactory` such as
:class:`SqliteWriterFactory`); :class:`StoreLimits` holds their tunables.

Exports :class:`EventStore` (write + read), :class:`EventReader` and :func:`open_reader`
(read only, e.g. for ``export``), :class:`StoredFrame`, :class:`AuditEntry`,
:class:`FrameFilter`, the errors :class:`StoreError` and :class:`SchemaError`, and
:data:`DATABASE_NAME`. Streaming export lives in :mod:`ewallet_monitor.store.export`, the
search benchmark in :mod:`ewallet_monitor.store.bench`. No Qt here.
"""

from ewallet_monitor.store.event_store import EventStore, open_reader
from ewallet_monitor.store.limits import DEFAULT_STORE_LIMITS, StoreLimits
from ewallet_monitor.store.reader import EventReader, StoreError
from ewallet_monitor.store.records import AuditEntry, FrameFilter, StoredFrame
from ewallet_monitor.store.schema import DATABASE_NAME, SCHEMA_VERSION, SchemaError
from ewallet_monitor.store.transport import ProcessTransport, ThreadTransport, WriterTransport
from ewallet_monitor.store.writer import (
    EventWriter,
    Load,
    SqliteWriter,
    SqliteWriterFactory,
    TransientWriteError,
    WriterFactory,
    WriterStatus,
)
from ewallet_monitor.store.writer_loop import WriterLoop

__all__ = [
    "DATABASE_NAME",
    "DEFAULT_STORE_LIMITS",
    "SCHEMA_VERSION",
    "AuditEntry",
    "EventReader",
    "EventStore",
    "EventWriter",
    "FrameFilter",
    "Load",
    "ProcessTransport",
    "SchemaError",
    "SqliteWriter",
    "SqliteWriterFactory",
    "StoreError",
    "StoreLimits",
    "StoredFrame",
    "ThreadTransport",
    "TransientWriteError",
    "WriterFactory",
    "WriterLoop",
    "WriterStatus",
    "WriterTransport",
    "open_reader",
]
