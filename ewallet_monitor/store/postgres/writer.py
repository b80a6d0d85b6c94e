"""The shared store's writer: keyed rows to PostgreSQL, or to the local spool while the
database cannot be reached.

:class:`PostgresWriter` is the second :class:`~ewallet_monitor.store.writer.EventWriter`
(the first is SQLite's): the same queue and writer loop carry batches to it, in a thread
or in the writer process, and it turns each batch into keyed rows
(:mod:`~ewallet_monitor.store.postgres.rows`) written in one transaction
(:func:`write_rows`). When the database cannot be reached (at start or later) the rows go
to the :class:`~ewallet_monitor.store.postgres.spool.Spool` instead and its
:meth:`~PostgresWriter.status` says so (``reachable``, ``spooled``: the transport's status
channel carries it to the window's status bar); every ``pg_retry_interval`` its background
step tries again, and once the database answers it writes the spool back, oldest first,
before anything newer. Nothing is lost, nothing is stored twice.

Frames go through a temporary staging table (one ``COPY``), then into ``frames`` with
``ON CONFLICT (event_key) DO NOTHING`` and into ``frame_desks`` for every row received,
new or not. The other tables are inserted the same way on their ``row_key``. Writers of
several desks take one advisory lock per transaction: their batches overlap (the same
broadcasts), and taking the rows' unique-index locks in different orders would deadlock;
a batch holds the lock for a few milliseconds.
"""

from __future__ import annotations

import logging
import math
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from ewallet_monitor.pipeline_limits import DEFAULT_STORE_LIMITS, StoreLimits
from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.store.items import AuditRow, OutcomeRow, WriteItem
from ewallet_monitor.store.postgres.desks import os_user
from ewallet_monitor.store.postgres.migrations import (
    PgSchemaError,
    connect_and_migrate,
    migrate,
)
from ewallet_monitor.store.postgres.rows import KeyMaker, PgRows, keyed_frame, pg_cells
from ewallet_monitor.store.postgres.spool import Spool
from ewallet_monitor.store.postgres.url import StoreUrl
from ewallet_monitor.store.reader import StoreError
from ewallet_monitor.store.rows import RowBatch, add_event
from ewallet_monitor.store.writer import AUDIT_TEXT_COLUMNS, Load, WriterStatus

log = logging.getLogger("ewallet_monitor.store.postgres.store")

# pg_advisory_xact_lock's key for history writes ("ewwr" in ASCII).
WRITE_LOCK_KEY = 0x65777772

