"""Export writes exactly the matching rows, oldest first, as NDJSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.events import ConsumptionRecovered, FrameReceived
from ewallet_monitor.protocol.frames import ServerFrame, decode_server_frame
from ewallet_monitor.store import EventStore, FrameFilter
from ewallet_monitor.store.export import (
    AUDIT_CSV_COLUMNS,
    FRAME_CSV_COLUMNS,
    export_audit,
    export_frames,
)
from tests.store.conftest import FLUSH_TIMEOUT, wait_indexed
from tests.store.samples import at, mixed_events

EVENTS = mixed_events(40)


def test_ndjson_holds_each_frame_as_received_with_time_and_direction(store: EventStore) -> None:
    store.record_many(EVENTS)
    assert store.flush(FLUSH_TIMEOUT)
    out = io.StringIO()
    assert export_frames(store.reader, out) == 40
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["seq"] for line in lines] == list(range(1, 41))
    first = EVENTS[0]
    assert isinstance(first, FrameReceived)
    assert lines[0]["frame"] == json.loads(first.frame.raw)
    assert lines[0]["received_at"] == "2024-05-01T10:00:00.000Z"
    assert lines[0]["direction"] == "in"
    assert lines[5]["direction"] == "out"
    assert lines[6] == {
        "seq": 7,
        "received_at": "2024-05-01T10:00:06.000Z",
        "direction": "in",
        "kind": "invalid",
        "reason": "not JSON: Expecting value",
        "raw": "garbage 6 <<",
    }
    assert lines[7]["kind"] == "recovered"
    assert lines[7]["consumption"]["object"] == "transaction_consumption"


def test_a_filtered_export_matches_the_search(store: EventStore) -> None:
    store.record_many(EVENTS)
    wait_indexed(store)
    wanted = FrameFilter(text="confirmed", since=at(5), until=at(30))
    expected = [frame.seq for frame in reversed(store.reader.search_filter(wanted))]
    assert expected
    out = io.StringIO()
    assert export_frames(store.reader, out, wanted=wanted, fmt="csv") == len(expected)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == FRAME_CSV_COLUMNS
    assert [int(row[0]) for row in rows[1:]] == expected
    by_seq = {frame.seq: frame for frame in store.page(limit=100)}
    for row in rows[1:]:
        assert row[-1] == by_seq[int(row[0])].raw  # raw survives CSV quoting intact


def test_the_audit_trail_exports_to_csv_with_exact_amounts(store: EventStore) -> None:
    store.record_audit(
        action="approve",
        consumption_id="txc_1",
        amount=123456789012345678901234567890,
        token="OMG",
        answer={"success": True},
        os_user="cashier",
        profile="shop",
        at=at(1),
    )
    store.record_audit(action="reject", consumption_id="txc_2", os_user="cashier", at=at(2))
    assert store.flush(FLUSH_TIMEOUT)
    out = io.StringIO()
    assert export_audit(store.reader, out, since=at(0), until=at(2)) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == AUDIT_CSV_COLUMNS
    assert rows[0]["amount"] == "123456789012345678901234567890"
    assert (rows[0]["action"], rows[0]["answer_code"], rows[0]["at"]) == (
        "approve",
        "ok",
        "2024-05-01T10:00:01.000Z",
    )


FORMULAS = ['=HYPERLINK("http://x")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-1+1", "\tx", "\rx"]


def test_csv_cells_that_could_be_formulas_are_neutralised(store: EventStore) -> None:
    events = [
        FrameReceived(
            ServerFrame(
                topic="user:usr_1",
                event=formula,
                ref=formula,
                data=None,
                success=True,
                error=EWalletError(formula, "d"),
                raw=formula,
            ),
            at(index),
        )
        for index, formula in enumerate(FORMULAS)
    ]
    store.record_many(events)
    store.record_audit(
        action="approve", consumption_id="txc_1", token="=1+1", os_user="@me", at=at(1)
    )
    assert store.flush(FLUSH_TIMEOUT)
    frames_out, audit_out = io.StringIO(), io.StringIO()
    export_frames(store.reader, frames_out, fmt="csv")
    export_audit(store.reader, audit_out)
    rows = list(csv.DictReader(io.StringIO(frames_out.getvalue())))
    assert [row["event"] for row in rows] == ["'" + formula for formula in FORMULAS]
    for row in rows:
        cells = [row[key] for key in ("event", "ref", "error_code", "raw")]
        assert all(cell.startswith("'") for cell in cells), cells
        assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())
    (audit,) = csv.DictReader(io.StringIO(audit_out.getvalue()))
    assert (audit["token"], audit["os_user"], audit["id"]) == ("'=1+1", "'@me", "1")


def test_the_events_csv_has_the_consumption_in_columns_of_its_own(tmp_path: Path) -> None:
    consumption = {
        "object": "transaction_consumption",
        "id": "txc_big",
        "status": "failed",
        "amount": None,
        "estimated_consumption_amount": 2**64 + 1,  # beyond a spreadsheet's 15 digits
        "token": {"symbol": "ETH", "subunit_to_unit": 10**18},
        "user_id": "usr_7",
        "user": {"id": "usr_7", "full_name": "Alice Example", "email": "a@example.com"},
        "transaction_request_id": "txr_9",
    }
    frame = decode_server_frame(
        json.dumps(
            {
                "topic": "user:usr_7",
                "event": "transaction_consumption_finalized",
                "ref": None,
                "success": False,
                "version": "1",
                "data": consumption,
                "error": {
                    "object": "error",
                    "code": "transaction:insufficient_funds",
                    "description": "no funds",
                },
            }
        )
    )
    assert isinstance(frame, ServerFrame)
    with EventStore(tmp_path / "events.sqlite3") as opened:
        opened.record_many(
            [
                FrameReceived(frame, at(1)),
                ConsumptionRecovered({**consumption, "amount": 5}, "user:usr_7", at(2)),
                *EVENTS[:1],
            ]
        )
        assert opened.flush(FLUSH_TIMEOUT)
        out = io.StringIO()
        export_frames(opened.reader, out, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[-1] == "raw"
    first, recovered = rows[0], rows[1]
    assert {
        k: first[k]
        for k in (
            "amount",
            "token",
            "customer",
            "customer_id",
            "request_id",
            "consumption_id",
            "status",
            "error_code",
        )
    } == {
        "amount": "18.446744073709551617",
        "token": "ETH",
        "customer": "Alice Example",
        "customer_id": "usr_7",
        "request_id": "txr_9",
        "consumption_id": "txc_big",
        "status": "failed",
        "error_code": "transaction:insufficient_funds",
    }
    assert recovered["amount"] == "0.000000000000000005"


def test_audit_amounts_are_formatted_exactly_with_the_token(store: EventStore) -> None:
    consumption = {
        "object": "transaction_consumption",
        "id": "txc_btc",
        "status": "pending",
        "amount": 1489486,
        "token": {"symbol": "BTC", "subunit_to_unit": 100_000_000},
    }
    store.record(ConsumptionRecovered(consumption, "user:usr_1", at(0)))
    wei = {**consumption, "id": "txc_eth", "token": {"symbol": "ETH", "subunit_to_unit": 10**18}}
    store.record(ConsumptionRecovered(wei, "user:usr_1", at(0)))
    for cid, amount, token in (
        ("txc_btc", 1489486, "BTC"),
        ("txc_eth", 2**64 + 1, "ETH"),
        ("txc_unknown", 5, "OMG"),  # no stored frame says its scale
    ):
        store.record_audit(
            action="approve",
            consumption_id=cid,
            amount=amount,
            token=token,
            os_user="cashier",
            at=at(1),
        )
    assert store.flush(FLUSH_TIMEOUT)
    out = io.StringIO()
    export_audit(store.reader, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["amount"], r["token"], r["amount_units"]) for r in rows] == [
        ("1489486", "BTC", "0.01489486 BTC"),
        (str(2**64 + 1), "ETH", "18.446744073709551617 ETH"),
        ("5", "OMG", ""),
    ]
