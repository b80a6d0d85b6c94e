"""The read side of the store: search, history pages, counts, and streaming for export.

Reads run on their own connection (WAL: they never wait for the writer, and the writer
never waits for them), one query at a time behind a lock, so any thread may call them.
Each call reads one consistent snapshot.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ewallet_monitor.store.records import (
    AuditEntry,
    FrameFilter,
    StoredFrame,
    from_epoch_ms,
    to_epoch_ms,
)
from ewallet_monitor.store.schema import (
    FTS_TABLE,
    SCHEMA_VERSION,
    SEARCH_BODY_SQL,
    has_search_index,
    register_functions,
    schema_version,
)
from ewallet_monitor.store.stats import Statistics, statistics

# A frame's text may be stored compressed: read through frame_text (store/codec.py).
_FRAME_COLUMNS = ", ".join(
    "frame_text(f.raw)" if name == "raw" else f"f.{name}" for name in StoredFrame.COLUMNS
)
_AUDIT_COLUMNS = ", ".join(AuditEntry.COLUMNS)
# Rows per query when streaming: small enough that no read transaction lives long (a
# long one would keep the WAL from being checkpointed while the monitor writes).
STREAM_BATCH = 1000


class StoreError(Exception):
    """The database cannot be read (missing, not a database, or a newer schema)."""


def open_connection(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection in autocommit mode with the store's settings (WAL, NORMAL sync)."""
    connection = sqlite3.connect(
        path, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    connection.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode: a commit is durable once the WAL is synced at checkpoint; a
    # power cut may lose the last commits but never corrupts the file.
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    register_functions(connection)
    return connection


class EventReader:
    """Read access to one ``events.sqlite3``; see :class:`FrameFilter` for the filters.

    Raises :class:`StoreError` when the file is missing or not usable. The schema must be
    current (open an :class:`~ewallet_monitor.store.event_store.EventStore` once, or use
    :func:`~ewallet_monitor.store.event_store.open_reader`, to upgrade an older file).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"no database at {self.path}")
        try:
            self._connection = open_connection(self.path)
            version = schema_version(self._connection)
            self._has_index = has_search_index(self._connection)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a usable database: {exc}") from exc
        if version != SCHEMA_VERSION:
            self._connection.close()
            raise StoreError(f"{self.path} has schema version {version}, expected {SCHEMA_VERSION}")
        self._connection.execute("PRAGMA query_only = 1")
        self._lock = threading.Lock()
        self._closed = False

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._connection.close()

    # -- frames ---------------------------------------------------------------------------

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
        """Matching frames, newest first (``seq`` descending), at most ``limit``.

        Pass the smallest ``seq`` of a page as ``before_seq`` to get the next older page.
        """
        wanted = FrameFilter(
            text=text,
            consumption_id=consumption_id,
            topic=topic,
            event=event,
            since=since,
            until=until,
            direction=direction,
        )
        return self.search_filter(wanted, limit=limit, before_seq=before_seq)

    def search_filter(
        self, wanted: FrameFilter, *, limit: int = 500, before_seq: int | None = None
    ) -> list[StoredFrame]:
        """:meth:`search` with a ready :class:`FrameFilter`."""
        return self._select(wanted, before_seq=before_seq, after_seq=None, limit=limit)

    def page(self, before_seq: int | None = None, limit: int = 500) -> list[StoredFrame]:
        """The ``limit`` frames just older than ``before_seq`` (the newest when None)."""
        return self._select(FrameFilter(), before_seq=before_seq, after_seq=None, limit=limit)

    def count(self, wanted: FrameFilter | None = None) -> int:
        """Stored frames (matching ``wanted`` when given)."""
        if wanted is None or wanted == FrameFilter():
            return int(self._fetch("SELECT count(*) FROM frames", ())[0][0])
        return sum(1 for _ in self.iter_frames(wanted))

    def iter_frames(
        self, wanted: FrameFilter | None = None, *, batch: int = STREAM_BATCH
    ) -> Iterator[StoredFrame]:
        """Every matching frame, oldest first, read in small batches (for export)."""
        wanted = wanted or FrameFilter()
        after = 0
        while True:
            rows = self._select(wanted, before_seq=None, after_seq=after, limit=batch)
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1].seq

    def index_backlog(self) -> int:
        """Frames not yet in the text index (searched by a slower scan meanwhile).

        Counted from ``seq`` numbers (constant time): exact unless retention removed
        unindexed rows, and 0 exactly when the index has caught up.
        """
        if not self._has_index:
            return 0
        rows = self._fetch(
            "SELECT coalesce(max(seq), 0) - "
            "(SELECT indexed_upto FROM search_progress WHERE id = 1) FROM frames",
            (),
        )
        return max(0, int(rows[0][0]))

    # -- audit and state history ----------------------------------------------------------

    def audit_entries(
        self,
        consumption_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = 500,
    ) -> list[AuditEntry]:
        """Audit entries, newest first."""
        where, params = _audit_conditions(consumption_id, since, until)
        sql = f"SELECT {_AUDIT_COLUMNS} FROM audit{where} ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [AuditEntry.from_row(row) for row in self._fetch(sql, tuple(params))]

    def iter_audit(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        batch: int = STREAM_BATCH,
    ) -> Iterator[AuditEntry]:
        """Every audit entry in the range, oldest first, in small batches."""
        after = 0
        where, params = _audit_conditions(None, since, until)
        where = f"{where} AND id > ?" if where else " WHERE id > ?"
        while True:
            rows = self._fetch(
                f"SELECT {_AUDIT_COLUMNS} FROM audit{where} ORDER BY id LIMIT ?",
                (*params, after, batch),
            )
            yield from (AuditEntry.from_row(row) for row in rows)
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def token_scale(self, consumption_id: str) -> int | None:
        """The ``token.subunit_to_unit`` of a consumption, from its newest stored frame
        that has one (``None`` when none does)."""
        rows = self._fetch(
            "SELECT CASE WHEN f.kind = 'recovered' "
            "THEN json_extract(frame_text(f.raw), '$.token.subunit_to_unit') "
            "ELSE json_extract(frame_text(f.raw), '$.data.token.subunit_to_unit') END AS scale "
            "FROM frames f WHERE f.consumption_id = ? AND f.kind IN ('frame', 'recovered') "
            "AND json_valid(frame_text(f.raw)) AND scale IS NOT NULL ORDER BY f.seq DESC LIMIT 1",
            (consumption_id,),
        )
        # An integer beyond 64 bits comes back as a REAL: no exact scale then.
        scale = rows[0][0] if rows else None
        return scale if isinstance(scale, int) and scale > 0 else None

    def audit_count(self) -> int:
        return int(self._fetch("SELECT count(*) FROM audit", ())[0][0])

    def gaps(self, limit: int = 500) -> list[dict[str, Any]]:
        """Recorded gaps, newest first: ``start``, ``end``, ``channels``, ``recoverable``."""
        rows = self._fetch(
            "SELECT at_ms, start_ms, end_ms, channels, recoverable FROM gaps "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            {
                "at": from_epoch_ms(at_ms),
                "start": from_epoch_ms(start_ms),
                "end": from_epoch_ms(end_ms),
                "channels": tuple(json.loads(channels)),
                "recoverable": bool(recoverable),
            }
            for at_ms, start_ms, end_ms, channels, recoverable in rows
        ]

    def iter_gaps(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        batch: int = STREAM_BATCH,
    ) -> Iterator[tuple[int, int, int, int, str, int]]:
        """Every gap recorded in the range, oldest first: (id, at_ms, start_ms, end_ms,
        channels JSON, recoverable)."""
        yield from self._iter_table(
            "id, at_ms, start_ms, end_ms, channels, recoverable", "gaps", since, until, batch
        )

    def iter_channel_states(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        batch: int = STREAM_BATCH,
    ) -> Iterator[tuple[int, int, str, str, str]]:
        """Every channel state change in the range, oldest first: (id, at_ms, topic,
        state, reason)."""
        yield from self._iter_table(
            "id, at_ms, topic, state, reason", "channel_states", since, until, batch
        )

    def _iter_table(
        self,
        columns: str,
        table: str,
        since: datetime | None,
        until: datetime | None,
        batch: int,
    ) -> Iterator[Any]:
        # ``columns`` and ``table`` are this module's constants, never user text.
        where, params = _audit_conditions(None, since, until)
        where = f"{where} AND id > ?" if where else " WHERE id > ?"
        after = 0
        while True:
            rows = self._fetch(
                f"SELECT {columns} FROM {table}{where} ORDER BY id LIMIT ?",
                (*params, after, batch),
            )
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def channel_states(self, topic: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
        """Channel state changes, newest first: ``at``, ``topic``, ``state``, ``reason``."""
        where, params = ("", ()) if topic is None else (" WHERE topic = ?", (topic,))
        rows = self._fetch(
            f"SELECT at_ms, topic, state, reason FROM channel_states{where} "
            "ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [
            {"at": from_epoch_ms(at_ms), "topic": t, "state": state, "reason": reason}
            for at_ms, t, state, reason in rows
        ]

    def statistics(self, since_ms: int | None = None, until_ms: int | None = None) -> Statistics:
        """The supervisor's statistics over ``[since_ms, until_ms)`` (store/stats.py)."""
        with self._lock:
            if self._closed:
                raise StoreError("the store is closed")
            return statistics(self._connection, since_ms, until_ms)

    # -- internals ------------------------------------------------------------------------

    def _fetch(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._closed:
                raise StoreError("the store is closed")
            return self._connection.execute(sql, params).fetchall()

    def _select(
        self,
        wanted: FrameFilter,
        *,
        before_seq: int | None,
        after_seq: int | None,
        limit: int,
    ) -> list[StoredFrame]:
        """One page of matching frames: descending from ``before_seq`` when ``after_seq``
        is None, else ascending from ``after_seq``.

        A ``where`` expression that SQL cannot decide exactly (``amount``, ``~``) narrows
        the rows in SQL and is decided in Python; pages are read until ``limit`` rows
        match or the table ends."""
        where = wanted.where
        if where is None or where.sql().exact or limit <= 0:
            return self._select_rows(
                wanted, before_seq=before_seq, after_seq=after_seq, limit=limit
            )
        found: list[StoredFrame] = []
        while len(found) < limit:
            rows = self._select_rows(
                wanted, before_seq=before_seq, after_seq=after_seq, limit=limit
            )
            found.extend(row for row in rows if where.matches(row.facts()))
            if len(rows) < limit:
                break
            if after_seq is None:
                before_seq = rows[-1].seq
            else:
                after_seq = rows[-1].seq
        return found[:limit]

    def _select_rows(
        self,
        wanted: FrameFilter,
        *,
        before_seq: int | None,
        after_seq: int | None,
        limit: int,
    ) -> list[StoredFrame]:
        """The rows :meth:`_select` reads: ``where`` applied as its SQL ``maybe``."""
        if limit <= 0:
            return []
        descending = after_seq is None
        conditions, params = _frame_conditions(wanted)
        if before_seq is not None:
            conditions.append("f.seq < ?")
            params.append(before_seq)
        if after_seq is not None:
            conditions.append("f.seq > ?")
            params.append(after_seq)
        order = "DESC" if descending else "ASC"
        needle = wanted.needle
        with self._lock:
            if self._closed:
                raise StoreError("the store is closed")
            connection = self._connection
            if needle is None:
                where = " AND ".join(conditions) or "1"
                rows = connection.execute(
                    f"SELECT {_FRAME_COLUMNS} FROM frames f WHERE {where} "
                    f"ORDER BY f.seq {order} LIMIT ?",
                    (*params, limit),
                ).fetchall()
                return [StoredFrame.from_row(row) for row in rows]
            # The index and its progress mark must come from one snapshot.
            connection.execute("BEGIN")
            try:
                upto = self._indexed_upto(connection)
                args = (connection, conditions, params, needle, upto, order)
                # Newest first: the unindexed tail holds the newest rows.
                parts = (_tail_rows, _indexed_rows) if descending else (_indexed_rows, _tail_rows)
                rows = parts[0](*args, limit)
                if len(rows) < limit:
                    rows.extend(parts[1](*args, limit - len(rows)))
            finally:
                connection.execute("COMMIT")
        return [StoredFrame.from_row(row) for row in rows]

    def _indexed_upto(self, connection: sqlite3.Connection) -> int:
        if not self._has_index:
            return 0
        row = connection.execute("SELECT indexed_upto FROM search_progress WHERE id = 1").fetchone()
        return int(row[0]) if row else 0


def _indexed_rows(
    connection: sqlite3.Connection,
    conditions: list[str],
    params: list[Any],
    needle: str,
    upto: int,
    order: str,
    limit: int,
) -> list[tuple[Any, ...]]:
    """Matches among the rows the text index covers (``seq <= upto``)."""
    if upto <= 0:
        return []
    where = " AND ".join(conditions) or "1"
    # LIKE (without ESCAPE, or FTS5 would not use the index) picks candidates, where a
    # '%' or '_' in the needle acts as a wildcard; instr() then keeps exact matches only.
    return connection.execute(
        f"SELECT {_FRAME_COLUMNS} FROM {FTS_TABLE} x JOIN frames f ON f.seq = x.rowid "
        "WHERE x.body LIKE ? AND instr(lower(x.body), lower(?)) > 0 AND x.rowid <= ? "
        f"AND {where} ORDER BY x.rowid {order} LIMIT ?",
        (f"%{needle}%", needle, upto, *params, limit),
    ).fetchall()


def _tail_rows(
    connection: sqlite3.Connection,
    conditions: list[str],
    params: list[Any],
    needle: str,
    upto: int,
    order: str,
    limit: int,
) -> list[tuple[Any, ...]]:
    """Matches among rows not indexed yet: the same body, computed on the fly."""
    where = " AND ".join([*conditions, "f.seq > ?"])
    return connection.execute(
        f"SELECT {_FRAME_COLUMNS} FROM frames f WHERE {where} "
        f"AND instr(lower({SEARCH_BODY_SQL}), lower(?)) > 0 "
        f"ORDER BY f.seq {order} LIMIT ?",
        (*params, upto, needle, limit),
    ).fetchall()


def _frame_conditions(wanted: FrameFilter) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if wanted.consumption_id:
        conditions.append("f.consumption_id = ?")
        params.append(wanted.consumption_id)
    if wanted.topic:
        if wanted.topic.endswith(":"):
            # Every topic of one kind: a range on the topic index ("x:" <= t < "x;").
            conditions.append("f.topic >= ? AND f.topic < ?")
            params.extend([wanted.topic, wanted.topic[:-1] + ";"])
        else:
            conditions.append("f.topic = ?")
            params.append(wanted.topic)
    if wanted.event:
        conditions.append("f.event = ?")
        params.append(wanted.event)
    if wanted.direction:
        conditions.append("f.direction = ?")
        params.append(wanted.direction)
    if wanted.since is not None:
        conditions.append("f.at_ms >= ?")
        params.append(to_epoch_ms(wanted.since))
    if wanted.until is not None:
        conditions.append("f.at_ms < ?")
        params.append(to_epoch_ms(wanted.until))
    if wanted.where is not None:
        translated = wanted.where.sql()
        conditions.append(f"({translated.maybe})")
        params.extend(translated.maybe_params)
    return conditions, params


def _audit_conditions(
    consumption_id: str | None, since: datetime | None, until: datetime | None
) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if consumption_id:
        conditions.append("consumption_id = ?")
        params.append(consumption_id)
    if since is not None:
        conditions.append("at_ms >= ?")
        params.append(to_epoch_ms(since))
    if until is not None:
        conditions.append("at_ms < ?")
        params.append(to_epoch_ms(until))
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params