FRAME_COLUMNS = (
    "event_key, desk, at_ms, direction, kind, topic, event, ref, consumption_id, status, "
    "error_code, reason, raw, json_ok, body"
)
_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS incoming_frames ("
    " n integer, event_key bytea, desk text, at_ms bigint, direction text, kind text,"
    " topic text, event text, ref text, consumption_id text, status text, error_code text,"
    " reason text, raw text, json_ok boolean, body text, desk_id uuid) ON COMMIT DELETE ROWS"
)
_COPY = f"COPY incoming_frames (n, {FRAME_COLUMNS}, desk_id) FROM STDIN"
_INSERT_FRAMES = (
    f"INSERT INTO frames ({FRAME_COLUMNS}) SELECT {FRAME_COLUMNS} FROM incoming_frames "
    "ORDER BY n ON CONFLICT (event_key) DO NOTHING"
)
# A desk id the database does not know yet (the desk's window registers it, but a
# headless store or rows spooled in an earlier run may come first) gets a stopped desks
# row, so every frame_desks row names a desk; a desk registering later takes it over.
_INSERT_DESKS = (
    "INSERT INTO desks (desk_id, name, os_user, host, pid, kind, stopped_at) "
    "SELECT DISTINCT ON (desk_id) desk_id, desk, %s, %s, 0, 'store', now() "
    "FROM incoming_frames ORDER BY desk_id ON CONFLICT (desk_id) DO NOTHING"
)
_INSERT_FRAME_DESKS = (
    "INSERT INTO frame_desks (seq, desk_id, at_ms) SELECT f.seq, i.desk_id, i.at_ms "
    "FROM incoming_frames i JOIN frames f ON f.event_key = i.event_key "
    "ON CONFLICT DO NOTHING"
)
_INSERTS = {
    "gaps": "INSERT INTO gaps (row_key, desk, at_ms, start_ms, end_ms, channels, recoverable) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (row_key) DO NOTHING",
    "channel_states": "INSERT INTO channel_states (row_key, desk, at_ms, topic, state, reason) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (row_key) DO NOTHING",
    "connection_states": "INSERT INTO connection_states "
    "(row_key, desk, at_ms, state, detail, url, retry_in, code) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (row_key) DO NOTHING",
    "notices": "INSERT INTO notices (row_key, desk, at_ms, level, text, details) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (row_key) DO NOTHING",
}
_INSERT_AUDIT = (
    "INSERT INTO audit (row_key, desk, at_ms, os_user, profile, action, consumption_id, "
    "amount, token, answer, answer_code) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (row_key) DO NOTHING"
)
# A finalized event may arrive before the action's HTTP answer (the server broadcasts
# first), so a new audit row takes the outcome already stored, if any.
_FILL_OUTCOME_FROM_FRAMES = (
    "UPDATE audit a SET outcome = f.status, outcome_code = f.error_code, "
    "outcome_at_ms = f.at_ms FROM (SELECT status, error_code, at_ms FROM frames "
    " WHERE consumption_id = %(cid)s AND event = %(event)s AND status IS NOT NULL "
    " ORDER BY seq DESC LIMIT 1) f "
    "WHERE a.row_key = %(key)s AND a.outcome IS NULL"
)
_UPDATE_OUTCOME = (
    "UPDATE audit SET outcome = %s, outcome_code = %s, outcome_at_ms = %s "
    "WHERE consumption_id = %s AND outcome IS NULL"
)


def write_rows(
    connection: psycopg.Connection[Any], rows: PgRows, *, os_user: str = "", host: str = ""
) -> None:
    """Store ``rows`` in one transaction (``connection`` outside any transaction).

    Raises what psycopg raises: :class:`psycopg.OperationalError` when the database is
    unreachable (the caller keeps the rows), another :class:`psycopg.Error` for rows the
    database refuses. ``os_user``/``host`` go on a desks row this writes for a desk id
    not registered yet.
    """
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        if rows.frames:
            cursor.execute(_STAGING)
            with cursor.copy(_COPY) as copy:
                for n, row in enumerate(rows.frames):
                    copy.write_row((n, *row))
            cursor.execute(_INSERT_FRAMES)
            cursor.execute(_INSERT_DESKS, (os_user, host))
            cursor.execute(_INSERT_FRAME_DESKS)
        for table, sql in _INSERTS.items():
            table_rows = getattr(rows, table)
            if table_rows:
                cursor.executemany(sql, table_rows)
        for audit in rows.audits:
            cursor.execute(_INSERT_AUDIT, audit)
            cursor.execute(
                _FILL_OUTCOME_FROM_FRAMES,
                {"cid": audit[6], "event": CONSUMPTION_FINALIZED, "key": audit[0]},
            )
        if rows.outcomes:
            cursor.executemany(_UPDATE_OUTCOME, rows.outcomes)


Pool = ConnectionPool[psycopg.Connection[tuple[Any, ...]]]

# Failures that mean "the database is not there" (keep the rows, spool, retry), as
# opposed to a row or statement the database refuses.
_UNREACHABLE = (psycopg.OperationalError, PoolTimeout)


def open_pool(conninfo: str, limits: StoreLimits, *, size: int, name: str) -> Pool:
    """A pool of up to ``size`` connections that keeps reconnecting for as long as the
    desk runs (an outage may last hours), opened without waiting for the database."""
    pool: Pool = ConnectionPool(
        conninfo,
        min_size=1,
        max_size=size,
        open=False,
        timeout=limits.pg_connect_timeout,
        kwargs={"connect_timeout": max(1, int(limits.pg_connect_timeout))},
        check=ConnectionPool.check_connection,
        reconnect_timeout=365 * 24 * 3600.0,
        name=name,
    )
    pool.open(wait=False)
    return pool


