"""The PostgreSQL event store: the SQLite store's interface, several desks on one database.

``record``/``record_many``/``record_audit``/``update_audit_outcome`` only queue (any
thread, never blocking); one writer thread turns what is queued into keyed rows
(:mod:`~ewallet_monitor.store.postgres.rows`) and writes them every ``commit_interval``
in one transaction through a psycopg connection pool
(:func:`~ewallet_monitor.store.postgres.writer.write_rows`). Reads use the same pool.

When the database cannot be reached (at start or later), the rows go to the local
:class:`~ewallet_monitor.store.postgres.spool.Spool` instead and the store says so
(:attr:`PostgresStore.reachable`, :attr:`PostgresStore.spooled`, ``on_state``); every
``retry_interval`` it tries again, and once the database answers it writes the spool back,
oldest first, before anything newer. Nothing is lost, nothing is stored twice.
"""

from __future__ import annotations

import collections
import getpass
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.events import MonitorEvent
from ewallet_monitor.store.postgres.migrations import PgSchemaError, migrate
from ewallet_monitor.store.postgres.reader import PostgresReader
from ewallet_monitor.store.postgres.rows import KeyMaker, PgRows, keyed_frame, pg_cells
from ewallet_monitor.store.postgres.spool import SPOOL_NAME, Spool
from ewallet_monitor.store.postgres.url import (
    PasswordSource,
    StoreUrl,
    keyring_password,
    parse_store_url,
)
from ewallet_monitor.store.postgres.writer import write_rows
from ewallet_monitor.store.reader import StoreError
from ewallet_monitor.store.records import AuditEntry, FrameFilter, StoredFrame, to_epoch_ms
from ewallet_monitor.store.rows import RowBatch, add_event

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PgStoreOptions:
    """The PostgreSQL store's pipeline policy, in one place."""

    commit_interval: float = 0.1
    batch_rows: int = 5000
    # How often an unreachable database is tried again.
    retry_interval: float = 1.0
    # Rows written back from the spool per transaction.
    replay_rows: int = 5000
    connect_timeout: float = 5.0
    pool_min: int = 1
    pool_max: int = 4


@dataclass(frozen=True, slots=True)
class _Audit:
    row: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class _Outcome:
    row: tuple[Any, ...]


@dataclass(slots=True)
class _Marker:
    done: threading.Event
    stop: bool = False


# Failures that mean "the database is not there" (keep the rows, spool, retry), as
# opposed to a row or statement the database refuses.
_UNREACHABLE = (psycopg.OperationalError, PoolTimeout)


def default_desk() -> str:
    """This desk's name when none is given: ``user@host``."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def _unreachable(exc: BaseException) -> bool:
    """True for a failure to reach the server; False for one it answered (bad password,
    no such database…): those are the user's to fix, retrying does not help."""
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, psycopg.OperationalError) and getattr(exc, "sqlstate", None) is None


