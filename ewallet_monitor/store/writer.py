"""The pure writer: rows into the database, retention and the search index.

A writer knows nothing of queues, threads, processes or pipes: it is handed batches
(:meth:`EventWriter.write`) and time for background work (:meth:`EventWriter.maintain`)
by a :class:`~ewallet_monitor.store.writer_loop.WriterLoop`, which a transport runs in a
thread of the application or in a process of its own. :class:`SqliteWriter` is the
embedded default; a second database backend is one more implementation of
:class:`EventWriter` opened by its own :class:`WriterFactory`.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import math
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from ewallet_monitor.pipeline_limits import DEFAULT_STORE_LIMITS, StoreLimits
from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.store.codec import pack
from ewallet_monitor.store.items import AuditRow, OutcomeRow, WriteItem
from ewallet_monitor.store.reader import StoreError, open_connection
from ewallet_monitor.store.records import to_epoch_ms
from ewallet_monitor.store.rows import RowBatch, add_event
from ewallet_monitor.store.schema import (
    FTS_TABLE,
    SEARCH_BODY_SQL,
    SchemaError,
    has_search_index,
    migrate,
)
from ewallet_monitor.store.stats import absorb_frames

log = logging.getLogger("ewallet_monitor.store.event_store")


class TransientWriteError(Exception):
    """The database refused for now (locked by another process, disk full, I/O error):
    nothing of the batch is stored; the caller keeps it and tries again later."""


class Load(enum.Enum):
    """How busy the stream is, as the writer loop sees it (for background work)."""

    IDLE = "idle"
    """Nothing was written in the last round: background work may take its time."""
    STREAMING = "streaming"
    """Rows keep arriving: background work takes a bounded share of the writer's time."""
    BURST = "burst"
    """Rows arrive faster than they are written: only work that cannot wait (retention)."""


@dataclass(frozen=True, slots=True)
class WriterStatus:
    """What the store shows of its writer: the last write error (``None`` once writes
    succeed again), the rows dropped for good, and for a writer with a local fallback
    (PostgreSQL's spool) whether its database answers and how many events wait."""

    last_error: str | None = None
    dropped: int = 0
    reachable: bool = True
    spooled: int = 0


class EventWriter(Protocol):
    """Stores batches of :data:`~ewallet_monitor.store.items.WriteItem` in one database.

    Called from one thread at a time (the writer loop's). Every text is redacted with the
    secrets before it is written.
    """

    def status(self) -> WriterStatus:
        """The writer's own view: rows dropped, and, when writes go to a fallback, why
        (``last_error``), ``reachable`` and ``spooled``. Cheap: asked after every round."""
        ...

    def set_secrets(self, secrets: tuple[str, ...]) -> None:
        """Replace the strings redacted from everything written from now on."""
        ...

    def write(self, items: Sequence[WriteItem]) -> None:
        """Store ``items`` in one transaction, in order. An item the database refuses is
        dropped alone (counted in :attr:`dropped`). Raises :class:`TransientWriteError`
        when nothing could be stored for now."""
        ...

    def maintain(self, deadline: float, load: Load, interrupted: Callable[[], bool]) -> float:
        """Background work (retention, indexing) in small steps until ``deadline``
        (``time.monotonic()``) or ``interrupted()``. Returns the seconds until it wants to
        be called again when nothing else happens: 0 when work is left now, ``math.inf``
        when none is pending. Raises :class:`TransientWriteError` when a step failed (it is
        tried again later)."""
        ...

    def apply_retention(self) -> None:
        """Apply retention now, every step of it."""
        ...

    def close(self) -> None:
        """Final steps, then release the database."""
        ...


class WriterFactory(Protocol):
    """A picklable description of a writer: the process transport opens it in the writer
    process, the thread transport in the application's."""

    def open(self) -> EventWriter:
        """Open (and migrate) the database; raises :class:`StoreError` or
        :class:`SchemaError` when it cannot be used."""
        ...

    def with_secrets(self, secrets: tuple[str, ...]) -> WriterFactory:
        """The same description, redacting ``secrets`` (a writer opened again after its
        process was lost starts with the current ones)."""
        ...


