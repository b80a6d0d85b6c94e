"""Supervisor statistics: one count per consumption, exact volumes, approval times."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import InvalidFrame, decode_server_frame, encode_server_frame
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.records import to_epoch_ms
from ewallet_monitor.store.stats import percentile
from tests.store.conftest import FLUSH_TIMEOUT
from tests.store.samples import at

BTC = {"id": "tok_BTC_1", "symbol": "BTC", "subunit_to_unit": 100_000_000}
ETH = {"id": "tok_ETH_1", "symbol": "ETH", "subunit_to_unit": 10**18}


def event(
    cid: str,
    status: str,
    token: dict[str, Any],
    amount: int,
    when: datetime,
    topic: str = "",
    error: EWalletError | None = None,
) -> FrameReceived:
    data = {
        "object": "transaction_consumption",
        "id": cid,
        "status": status,
        "amount": amount,
        "token": token,
        "token_id": token["id"],
    }
    name = (
        "transaction_consumption_request"
        if status == "pending"
        else "transaction_consumption_finalized"
    )
    text = encode_server_frame(
        topic or f"transaction_consumption:{cid}", name, None, data, error=error
    )
    frame = decode_server_frame(text)
    assert not isinstance(frame, InvalidFrame)
    return FrameReceived(frame, when)


def known_store(store: EventStore) -> None:
    funds = EWalletError("transaction:insufficient_funds", "not enough funds")
    events = [
        # txc_1: requested, broadcast on two topics, then confirmed on three.
        event("txc_1", "pending", BTC, 150_000_000, at(0), "user:usr_1"),
        event("txc_1", "pending", BTC, 150_000_000, at(0), "transaction_request:txr_1"),
        event("txc_2", "pending", BTC, 50_000_000, at(1), "user:usr_1"),
        event("txc_3", "pending", ETH, 3 * 10**20, at(2), "user:usr_1"),
        event("txc_4", "pending", ETH, 10**18, at(3), "user:usr_1"),
        event("txc_1", "confirmed", BTC, 150_000_000, at(10), "user:usr_1"),
        event("txc_1", "confirmed", BTC, 150_000_000, at(10), "transaction_request:txr_1"),
        event("txc_1", "confirmed", BTC, 150_000_000, at(10)),
        event("txc_2", "failed", BTC, 50_000_000, at(20), error=funds),
        event("txc_3", "confirmed", ETH, 3 * 10**20, at(30)),
        event("txc_4", "expired", ETH, 10**18, at(70)),
    ]
    store.record_many(events)
    store.record_audit(
        action="approve", consumption_id="txc_1", os_user="ana", profile="desk", at=at(4)
    )
    store.record_audit(
        action="approve", consumption_id="txc_1", os_user="ana", profile="desk", at=at(9)
    )
    store.record_audit(
        action="reject", consumption_id="txc_2", os_user="ana", profile="desk", at=at(12)
    )
    store.record_audit(
        action="approve", consumption_id="txc_3", os_user="bo", profile="night", at=at(29)
    )
    assert store.flush(FLUSH_TIMEOUT)


def test_each_consumption_counts_once_by_token_and_final_status(store: EventStore) -> None:
    known_store(store)
    stats = store.reader.statistics()
    rows = {(row.token, row.status): (row.count, row.volume) for row in stats.by_token_status}
    assert rows == {
        ("BTC", "confirmed"): (1, Decimal("1.5")),
        ("BTC", "failed"): (1, Decimal("0.5")),
        ("ETH", "confirmed"): (1, Decimal(300)),
        ("ETH", "expired"): (1, Decimal(1)),
    }
    assert stats.expiries == 1
    assert stats.failures == {"transaction:insufficient_funds": 1}


def test_volumes_beyond_64_bits_are_exact(store: EventStore) -> None:
    huge = 2**70 + 1
    store.record_many([event("txc_9", "confirmed", ETH, huge, at(0))])
    store.record_many([event("txc_8", "confirmed", ETH, 5, at(1))])
    assert store.flush(FLUSH_TIMEOUT)
    (row,) = store.reader.statistics().by_token_status
    assert row.subunits == huge + 5
    assert row.count == 2


def test_a_range_counts_what_reached_its_status_inside_it(store: EventStore) -> None:
    known_store(store)
    stats = store.reader.statistics(to_epoch_ms(at(15)), to_epoch_ms(at(31)))
    assert {(row.token, row.status, row.count) for row in stats.by_token_status} == {
        ("BTC", "failed", 1),
        ("ETH", "confirmed", 1),
    }
    assert stats.expiries == 0
    assert [op.os_user for op in stats.operators] == ["bo"]


def test_approval_time_runs_from_the_request_to_the_first_decision(store: EventStore) -> None:
    known_store(store)
    operators = {(op.os_user, op.profile): op for op in store.reader.statistics().operators}
    ana = operators[("ana", "desk")]
    # txc_1 seen at 0 s, first approved at 4 s (the retry at 9 s is not counted);
    # txc_2 seen at 1 s, rejected at 12 s.
    assert (ana.decisions, ana.p50_ms, ana.p90_ms, ana.max_ms) == (2, 4000, 11000, 11000)
    bo = operators[("bo", "night")]
    assert (bo.decisions, bo.max_ms) == (1, 27000)


def test_percentiles_are_nearest_rank() -> None:
    values = list(range(1, 11))
    assert (percentile(values, 0.5), percentile(values, 0.9), percentile([7], 0.9)) == (5, 9, 7)


def test_a_file_from_before_the_statistics_gets_them_when_opened(db_path: Path) -> None:
    with EventStore(db_path) as store:
        known_store(store)
    connection = sqlite3.connect(db_path, isolation_level=None)
    for table in ("consumption_stats", "stats_hours", "approval_times"):
        connection.execute(f"DROP TABLE {table}")
    connection.execute("DROP TRIGGER audit_decided")
    connection.execute("PRAGMA user_version = 2")
    connection.close()
    with EventStore(db_path) as store:
        stats = store.reader.statistics()
    assert sum(row.count for row in stats.by_token_status) == 4
    assert [op.os_user for op in stats.operators] == ["ana", "bo"]


def test_whole_hours_from_the_summary_agree_with_the_consumptions_for_any_range(
    store: EventStore,
) -> None:
    rng = random.Random(5)
    events = []
    for index in range(120):
        seen = rng.uniform(0, 5 * 3600)
        cid = f"txc_{index:04d}"
        token = rng.choice([BTC, ETH])
        amount = rng.randrange(1, 10**9)
        events.append(event(cid, "pending", token, amount, at(seen)))
        if rng.random() < 0.8:
            final = rng.choice(["confirmed", "failed", "expired"])
            events.append(event(cid, final, token, amount, at(seen + rng.uniform(1, 5000))))
    events.sort(key=lambda e: e.at)
    store.record_many(events)
    assert store.flush(FLUSH_TIMEOUT)
    connection = sqlite3.connect(store.path)
    try:
        for _ in range(30):
            since = to_epoch_ms(at(rng.uniform(-600, 6 * 3600)))
            until = since + rng.randrange(1, 4 * 3_600_000)
            exact = {
                (token, status): (count, hi * 2**32 + lo)
                for token, status, count, hi, lo in connection.execute(
                    "SELECT token, status, count(*), sum(amount_hi), sum(amount_lo) "
                    "FROM consumption_stats WHERE status_ms >= ? AND status_ms < ? "
                    "GROUP BY 1, 2",
                    (since, until),
                )
            }
            found = store.reader.statistics(since, until)
            assert {
                (row.token, row.status): (row.count, row.subunits) for row in found.by_token_status
            } == exact
    finally:
        connection.close()


def test_a_stored_frame_that_is_not_json_is_skipped_not_fatal(db_path: Path) -> None:
    from ewallet_monitor.store.schema import migrate
    from ewallet_monitor.store.stats import absorb_frames

    db_path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db_path, isolation_level=None)
    migrate(connection)
    insert = (
        "INSERT INTO frames (at_ms, direction, kind, topic, event, consumption_id, status, raw) "
        "VALUES (1, 'in', 'frame', 't', 'transaction_consumption_finalized', ?, 'confirmed', ?)"
    )
    connection.execute(insert, ("txc_bad", "{not json"))
    connection.execute(insert, ("txc_good", '{"data": {"token_id": "tok_1", "amount": 5}}'))
    absorb_frames(connection, 0)
    rows = connection.execute("SELECT consumption_id, token, amount_lo FROM consumption_stats")
    assert rows.fetchall() == [("txc_good", "tok_1", 5)]
    connection.close()
