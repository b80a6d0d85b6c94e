"""The approval card state machine: every transition, and the races between inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ewallet_monitor.protocol import errors
from ewallet_monitor.protocol.approval import (
    Action,
    ActionNotAllowed,
    ApprovalCard,
    CardState,
    Settlement,
)

NOW = datetime(2026, 1, 2, 12, 0, 0, tzinfo=UTC)
ID = "txc_01cbfg9qtdken61agxhx6wvj9h"


def consumption(status: str = "pending", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "object": "transaction_consumption",
        "id": ID,
        "status": status,
        "amount": 1250,
        "token": {"symbol": "USD", "subunit_to_unit": 100},
        "created_at": "2026-01-02T11:59:00.000000Z",
        "expiration_date": "2026-01-02T12:01:00.000000Z",
    }
    data.update(extra)
    return data


def pending_card() -> ApprovalCard:
    return ApprovalCard.from_request(consumption())


def test_a_request_event_makes_a_pending_actionable_card() -> None:
    card = pending_card()
    assert card.state is CardState.PENDING
    assert card.is_actionable
    assert not card.recovered
    assert card.consumption.formatted_amount() == "12.50 USD"


def test_a_recovered_pending_is_marked_recovered() -> None:
    card = ApprovalCard.from_request(consumption(), recovered=True)
    assert card.recovered
    assert card.state is CardState.PENDING


def test_a_request_that_is_not_a_consumption_is_refused() -> None:
    with pytest.raises(ValueError, match="consumption"):
        ApprovalCard.from_request({"id": ""})


def test_a_consumption_already_final_when_first_seen_starts_final() -> None:
    card = ApprovalCard.from_request(consumption("confirmed"))
    assert card.state is CardState.CONFIRMED
    assert card.settled_by is Settlement.EVENT


def test_a_duplicate_request_refreshes_a_pending_card() -> None:
    card = pending_card().on_request(consumption(amount=999))
    assert card.state is CardState.PENDING
    assert card.consumption.amount == 999


def test_a_live_duplicate_clears_the_recovered_mark() -> None:
    card = ApprovalCard.from_request(consumption(), recovered=True).on_request(consumption())
    assert not card.recovered


def test_a_duplicate_request_for_another_id_is_ignored() -> None:
    card = pending_card()
    assert card.on_request(consumption(id="txc_other")) is card


def test_a_duplicate_request_never_reopens_a_final_card() -> None:
    card = pending_card().on_finalized(consumption("rejected"))
    assert card.on_request(consumption()).state is CardState.REJECTED


def test_a_duplicate_request_does_not_interrupt_an_action_in_flight() -> None:
    card = pending_card().start(Action.APPROVE).on_request(consumption())
    assert card.state is CardState.APPROVING


def test_a_request_whose_status_is_final_settles_the_card() -> None:
    assert pending_card().on_request(consumption("expired")).state is CardState.EXPIRED


def test_approve_puts_the_card_in_flight() -> None:
    card = pending_card().start(Action.APPROVE)
    assert card.state is CardState.APPROVING
    assert card.state.in_flight
    assert not card.is_actionable
    assert card.last_action is Action.APPROVE


def test_reject_puts_the_card_in_flight() -> None:
    assert pending_card().start(Action.REJECT).state is CardState.REJECTING


def test_a_second_action_while_one_is_in_flight_is_refused() -> None:
    card = pending_card().start(Action.APPROVE)
    with pytest.raises(ActionNotAllowed):
        card.start(Action.APPROVE)
    with pytest.raises(ActionNotAllowed):
        card.start(Action.REJECT)


def test_no_action_on_a_final_card() -> None:
    card = pending_card().on_finalized(consumption("confirmed"))
    with pytest.raises(ActionNotAllowed):
        card.start(Action.REJECT)


def test_http_ok_with_a_final_status_settles_the_card() -> None:
    card = pending_card().start(Action.APPROVE).on_http_ok(Action.APPROVE, consumption("confirmed"))
    assert card.state is CardState.CONFIRMED
    assert card.settled_by is Settlement.HTTP


def test_http_ok_for_reject_settles_rejected() -> None:
    card = pending_card().start(Action.REJECT).on_http_ok(Action.REJECT, consumption("rejected"))
    assert card.state is CardState.REJECTED


def test_http_ok_with_the_transient_approved_status_waits_for_the_event() -> None:
    card = pending_card().start(Action.APPROVE).on_http_ok(Action.APPROVE, consumption("approved"))
    assert card.state is CardState.APPROVING


def test_http_ok_without_a_readable_consumption_waits_for_the_event() -> None:
    card = pending_card().start(Action.APPROVE).on_http_ok(Action.APPROVE, None)
    assert card.state is CardState.APPROVING


def test_http_ok_with_failed_status_shows_the_transaction_reason() -> None:
    failed = consumption(
        "failed", transaction={"error_code": "x", "error_description": "Not enough funds"}
    )
    card = pending_card().start(Action.APPROVE).on_http_ok(Action.APPROVE, failed)
    assert card.state is CardState.FAILED
    assert card.message == "Not enough funds"


def test_http_error_makes_the_card_actionable_again_with_the_reason() -> None:
    card = (
        pending_card()
        .start(Action.APPROVE)
        .on_http_error(Action.APPROVE, errors.UNAUTHORIZED, "You are not allowed")
    )
    assert card.state is CardState.ACTION_FAILED
    assert card.is_actionable
    assert "You are not allowed" in card.message
    assert card.error_code == errors.UNAUTHORIZED


def test_http_error_expired_settles_expired() -> None:
    card = (
        pending_card()
        .start(Action.APPROVE)
        .on_http_error(Action.APPROVE, errors.CONSUMPTION_EXPIRED, "expired")
    )
    assert card.state is CardState.EXPIRED
    assert card.settled_by is Settlement.HTTP


def test_http_error_of_a_failed_transfer_settles_failed_with_the_server_reason() -> None:
    card = (
        pending_card()
        .start(Action.APPROVE)
        .on_http_error(Action.APPROVE, errors.INSUFFICIENT_FUNDS, "The wallet lacks funds")
    )
    assert card.state is CardState.FAILED
    assert card.message == "The wallet lacks funds"


def test_http_timeout_leaves_the_outcome_unknown_with_reject_disabled() -> None:
    card = pending_card().start(Action.APPROVE).on_http_timeout(Action.APPROVE)
    assert card.state is CardState.OUTCOME_UNKNOWN
    assert not card.is_final
    assert "may have gone through" in card.message
    assert card.can_start(Action.APPROVE)
    assert not card.can_start(Action.REJECT)
    with pytest.raises(ActionNotAllowed):
        card.start(Action.REJECT)


def test_a_connection_lost_mid_request_leaves_the_outcome_unknown() -> None:
    card = pending_card().start(Action.REJECT).on_connection_lost(Action.REJECT, "reset")
    assert card.state is CardState.OUTCOME_UNKNOWN
    assert card.last_action is Action.REJECT
    assert not card.can_start(Action.APPROVE)


def test_http_500_leaves_the_outcome_unknown() -> None:
    card = (
        pending_card()
        .start(Action.APPROVE)
        .on_http_error(Action.APPROVE, errors.INTERNAL_SERVER_ERROR, "crash", http_status=500)
    )
    assert card.state is CardState.OUTCOME_UNKNOWN
    assert "HTTP 500" in card.message


def test_retrying_an_unknown_approve_needs_the_warning_acknowledged() -> None:
    card = pending_card().start(Action.APPROVE).on_http_timeout(Action.APPROVE)
    warning = card.warning(Action.APPROVE)
    assert warning is not None
    assert "never came" in warning and "does not check" in warning
    assert "rejected meanwhile pays it" in warning
    with pytest.raises(ActionNotAllowed, match="confirmation"):
        card.start(Action.APPROVE)
    started = card.acknowledge().start(Action.APPROVE)
    assert started.state is CardState.APPROVING
    assert not started.acknowledged  # one acknowledgement, one action


def test_a_read_showing_pending_allows_the_approve_again_but_never_a_reject() -> None:
    card = pending_card().start(Action.APPROVE).on_http_timeout(Action.APPROVE)
    card = card.on_read(consumption("pending"))
    assert card.state is CardState.OUTCOME_UNKNOWN
    assert card.warning(Action.APPROVE) is None
    assert card.start(Action.APPROVE).state is CardState.APPROVING
    # The lost approve may still land: a reject now could record a paid one rejected.
    assert not card.can_start(Action.REJECT)
    assert "still pending" in card.message


def test_after_an_unknown_reject_only_the_reject_may_be_repeated() -> None:
    card = pending_card().start(Action.REJECT).on_http_timeout(Action.REJECT)
    assert card.can_start(Action.REJECT)
    assert not card.can_start(Action.APPROVE)


@pytest.mark.parametrize(
    ("status", "state"),
    [("rejected", CardState.REJECTED), ("confirmed", CardState.CONFIRMED)],
)
def test_a_read_showing_a_final_state_settles_the_card(status: str, state: CardState) -> None:
    card = pending_card().on_read(consumption(status))
    assert card.state is state
    assert card.settled_by is Settlement.HTTP
    # The finalized event, if it comes, is the server's broadcast and may correct it.
    assert card.on_finalized(consumption(status)).settled_by is Settlement.EVENT


def test_a_read_while_an_action_is_in_flight_changes_nothing() -> None:
    card = pending_card().start(Action.APPROVE)
    assert card.on_read(consumption("rejected")) is card


def test_a_failed_read_says_so_and_keeps_the_state() -> None:
    card = pending_card().on_read_failed("not found")
    assert card.state is CardState.PENDING
    assert "Could not verify" in card.message


def test_a_card_across_a_gap_is_not_verified_and_both_actions_ask_first() -> None:
    card = pending_card().on_gap()
    assert card.unverified
    for action in Action:
        warning = card.warning(action)
        assert warning is not None and "Not verified since the outage" in warning
        with pytest.raises(ActionNotAllowed):
            card.start(action)
    assert card.acknowledge().start(Action.REJECT).state is CardState.REJECTING
    assert not card.on_read(consumption("pending")).unverified
    assert pending_card().on_finalized(consumption("confirmed")).on_gap().unverified is False


@pytest.mark.parametrize(
    ("code", "state", "text"),
    [
        (errors.CONSUMPTION_CANCELLED, CardState.CANCELLED, "cancelled"),
        (errors.CONSUMPTION_EXPIRED, CardState.EXPIRED, "expired"),
        (errors.MAX_CONSUMPTIONS_REACHED, CardState.USED_UP, "maximum number"),
    ],
)
def test_answers_that_say_it_cannot_be_decided_settle_the_card_with_the_reason(
    code: str, state: CardState, text: str
) -> None:
    for action in Action:
        card = pending_card().start(action).on_http_error(action, code, "server text")
        assert card.state is state
        assert card.is_final
        assert text in card.message
        assert card.error_code == code


def test_a_transport_error_makes_the_card_actionable() -> None:
    card = pending_card().start(Action.REJECT).on_transport_error(Action.REJECT, "refused")
    assert card.state is CardState.ACTION_FAILED
    assert "refused" in card.message


def test_an_action_after_a_failure_is_allowed_and_clears_the_message() -> None:
    card = pending_card().start(Action.APPROVE).on_transport_error(Action.APPROVE, "refused")
    card = card.start(Action.APPROVE)
    assert card.state is CardState.APPROVING
    assert card.message == ""


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("confirmed", CardState.CONFIRMED),
        ("rejected", CardState.REJECTED),
        ("cancelled", CardState.CANCELLED),
        ("failed", CardState.FAILED),
        ("expired", CardState.EXPIRED),
    ],
)
def test_a_finalized_event_settles_a_pending_card(status: str, state: CardState) -> None:
    card = pending_card().on_finalized(consumption(status))
    assert card.state is state
    assert card.settled_by is Settlement.EVENT


def test_a_finalized_expired_event_says_it_expired() -> None:
    card = pending_card().on_finalized(consumption("expired"), errors.CONSUMPTION_EXPIRED, "")
    assert card.state is CardState.EXPIRED
    assert "expired" in card.message


def test_a_finalized_failed_event_keeps_the_server_reason() -> None:
    card = pending_card().on_finalized(
        consumption("failed"), errors.INSUFFICIENT_FUNDS, "The specified wallet …"
    )
    assert card.state is CardState.FAILED
    assert card.message == "The specified wallet …"
    assert card.error_code == errors.INSUFFICIENT_FUNDS


def test_a_finalized_event_without_status_uses_the_error_code() -> None:
    no_status = consumption()
    del no_status["status"]
    assert (
        pending_card().on_finalized(no_status, errors.CONSUMPTION_EXPIRED).state
        is CardState.EXPIRED
    )
    assert pending_card().on_finalized(no_status, "transaction:x").state is CardState.FAILED


def test_a_finalized_event_with_neither_status_nor_error_changes_nothing() -> None:
    no_status = consumption()
    del no_status["status"]
    card = pending_card()
    assert card.on_finalized(no_status) is card


def test_a_finalized_event_with_approved_status_keeps_waiting() -> None:
    card = pending_card().start(Action.APPROVE).on_finalized(consumption("approved"))
    assert card.state is CardState.APPROVING


def test_a_finalized_event_for_another_consumption_is_ignored() -> None:
    card = pending_card()
    assert card.on_finalized(consumption("confirmed", id="txc_other")) is card


def test_a_finalized_event_before_the_http_answer_wins() -> None:
    card = pending_card().start(Action.APPROVE).on_finalized(consumption("confirmed"))
    assert card.state is CardState.CONFIRMED
    # The HTTP answer that follows, whatever it says, changes nothing.
    assert card.on_http_ok(Action.APPROVE, consumption("confirmed")).state is CardState.CONFIRMED
    later_error = card.on_http_error(Action.APPROVE, errors.UNAUTHORIZED, "nope")
    assert later_error.state is CardState.CONFIRMED
    assert card.on_http_timeout(Action.APPROVE).state is CardState.CONFIRMED


def test_an_http_error_after_a_final_state_does_not_undo_it() -> None:
    card = pending_card().start(Action.REJECT).on_http_ok(Action.REJECT, consumption("rejected"))
    card = card.on_http_error(Action.REJECT, errors.CONSUMPTION_NOT_PENDING, "not pending")
    assert card.state is CardState.REJECTED


def test_a_finalized_event_corrects_a_state_learnt_over_http() -> None:
    card = (
        pending_card()
        .start(Action.APPROVE)
        .on_http_error(Action.APPROVE, errors.CONSUMPTION_EXPIRED, "expired")
    )
    card = card.on_finalized(consumption("expired"), errors.CONSUMPTION_EXPIRED)
    assert card.state is CardState.EXPIRED
    assert card.settled_by is Settlement.EVENT


def test_a_final_state_from_an_event_is_never_changed() -> None:
    card = pending_card().on_finalized(consumption("confirmed"))
    assert card.on_finalized(consumption("rejected")).state is CardState.CONFIRMED
    assert card.on_request(consumption()).state is CardState.CONFIRMED


def test_approving_while_locally_expired_ends_in_the_servers_state() -> None:
    card = pending_card()
    late = NOW + timedelta(minutes=5)
    assert card.is_expiring(late)
    assert card.is_actionable  # the local clock is only a hint
    card = card.start(Action.APPROVE)
    card = card.on_http_error(Action.APPROVE, errors.CONSUMPTION_EXPIRED, "It expired")
    assert card.state is CardState.EXPIRED


def test_approving_while_locally_expired_can_still_be_confirmed_by_the_server() -> None:
    card = pending_card().start(Action.APPROVE).on_finalized(consumption("confirmed"))
    assert card.state is CardState.CONFIRMED
    assert not card.is_expiring(NOW + timedelta(minutes=5))


def test_seconds_left_counts_down_to_the_expiration_date() -> None:
    card = pending_card()
    assert card.seconds_left(NOW) == 60
    assert not card.is_expiring(NOW)
    assert card.seconds_left(NOW + timedelta(seconds=61)) == -1


def test_no_expiration_date_means_no_countdown() -> None:
    card = ApprovalCard.from_request(consumption(expiration_date=None))
    assert card.seconds_left(NOW) is None
    assert not card.is_expiring(NOW)


def test_states_have_labels_and_flags() -> None:
    for state in CardState:
        assert state.label
    assert {s for s in CardState if s.is_final} == {
        CardState.CONFIRMED,
        CardState.REJECTED,
        CardState.FAILED,
        CardState.EXPIRED,
        CardState.CANCELLED,
        CardState.USED_UP,
    }