_INSERT_AUDIT = (
    "INSERT INTO audit (at_ms, os_user, profile, action, consumption_id, amount, token, "
    "answer, answer_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE_OUTCOME = (
    "UPDATE audit SET outcome = ?, outcome_code = ?, outcome_at_ms = ? "
    "WHERE consumption_id = ? AND outcome IS NULL"
)
# A finalized event may arrive before the action's HTTP answer (the server broadcasts
# first), so a new audit row takes the outcome already stored, if any.
_FILL_OUTCOME_FROM_FRAMES = (
    "UPDATE audit SET (outcome, outcome_code, outcome_at_ms) = ("
    " SELECT status, error_code, at_ms FROM frames"
    " WHERE frames.consumption_id = audit.consumption_id AND event = ? AND status IS NOT NULL"
    " ORDER BY seq DESC LIMIT 1) "
    "WHERE id = ? AND EXISTS (SELECT 1 FROM frames WHERE frames.consumption_id = "
    "audit.consumption_id AND event = ? AND status IS NOT NULL)"
)
# The audit row's texts that are redacted (the time and the amount are not text).
AUDIT_TEXT_COLUMNS = (1, 2, 3, 4, 6, 7, 8)


@dataclass(frozen=True, slots=True)
class SqliteWriterFactory:
    """Opens a :class:`SqliteWriter` on ``path`` (picklable for the writer process)."""

    path: Path
    retention_days: float | None = None
    max_bytes: int | None = None
    secrets: tuple[str, ...] = ()
    busy_timeout: float = 5.0
    limits: StoreLimits = field(default=DEFAULT_STORE_LIMITS)

    def open(self) -> SqliteWriter:
        return SqliteWriter(self)

    def with_secrets(self, secrets: tuple[str, ...]) -> SqliteWriterFactory:
        return replace(self, secrets=secrets)


