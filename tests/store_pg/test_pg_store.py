"""The PostgreSQL store: the same rows as the SQLite store, one copy of an event that
several desks received, idempotent writes, and text search on the trigram index."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import decode_server_frame, encode_server_frame
from ewallet_monitor.query import compile_query
from ewallet_monitor.store import EventStore, FrameFilter
from ewallet_monitor.store.postgres import PostgresStore, parse_store_url
from ewallet_monitor.store.postgres.rows import legacy_desk_id
from ewallet_monitor.store.postgres.writer import PostgresWriterFactory, write_rows
from tests.store.samples import at, consumption_received, finalized, mixed_events, side_events
from tests.store_pg.conftest import FAST, WAIT, no_password

Opener = Callable[..., PostgresStore]


def _frame(
    topic: str, event: str, ref: str | None, data: dict[str, object], seconds: float
) -> FrameReceived:
    decoded = decode_server_frame(encode_server_frame(topic, event, ref, data))
    assert isinstance(decoded, object) and not hasattr(decoded, "reason")
    return FrameReceived(decoded, at(seconds))  # type: ignore[arg-type]


def test_every_kind_of_event_reads_back_as_from_sqlite(open_store: Opener, tmp_path: Path) -> None:
    events = mixed_events(40) + side_events()
    store = open_store()
    store.record_many(events)
    assert store.flush(WAIT)
    with EventStore(tmp_path / "sqlite" / "events.sqlite3") as sqlite:
        sqlite.record_many(events)
        assert sqlite.flush(WAIT)
        expected = [
            (
                f.at,
                f.direction,
                f.kind,
                f.topic,
                f.event,
                f.ref,
                f.consumption_id,
                f.status,
                f.error_code,
                f.reason,
                f.raw,
            )
            for f in sqlite.reader.iter_frames()
        ]
        expected_gaps = list(sqlite.reader.gaps())
        expected_states = list(sqlite.reader.channel_states())
    got = [
        (
            f.at,
            f.direction,
            f.kind,
            f.topic,
            f.event,
            f.ref,
            f.consumption_id,
            f.status,
            f.error_code,
            f.reason,
            f.raw,
        )
        for f in store.reader.iter_frames()
    ]
    assert got == expected and len(got) == 40
    assert store.count() == 40
    assert store.reader.gaps() == expected_gaps
    assert store.reader.channel_states() == expected_states
    newest = store.page(limit=5)
    assert [f.seq for f in newest] == sorted((f.seq for f in newest), reverse=True)
    assert store.page(before_seq=newest[-1].seq, limit=1)[0].seq < newest[-1].seq


def test_one_broadcast_received_by_two_desks_is_stored_once_with_both(open_store: Opener) -> None:
    first, second = open_store("desk-1"), open_store("desk-2")
    push = _frame("user:usr_1", "transaction_consumption_request", None, {"id": "txc_1"}, 1)
    reply = _frame("user:usr_1", "phx_reply", "1", {"status": "ok"}, 1)
    for store in (first, second):
        store.record(push)
        store.record(reply)
        assert store.flush(WAIT)
    stored = first.reader.search(topic="user:usr_1")
    assert sorted(f.event for f in stored) == [
        "phx_reply",
        "phx_reply",
        "transaction_consumption_request",
    ]
    shared = next(f for f in stored if f.event == "transaction_consumption_request")
    assert first.reader.desks_of(shared.seq) == ["desk-1", "desk-2"]
    # Each desk's reply is its own.
    assert [len(first.reader.desks_of(f.seq)) for f in stored if f.event == "phx_reply"] == [1, 1]


def test_the_same_text_broadcast_again_is_a_new_event(open_store: Opener) -> None:
    first, second = open_store("desk-1"), open_store("desk-2")
    again = _frame(
        "user:usr_1",
        "transaction_consumption_finalized",
        None,
        {"id": "txc_1", "status": "confirmed"},
        1,
    )
    for store in (first, second):
        store.record(again)
        store.record(again)
        assert store.flush(WAIT)
    assert first.count() == 2


def test_rows_written_twice_are_stored_once(pg_database: str, tmp_path: Path) -> None:
    writer = PostgresWriterFactory(
        parse_store_url(pg_database),
        spool_path=tmp_path / "spool.sqlite3",
        desk="desk-1",
        desk_id=legacy_desk_id("desk-1"),
    ).open()
    try:
        rows = writer.rows_for(mixed_events(20) + side_events())
    finally:
        writer.close()
    with psycopg.connect(pg_database) as conn:
        write_rows(conn, rows)
        write_rows(conn, rows)
        counts = [
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()
            for t in (
                "frames",
                "frame_desks",
                "gaps",
                "channel_states",
                "connection_states",
                "notices",
            )
        ]
    assert counts == [(20,), (20,), (1,), (1,), (1,), (1,)]


def test_two_desks_of_one_name_are_two_desks_that_received_a_broadcast(
    pg_database: str, tmp_path: Path
) -> None:
    push = _frame("user:usr_1", "transaction_consumption_request", None, {"id": "txc_1"}, 1)
    stores = [
        PostgresStore(
            pg_database,
            spool_dir=tmp_path / f"till-{n}",
            desk="Till",
            limits=FAST,
            password=no_password,
        )
        for n in (1, 2)
    ]
    try:
        for store in stores:
            store.record(push)
            assert store.flush(WAIT)
        (stored,) = stores[0].reader.search(topic="user:usr_1")
        assert stores[0].reader.desks_of(stored.seq) == ["Till", "Till"]
    finally:
        for store in stores:
            store.close()
    with psycopg.connect(pg_database) as conn:
        ids = conn.execute("SELECT desk_id::text FROM frame_desks ORDER BY at_ms").fetchall()
    assert sorted(i for (i,) in ids) == sorted(store.desk_id for store in stores)


def test_audit_entries_take_their_outcome(open_store: Opener) -> None:
    store = open_store()
    store.record(finalized("txc_A", "confirmed", at(1)))
    store.record_audit(
        action="approve",
        consumption_id="txc_A",
        answer={"success": True},
        amount=10**20,
        token="tok_OMG",
    )
    store.record_audit(
        action="reject", consumption_id="txc_B", answer={"success": False, "data": {"code": "x:y"}}
    )
    assert store.flush(WAIT)
    store.update_audit_outcome("txc_B", "rejected", code="c")
    assert store.flush(WAIT)
    entries = {e.consumption_id: e for e in store.audit_entries()}
    assert entries["txc_A"].outcome == "confirmed" and entries["txc_A"].amount == 10**20
    assert entries["txc_A"].answer_code == "ok"
    assert (
        entries["txc_B"].answer_code,
        entries["txc_B"].outcome,
        entries["txc_B"].outcome_code,
    ) == ("x:y", "rejected", "c")


def test_secrets_are_never_stored(open_store: Opener, pg_database: str) -> None:
    store = open_store(secrets=["s3cr3t-key"])
    store.record(_frame("user:usr_1", "x", None, {"echo": "key s3cr3t-key here"}, 1))
    store.record_audit(action="approve", consumption_id="txc_1", answer="s3cr3t-key")
    assert store.flush(WAIT)
    with psycopg.connect(pg_database) as conn:
        dump = conn.execute("SELECT string_agg(raw || body, '') FROM frames").fetchone()
        audit = conn.execute("SELECT answer FROM audit").fetchone()
    assert dump is not None and "s3cr3t" not in dump[0]
    assert audit is not None and "s3cr3t" not in audit[0]


def test_text_search_matches_values_case_insensitively_and_literally(open_store: Opener) -> None:
    store = open_store()
    rng = random.Random(3)
    events = [consumption_received(i, rng, at(i)) for i in range(30)]
    store.record_many(events)
    store.record(_frame("user:usr_1", "x", None, {"name": "100%_Sure"}, 40))
    assert store.flush(WAIT)
    target = events[7].frame.summary_data
    assert isinstance(target, dict)
    cid = target["id"]
    assert [f.consumption_id for f in store.search(cid)] == [cid]
    assert [f.consumption_id for f in store.search(cid.upper())] == [cid]
    assert len(store.search("100%_s")) == 1
    assert store.search("100%_x") == [] and store.search("1_0") == []
    # Keys and timestamps are not searched (as in the SQLite store).
    assert store.search("subunit_to_unit") == []
    page = store.search("OmiseGO", limit=10)
    older = store.search("OmiseGO", limit=100, before_seq=page[-1].seq)
    assert len(page) == 10 and len(older) == 20


def test_filter_expressions_run_in_postgresql(open_store: Opener) -> None:
    store = open_store()
    store.record_many(mixed_events(50))
    assert store.flush(WAIT)
    for text in (
        'status == "confirmed"',
        "amount > 0",
        "amount <= 1000",
        'customer contains "SMITH"',
        "error",
        'token ~ "^OMG$"',
    ):
        query = compile_query(text)
        everything = list(store.reader.iter_frames())
        expected = [f.seq for f in everything if query.matches(f.facts())]
        got = [f.seq for f in store.reader.iter_frames(FrameFilter(where=query))]
        assert got == expected, text
        assert expected, text


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://user:pw@localhost/db", "holds a password"),
        ("postgresql://user@localhost/db?password=pw", "holds password="),
        ("postgresql://user@localhost", "names no database"),
        ("mysql://localhost/db", "not a PostgreSQL address"),
        ("postgresql://localhost:99999/db", "malformed"),
    ],
)
def test_bad_store_addresses_say_what_to_change(url: str, message: str) -> None:
    from ewallet_monitor.store.postgres import StoreUrlError, parse_store_url

    with pytest.raises(StoreUrlError, match=message):
        parse_store_url(url)


def test_statistics_are_the_sqlite_stores_and_count_a_shared_event_once(
    open_store: Opener, tmp_path: Path
) -> None:
    events = mixed_events(60)
    decisions = [
        {
            "action": "approve",
            "consumption_id": "txc_" + f"{i:026d}",
            "answer": {"success": True},
            "at": at(i + 0.5),
        }
        for i in (8, 18, 28)
    ]
    first, second = open_store("desk-1"), open_store("desk-2")
    for store in (first, second):  # the second desk receives the same stream
        store.record_many(events)
        assert store.flush(WAIT)
    for decision in decisions:
        first.record_audit(**decision)  # type: ignore[arg-type]
    assert first.flush(WAIT)
    with EventStore(tmp_path / "sqlite" / "events.sqlite3") as sqlite:
        sqlite.record_many(events)
        for decision in decisions:
            sqlite.record_audit(**decision)  # type: ignore[arg-type]
        assert sqlite.flush(WAIT)
        expected = sqlite.reader.statistics().to_json()
        expected_range = sqlite.reader.statistics(
            1714557600000 + 10_000, 1714557600000 + 40_000
        ).to_json()
    got = first.reader.statistics().to_json()
    assert got == expected
    assert got["by_token_status"] and got["failures"] and got["operators"]
    assert (
        first.reader.statistics(1714557600000 + 10_000, 1714557600000 + 40_000).to_json()
        == expected_range
    )


def test_text_search_finds_what_the_sqlite_store_finds(open_store: Opener, tmp_path: Path) -> None:
    events = mixed_events(80, seed=4)
    store = open_store()
    store.record_many(events)
    assert store.flush(WAIT)
    with EventStore(tmp_path / "sqlite" / "events.sqlite3") as sqlite:
        sqlite.record_many(events)
        assert sqlite.flush(WAIT)
        frames = list(sqlite.reader.iter_frames())
        needles = [
            "omisego",
            "OKAFOR",
            "garbage 1",
            "<<",
            "txc_",
            "phx_join",
            "confirmed",
            "ok",
            "10",
            "insufficient",
        ]
        needles += [f.consumption_id[-9:] for f in frames[::7] if f.consumption_id]
        for needle in needles:
            expected = [(f.at, f.topic, f.raw) for f in sqlite.search(needle, limit=1000)]
            got = [(f.at, f.topic, f.raw) for f in store.search(needle, limit=1000)]
            assert got == expected, needle
            assert expected or needle == "insufficient", needle


def test_newest_first_text_search_pages_agree_with_the_sqlite_store(
    open_store: Opener, tmp_path: Path
) -> None:
    events = mixed_events(120, seed=5)
    store = open_store()
    store.record_many(events)
    assert store.flush(WAIT)
    with EventStore(tmp_path / "sqlite" / "events.sqlite3") as sqlite:
        sqlite.record_many(events)
        assert sqlite.flush(WAIT)
        for needle in ("omisego", "garbage", "confirmed", "txc_0000000000000000000000001"):
            pages: list[list[tuple[int, str]]] = [[], []]
            for side, source in enumerate((sqlite, store)):
                before = None
                while True:
                    page = source.search(needle, limit=2, before_seq=before)
                    pages[side] += [(f.seq, f.raw) for f in page]
                    if len(page) < 2:
                        break
                    before = page[-1].seq
            assert pages[1] == pages[0] and len(pages[0]) >= 2, needle