@dataclass(frozen=True, slots=True)
class PostgresWriterFactory:
    """Opens a :class:`PostgresWriter` writing as ``desk`` (picklable for the writer
    process). ``password`` is the one the caller looked up (keyring, or ``None`` for
    libpq's own sources: ``PGPASSFILE``)."""

    url: StoreUrl
    spool_path: Path
    desk: str
    desk_id: str
    password: str | None = field(default=None, repr=False)
    secrets: tuple[str, ...] = ()
    limits: StoreLimits = field(default=DEFAULT_STORE_LIMITS)

    def open(self) -> PostgresWriter:
        return PostgresWriter(self)

    def with_secrets(self, secrets: tuple[str, ...]) -> PostgresWriterFactory:
        return replace(self, secrets=secrets)


class PostgresWriter:
    """Writes batches as ``desk``'s rows, or to the spool while the database is away.

    Opening connects once: it migrates the schema, or learns the database is unreachable
    (then it spools), or raises :class:`StoreError` with the server's refusal.
    """

    def __init__(self, options: PostgresWriterFactory) -> None:
        self.url = options.url
        self.desk = options.desk
        self.desk_id = options.desk_id
        self._os_user = os_user()
        self._host = socket.gethostname()
        self._limits = limits = options.limits
        self._secrets = options.secrets
        self._keys = KeyMaker()
        self._migrated = False
        self._next_retry = 0.0
        self.reachable = False
        self.last_error: str | None = None
        self.dropped = 0
        self.spool = Spool(options.spool_path)
        conninfo = self.url.conninfo(options.password)
        timeout = max(1, int(limits.pg_connect_timeout))
        try:
            self._connect_first(conninfo, timeout)
        except StoreError:
            self.spool.close()
            raise
        # One connection: the loop writes one batch at a time.
        self.pool = open_pool(conninfo, limits, size=1, name=f"ewallet-store-{self.desk}")

    def _connect_first(self, conninfo: str, timeout: int) -> None:
        try:
            connect_and_migrate(conninfo, timeout)
        except PgSchemaError as exc:
            raise StoreError(f"the store {self.url.display}: {exc}") from exc
        except psycopg.Error as exc:
            if not _unreachable(exc):
                raise StoreError(
                    f"the store {self.url.display} refused: {first_line(exc)}"
                ) from exc
            self._set_unreachable(exc)
            return
        self._migrated = True
        self.reachable = self.spool.count == 0
        if not self.reachable:
            # Rows of an earlier session still spooled: written back first.
            self.last_error = "writing back events spooled while the database was unreachable"

    def status(self) -> WriterStatus:
        return WriterStatus(self.last_error, self.dropped, self.reachable, self.spool.frames)

    def set_secrets(self, secrets: tuple[str, ...]) -> None:
        self._secrets = secrets

    # -- batches --------------------------------------------------------------------------

    def rows_for(self, items: Iterable[WriteItem]) -> PgRows:
        """The keyed rows of ``items``, redacted (each row's key is taken now: a second
        call for the same items gives the desk's own rows new keys)."""
        rows = PgRows()
        for item in items:
            self._add(rows, item)
        return rows

    def write(self, items: Sequence[WriteItem]) -> None:
        rows = self.rows_for(items)
        if len(rows):
            self._store(rows)

    def _add(self, rows: PgRows, item: WriteItem) -> None:
        desk, keys, secrets = self.desk, self._keys, self._secrets
        if isinstance(item, AuditRow):
            row = list(item.row)
            for index in AUDIT_TEXT_COLUMNS:
                if row[index] is not None:
                    row[index] = redact(row[index], secrets)
            rows.audits.append(pg_cells((keys.own(), desk, *row)))
            return
        if isinstance(item, OutcomeRow):
            outcome, code, at_ms, cid = item.row
            code = None if code is None else redact(code, secrets)
            rows.outcomes.append(pg_cells((outcome, code, at_ms, cid)))
            return
        batch = RowBatch.empty()
        add_event(batch, item, secrets)
        rows.frames.extend(keyed_frame(keys, desk, self.desk_id, row) for row in batch.frames)
        rows.gaps.extend(pg_cells((keys.own(), desk, *row)) for row in batch.gaps)
        rows.channel_states.extend(pg_cells((keys.own(), desk, *r)) for r in batch.channel_states)
        rows.connection_states.extend(
            pg_cells((keys.own(), desk, *r)) for r in batch.connection_states
        )
        rows.notices.extend(pg_cells((keys.own(), desk, *row)) for row in batch.notices)
        rows.outcomes.extend(pg_cells(row) for row in batch.outcomes)

    def _store(self, rows: PgRows) -> None:
        """Write ``rows`` to the database, or to the spool while it is unreachable or the
        spool still holds older rows (order is kept)."""
        if self.reachable and not self.spool.count and self._write(rows):
            return
        self.spool.append(rows)

    def _write(self, rows: PgRows) -> bool:
        """True when written (or refused row by row); False when unreachable."""
        try:
            if not self._migrated:
                with self.pool.connection() as connection:
                    connection.autocommit = True
                    migrate(connection)
                    connection.autocommit = False
                self._migrated = True
            with self.pool.connection() as connection:
                write_rows(connection, rows, os_user=self._os_user, host=self._host)
        except _UNREACHABLE as exc:
            self._set_unreachable(exc)
            return False
        except (psycopg.Error, PgSchemaError) as exc:
            if len(rows) == 1:
                self.dropped += 1
                log.error("PostgreSQL store dropped a row: %s", first_line(exc))
                return True
            log.warning("PostgreSQL batch refused (%s); writing row by row", first_line(exc))
            return all(self._write(single) for single in _singles(rows))
        return True

    # -- between batches ------------------------------------------------------------------

    def maintain(self, deadline: float, load: Load, interrupted: Callable[[], bool]) -> float:
        """Write the spool back when the database may be back. While rows stay spooled
        the loop is asked back at the next retry (that is how a database coming back is
        noticed when nothing is being recorded), and no sooner. The shared history has no
        retention of the desk's: its database's owner keeps it."""
        if not self.spool.count:
            return math.inf
        if time.monotonic() >= self._next_retry:
            self._replay(interrupted)
        if not self.spool.count:
            return math.inf
        return max(0.0, self._next_retry - time.monotonic())

    def apply_retention(self) -> None:
        """Nothing: the shared history is kept whole (see :meth:`maintain`)."""

    def close(self) -> None:
        # A last chance for the spool (it stays on disk otherwise, for the next start),
        # unless the database was just found unreachable.
        if self.spool.count and time.monotonic() >= self._next_retry:
            self._replay(lambda: False)
        self.pool.close(timeout=5.0)
        self.spool.close()

    def _replay(self, interrupted: Callable[[], bool]) -> None:
        """Write the spool back, oldest first, while the database answers."""
        while self.spool.count:
            last_id, rows = self.spool.take(self._limits.pg_replay_rows)
            if not last_id or not self._write(rows):
                break
            self.spool.remove_upto(last_id)
            if interrupted():
                # New rows pile up: let them join the spool, in order, then continue.
                break
        if not self.spool.count and (not self.reachable or self.last_error is not None):
            if not self.reachable:
                log.warning("PostgreSQL store reachable again; the spool is written back")
            self.reachable = True
            self.last_error = None

    def _set_unreachable(self, exc: BaseException) -> None:
        self._next_retry = time.monotonic() + self._limits.pg_retry_interval
        message = f"the history database {self.url.display} is unreachable: {first_line(exc)}"
        if self.reachable or self.last_error != message:
            log.warning("%s; spooling locally", message)
        self.reachable = False
        self.last_error = message


def _unreachable(exc: BaseException) -> bool:
    """True for a failure to reach the server; False for one it answered (bad password,
    no such database…): those are the user's to fix, retrying does not help."""
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, psycopg.OperationalError) and getattr(exc, "sqlstate", None) is None


def _singles(rows: PgRows) -> Iterable[PgRows]:
    for name in PgRows.TABLES:
        for row in getattr(rows, name):
            single = PgRows()
            getattr(single, name).append(row)
            yield single


def first_line(exc: BaseException) -> str:
    """The first line of an error's text (psycopg's carry the server's context after)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = ["PostgresWriter", "PostgresWriterFactory", "first_line", "open_pool", "write_rows"]
