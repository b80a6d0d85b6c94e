"""Events and audit actions land in the store; writes never wait for the disk."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import ServerFrame
from ewallet_monitor.store import EventStore, SchemaError, StoreError
from ewallet_monitor.store import rows as store_rows
from ewallet_monitor.store.event_store import WAL_CHECKPOINT_PAGES
from ewallet_monitor.store.records import KIND_FRAME, KIND_INVALID, KIND_RECOVERED
from ewallet_monitor.store.writer import SqliteWriterFactory
from tests.store.conftest import FLUSH_TIMEOUT, wait_until
from tests.store.samples import (
    at,
    failed_finalized,
    finalized,
    locked,
    mixed_events,
    side_events,
)


def test_every_frame_kind_lands_with_its_indexed_columns(store: EventStore) -> None:
    events = mixed_events(10)
    store.record_many(events)
    assert store.flush(FLUSH_TIMEOUT)
    stored = list(reversed(store.page(limit=100)))
    assert len(stored) == 10
    received = events[0]
    assert isinstance(received, FrameReceived)
    first = stored[0]
    assert (first.direction, first.kind) == ("in", KIND_FRAME)
    assert first.raw == received.frame.raw
    assert first.at == received.at
    assert first.topic == received.frame.topic
    assert first.event == "transaction_consumption_finalized"
    assert first.consumption_id == received.frame.data["id"]
    assert first.status == received.frame.data["status"]
    sent = stored[5]
    assert (sent.direction, sent.event, sent.ref) == ("out", "phx_join", "5")
    assert json.loads(sent.raw)["topic"] == sent.topic
    invalid = stored[6]
    assert (invalid.kind, invalid.reason, invalid.raw) == (
        KIND_INVALID,
        "not JSON: Expecting value",
        "garbage 6 <<",
    )
    recovered = stored[7]
    assert recovered.kind == KIND_RECOVERED
    assert recovered.topic.startswith("account:")
    assert recovered.consumption_id == json.loads(recovered.raw)["id"]
    failed = stored[9]
    assert (failed.status, failed.error_code) == ("failed", "transaction:insufficient_funds")
    assert failed.consumption_id == "txc_" + "9".zfill(26)
    assert store.count() == 10


def test_state_changes_gaps_and_notices_land_in_their_tables(
    store: EventStore, db_path: Path
) -> None:
    store.record_many(side_events())
    assert store.flush(FLUSH_TIMEOUT)
    gaps = store.reader.gaps()
    assert gaps == [
        {
            "at": at(5),
            "start": at(2),
            "end": at(5),
            "channels": ("user:usr_1",),
            "recoverable": True,
        }
    ]
    assert store.reader.channel_states()[0]["state"] == "joined"
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT state, url FROM connection_states").fetchall() == [
            ("connected", "ws://127.0.0.1/api/admin/socket")
        ]
        assert connection.execute("SELECT text, details FROM notices").fetchall() == [
            ("reconciled 2 consumptions", '{"count":2}')
        ]
    assert store.count() == 0  # a heartbeat RTT is not history


def test_an_audit_action_gets_its_outcome_when_the_finalized_event_follows(
    store: EventStore,
) -> None:
    answer = {"version": "1", "success": True, "data": {"id": "txc_a", "status": "confirmed"}}
    store.record_audit(
        action="approve",
        consumption_id="txc_a",
        answer=answer,
        amount=12 * 10**20,
        token="OMG",
        profile="shop",
        os_user="cashier1",
    )
    assert store.flush(FLUSH_TIMEOUT)
    (entry,) = store.audit_entries()
    assert (entry.action, entry.answer_code, entry.outcome) == ("approve", "ok", None)
    assert entry.amount == 12 * 10**20  # beyond 64 bits, kept exact
    store.record(finalized("txc_a", "confirmed", at(3)))
    assert store.flush(FLUSH_TIMEOUT)
    (entry,) = store.audit_entries()
    assert (entry.outcome, entry.outcome_at) == ("confirmed", at(3))


def test_an_audit_action_takes_an_outcome_that_arrived_before_the_answer(
    store: EventStore,
) -> None:
    # The server broadcasts the finalized event before the HTTP answer returns.
    store.record(failed_finalized("txc_b", at(1)))
    store.record_audit(
        action="approve",
        consumption_id="txc_b",
        answer={
            "success": False,
            "data": {"object": "error", "code": "transaction:insufficient_funds"},
        },
    )
    assert store.flush(FLUSH_TIMEOUT)
    (entry,) = store.audit_entries("txc_b")
    assert entry.answer_code == "transaction:insufficient_funds"
    assert (entry.outcome, entry.outcome_code) == ("failed", "transaction:insufficient_funds")
    assert entry.os_user  # the logged-in user by default


def test_update_audit_outcome_fills_only_entries_without_one(store: EventStore) -> None:
    store.record_audit(action="reject", consumption_id="txc_c", answer_code="ok")
    store.update_audit_outcome("txc_c", "rejected", at=at(9))
    store.update_audit_outcome("txc_c", "confirmed")  # too late: already has one
    assert store.flush(FLUSH_TIMEOUT)
    (entry,) = store.audit_entries()
    assert (entry.outcome, entry.outcome_at) == ("rejected", at(9))


@pytest.mark.parametrize("separate_process", [False, True], ids=["thread", "writer process"])
def test_record_returns_while_another_process_holds_the_write_lock(
    db_path: Path, separate_process: bool
) -> None:
    with EventStore(
        db_path, commit_interval=0.01, busy_timeout=0.05, separate_process=separate_process
    ) as store:
        with locked(db_path):
            store.record_many(mixed_events(50))  # returns at once: only queued
            assert not store.flush(0.3)
            # A writer process reports the error while it retries, not only between writes
            # (the lock is still held; a busy machine may take a moment to get there).
            wait_until(lambda: store.last_error is not None)
        assert store.flush(FLUSH_TIMEOUT)
        assert store.count() == 50
        assert store.last_error is None


def test_a_row_the_database_refuses_is_dropped_alone(
    store: EventStore, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    if request.node.callspec.params["store"] == "writer process":
        pytest.skip("a monkeypatch cannot reach the writer process (same writer code)")
    # Without the UTF-8 clean-up a lone surrogate cannot be encoded for SQLite.
    monkeypatch.setattr(store_rows, "storable", lambda text: text)
    events = mixed_events(3)
    frame = ServerFrame("t", "e", None, None, True, None, raw="\ud800")
    bad = FrameReceived(frame, at(1))
    store.record_many([events[0], bad, events[1]])
    assert store.flush(FLUSH_TIMEOUT)
    assert store.count() == 2
    assert store.dropped == 1


def test_a_lone_surrogate_is_stored_escaped_not_dropped(store: EventStore) -> None:
    frame = ServerFrame("t", "e", None, {"status": "\ud800"}, True, None, raw="\ud800")
    store.record(FrameReceived(frame, at(1)))
    assert store.flush(FLUSH_TIMEOUT)
    assert store.dropped == 0
    assert store.count() == 1


def test_record_after_close_is_refused(db_path: Path) -> None:
    store = EventStore(db_path)
    store.close()
    with pytest.raises(StoreError):
        store.record(mixed_events(1)[0])


def test_closing_stores_what_is_still_queued(db_path: Path) -> None:
    store = EventStore(db_path, commit_interval=5.0)
    store.record_many(mixed_events(20))
    store.close()
    with EventStore(db_path) as reopened:
        assert reopened.count() == 20


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable database"):
        EventStore(path)


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE something (x)")
    with pytest.raises(SchemaError, match="not an ewallet-monitor"):
        EventStore(path)


def test_the_writer_checkpoints_its_wal_in_large_steps(db_path: Path) -> None:
    """SQLite's default copies the WAL into the database every 1,000 pages; the writer's
    connection waits for WAL_CHECKPOINT_PAGES (a checkpoint per 4 MB cost a third of a
    burst's write time). Both transports open their writer from the same factory."""
    EventStore(db_path).close()
    writer = SqliteWriterFactory(db_path).open()
    try:
        connection = writer.connection
        pages = connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        assert pages == WAL_CHECKPOINT_PAGES > 1000
        assert connection.execute("PRAGMA journal_size_limit").fetchone()[0] == 64 * 2**20
    finally:
        writer.close()
