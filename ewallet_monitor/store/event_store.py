"""The event store: one SQLite file, written by one background thread in batches.

``record()`` only appends to a queue, so the socket loop never waits for the disk. The
writer thread (in a process of its own with ``separate_process=True``: see
:mod:`ewallet_monitor.store.writer_process`) commits what is queued at least every
``commit_interval`` seconds (default 0.1 s) in one transaction per ``batch_rows`` rows, so
after a crash or ``kill -9`` at most the last fraction of a second is missing and the file
(WAL, ``synchronous=NORMAL``) opens cleanly. Between commits it fills the text-search index
and applies retention, in small steps, so neither delays a commit by much.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import getpass
import json
import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ewallet_monitor.private_files import narrow, private_dir, private_file
from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.events import MonitorEvent
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.store.reader import EventReader, StoreError, open_connection
from ewallet_monitor.store.records import (
    AuditEntry,
    FrameFilter,
    StoredFrame,
    to_epoch_ms,
)
from ewallet_monitor.store.rows import RowBatch, add_event
from ewallet_monitor.store.schema import (
    FTS_TABLE,
    SEARCH_BODY_SQL,
    SchemaError,
    has_search_index,
    migrate,
)
from ewallet_monitor.store.stats import absorb_frames
from ewallet_monitor.store.writer_process import (
    SECRETS,
    Control,
    Marker,
    WriterLink,
    WriterOptions,
)

log = logging.getLogger(__name__)

# The commit cadence must keep a kill -9 from losing more than a second.
DEFAULT_COMMIT_INTERVAL = 0.1
DEFAULT_BATCH_ROWS = 5000
DEFAULT_RETENTION_INTERVAL = 300.0
# Rows deleted per retention step (each its own transaction, between commits).
RETENTION_CHUNK = 2000
# Time one search-index step aims at, so commits are not delayed by much.
INDEX_STEP_SECONDS = 0.04
# While frames keep arriving, indexing may use at most this share of the writer's time:
# filling the index costs ~5x more CPU per row than storing it, and on a small machine it
# would take that CPU from the socket loop. It catches up once the stream calms down.
INDEX_SHARE_WHILE_BUSY = 0.2
MAX_INDEX_STEP_ROWS = 1024
# ...and not at all while that many rows wait to be written: in a burst the writer is
# behind, and the index's share of the CPU (~25 % of the writer's time) is better spent
# keeping up; the index catches up when the burst is over.
INDEX_ONLY_BELOW_QUEUED = 1000
# ...nor while rows arrive faster than this (a burst): measured on the window's burst, the
# index steps took a fifth of the writer's CPU, which on a small machine the socket and the
# window need more. A steady monitor (tens to hundreds of events a second) keeps indexing.
INDEX_PAUSED_ABOVE_ROWS_PER_S = 2000
# The arrival rate is measured over windows of this many seconds.
RATE_WINDOW_SECONDS = 0.5
# Size retention deletes down to this fraction of max_bytes, so it does not run again
# after every few rows.
SIZE_RETENTION_TARGET = 0.9
# Back-off after the database refused a write (locked by another process, disk full…).
WRITE_RETRY_DELAY = 0.5
# How often the database size is compared with max_bytes.
SIZE_CHECK_INTERVAL = 2.0
# The writer's WAL is copied into the database (a checkpoint, with its syncs) once it holds
# this many pages (32 MB), not SQLite's default 1,000: measured on 100,000 stored frames,
# 46 -> 38 us of CPU and 67 -> 47 us of wall time per frame (every checkpoint copies the
# index pages again, and waits for the disk twice). journal_size_limit trims it after.
WAL_CHECKPOINT_PAGES = 8000
# With a writer process: how often queued items are sent to it, and at most how many per
# message. A message is pickled while holding the GIL, and ~64 frames (~256 KB) stay in
# the CPU's cache: 2.2 us per frame pickled against 3.8 at 512 a message; the headless
# pipeline (50,000-frame bursts, three pairs) ran 10-45 % faster with 64.
SHIP_INTERVAL = 0.02
SHIP_MAX_ITEMS = 64

_UPDATE_OUTCOME = (
    "UPDATE audit SET outcome = ?, outcome_code = ?, outcome_at_ms = ? "
    "WHERE consumption_id = ? AND outcome IS NULL"
)
_INSERT_AUDIT = (
    "INSERT INTO audit (at_ms, os_user, profile, action, consumption_id, amount, token, "
    "answer, answer_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
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


WAL_SUFFIXES = ("-wal", "-shm")


@dataclass(frozen=True, slots=True)
class _Audit:
    row: tuple[Any, ...]
    consumption_id: str


@dataclass(frozen=True, slots=True)
class _Outcome:
    row: tuple[Any, ...]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


class EventStore:
    """Record monitor events, the audit trail, and read them back.

    - ``record``/``record_many``/``record_audit``/``update_audit_outcome`` never block:
      they queue, and the writer thread stores. Call them from any thread.
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
      every guarantee are the same; should that process die, the writer continues as a
      thread of this process (an error is logged; what it had not committed is lost).

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
        commit_interval: float = DEFAULT_COMMIT_INTERVAL,
        batch_rows: int = DEFAULT_BATCH_ROWS,
        retention_interval: float = DEFAULT_RETENTION_INTERVAL,
        busy_timeout: float = 5.0,
        separate_process: bool = False,
        _feed: Callable[[EventStore, float], None] | None = None,
        _on_status: Callable[[EventStore], None] | None = None,
    ) -> None:
        if retention_days is not None and retention_days <= 0:
            raise ValueError("retention_days must be positive")
        if max_bytes is not None and max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.path = Path(path)
        # The database and its WAL/SHM (which SQLite creates with the database's mode) are
        # the user's only, whatever the umask or the mode an older file had.
        private_dir(self.path.parent)
        private_file(self.path)
        for suffix in WAL_SUFFIXES:
            narrow(self.path.with_name(self.path.name + suffix))
        self.retention_days = retention_days
        self.max_bytes = max_bytes
        self._commit_interval = commit_interval
        self._batch_rows = batch_rows
        self._retention_interval = retention_interval
        self._busy_timeout = busy_timeout
        self._secrets: tuple[str, ...] = ()
        self._queue: collections.deque[Any] = collections.deque()
        self._separate = separate_process
        # The writer process's pipe reader: called by the writer loop instead of waiting,
        # with the store and a timeout (it queues what arrived meanwhile), so that process
        # has one busy thread.
        self._feed = _feed
        # Told when a write fails (and is retried) and when writes succeed again: the retry
        # loop does not return to the feed, so the writer process reports last_error to its
        # parent from here, and ahead of the markers that the recovered write answers.
        self._on_status = _on_status
        self.set_secrets(secrets)
        self._os_user = _os_user()
        try:
            self._connection = self._open_writer_connection()
            migrate(self._connection)
            self._has_index = has_search_index(self._connection)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a usable database: {exc}") from exc
        except SchemaError:
            self._connection.close()
            raise
        self.reader = EventReader(self.path)
        self._wake = threading.Event()
        # Set by the shipper thread when it sleeps with nothing queued: the next item
        # queued wakes it (otherwise it would tick SHIP_INTERVAL with nothing to send).
        self._shipper_idle = False
        self._closed = False
        self._close_lock = threading.Lock()
        self._index_step_rows = 32
        self._busy = False  # the last drain wrote rows
        self._arrival_rate = 0.0  # rows per second over the last rate window
        self._window_rows = 0
        self._window_start = time.monotonic()
        self._next_index_at = 0.0  # monotonic time before which a busy writer does not index
        self._retention_due = True  # on open
        self._next_retention = time.monotonic() + retention_interval
        self._next_size_check = time.monotonic() + SIZE_CHECK_INTERVAL
        self.last_error: str | None = None
        """The last write error (``None`` once writes succeed again)."""
        self.dropped = 0
        """Rows that could not be stored at all (each is logged)."""
        self._writer: Any = None  # the writer process, while there is one
        if separate_process:
            # The schema is checked and migrated above, so errors surface here, at once.
            self._connection.close()
            link = self._start_writer_process()
            self._writer = link.process
            target: Callable[..., None] = self._ship
            args: tuple[Any, ...] = (link,)
            name = "event-store-shipper"
        else:
            target, args, name = self._run, (), "event-store-writer"
        self._thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._thread.start()
        _open_stores.add(self)

    # -- writing (any thread, never blocks) ------------------------------------------------

    def set_secrets(self, secrets: Iterable[str]) -> None:
        """Replace the strings redacted from everything stored from now on."""
        self._secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))
        if self._separate:
            # First in the queue: the writer applies them before anything still waiting,
            # as the writer thread does.
            self._queue.appendleft(Control(SECRETS, secrets=self._secrets))

    def record(self, event: MonitorEvent) -> None:
        """Queue one monitor event for storage (heartbeat RTTs are not stored)."""
        if self._closed:
            raise StoreError("the store is closed")
        queue = self._queue
        queue.append(event)
        # is_set() takes no lock; set() does, and the writer holds it while it waits.
        if self._shipper_idle or (len(queue) >= self._batch_rows and not self._wake.is_set()):
            self._wake_shipper()

    def record_many(self, events: Iterable[MonitorEvent]) -> None:
        """Queue several events at once."""
        if self._closed:
            raise StoreError("the store is closed")
        self._queue.extend(events)
        if self._shipper_idle or (len(self._queue) >= self._batch_rows and not self._wake.is_set()):
            self._wake_shipper()

    def _wake_shipper(self) -> None:
        self._shipper_idle = False
        self._wake.set()

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
        self._queue.append(_Audit(row, consumption_id))
        if self._shipper_idle:
            self._wake_shipper()

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
        self._queue.append(_Outcome((outcome, code, at_ms, consumption_id)))
        if self._shipper_idle:
            self._wake_shipper()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued before this call is committed; False on timeout."""
        if self._closed:
            return not self._thread.is_alive()
        return self._wait_marker(Marker(threading.Event()), timeout)

    def apply_retention(self, timeout: float = 60.0) -> bool:
        """Apply retention now and wait for it (it otherwise runs by itself)."""
        if self._closed:
            return False
        return self._wait_marker(Marker(threading.Event(), retention=True), timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Store everything queued, stop the writer and close the database."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        marker = Marker(threading.Event(), stop=True)
        self._queue.append(marker)
        self._wake.set()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("event store writer did not stop within %.1f s", timeout)
        else:
            self._connection.close()  # a no-op when the writer ran in its process
        self.reader.close()
        _open_stores.discard(self)

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _wait_marker(self, marker: Marker, timeout: float) -> bool:
        self._queue.append(marker)
        self._wake.set()
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

    # -- the writer process (separate_process=True) -----------------------------------------

    def _open_writer_connection(self) -> sqlite3.Connection:
        connection = open_connection(self.path, timeout=self._busy_timeout)
        connection.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        # Let the WAL shrink back after checkpoints instead of keeping its largest size.
        connection.execute("PRAGMA journal_size_limit = 67108864")
        return connection

    def _start_writer_process(self) -> WriterLink:
        options = WriterOptions(
            path=self.path,
            retention_days=self.retention_days,
            max_bytes=self.max_bytes,
            secrets=self._secrets,
            commit_interval=self._commit_interval,
            batch_rows=self._batch_rows,
            retention_interval=self._retention_interval,
            busy_timeout=self._busy_timeout,
            log_level=logging.getLogger().getEffectiveLevel(),
        )
        return WriterLink(options, on_status=self._set_status, on_lost=self._wake.set, log=log)

    def _set_status(self, last_error: str | None, dropped: int) -> None:
        # The writer process's own, reported by the link's replies thread.
        self.last_error, self.dropped = last_error, dropped

    def _ship(self, link: WriterLink) -> None:
        """Shipper thread: send what is queued to the writer process, in order. Runs the
        writer loop itself (:meth:`_run`) if that process is lost."""
        queue = self._queue
        timeout: float | None = SHIP_INTERVAL
        while True:
            self._wake.wait(timeout)
            self._wake.clear()
            if not queue and not link.lost:
                # A whole interval with nothing to send: sleep until something is queued.
                self._shipper_idle = True
                if not queue:  # queued before the flag was seen: ship it now
                    timeout = None
                    continue
            self._shipper_idle = False
            timeout = SHIP_INTERVAL
            batch: list[Any] = []
            stop = False
            while queue and not stop:
                item = queue.popleft()
                if isinstance(item, Marker):
                    batch.append(link.control_for(item))
                    stop = item.stop
                else:
                    batch.append(item)
                if len(batch) >= SHIP_MAX_ITEMS or stop or not queue:
                    if not link.send(batch):
                        self._write_here(link, unsent=batch)
                        return
                    batch = []
            if link.lost and not stop:
                self._write_here(link, unsent=[])
                return
            if stop:
                link.await_exit()
                return

    def _write_here(self, link: WriterLink, unsent: list[Any]) -> None:
        """The writer process is gone before its stop: become the writer thread. What was
        not sent is written here; what it had received and not committed is lost."""
        taken = link.take_back(unsent)
        self.last_error = (
            f"the event store's writer process stopped unexpectedly (exit code "
            f"{taken.exit_code}); writing from the application's process, the events of "
            "its last moments may be missing"
        )
        log.error("%s", self.last_error)
        self._separate = False
        if taken.secrets is not None:
            self.set_secrets(taken.secrets)
        # Back in front of the queue, in order: what was not sent (its markers where they
        # were), after the markers sent and never answered (so their waiters are released
        # once what preceded them is written here).
        self._queue.extendleft(reversed([*taken.unanswered, *taken.unsent]))
        self._connection = self._open_writer_connection()
        self._run()

    def _queue_from_feed(self, items: list[Any]) -> None:
        """For the ``_feed`` (the writer process's pipe reader, on the writer thread):
        queue items already in their queued form (events, rows, markers), in order."""
        self._queue.extend(items)

    # -- the writer thread -----------------------------------------------------------------

    def _run(self) -> None:
        feed = self._feed
        background_pending = True
        while True:
            timeout = 0.0 if background_pending else self._commit_interval
            if feed is None:
                self._wake.wait(timeout)
                self._wake.clear()
            else:
                feed(self, timeout)
            if self._drain():
                return
            budget_end = time.monotonic() + self._commit_interval
            background_pending = self._background(budget_end)
            if background_pending:
                # Leave room for records to gather: a commit per few rows costs more.
                pause = min(0.01, self._commit_interval)
                if feed is None:
                    time.sleep(pause)
                else:
                    feed(self, pause)

    def _drain(self) -> bool:
        """Write what is queued now (not what arrives meanwhile, so a steady stream
        cannot starve indexing and retention); True when a stop marker was reached."""
        queue = self._queue
        budget = len(queue)
        self._busy = budget > 0
        self._note_arrivals(budget)
        while budget > 0 and queue:
            items: list[Any] = []
            markers: list[Marker] = []
            while queue and budget > 0 and len(items) < self._batch_rows:
                item = queue.popleft()
                budget -= 1
                if isinstance(item, Marker):
                    markers.append(item)
                    # Everything before the marker must be committed before it is set.
                    break
                items.append(item)
            if items:
                self._write_with_retry(items)
            for marker in markers:
                if marker.retention:
                    self._retention_due = True
                    while self._retention_step():
                        pass
                marker.done.set()
                if marker.stop:
                    self._final_steps()
                    return True
        return False

    def _note_arrivals(self, rows: int) -> None:
        self._window_rows += rows
        now = time.monotonic()
        elapsed = now - self._window_start
        if elapsed >= RATE_WINDOW_SECONDS:
            self._arrival_rate = self._window_rows / elapsed
            self._window_rows = 0
            self._window_start = now

    def _final_steps(self) -> None:
        # Cheap, and keeps the query planner's statistics fresh for the next open.
        with contextlib.suppress(sqlite3.Error):
            self._connection.execute("PRAGMA optimize")

    def _write_with_retry(self, items: list[Any]) -> None:
        while True:
            try:
                self._write(items)
            except sqlite3.OperationalError as exc:
                # Locked by another process, disk full, I/O error: keep the rows and retry.
                self._rollback()
                self.last_error = str(exc)
                log.warning("event store write failed, retrying: %s", exc)
                self._status_changed()
                time.sleep(WRITE_RETRY_DELAY)
                continue
            except (sqlite3.Error, ValueError, TypeError) as exc:
                # A row the database cannot take (e.g. text that is not valid Unicode):
                # store the rest one by one so one bad row cannot stop the writer.
                self._rollback()
                log.warning("event store batch failed (%s); writing row by row", exc)
                for item in items:
                    try:
                        self._write([item])
                    except (sqlite3.Error, ValueError, TypeError) as row_exc:
                        self._rollback()
                        self.dropped += 1
                        log.error("event store dropped %s: %s", type(item).__name__, row_exc)
            if self.last_error is not None:
                self.last_error = None
                self._status_changed()
            return

    def _status_changed(self) -> None:
        if self._on_status is not None:
            self._on_status(self)

    def _rollback(self) -> None:
        if self._connection.in_transaction:
            self._connection.execute("ROLLBACK")

    def _write(self, items: list[Any]) -> None:
        secrets = self._secrets
        batch = RowBatch.empty()
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        for item in items:
            if isinstance(item, _Audit):
                self._flush_rows(batch)
                batch = RowBatch.empty()
                row = list(item.row)
                for index in (1, 2, 3, 4, 6, 7, 8):
                    if row[index] is not None:
                        row[index] = redact(row[index], secrets)
                cursor = connection.execute(_INSERT_AUDIT, row)
                connection.execute(
                    _FILL_OUTCOME_FROM_FRAMES,
                    (CONSUMPTION_FINALIZED, cursor.lastrowid, CONSUMPTION_FINALIZED),
                )
            elif isinstance(item, _Outcome):
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
        for sql, rows in batch.statements():
            if rows:
                connection.executemany(sql, rows)
        if before is not None:
            absorb_frames(connection, before)
        if batch.outcomes:
            connection.executemany(_UPDATE_OUTCOME, batch.outcomes)

    def _background(self, budget_end: float) -> bool:
        """Retention and index steps: at least one, then more until ``budget_end`` or
        until a batch of records is waiting. True when work is left."""
        now = time.monotonic()
        if now >= self._next_retention:
            self._retention_due = True
            self._next_retention = now + self._retention_interval
        if self.max_bytes is not None and now >= self._next_size_check:
            # Size can grow fast in a burst: check it far more often than age.
            self._next_size_check = now + SIZE_CHECK_INTERVAL
            self._retention_due = self._retention_due or self._used_bytes() > self.max_bytes
        try:
            while True:
                if self._retention_due:
                    self._retention_due = self._retention_step()
                elif self._busy and (
                    time.monotonic() < self._next_index_at
                    or len(self._queue) >= INDEX_ONLY_BELOW_QUEUED
                    or self._arrival_rate > INDEX_PAUSED_ABOVE_ROWS_PER_S
                ):
                    return True  # index later: frames are streaming in
                elif not self._index_step():
                    return False
                if time.monotonic() >= budget_end or len(self._queue) >= self._batch_rows:
                    return True
        except sqlite3.Error as exc:
            self._rollback()
            self.last_error = str(exc)
            log.warning("event store background step failed: %s", exc)
            return False

    def _index_step(self) -> bool:
        """Index the next rows not yet in the search index; False when none are left."""
        if not self._has_index:
            return False
        connection = self._connection
        (upto,) = connection.execute(
            "SELECT indexed_upto FROM search_progress WHERE id = 1"
        ).fetchone()
        (last,) = connection.execute(
            "SELECT max(seq) FROM (SELECT seq FROM frames WHERE seq > ? ORDER BY seq LIMIT ?)",
            (upto, self._index_step_rows),
        ).fetchone()
        if last is None:
            return False
        started = time.monotonic()
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, body) "
                f"SELECT seq, {SEARCH_BODY_SQL} FROM frames WHERE seq > ? AND seq <= ?",
                (upto, last),
            )
            connection.execute("UPDATE search_progress SET indexed_upto = ? WHERE id = 1", (last,))
            connection.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        finished = time.monotonic()
        elapsed = max(finished - started, 1e-4)
        self._next_index_at = finished + elapsed * (1 / INDEX_SHARE_WHILE_BUSY - 1)
        # Aim each step at INDEX_STEP_SECONDS whatever the frame sizes.
        scaled = int(self._index_step_rows * INDEX_STEP_SECONDS / elapsed)
        self._index_step_rows = max(8, min(MAX_INDEX_STEP_ROWS, scaled))
        return True

    def _retention_step(self) -> bool:
        """Delete one chunk of expired or excess frames; True when more is due."""
        connection = self._connection
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
                        "SELECT seq FROM frames WHERE at_ms < ? LIMIT ?",
                        (cutoff, RETENTION_CHUNK),
                    )
                ]
                self._delete_frames(seqs)
                more = len(seqs) == RETENTION_CHUNK
            if not more and self.max_bytes is not None:
                more = self._size_step()
            connection.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return more

    def _size_step(self) -> bool:
        connection = self._connection
        used = self._used_bytes()
        if self.max_bytes is None or used <= self.max_bytes:
            return False
        (total,) = connection.execute("SELECT count(*) FROM frames").fetchone()
        if not total:
            return False
        target = self.max_bytes * SIZE_RETENTION_TARGET
        excess_rows = int(total * (used - target) / used) + 1
        seqs = [
            row[0]
            for row in connection.execute(
                "SELECT seq FROM frames ORDER BY seq LIMIT ?",
                (min(excess_rows, RETENTION_CHUNK),),
            )
        ]
        self._delete_frames(seqs)
        if self._has_index and self._used_bytes() > target:
            # FTS5 records a deletion as a tombstone until its segments merge, so deleting
            # rows first grows the index; merging them away is what frees the pages.
            connection.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")
        return self._used_bytes() > target and len(seqs) > 0

    def _used_bytes(self) -> int:
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
            self._connection.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", rows)
        self._connection.executemany("DELETE FROM frames WHERE seq = ?", rows)


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
