"""ApprovalQueue: cards in, history out, counts and countdowns."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from ewallet_monitor.models.approval_queue import (
    ApprovalHistoryModel,
    ApprovalQueue,
    format_countdown,
)
from ewallet_monitor.protocol.approval import Action, ActionNotAllowed, CardState
from tests.models.samples import CONSUMPTION_ID, T0, consumption


def pending(**fields: Any) -> dict[str, Any]:
    data = consumption(**fields)
    data["expiration_date"] = "2026-05-01T12:01:30.000000Z"
    return data


def make_queue(linger_ms: int = 0) -> ApprovalQueue:
    return ApprovalQueue(linger_ms=linger_ms, clock=lambda: T0)


def test_a_request_adds_a_card_and_counts_it(qtbot: Any) -> None:
    queue = make_queue()
    with qtbot.waitSignals([queue.card_added, queue.pending_count_changed]):
        queue.on_request(pending())
    assert queue.pending_count == 1
    assert queue.first_actionable() is not None
    assert queue.seconds_left(CONSUMPTION_ID) == 90


def test_a_duplicate_request_does_not_add_a_second_card() -> None:
    queue = make_queue()
    queue.on_request(pending())
    queue.on_request(pending())
    assert len(queue.cards()) == 1


def test_a_final_card_moves_to_the_history(qtbot: Any) -> None:
    queue = make_queue()
    queue.on_request(pending())
    with qtbot.waitSignal(queue.card_removed):
        queue.on_finalized(consumption("confirmed"))
    assert queue.cards() == []
    assert queue.pending_count == 0
    history = queue.history
    assert history.rowCount() == 1
    assert history.index(0, ApprovalHistoryModel.COL_OUTCOME).data() == "confirmed"
    assert history.index(0, ApprovalHistoryModel.COL_AMOUNT).data() == "12.50 USD"


def test_a_final_card_lingers_before_moving(qtbot: Any) -> None:
    queue = make_queue(linger_ms=50)
    queue.on_request(pending())
    queue.on_finalized(consumption("rejected"))
    assert queue.card(CONSUMPTION_ID).state is CardState.REJECTED
    assert queue.pending_count == 0
    qtbot.waitUntil(lambda: queue.card(CONSUMPTION_ID) is None, timeout=2000)
    assert queue.history.rowCount() == 1


def test_an_archived_consumption_is_never_reopened() -> None:
    queue = make_queue()
    queue.on_request(pending())
    queue.on_finalized(consumption("expired"))
    assert queue.on_request(pending()) is None
    assert queue.cards() == []


def test_a_settled_consumption_without_a_card_is_recorded_in_the_history() -> None:
    queue = make_queue()
    queue.on_finalized(consumption("confirmed"))
    assert queue.history.rowCount() == 1
    assert queue.cards() == []


def test_actions_go_through_the_state_machine() -> None:
    queue = make_queue()
    queue.on_request(pending())
    queue.start(CONSUMPTION_ID, Action.APPROVE)
    assert queue.card(CONSUMPTION_ID).state is CardState.APPROVING
    queue.on_transport_error(CONSUMPTION_ID, Action.APPROVE, "refused")
    assert queue.card(CONSUMPTION_ID).state is CardState.ACTION_FAILED
    queue.start(CONSUMPTION_ID, Action.REJECT)
    queue.on_http_error(CONSUMPTION_ID, Action.REJECT, "unauthorized", "no")
    assert queue.card(CONSUMPTION_ID).is_actionable
    queue.on_transport_error(CONSUMPTION_ID, Action.REJECT, "down")
    queue.on_http_ok(CONSUMPTION_ID, Action.REJECT, consumption("rejected"))
    assert queue.card(CONSUMPTION_ID) is None  # settled and archived


def test_an_unknown_outcome_is_retried_only_after_the_warning_is_acknowledged() -> None:
    queue = make_queue()
    queue.on_request(pending())
    queue.start(CONSUMPTION_ID, Action.APPROVE)
    queue.on_http_timeout(CONSUMPTION_ID, Action.APPROVE)
    assert queue.card(CONSUMPTION_ID).state is CardState.OUTCOME_UNKNOWN
    with pytest.raises(ActionNotAllowed):
        queue.start(CONSUMPTION_ID, Action.APPROVE)
    queue.acknowledge(CONSUMPTION_ID)
    assert queue.start(CONSUMPTION_ID, Action.APPROVE).state is CardState.APPROVING


def test_a_gap_marks_every_open_card_not_verified_and_a_read_clears_it() -> None:
    queue = make_queue(linger_ms=60_000)
    queue.on_request(pending())
    assert queue.on_gap() == [CONSUMPTION_ID]
    assert queue.card(CONSUMPTION_ID).unverified
    queue.on_read(CONSUMPTION_ID, pending())
    assert not queue.card(CONSUMPTION_ID).unverified
    queue.on_read(CONSUMPTION_ID, consumption("rejected"))
    assert queue.card(CONSUMPTION_ID).state is CardState.REJECTED
    assert queue.on_gap() == []


def test_clear_settled_moves_lingering_cards_now() -> None:
    queue = make_queue(linger_ms=60_000)
    queue.on_request(pending())
    queue.on_finalized(consumption("cancelled"))
    queue.clear_settled()
    assert queue.cards() == []
    assert queue.history.rowCount() == 1


def test_the_history_is_bounded() -> None:
    history = ApprovalHistoryModel(max_rows=2)
    queue = make_queue()
    for index in range(3):
        data = consumption("confirmed", consumption_id=f"txc_{index}")
        card = queue.on_finalized(data)
        assert card is not None
        history.add(card, T0 + timedelta(seconds=index))
    assert history.rowCount() == 2
    assert not history.contains("txc_0")


def test_the_countdown_text() -> None:
    assert format_countdown(None) == ""
    assert format_countdown(83) == "expires in 1:23"
    assert format_countdown(0.2) == "expires in 0:01"
    assert format_countdown(0) == "expiring…"
    assert format_countdown(-5) == "expiring…"


def test_the_history_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    queue = make_queue()
    queue.on_finalized(consumption("confirmed"))
    qtmodeltester.check(queue.history)
