"""The window's models fed received frames as the engine process sends them.

A frame from the engine carries its columns and text, not the parsed frame: the event log
lists it without parsing it, and the approval history parses it only when a row is asked
for. A frame that crossed the pipe makes the rows the same frame makes in-process.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ewallet_monitor.models.approval_queue import (
    ApprovalHistoryModel,
    ApprovalQueue,
    settled_card,
    settled_state,
)
from ewallet_monitor.models.event_log import Column, EventLogModel, EventRecord, record_from_event
from ewallet_monitor.protocol import events as events_module
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.protocol.consumption import ALL_STATUSES
from ewallet_monitor.protocol.errors import CONSUMPTION_EXPIRED, EWalletError
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import (
    CONSUMPTION_FINALIZED,
    encode_server_frame,
)
from tests.models.frame_corpus import FAILED_REASON, corpus, from_engine, from_text
from tests.models.samples import REQUEST_TOPIC, T0, consumption

CORPUS = corpus()
H = ApprovalHistoryModel


def visible(record: EventRecord) -> dict[str, Any]:
    """Everything a row shows or is searched, filtered and acted on by."""
    return {
        "columns": [record.display(column) for column in Column],
        "seq": record.seq,
        "received_at": record.received_at,
        "kind": record.kind,
        "outcome": record.outcome,
        "is_problem": record.is_problem,
        "consumption_id": record.consumption_id,
        "status": record.status,
        "raw_text": record.raw_text,
        "search_text": record.search_text,
        "payload": record.payload,
        "consumption": record.consumption(),
    }


@pytest.mark.parametrize(("name", "event"), CORPUS, ids=[name for name, _ in CORPUS])
def test_a_frame_from_the_engine_makes_the_row_it_makes_here(
    name: str, event: FrameReceived
) -> None:
    here = record_from_event(7, event)
    sent = record_from_event(7, from_engine(event))
    assert here is not None and sent is not None
    assert visible(sent) == visible(here)
    assert sent.raw_text is not None  # the detail pane can parse it


def test_a_row_does_not_parse_the_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    engine_frames = [from_engine(event) for _name, event in CORPUS]
    parses = count_parses(monkeypatch)
    model = EventLogModel(flush_interval_ms=10_000)
    for event in engine_frames:
        model.append(event)
    model.flush()
    for row in range(model.rowCount()):
        for column in Column:
            model.index(row, column).data()
    assert parses == []


def test_the_log_tracks_consumption_status_from_frames() -> None:
    model = EventLogModel(flush_interval_ms=10_000)
    changes: list[tuple[str, str]] = []
    model.consumption_status_changed.connect(lambda cid, status: changes.append((cid, status)))
    request = next(event for name, event in CORPUS if name == "request")
    confirmed = next(event for name, event in CORPUS if name == "finalized confirmed")
    pending_row = model.append(from_engine(request))
    model.append(from_engine(confirmed))
    assert pending_row is not None and not model.is_pending(pending_row)
    assert changes == [(pending_row.consumption_id, "confirmed")]


# -- the approval history ---------------------------------------------------------------------


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every parse of a received frame's text (``FrameReceived.frame``'s decoder,
    the only way a frame from the engine gets parsed)."""
    parses: list[str] = []
    original = events_module.decode_server_frame

    def counting(raw: str | bytes, **options: bool) -> Any:
        parses.append(str(raw)[:40])
        return original(raw, **options)

    monkeypatch.setattr(events_module, "decode_server_frame", counting)
    return parses


def make_queue(linger_ms: int = 0) -> ApprovalQueue:
    return ApprovalQueue(linger_ms=linger_ms, clock=lambda: T0)


def history_text(history: ApprovalHistoryModel) -> list[list[Any]]:
    return [
        [history.index(row, column).data() for column in range(history.columnCount())]
        for row in range(history.rowCount())
    ]


def finalized_events() -> Iterator[tuple[str, FrameReceived]]:
    return ((n, e) for n, e in CORPUS if e.event == CONSUMPTION_FINALIZED)


@pytest.mark.parametrize(
    ("name", "event"), list(finalized_events()), ids=[n for n, _ in finalized_events()]
)
def test_a_frame_settles_the_history_by_the_rule_for_its_whole_data(
    name: str, event: FrameReceived
) -> None:
    queue = make_queue()
    data = event.data
    # The card the whole consumption makes (settled_card), against the state the queue
    # reaches from the frame's columns alone.
    expected = (
        settled_card(data, event.error_code, event.error_description)
        if event.consumption_id is not None and isinstance(data, dict)
        else None
    )
    state = queue.on_finalized_frame(from_engine(event))
    assert state == (expected.state if expected is not None else None)
    queue.history.flush()
    if expected is not None and expected.is_final:
        assert queue.history.rowCount() == 1
        assert queue.history.card_at(0) == expected
    else:
        assert queue.history.rowCount() == 0


