"""The event store's window side: a queue that never blocks, and reads.

``record()`` only appends to a queue, so the socket loop never waits for the disk. A
:class:`~ewallet_monitor.store.transport.WriterTransport` carries the queue to the writer
(:class:`~ewallet_monitor.store.writer.SqliteWriter`), in a thread of this process or in
a process of its own (``separate_process=True``). The writer commits what is queued at
least every ``commit_interval`` seconds (default 0.1 s) in one transaction per
``batch_rows`` rows, so after a crash or ``kill -9`` at most the last fraction of a second
is missing and the file (WAL, ``synchronous=NORMAL``) opens cleanly. Between commits it
fills the text-search index and applies retention, in small steps. The shape is described
in docs/store.md.
"""

from __future__ import annotations

import atexit
import collections
import dataclasses
import getpass
import json
import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from ewallet_monitor.private_files import narrow, private_dir, private_file
from ewallet_monitor.protocol.events import MonitorEvent
from ewallet_monitor.store.history import HistoryReader
from ewallet_monitor.store.items import AuditRow, Marker, MarkerKind, OutcomeRow, QueueItem
from ewallet_monitor.store.limits import DEFAULT_STORE_LIMITS, StoreLimits
from ewallet_monitor.store.reader import EventReader, StoreError, open_connection
from ewallet_monitor.store.records import (
    AuditEntry,
    FrameFilter,
    StoredFrame,
    to_epoch_ms,
)
from ewallet_monitor.store.schema import migrate
from ewallet_monitor.store.transport import ProcessTransport, ThreadTransport, WriterTransport
from ewallet_monitor.store.writer import SqliteWriterFactory, WriterFactory, WriterStatus

log = logging.getLogger(__name__)

# Kept for callers and tests that name the defaults.
DEFAULT_COMMIT_INTERVAL = DEFAULT_STORE_LIMITS.commit_interval
DEFAULT_BATCH_ROWS = DEFAULT_STORE_LIMITS.batch_rows
DEFAULT_RETENTION_INTERVAL = DEFAULT_STORE_LIMITS.retention_interval
WAL_CHECKPOINT_PAGES = DEFAULT_STORE_LIMITS.wal_checkpoint_pages

WAL_SUFFIXES = ("-wal", "-shm")


class StoreReader(HistoryReader, Protocol):
    """What a store reads through (SQLite's :class:`EventReader`, PostgreSQL's reader)."""

    def search(
        self,
        text: str | None = None,
        consumption_id: str | None = None,
        topic: str | None = None,
        event: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        direction: str | None = None,
        limit: int = 500,
        before_seq: int | None = None,
    ) -> list[StoredFrame]: ...

    def page(self, before_seq: int | None = None, limit: int = 500) -> list[StoredFrame]: ...

    def audit_entries(
        self,
        consumption_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = 500,
    ) -> list[AuditEntry]: ...


