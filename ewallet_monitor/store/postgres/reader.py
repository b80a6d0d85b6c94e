"""Reading the PostgreSQL store: the SQLite reader's calls, over a connection pool.

Text search (:class:`~ewallet_monitor.store.records.FrameFilter` ``text``) uses the
trigram index on ``frames.body``: ``ILIKE`` picks the candidates (the index answers it
for three characters or more), then ``strpos`` over the ASCII-folded body keeps the exact
matches — the same case rule as the SQLite store (ASCII letters only). Filter-language
expressions compile to PostgreSQL (:data:`~ewallet_monitor.query.sql_pg.POSTGRESQL`);
what SQL cannot decide exactly is decided in Python, as with SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from ewallet_monitor.query.sql_pg import POSTGRESQL
from ewallet_monitor.store.postgres.url import StoreUrl
from ewallet_monitor.store.reader import STREAM_BATCH, StoreError
from ewallet_monitor.store.records import (
    AuditEntry,
    FrameFilter,
    StoredFrame,
    from_epoch_ms,
    to_epoch_ms,
)
from ewallet_monitor.store.stats import OperatorTimes, Statistics, TokenStatus, percentile

_FRAME_COLUMNS = ", ".join(f"f.{c}" for c in StoredFrame.COLUMNS)
_AUDIT_COLUMNS = ", ".join(AuditEntry.COLUMNS)
_ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FOLDED_BODY = f"translate(f.body, '{_ASCII_UPPER}', '{_ASCII_UPPER.lower()}')"

Pool = ConnectionPool[psycopg.Connection[tuple[Any, ...]]]
Fetch = Callable[[str, "tuple[Any, ...] | list[Any]"], list[tuple[Any, ...]]]


def pg_placeholders(sql: str) -> str:
    """The compiler's ``?`` placeholders as psycopg's (its fragments hold no ``?`` of
    their own and no user text; a ``%`` of theirs is escaped)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _like_pattern(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _ascii_lower(text: str) -> str:
    return text.translate(str.maketrans(_ASCII_UPPER, _ASCII_UPPER.lower()))


class PostgresReader:
    """Read access to the PostgreSQL store (schema already migrated by a store).

    Every call takes a pooled connection for its duration; :class:`StoreError` when the
    database cannot be reached.
    """

    def __init__(self, pool: Pool, url: StoreUrl, *, owns_pool: bool = False) -> None:
        self.pool = pool
        self.url = url
        self._owns_pool = owns_pool

    def close(self) -> None:
        if self._owns_pool:
            self.pool.close(timeout=5.0)

    def _fetch(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            with self.pool.connection() as connection:
                return connection.execute(sql.encode() if not params else sql, params).fetchall()
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StoreError(
                f"the history database {self.url.display} is unreachable: {exc}"
            ) from exc
        except psycopg.Error as exc:
            raise StoreError(f"the history database {self.url.display}: {exc}") from exc

    # -- frames -------------------------------------------------------------------------------

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
        """Matching frames, newest first; see :class:`FrameFilter`."""
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
        return self._select(wanted, before_seq=before_seq, after_seq=None, limit=limit)

    def page(self, before_seq: int | None = None, limit: int = 500) -> list[StoredFrame]:
        return self._select(FrameFilter(), before_seq=before_seq, after_seq=None, limit=limit)

    def count(self, wanted: FrameFilter | None = None) -> int:
        if wanted is None or wanted == FrameFilter():
            return int(self._fetch("SELECT count(*) FROM frames")[0][0])
        return sum(1 for _ in self.iter_frames(wanted))

    def iter_frames(
        self, wanted: FrameFilter | None = None, *, batch: int = STREAM_BATCH
    ) -> Iterator[StoredFrame]:
        """Every matching frame, oldest first, in small batches (for export)."""
        wanted = wanted or FrameFilter()
        after = 0
        while True:
            rows = self._select(wanted, before_seq=None, after_seq=after, limit=batch)
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1].seq

    def desks_of(self, seq: int) -> list[str]:
        """The desks that received the stored frame ``seq``, first first."""
        rows = self._fetch(
            "SELECT d.name FROM frame_desks fd JOIN desks d USING (desk_id) "
            "WHERE fd.seq = %s ORDER BY fd.at_ms, d.name",
            (seq,),
        )
        return [str(desk) for (desk,) in rows]

    def _select(
        self, wanted: FrameFilter, *, before_seq: int | None, after_seq: int | None, limit: int
    ) -> list[StoredFrame]:
        where = wanted.where
        if where is None or where.sql(POSTGRESQL).exact or limit <= 0:
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
        self, wanted: FrameFilter, *, before_seq: int | None, after_seq: int | None, limit: int
    ) -> list[StoredFrame]:
        if limit <= 0:
            return []
        conditions, params = _frame_conditions(wanted)
        if before_seq is not None:
            conditions.append("f.seq < %s")
            params.append(before_seq)
        if after_seq is not None:
            conditions.append("f.seq > %s")
            params.append(after_seq)
        needle = wanted.needle
        if needle is not None:
            conditions.append(f"f.body ILIKE %s AND strpos({_FOLDED_BODY}, %s) > 0")
            params.extend([_like_pattern(needle), _ascii_lower(needle)])
        order = "DESC" if after_seq is None else "ASC"
        where = " AND ".join(conditions) or "TRUE"
        rows = self._fetch(
            f"SELECT {_FRAME_COLUMNS} FROM frames f WHERE {where} ORDER BY f.seq {order} LIMIT %s",
            (*params, limit),
        )
        return [StoredFrame.from_row(row) for row in rows]

    def statistics(self, since_ms: int | None = None, until_ms: int | None = None) -> Statistics:
        """The supervisor's statistics over ``[since_ms, until_ms)``."""
        return pg_statistics(self._fetch, since_ms, until_ms)

    # -- audit and state history --------------------------------------------------------------

    def audit_entries(
        self,
        consumption_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = 500,
    ) -> list[AuditEntry]:
        where, params = _range_conditions(consumption_id, since, until)
        sql = f"SELECT {_AUDIT_COLUMNS} FROM audit{where} ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        return [AuditEntry.from_row(row) for row in self._fetch(sql, params)]

    def iter_audit(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        batch: int = STREAM_BATCH,
    ) -> Iterator[AuditEntry]:
        for row in self._iter_table(_AUDIT_COLUMNS, "audit", since, until, batch):
            yield AuditEntry.from_row(row)

    def audit_count(self) -> int:
        return int(self._fetch("SELECT count(*) FROM audit")[0][0])

    def token_scale(self, consumption_id: str) -> int | None:
        """The ``token.subunit_to_unit`` of a consumption, from its newest stored frame
        that has one (``None`` when none does)."""
        rows = self._fetch(
            "SELECT s FROM (SELECT CASE WHEN f.kind = 'recovered' "
            "THEN f.raw::jsonb #>> '{token,subunit_to_unit}' "
            "ELSE f.raw::jsonb #>> '{data,token,subunit_to_unit}' END AS s, f.seq "
            "FROM frames f WHERE f.consumption_id = %s AND f.kind IN ('frame', 'recovered') "
            "AND f.json_ok) AS scales WHERE s IS NOT NULL ORDER BY seq DESC LIMIT 1",
            (consumption_id,),
        )
        if not rows:
            return None
        text = str(rows[0][0])
        return int(text) if text.isdigit() and int(text) > 0 else None

    def gaps(self, limit: int = 500) -> list[dict[str, Any]]:
        rows = self._fetch(
            "SELECT at_ms, start_ms, end_ms, channels, recoverable FROM gaps "
            "ORDER BY id DESC LIMIT %s",
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
        yield from self._iter_table(
            "id, at_ms, topic, state, reason", "channel_states", since, until, batch
        )

    def channel_states(self, topic: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
        where, params = ("", []) if topic is None else (" WHERE topic = %s", [topic])
        rows = self._fetch(
            f"SELECT at_ms, topic, state, reason FROM channel_states{where} "
            "ORDER BY id DESC LIMIT %s",
            (*params, limit),
        )
        return [
            {"at": from_epoch_ms(at_ms), "topic": t, "state": state, "reason": reason}
            for at_ms, t, state, reason in rows
        ]

    def _iter_table(
        self, columns: str, table: str, since: datetime | None, until: datetime | None, batch: int
    ) -> Iterator[Any]:
        # ``columns`` and ``table`` are this module's constants, never user text.
        where, params = _range_conditions(None, since, until)
        where = f"{where} AND id > %s" if where else " WHERE id > %s"
        after = 0
        while True:
            rows = self._fetch(
                f"SELECT {columns} FROM {table}{where} ORDER BY id LIMIT %s",
                (*params, after, batch),
            )
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1][0]


def _frame_conditions(wanted: FrameFilter) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if wanted.consumption_id:
        conditions.append("f.consumption_id = %s")
        params.append(wanted.consumption_id)
    if wanted.topic:
        if wanted.topic.endswith(":"):
            conditions.append("f.topic >= %s AND f.topic < %s")
            params.extend([wanted.topic, wanted.topic[:-1] + ";"])
        else:
            conditions.append("f.topic = %s")
            params.append(wanted.topic)
    if wanted.event:
        conditions.append("f.event = %s")
        params.append(wanted.event)
    if wanted.direction:
        conditions.append("f.direction = %s")
        params.append(wanted.direction)
    if wanted.since is not None:
        conditions.append("f.at_ms >= %s")
        params.append(to_epoch_ms(wanted.since))
    if wanted.until is not None:
        conditions.append("f.at_ms < %s")
        params.append(to_epoch_ms(wanted.until))
    if wanted.where is not None:
        translated = wanted.where.sql(POSTGRESQL)
        conditions.append(f"({pg_placeholders(translated.maybe)})")
        params.extend(translated.maybe_params)
    return conditions, params


def _range_conditions(
    consumption_id: str | None, since: datetime | None, until: datetime | None
) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if consumption_id:
        conditions.append("consumption_id = %s")
        params.append(consumption_id)
    if since is not None:
        conditions.append("at_ms >= %s")
        params.append(to_epoch_ms(since))
    if until is not None:
        conditions.append("at_ms < %s")
        params.append(to_epoch_ms(until))
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def _range(column: str, since_ms: int | None, until_ms: int | None) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if since_ms is not None:
        parts.append(f"{column} >= %s")
        params.append(since_ms)
    if until_ms is not None:
        parts.append(f"{column} < %s")
        params.append(until_ms)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def pg_statistics(fetch: Fetch, since_ms: int | None, until_ms: int | None) -> Statistics:
    """The supervisor's figures (as ``stats.statistics`` makes them from SQLite): the
    consumptions whose current status was seen in the range, and the decisions (first
    approve/reject per operator per consumption) made in it."""
    where, params = _range("status_ms", since_ms, until_ms)
    by_token_status: list[TokenStatus] = []
    failures: dict[str, int] = {}
    for token, status, count, subunits, scale in fetch(
        "SELECT coalesce(token, ''), status, count(*), coalesce(sum(amount), 0), max(scale) "
        f"FROM consumption_stats{where} GROUP BY 1, 2 ORDER BY 1, 2",
        params,
    ):
        by_token_status.append(
            TokenStatus(
                str(token),
                str(status),
                int(count),
                int(subunits),
                None if scale is None else int(scale),
            )
        )
    failed_where = where + (" AND " if where else " WHERE ") + "status = 'failed'"
    for code, count in fetch(
        f"SELECT coalesce(error_code, ''), count(*) FROM consumption_stats{failed_where} "
        "GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    ):
        failures[str(code)] = int(count)
    expiries = sum(row.count for row in by_token_status if row.status == "expired")
    where, params = _range("decided_ms", since_ms, until_ms)
    per: dict[tuple[str, str], list[int]] = {}
    for os_user, profile, waited in fetch(
        f"SELECT os_user, profile, waited_ms FROM approval_times{where}", params
    ):
        per.setdefault((str(os_user), str(profile)), []).append(int(waited))
    operators = []
    for (os_user, profile), times in sorted(per.items()):
        times.sort()
        operators.append(
            OperatorTimes(
                os_user,
                profile,
                len(times),
                percentile(times, 0.5),
                percentile(times, 0.9),
                times[-1],
            )
        )
    return Statistics(since_ms, until_ms, by_token_status, operators, expiries, failures)