class PostgresStore:
    """Record monitor events and the audit trail in PostgreSQL; read them back.

    The same calls as :class:`~ewallet_monitor.store.EventStore`. ``desk`` names this
    desk in ``frame_desks`` and on its rows. ``spool_dir`` is where the outage spool lives
    (the desk's data folder). ``on_state`` is called from the writer thread whenever
    :attr:`reachable` or :attr:`spooled` changes (marshal it to the GUI thread yourself).

    Raises :class:`StoreError` when the server answers but refuses (a wrong password, no
    such database, a schema from a newer release); an unreachable server is no error: the
    store starts spooling.
    """

    def __init__(
        self,
        url: StoreUrl | str,
        *,
        spool_dir: Path | str,
        desk: str | None = None,
        secrets: Iterable[str] = (),
        options: PgStoreOptions | None = None,
        password: PasswordSource = keyring_password,
        on_state: Callable[[PostgresStore], None] | None = None,
    ) -> None:
        self.url = parse_store_url(url) if isinstance(url, str) else url
        self.options = options or PgStoreOptions()
        self.desk = desk or default_desk()
        self.on_state = on_state
        self._secrets: tuple[str, ...] = ()
        self.set_secrets(secrets)
        self._os_user = default_desk().split("@", 1)[0]
        self._keys = KeyMaker()
        self._queue: collections.deque[Any] = collections.deque()
        self._wake = threading.Event()
        self._closed = False
        self._close_lock = threading.Lock()
        self.last_error: str | None = None
        """Why the database is unreachable or refused the last write (None when fine)."""
        self.dropped = 0
        """Rows the database refused (each is logged); never rows lost to an outage."""
        self.spool = Spool(Path(spool_dir) / SPOOL_NAME)
        self._migrated = False
        self._next_retry = 0.0
        conninfo = self.url.conninfo(password(self.url))
        self.pool: ConnectionPool[psycopg.Connection[tuple[Any, ...]]] = ConnectionPool(
            conninfo,
            min_size=self.options.pool_min,
            max_size=self.options.pool_max,
            open=False,
            timeout=self.options.connect_timeout,
            kwargs={"connect_timeout": max(1, int(self.options.connect_timeout))},
            check=ConnectionPool.check_connection,
            # Keep trying for as long as the desk runs: an outage may last hours.
            reconnect_timeout=365 * 24 * 3600.0,
            name=f"ewallet-store-{self.desk}",
        )
        self.reachable = False
        self._connect_first(conninfo)
        self.pool.open(wait=False)
        self.reader = PostgresReader(self.pool, self.url)
        self._thread = threading.Thread(target=self._run, name="pg-store-writer", daemon=True)
        self._thread.start()

    # -- opening ------------------------------------------------------------------------------

    def _connect_first(self, conninfo: str) -> None:
        """One direct connection: migrate now, or learn that the server is unreachable
        (then spool), or refuse with the server's reason."""
        try:
            with psycopg.connect(
                conninfo, autocommit=True, connect_timeout=max(1, int(self.options.connect_timeout))
            ) as connection:
                migrate(connection)
        except PgSchemaError as exc:
            self.spool.close()
            raise StoreError(f"the store {self.url.display}: {exc}") from exc
        except psycopg.Error as exc:
            if not _unreachable(exc):
                self.spool.close()
                raise StoreError(
                    f"the store {self.url.display} refused: {_first_line(exc)}"
                ) from exc
            self._set_unreachable(exc)
            return
        self._migrated = True
        self.reachable = self.spool.count == 0
        if not self.reachable:
            # Rows of an earlier session still spooled: written back first.
            self.last_error = "writing back events spooled while the database was unreachable"

    # -- writing (any thread, never blocks) ---------------------------------------------------

    def set_secrets(self, secrets: Iterable[str]) -> None:
        """Replace the strings redacted from everything stored from now on."""
        self._secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))

    def record(self, event: MonitorEvent) -> None:
        if self._closed:
            raise StoreError("the store is closed")
        self._queue.append(event)

    def record_many(self, events: Iterable[MonitorEvent]) -> None:
        for event in events:
            self.record(event)

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
        """Queue one operator action (see ``EventStore.record_audit``)."""
        from ewallet_monitor.store.event_store import _answer_code

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
        self._queue.append(_Audit(row))
        self._wake.set()

    def update_audit_outcome(
        self,
        consumption_id: str,
        outcome: str,
        *,
        code: str | None = None,
        at: datetime | None = None,
    ) -> None:
        if self._closed:
            raise StoreError("the store is closed")
        at_ms = to_epoch_ms(at or datetime.now(UTC))
        self._queue.append(_Outcome((outcome, code, at_ms, consumption_id)))
        self._wake.set()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued before this call is stored — in PostgreSQL, or
        in the spool while it is unreachable; False on timeout."""
        if self._closed:
            return not self._thread.is_alive()
        marker = _Marker(threading.Event())
        self._queue.append(marker)
        self._wake.set()
        return marker.done.wait(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Store what is queued (or spool it), stop the writer, close the pool."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._queue.append(_Marker(threading.Event(), stop=True))
        self._wake.set()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("PostgreSQL store writer did not stop within %.1f s", timeout)
        self.pool.close(timeout=5.0)
        self.spool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def pending(self) -> int:
        """Items queued and not yet written (the spool not counted)."""
        return len(self._queue)

    @property
    def spooled(self) -> int:
        """Events (frames) in the local spool, waiting for the database."""
        return self.spool.frames

    @property
    def status_text(self) -> str:
        """What the status bar says about the history database ("" when all is well)."""
        if not self.reachable:
            return f"History database unreachable — spooling locally ({self.spooled} events)"
        if self.spool.count:
            return f"History database back — writing back {self.spooled} spooled events"
        return ""

    # -- reading (the reader, on the pool) ----------------------------------------------------

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
        return self.reader.page(before_seq, limit)

    def count(self, wanted: FrameFilter | None = None) -> int:
        return self.reader.count(wanted)

    def audit_entries(
        self, consumption_id: str | None = None, limit: int = 500
    ) -> list[AuditEntry]:
        return self.reader.audit_entries(consumption_id=consumption_id, limit=limit)

    # -- the writer thread --------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            self._wake.wait(self.options.commit_interval)
            self._wake.clear()
            if self._drain():
                return
            if self.spool.count and time.monotonic() >= self._next_retry:
                self._replay()

    def _drain(self) -> bool:
        """Write what is queued; True when the stop marker was reached."""
        queue = self._queue
        while queue:
            rows = PgRows()
            markers: list[_Marker] = []
            taken = 0
            while queue and taken < self.options.batch_rows:
                item = queue.popleft()
                if isinstance(item, _Marker):
                    markers.append(item)
                    break
                self._add(rows, item)
                taken += 1
            if len(rows):
                self._store(rows)
            for marker in markers:
                if marker.stop:
                    # A last chance for the spool, then stop (it stays on disk otherwise).
                    if self.spool.count:
                        self._replay()
                    marker.done.set()
                    return True
                marker.done.set()
        return False

    def _add(self, rows: PgRows, item: Any) -> None:
        desk, keys, secrets = self.desk, self._keys, self._secrets
        if isinstance(item, _Audit):
            row = list(item.row)
            for index in (1, 2, 3, 4, 6, 7, 8):
                if row[index] is not None:
                    row[index] = redact(row[index], secrets)
            rows.audits.append(pg_cells((keys.own(), desk, *row)))
            return
        if isinstance(item, _Outcome):
            outcome, code, at_ms, cid = item.row
            code = None if code is None else redact(code, secrets)
            rows.outcomes.append(pg_cells((outcome, code, at_ms, cid)))
            return
        batch = RowBatch.empty()
        add_event(batch, item, secrets)
        rows.frames.extend(keyed_frame(keys, desk, row) for row in batch.frames)
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
        self._state_changed()

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
                write_rows(connection, rows)
        except _UNREACHABLE as exc:
            self._set_unreachable(exc)
            return False
        except (psycopg.Error, PgSchemaError) as exc:
            if len(rows) == 1:
                self.dropped += 1
                log.error("PostgreSQL store dropped a row: %s", _first_line(exc))
                return True
            log.warning("PostgreSQL batch refused (%s); writing row by row", _first_line(exc))
            return all(self._write(single) for single in _singles(rows))
        return True

    def _replay(self) -> None:
        """Write the spool back, oldest first, while the database answers."""
        changed = False
        while self.spool.count:
            last_id, rows = self.spool.take(self.options.replay_rows)
            if not last_id:
                break
            if not self._write(rows):
                break
            self.spool.remove_upto(last_id)
            changed = True
            if self._queue and len(self._queue) >= self.options.batch_rows:
                # New rows pile up: let them join the spool, in order, then continue.
                break
        if not self.spool.count and not self.reachable:
            self.reachable = True
            self.last_error = None
            log.warning("PostgreSQL store reachable again; the spool is written back")
            changed = True
        elif not self.spool.count and self.last_error is not None:
            self.last_error = None
            changed = True
        if changed:
            self._state_changed()

    def _set_unreachable(self, exc: BaseException) -> None:
        self._next_retry = time.monotonic() + self.options.retry_interval
        message = f"the history database {self.url.display} is unreachable: {_first_line(exc)}"
        if self.reachable or self.last_error != message:
            log.warning("%s; spooling locally", message)
        self.reachable = False
        self.last_error = message
        self._state_changed()

    def _state_changed(self) -> None:
        if self.on_state is not None:
            try:
                self.on_state(self)
            except Exception:  # a listener's bug must not stop the writer
                log.exception("PostgreSQL store state listener failed")


def _singles(rows: PgRows) -> Iterable[PgRows]:
    for name in PgRows.TABLES:
        for row in getattr(rows, name):
            single = PgRows()
            getattr(single, name).append(row)
            yield single


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_pg_reader(
    url: StoreUrl | str, *, password: PasswordSource = keyring_password, connect_timeout: int = 5
) -> PostgresReader:
    """A reader on the PostgreSQL store (``stats``, ``export``), its schema brought up to
    date first. :class:`StoreError` when it cannot be reached or refuses."""
    parsed = parse_store_url(url) if isinstance(url, str) else url
    conninfo = parsed.conninfo(password(parsed))
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=connect_timeout) as conn:
            migrate(conn)
    except PgSchemaError as exc:
        raise StoreError(f"the store {parsed.display}: {exc}") from exc
    except psycopg.Error as exc:
        raise StoreError(f"the store {parsed.display}: {_first_line(exc)}") from exc
    pool: ConnectionPool[psycopg.Connection[tuple[Any, ...]]] = ConnectionPool(
        conninfo,
        min_size=1,
        max_size=2,
        open=True,
        timeout=float(connect_timeout),
        kwargs={"connect_timeout": connect_timeout},
    )
    return PostgresReader(pool, parsed, owns_pool=True)


# psycopg_pool logs every failed connection attempt at WARNING; during an outage the
# store says it once itself (and in the status bar), so only errors of the pool show.
logging.getLogger("psycopg.pool").setLevel(logging.ERROR)