def test_the_history_parses_only_the_rows_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    parses = count_parses(monkeypatch)
    queue = make_queue()
    history = queue.history
    # The third of every four fails: status "approved" and the transfer's error.
    statuses = ["confirmed", "rejected", "approved", "expired"]
    ids = [f"txc_{index:04d}" for index in range(2500)]
    for index, cid in enumerate(ids):
        status = statuses[index % 4]
        data = consumption(status, amount=100 + index, consumption_id=cid, name=f"User {index}")
        text = with_error(data) if status == "approved" else encode(data)
        assert queue.on_finalized_frame(from_engine(from_text(text, index / 1000))) is not None
    history.flush()
    assert parses == []  # a burst is listed without a single parse
    assert history.rowCount() == history.max_rows == 1000
    assert not history.contains(ids[0]) and history.contains(ids[-1])
    # The 20 rows a view shows: parsed once each, however often they are painted.
    for _paint in range(3):
        shown = [[history.index(row, c).data() for c in range(H.COL_ID + 1)] for row in range(20)]
    assert len(parses) == 20
    newest = shown[0]
    assert newest[H.COL_AMOUNT] == "25.99 USD"  # amount 2599, subunit 100
    assert newest[H.COL_CONSUMER] == "User 2499"
    assert newest[H.COL_OUTCOME] == CardState.EXPIRED.label
    assert newest[H.COL_ID] == ids[-1]
    failed = shown[1]  # index 2498: failed
    assert failed[H.COL_OUTCOME] == CardState.FAILED.label
    assert failed[H.COL_REASON] == FAILED_REASON
    assert history.index(1, H.COL_REASON).data(Qt.ItemDataRole.ToolTipRole) == FAILED_REASON
    # The id and time columns, alignment and card lookups by id need no parse.
    history.index(500, H.COL_ID).data()
    history.index(500, H.COL_SETTLED).data()
    assert history.card_for("txc_unknown") is None
    assert len(parses) == 20
    card = history.card_for(ids[1600])
    assert card is not None and card.consumption.consumer_name == "User 1600"
    assert history.card_at(999).id == ids[1500]
    assert len(parses) == 22


def encode(data: dict[str, Any]) -> str:
    return encode_server_frame(REQUEST_TOPIC, CONSUMPTION_FINALIZED, None, data)


def test_a_frame_for_a_waiting_card_is_parsed_once_and_settles_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue = make_queue(linger_ms=60_000)
    queue.on_request(consumption("pending"))
    failed = from_engine(from_text(with_error(consumption("failed"))))
    parses = count_parses(monkeypatch)
    state = queue.on_finalized_frame(failed)
    assert state is CardState.FAILED
    assert len(parses) == 1
    card = queue.card(consumption()["id"])
    assert card is not None and card.message == FAILED_REASON


def with_error(data: dict[str, Any]) -> str:
    error = EWalletError("transaction:insufficient_funds", FAILED_REASON)
    return encode_server_frame(REQUEST_TOPIC, CONSUMPTION_FINALIZED, None, data, error)


def test_an_archived_consumption_ignores_its_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    queue = make_queue()
    confirmed = from_engine(from_text(encode(consumption("confirmed"))))
    assert queue.on_finalized_frame(confirmed) is CardState.CONFIRMED
    parses = count_parses(monkeypatch)
    assert queue.on_finalized_frame(confirmed) is None
    assert queue.on_request(consumption("pending")) is None  # never reopened
    assert parses == []
    assert queue.history.rowCount() == 1


def test_a_frame_without_a_final_state_is_not_archived() -> None:
    queue = make_queue()
    assert queue.on_finalized_frame(from_engine(from_text(encode(consumption("approved"))))) is (
        CardState.PENDING
    )
    assert queue.history.rowCount() == 0


@pytest.mark.parametrize("status", [*sorted(ALL_STATUSES), None])
@pytest.mark.parametrize("error_code", [None, CONSUMPTION_EXPIRED, "transaction:x"])
def test_settled_state_is_the_state_of_the_settled_card(
    status: str | None, error_code: str | None
) -> None:
    data = consumption("pending")
    if status is None:
        del data["status"]
    else:
        data["status"] = status
    assert settled_state(status, error_code) is settled_card(data, error_code).state


def test_a_batch_larger_than_the_history_keeps_the_newest() -> None:
    history = ApprovalHistoryModel(max_rows=3)
    history.add(settled_card(consumption("confirmed", consumption_id="txc_old")), T0)
    for index in range(5):
        frame = from_engine(
            from_text(encode(consumption("rejected", consumption_id=f"txc_{index}")))
        )
        history.add_frame_soon(frame, T0 + timedelta(seconds=index))
    # Waiting entries the next insert would drop unseen are let go at once (a burst
    # settles thousands of consumptions between two inserts).
    assert not history.contains("txc_0") and not history.contains("txc_1")
    assert history.contains("txc_2") and history.rowCount() == 1
    history.flush()
    assert [history.index(r, H.COL_ID).data() for r in range(3)] == ["txc_4", "txc_3", "txc_2"]
    assert not history.contains("txc_old") and not history.contains("txc_1")
    assert history.contains("txc_2")


def test_the_lazy_history_passes_the_model_tester(qtmodeltester: Any) -> None:
    queue = make_queue()
    for index in range(5):
        data = consumption("confirmed", consumption_id=f"txc_{index}")
        queue.on_finalized_frame(from_engine(from_text(encode(data))))
    queue.history.flush()
    qtmodeltester.check(queue.history)