def os_user() -> str:
    """The logged-in user's name (``unknown`` when the system cannot say)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


class EventStore:
    """Record monitor events, the audit trail, and read them back.

    - ``record``/``record_many``/``record_audit``/``update_audit_outcome`` never block:
      they queue, and the writer stores. Call them from any thread.
    - ``flush(timeout)`` waits until everything queued so far is committed.
    - ``close()`` stores what is queued, then stops. Always call it (it also runs at
      interpreter exit for stores still open).
    - Reads (``search``, ``page``, ``count``, ``reader``) use their own connection.
    - ``retention_days`` removes events older than that; ``max_bytes`` removes the oldest
      frames while the database is larger. Both apply on open and every
      ``retention_interval`` seconds. The audit trail is never removed by retention.
    - ``busy_timeout``: how long a write waits for another process's lock before it is
      retried (the rows stay queued meanwhile).
    - ``secrets``: strings that must never be stored (``Credentials.secrets()``); every
      text is redacted with them before it is written. ``set_secrets`` replaces them.
    - ``separate_process``: the writer runs in a child process (the app's choice: the
      writer's Python work then takes no GIL time from the socket or the GUI). The API and
      every guarantee are the same; should that process die, the store swaps in a thread
      transport on the same queue (an error is logged and shown in ``last_error``; what
      the process had not committed is lost).
    - ``limits``: the store's tunables (:class:`StoreLimits`); ``commit_interval``,
      ``batch_rows`` and ``retention_interval`` override theirs.

    Raises :class:`SchemaError` for a file from a newer release and :class:`StoreError`
    when the file is not a usable database.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        retention_days: float | None = None,
        max_bytes: int | None = None,
        secrets: Iterable[str] = (),
        commit_interval: float | None = None,
        batch_rows: int | None = None,
        retention_interval: float | None = None,
        busy_timeout: float = 5.0,
        separate_process: bool = False,
        limits: StoreLimits = DEFAULT_STORE_LIMITS,
    ) -> None:
        if retention_days is not None and retention_days <= 0:
            raise ValueError("retention_days must be positive")
        if max_bytes is not None and max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        overrides: dict[str, Any] = {
            name: value
            for name, value in (
                ("commit_interval", commit_interval),
                ("batch_rows", batch_rows),
                ("retention_interval", retention_interval),
            )
            if value is not None
        }
        self._limits = dataclasses.replace(limits, **overrides) if overrides else limits
        self.path = Path(path)
        # The database and its WAL/SHM (which SQLite creates with the database's mode) are
        # the user's only, whatever the umask or the mode an older file had.
        private_dir(self.path.parent)
        private_file(self.path)
        for suffix in WAL_SUFFIXES:
            narrow(self.path.with_name(self.path.name + suffix))
        self.retention_days = retention_days
        self.max_bytes = max_bytes
        secrets_now = normalized_secrets(secrets)
        factory = SqliteWriterFactory(
            path=self.path,
            retention_days=retention_days,
            max_bytes=max_bytes,
            secrets=secrets_now,
            busy_timeout=busy_timeout,
            limits=self._limits,
        )
        self._start(factory, secrets_now, separate_process=separate_process)
        self.reader: StoreReader = EventReader(self.path)

    def _start(
        self, factory: WriterFactory, secrets: tuple[str, ...], *, separate_process: bool
    ) -> None:
        """The queue and its transport to the writer ``factory`` opens (for this store
        and for a store on another database: one queue, one writer loop)."""
        self._writer_factory = factory
        self._secrets = secrets
        self._queue: collections.deque[QueueItem] = collections.deque()
        self._os_user = os_user()
        self._closed = False
        self._close_lock = threading.Lock()
        self.last_error: str | None = None
        """The last write error (``None`` once writes succeed again)."""
        self.dropped = 0
        """Rows that could not be stored at all (each is logged)."""
        self.status = WriterStatus()
        """The writer's last status as a whole (its database reachable, events spooled)."""
        self._transport: WriterTransport
        if separate_process:
            # Opened here first, so a database that cannot be used raises at once (and
            # one that cannot be reached is said at once, before the process reports).
            probe = factory.open()
            try:
                if probe.status() != self.status:
                    self._on_writer_status(probe.status())
            finally:
                probe.close()
            self._transport = ProcessTransport(
                factory,
                self._queue,
                on_status=self._on_writer_status,
                on_lost=self._on_writer_lost,
                limits=self._limits,
            )
        else:
            self._transport = self._thread_transport()
        _open_stores.add(self)

    def _thread_transport(self) -> ThreadTransport:
        return ThreadTransport(
            self._writer_factory.with_secrets(self._secrets),
            self._queue,
            on_status=self._on_writer_status,
            limits=self._limits,
        )

    @property
    def transport(self) -> WriterTransport:
        """The transport carrying the queue to the writer now (a thread or a process)."""
        return self._transport

    @property
    def limits(self) -> StoreLimits:
        return self._limits

    def _on_writer_status(self, status: WriterStatus) -> None:
        # From the writer thread, or the writer process's replies thread.
        self.last_error, self.dropped = status.last_error, status.dropped
        self.status = status
        self._status_changed(status)

    def _status_changed(self, status: WriterStatus) -> None:
        """Called on the writer's thread after every change of :attr:`status`."""

    def _on_writer_lost(self, message: str) -> None:
        """The writer process is gone before its stop: the same queue, a thread now."""
        log.error("%s", message)
        self.last_error = message
        try:
            self._transport = self._thread_transport()
        except (StoreError, sqlite3.Error) as exc:
            self.last_error = f"{message}; the database cannot be opened here either: {exc}"
            log.error("%s", self.last_error)

    # -- writing (any thread, never blocks) ------------------------------------------------

    def set_secrets(self, secrets: Iterable[str]) -> None:
        """Replace the strings redacted from everything stored from now on."""
        self._secrets = normalized_secrets(secrets)
        self._transport.set_secrets(self._secrets)

    def record(self, event: MonitorEvent) -> None:
        """Queue one monitor event for storage (heartbeat RTTs are not stored)."""
        if self._closed:
            raise StoreError("the store is closed")
        queue = self._queue
        queue.append(event)
        self._transport.queued(len(queue))

    def record_many(self, events: Iterable[MonitorEvent]) -> None:
        """Queue several events at once."""
        if self._closed:
            raise StoreError("the store is closed")
        self._queue.extend(events)
        self._transport.queued(len(self._queue))

    def record_audit(
        self,
        *,
        action: str,
        consumption_id: str,
        answer: Any = None,
        answer_code: str | None = None,
        amount: int | None = None,
        token: str | None = None,
        profile: str = "",
        os_user: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Queue one operator action for the audit trail.

        ``answer`` is the server's answer: the JSON envelope (a dict) or its text.
        ``answer_code`` defaults to ``"ok"`` or the envelope's error code. ``os_user``
        defaults to the logged-in user. The outcome is filled in when the consumption's
        finalized event is (or was already) stored, or by :meth:`update_audit_outcome`.
        """
        if self._closed:
            raise StoreError("the store is closed")
        if answer_code is None:
            answer_code = _answer_code(answer)
        answer_text = None
        if answer is not None:
            answer_text = (
                answer
                if isinstance(answer, str)
                else json.dumps(answer, default=str, separators=(",", ":"), ensure_ascii=False)
            )
        row = (
            to_epoch_ms(at or datetime.now(UTC)),
            os_user or self._os_user,
            profile,
            action,
            consumption_id,
            None if amount is None else str(amount),
            token,
            answer_text,
            answer_code,
        )
        self._queue.append(AuditRow(row))
        self._transport.queued(len(self._queue))

    def update_audit_outcome(
        self,
        consumption_id: str,
        outcome: str,
        *,
        code: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Set the outcome of the audit entries of ``consumption_id`` still without one.

        Finalized frames do this by themselves; call it for outcomes learnt otherwise.
        """
        if self._closed:
            raise StoreError("the store is closed")
        at_ms = to_epoch_ms(at or datetime.now(UTC))
        self._queue.append(OutcomeRow((outcome, code, at_ms, consumption_id)))
        self._transport.queued(len(self._queue))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued before this call is committed; False on timeout."""
        if self._closed:
            return not self._transport.alive
        return self._wait_marker(Marker(threading.Event()), timeout)

    def apply_retention(self, timeout: float = 60.0) -> bool:
        """Apply retention now and wait for it (it otherwise runs by itself)."""
        if self._closed:
            return False
        return self._wait_marker(Marker(threading.Event(), MarkerKind.RETENTION), timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Store everything queued, stop the writer and close the database."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._queue.append(Marker(threading.Event(), MarkerKind.STOP))
        deadline = time.monotonic() + timeout
        while True:
            transport = self._transport
            transport.wake()
            stopped = transport.join(max(0.0, deadline - time.monotonic()))
            # A writer process lost meanwhile hands the stop on to a thread transport.
            if not stopped or self._transport is transport:
                break
        if not stopped:
            log.error("event store writer did not stop within %.1f s", timeout)
        self.reader.close()
        _open_stores.discard(self)

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _wait_marker(self, marker: Marker, timeout: float) -> bool:
        self._queue.append(marker)
        self._transport.wake()
        return marker.done.wait(timeout)

    # -- reading (delegates to the reader) -------------------------------------------------

    def search(
        self,
        text: str | None = None,
        consumption_id: str | None = None,
        topic: str | None = None,
        event: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        direction: str | None = None,
        limit: int = 500,
        before_seq: int | None = None,
    ) -> list[StoredFrame]:
        """Matching stored frames, newest first; see :class:`FrameFilter`."""
        return self.reader.search(
            text=text,
            consumption_id=consumption_id,
            topic=topic,
            event=event,
            since=since,
            until=until,
            direction=direction,
            limit=limit,
            before_seq=before_seq,
        )

    def page(self, before_seq: int | None = None, limit: int = 500) -> list[StoredFrame]:
        """History paging: the ``limit`` frames older than ``before_seq``, newest first."""
        return self.reader.page(before_seq, limit)

    def count(self, wanted: FrameFilter | None = None) -> int:
        """Stored frames (committed ones; call :meth:`flush` first to include the queue)."""
        return self.reader.count(wanted)

    def audit_entries(
        self, consumption_id: str | None = None, limit: int = 500
    ) -> list[AuditEntry]:
        """The audit trail, newest first."""
        return self.reader.audit_entries(consumption_id=consumption_id, limit=limit)

    @property
    def pending(self) -> int:
        """Items queued and not yet written."""
        return len(self._queue)


def normalized_secrets(secrets: Iterable[str]) -> tuple[str, ...]:
    """The secrets to redact, longest first (a secret that contains another is redacted
    whole)."""
    return tuple(sorted({s for s in secrets if s}, key=len, reverse=True))


def _answer_code(answer: Any) -> str | None:
    """``"ok"`` or the error code of an eWallet answer envelope (dict or JSON text)."""
    if isinstance(answer, str):
        try:
            answer = json.loads(answer)
        except ValueError:
            return None
    if not isinstance(answer, dict) or "success" not in answer:
        return None
    if answer.get("success") is True:
        return "ok"
    data = answer.get("data")
    code = data.get("code") if isinstance(data, dict) else None
    return code if isinstance(code, str) else "error"


_open_stores: weakref.WeakSet[EventStore] = weakref.WeakSet()


@atexit.register
def _close_open_stores() -> None:
    # Daemon writer threads die with the interpreter: store what is queued first.
    for store in list(_open_stores):
        try:
            store.close(timeout=10.0)
        except Exception:  # pragma: no cover - best effort at exit
            log.exception("closing the event store at exit failed")


def open_reader(path: Path | str) -> EventReader:
    """An :class:`EventReader` on an existing database, upgrading its schema first.

    Raises :class:`StoreError` when there is no usable database at ``path`` and
    :class:`SchemaError` when it comes from a newer release.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no database at {path}")
    try:
        connection = open_connection(path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a usable database: {exc}") from exc
    try:
        migrate(connection)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a usable database: {exc}") from exc
    finally:
        connection.close()
    return EventReader(path)