class SqliteWriter:
    """The embedded SQLite writer (WAL, ``synchronous=NORMAL``): frames and the other
    tables, statistics kept by :func:`~ewallet_monitor.store.stats.absorb_frames`, the
    FTS5 search index filled behind the writes, retention by age and by size."""

    def __init__(self, options: SqliteWriterFactory) -> None:
        self.path = options.path
        self.retention_days = options.retention_days
        self.max_bytes = options.max_bytes
        self._limits = limits = options.limits
        self._secrets: tuple[str, ...] = options.secrets
        self.dropped = 0
        try:
            self._connection = open_connection(self.path, timeout=options.busy_timeout)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a usable database: {exc}") from exc
        try:
            self._connection.execute(f"PRAGMA wal_autocheckpoint = {limits.wal_checkpoint_pages}")
            # Let the WAL shrink back after checkpoints instead of keeping its largest size.
            self._connection.execute(f"PRAGMA journal_size_limit = {limits.journal_size_limit}")
            migrate(self._connection)
            self._has_index = has_search_index(self._connection)
        except sqlite3.DatabaseError as exc:
            self._connection.close()
            raise StoreError(f"{self.path} is not a usable database: {exc}") from exc
        except SchemaError:
            self._connection.close()
            raise
        now = time.monotonic()
        self._index_step_rows = 32
        self._next_index_at = 0.0  # before this a streaming writer does not index
        self._retention_due = True  # on open
        self._next_retention = now + limits.retention_interval
        self._next_size_check = now + limits.size_check_interval

    @property
    def connection(self) -> sqlite3.Connection:
        """The writer's connection (for tests of its settings; use it from the writer's
        thread only)."""
        return self._connection

    def set_secrets(self, secrets: tuple[str, ...]) -> None:
        self._secrets = secrets

    def status(self) -> WriterStatus:
        return WriterStatus(None, self.dropped)

    # -- writing ---------------------------------------------------------------------------

    def write(self, items: Sequence[WriteItem]) -> None:
        try:
            self._write(items)
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise TransientWriteError(str(exc)) from exc
        except (sqlite3.Error, ValueError, TypeError) as exc:
            # A row the database cannot take (e.g. text that is not valid Unicode): store
            # the rest one by one so one bad row cannot stop the writer.
            self._rollback()
            log.warning("event store batch failed (%s); writing row by row", exc)
            for item in items:
                try:
                    self._write([item])
                except sqlite3.OperationalError as row_exc:
                    self._rollback()
                    raise TransientWriteError(str(row_exc)) from row_exc
                except (sqlite3.Error, ValueError, TypeError) as row_exc:
                    self._rollback()
                    self.dropped += 1
                    log.error("event store dropped %s: %s", type(item).__name__, row_exc)

    def _write(self, items: Sequence[WriteItem]) -> None:
        secrets = self._secrets
        batch = RowBatch.empty()
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        for item in items:
            if isinstance(item, AuditRow):
                self._flush_rows(batch)
                batch = RowBatch.empty()
                row = list(item.row)
                for index in AUDIT_TEXT_COLUMNS:
                    if row[index] is not None:
                        row[index] = redact(row[index], secrets)
                cursor = connection.execute(_INSERT_AUDIT, row)
                connection.execute(
                    _FILL_OUTCOME_FROM_FRAMES,
                    (CONSUMPTION_FINALIZED, cursor.lastrowid, CONSUMPTION_FINALIZED),
                )
            elif isinstance(item, OutcomeRow):
                self._flush_rows(batch)
                batch = RowBatch.empty()
                outcome, code, at_ms, cid = item.row
                code = None if code is None else redact(code, secrets)
                connection.execute(_UPDATE_OUTCOME, (outcome, code, at_ms, cid))
            else:
                add_event(batch, item, secrets)
        self._flush_rows(batch)
        connection.execute("COMMIT")

    def _flush_rows(self, batch: RowBatch) -> None:
        connection = self._connection
        before = None
        if batch.frames:
            before = connection.execute("SELECT coalesce(max(seq), 0) FROM frames").fetchone()[0]
        if batch.frames:
            # The frame's text (the row's last column) is stored compressed.
            batch.frames[:] = [(*row[:-1], pack(row[-1])) for row in batch.frames]
        for sql, rows in batch.statements():
            if rows:
                connection.executemany(sql, rows)
        if before is not None:
            absorb_frames(connection, before)
        if batch.outcomes:
            connection.executemany(_UPDATE_OUTCOME, batch.outcomes)

    def _rollback(self) -> None:
        if self._connection.in_transaction:
            self._connection.execute("ROLLBACK")

    # -- background work -------------------------------------------------------------------

    def maintain(self, deadline: float, load: Load, interrupted: Callable[[], bool]) -> float:
        limits = self._limits
        now = time.monotonic()
        if now >= self._next_retention:
            self._retention_due = True
            self._next_retention = now + limits.retention_interval
        if self.max_bytes is not None and now >= self._next_size_check:
            # Size can grow fast in a burst: check it far more often than age.
            self._next_size_check = now + limits.size_check_interval
            self._retention_due = self._retention_due or self.used_bytes() > self.max_bytes
        try:
            while True:
                if self._retention_due:
                    self._retention_due = self._retention_step()
                elif load is Load.BURST:
                    return 0.0  # index once the burst is over: the loop asks again soon
                elif load is Load.STREAMING and time.monotonic() < self._next_index_at:
                    return self._next_index_at - time.monotonic()
                elif not self._index_step():
                    return math.inf
                if time.monotonic() >= deadline or interrupted():
                    return 0.0
        except sqlite3.Error as exc:
            self._rollback()
            raise TransientWriteError(str(exc)) from exc

    def apply_retention(self) -> None:
        self._retention_due = True
        while self._retention_step():
            pass
        self._retention_due = False

    def close(self) -> None:
        # Cheap, and keeps the query planner's statistics fresh for the next open.
        with contextlib.suppress(sqlite3.Error):
            self._connection.execute("PRAGMA optimize")
        self._connection.close()

    def _index_step(self) -> bool:
        """Index the next rows not yet in the search index; False when none are left."""
        if not self._has_index:
            return False
        limits = self._limits
        connection = self._connection
        (upto,) = connection.execute(
            "SELECT indexed_upto FROM search_progress WHERE id = 1"
        ).fetchone()
        (last, rows) = connection.execute(
            "SELECT max(seq), count(*) FROM "
            "(SELECT seq FROM frames WHERE seq > ? ORDER BY seq LIMIT ?)",
            (upto, self._index_step_rows),
        ).fetchone()
        if last is None:
            return False
        started = time.monotonic()
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, body) "
                f"SELECT f.seq, {SEARCH_BODY_SQL} FROM frames f WHERE f.seq > ? AND f.seq <= ?",
                (upto, last),
            )
            connection.execute("UPDATE search_progress SET indexed_upto = ? WHERE id = 1", (last,))
            connection.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        finished = time.monotonic()
        elapsed = max(finished - started, 1e-4)
        self._next_index_at = finished + elapsed * (1 / limits.index_share_while_busy - 1)
        if rows < self._index_step_rows:
            # Caught up: a stream's next rows are indexed together, not a few per commit
            # (each step writes a new index segment; searches scan the rows not yet in it).
            self._next_index_at = max(
                self._next_index_at, finished + limits.index_interval_while_streaming
            )
        # Aim each step at index_step_seconds whatever the frame sizes.
        scaled = int(self._index_step_rows * limits.index_step_seconds / elapsed)
        self._index_step_rows = max(8, min(limits.max_index_step_rows, scaled))
        return True

    def _retention_step(self) -> bool:
        """Delete one chunk of expired or excess frames; True when more is due."""
        connection = self._connection
        chunk = self._limits.retention_chunk
        more = False
        connection.execute("BEGIN IMMEDIATE")
        try:
            if self.retention_days is not None:
                cutoff = to_epoch_ms(datetime.now(UTC) - timedelta(days=self.retention_days))
                for table in ("gaps", "channel_states", "connection_states", "notices"):
                    connection.execute(f"DELETE FROM {table} WHERE at_ms < ?", (cutoff,))
                seqs = [
                    row[0]
                    for row in connection.execute(
                        "SELECT seq FROM frames WHERE at_ms < ? LIMIT ?", (cutoff, chunk)
                    )
                ]
                self._delete_frames(seqs)
                more = len(seqs) == chunk
            if not more and self.max_bytes is not None:
                more = self._size_step()
            connection.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return more

    def _size_step(self) -> bool:
        connection = self._connection
        used = self.used_bytes()
        if self.max_bytes is None or used <= self.max_bytes:
            return False
        (total,) = connection.execute("SELECT count(*) FROM frames").fetchone()
        if not total:
            return False
        target = self.max_bytes * self._limits.size_retention_target
        excess_rows = int(total * (used - target) / used) + 1
        seqs = [
            row[0]
            for row in connection.execute(
                "SELECT seq FROM frames ORDER BY seq LIMIT ?",
                (min(excess_rows, self._limits.retention_chunk),),
            )
        ]
        self._delete_frames(seqs)
        if self._has_index and self.used_bytes() > target:
            # FTS5 records a deletion as a tombstone until its segments merge, so deleting
            # rows first grows the index; merging them away is what frees the pages.
            connection.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")
        return self.used_bytes() > target and len(seqs) > 0

    def used_bytes(self) -> int:
        """Bytes the database uses (its pages less the free ones)."""
        connection = self._connection
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
        (free,) = connection.execute("PRAGMA freelist_count").fetchone()
        (size,) = connection.execute("PRAGMA page_size").fetchone()
        return int((pages - free) * size)

    def _delete_frames(self, seqs: list[int]) -> None:
        if not seqs:
            return
        rows = [(seq,) for seq in seqs]
        if self._has_index:
            # The index reads a row's body to remove it, so only rows it holds, while
            # their frame is still there (a row never indexed would corrupt it).
            (upto,) = self._connection.execute(
                "SELECT indexed_upto FROM search_progress WHERE id = 1"
            ).fetchone()
            indexed = [row for row in rows if row[0] <= upto]
            self._connection.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", indexed)
        self._connection.executemany("DELETE FROM frames WHERE seq = ?", rows)


__all__ = [
    "AUDIT_TEXT_COLUMNS",
    "EventWriter",
    "Load",
    "SqliteWriter",
    "SqliteWriterFactory",
    "TransientWriteError",
    "WriterFactory",
    "WriterStatus",
]
