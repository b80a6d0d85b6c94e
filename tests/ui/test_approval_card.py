"""The approval card widget: what it shows in each state, the countdown colours."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ewallet_monitor.protocol.approval import Action, ApprovalCard
from ewallet_monitor.ui.approval_card import ApprovalCardWidget, amount_in_units
from ewallet_monitor.ui.theme import card_colors
from tests.models.samples import T0, consumption


def rich_consumption(**fields: Any) -> dict[str, Any]:
    data = consumption(**fields)
    data["user"].update({"email": "alice@example.com", "provider_user_id": "cust-1001"})
    data["expiration_date"] = "2026-05-01T12:01:30.000000Z"
    return data


def make(qtbot: Any, data: dict[str, Any] | None = None) -> ApprovalCardWidget:
    widget = ApprovalCardWidget(ApprovalCard.from_request(data or rich_consumption()))
    qtbot.addWidget(widget)
    return widget


def test_the_card_shows_amount_consumer_and_request(qtbot: Any) -> None:
    widget = make(qtbot)
    assert widget.amount_label.text() == "12.50 USD"
    consumer = widget.consumer_label.text()
    for text in ("Alice Example", "alice@example.com", "cust-1001", "omri489161761367"):
        assert text in consumer
    assert "txr_01dp2k9m7f4z0x8t3c5b6n1q2w" in widget.details_label.text()
    assert widget.state_label.text() == "Waiting for you"


def test_huge_amounts_are_exact(qtbot: Any) -> None:
    amount = 123_456_789_012_345_678_901
    widget = make(qtbot, rich_consumption(amount=amount, subunit_to_unit=10**18, symbol="OMG"))
    assert widget.amount_label.text() == "123.456789012345678901 OMG"
    assert str(amount_in_units(widget.card)) == "123.456789012345678901"


def test_the_countdown_changes_colour_as_it_nears_zero(qtbot: Any) -> None:
    widget = make(qtbot)
    colors = card_colors(False)
    widget.update_countdown(T0)
    assert widget.countdown_label.text() == "expires in 1:30"
    assert colors["normal"] in widget.countdown_label.styleSheet()
    widget.update_countdown(T0 + timedelta(seconds=40))
    assert colors["amber"] in widget.countdown_label.styleSheet()
    widget.update_countdown(T0 + timedelta(seconds=80))
    assert colors["red"] in widget.countdown_label.styleSheet()
    widget.update_countdown(T0 + timedelta(seconds=95))
    assert widget.countdown_label.text() == "expiring…"
    assert "server decides" in widget.countdown_label.toolTip()


def test_buttons_are_disabled_while_a_call_is_in_flight(qtbot: Any) -> None:
    widget = make(qtbot)
    widget.set_card(widget.card.start(Action.APPROVE))
    assert not widget.approve_button.isEnabled()
    assert not widget.reject_button.isEnabled()
    assert widget.state_label.text() == "Approving…"


def test_in_flight_with_the_socket_down_says_the_confirmation_cannot_arrive(qtbot: Any) -> None:
    widget = make(qtbot)
    widget.set_live(False)
    widget.set_card(widget.card.start(Action.APPROVE))
    assert "cannot arrive" in widget.message_label.text()


def test_a_failure_shows_the_servers_reason_and_hides_the_buttons(qtbot: Any) -> None:
    widget = make(qtbot)
    failed = widget.card.on_finalized(
        rich_consumption(status="failed"), "transaction:insufficient_funds", "Not enough funds"
    )
    widget.set_card(failed)
    assert widget.state_label.text() == "✗ Failed"
    assert widget.message_label.text() == "Not enough funds"
    assert widget.approve_button.isHidden()
    widget.update_countdown(T0)
    assert widget.countdown_label.text() == ""


def test_a_failed_action_is_actionable_again_with_its_message(qtbot: Any) -> None:
    widget = make(qtbot)
    card = widget.card.start(Action.APPROVE).on_transport_error(Action.APPROVE, "refused")
    widget.set_card(card)
    assert widget.approve_button.isEnabled()
    assert widget.reject_button.isEnabled()
    assert "refused" in widget.message_label.text()


def test_an_unknown_outcome_says_so_and_disables_reject(qtbot: Any) -> None:
    widget = make(qtbot)
    card = widget.card.start(Action.APPROVE).on_http_timeout(Action.APPROVE)
    widget.set_card(card)
    assert widget.state_label.text() == "Outcome unknown"
    assert "may have gone through" in widget.message_label.text()
    assert widget.approve_button.isEnabled()
    assert not widget.reject_button.isEnabled()


def test_a_card_not_verified_since_an_outage_says_so(qtbot: Any) -> None:
    widget = make(qtbot)
    widget.set_card(widget.card.on_gap())
    assert widget.state_label.text() == "Not verified since the outage"
    assert "approved, rejected or cancelled elsewhere" in widget.message_label.text()
    assert widget.approve_button.isEnabled() and widget.reject_button.isEnabled()


def test_the_buttons_name_their_shortcuts(qtbot: Any) -> None:
    widget = make(qtbot)
    assert "Ctrl+Enter" in widget.approve_button.toolTip()
    assert "Ctrl+Backspace" in widget.reject_button.toolTip()


def test_clicks_emit_the_consumption_id(qtbot: Any) -> None:
    widget = make(qtbot)
    with qtbot.waitSignal(widget.approve_clicked) as approve:
        widget.approve_button.click()
    with qtbot.waitSignal(widget.reject_clicked) as reject:
        widget.reject_button.click()
    assert approve.args == reject.args == [widget.card.id]


def test_the_outcome_is_shown_large_and_the_ids_are_in_the_tooltip(qtbot: Any) -> None:
    widget = make(qtbot)
    waiting = widget.state_label.font().pointSizeF()
    assert "txc_01cbfg9qtdken61agxhx6wvj9h" in widget.toolTip()
    widget.set_card(widget.card.on_finalized(rich_consumption(status="confirmed")))
    assert widget.state_label.text() == "✓ Confirmed"
    assert widget.state_label.font().pointSizeF() >= 1.5 * waiting


def test_the_countdown_is_given_in_words_to_screen_readers(qtbot: Any) -> None:
    widget = make(qtbot)
    widget.update_countdown(T0)
    assert widget.countdown_label.text() == "expires in 1:30"
    assert widget.countdown_label.accessibleName() == "expires in 1 minute 30 seconds"
