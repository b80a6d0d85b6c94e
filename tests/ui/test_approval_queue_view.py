"""The queue panel: cards appear and go, the confirmation step, keyboard, mute."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.decision_guard import DecisionGuard
from ewallet_monitor.protocol.approval import Action
from ewallet_monitor.ui.approval_queue_view import ApprovalQueueView
from tests.models.samples import CONSUMPTION_ID, T0, consumption

OTHER_ID = "txc_01cbfg9qtdken61agxhx6wvj9z"


def make(qtbot: Any, linger_ms: int = 0) -> tuple[ApprovalQueue, ApprovalQueueView]:
    queue = ApprovalQueue(linger_ms=linger_ms, clock=lambda: T0)
    view = ApprovalQueueView(queue)
    view.set_live(True)
    qtbot.addWidget(view)
    return queue, view


def requested(view: ApprovalQueueView, qtbot: Any) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    view.action_requested.connect(lambda cid, action: seen.append((cid, action)))
    return seen


def test_a_request_adds_a_selected_card_and_counts_it(qtbot: Any) -> None:
    queue, view = make(qtbot)
    assert view.empty_label.isVisibleTo(view)
    queue.on_request(consumption())
    assert view.card_widget(CONSUMPTION_ID) is not None
    assert view.selected_id == CONSUMPTION_ID
    assert "(1)" in view.title_label.text()
    assert not view.empty_label.isVisibleTo(view)


def test_a_settled_card_leaves_for_the_history(qtbot: Any) -> None:
    queue, view = make(qtbot)
    queue.on_request(consumption())
    queue.on_finalized(consumption("confirmed"))
    qtbot.waitUntil(lambda: view.card_widget(CONSUMPTION_ID) is None)
    assert view.history_label.text() == "History (1)"


def test_a_small_approval_goes_out_at_once(qtbot: Any) -> None:
    queue, view = make(qtbot)
    view.set_threshold("100")
    seen = requested(view, qtbot)
    queue.on_request(consumption(amount=1250))  # 12.50 USD
    view.card_widget(CONSUMPTION_ID).approve_button.click()
    assert seen == [(CONSUMPTION_ID, "approve")]


def test_a_big_approval_asks_once_more_inline(qtbot: Any) -> None:
    queue, view = make(qtbot)
    view.set_threshold("100")
    seen = requested(view, qtbot)
    queue.on_request(consumption(amount=25_000))  # 250.00 USD
    widget = view.card_widget(CONSUMPTION_ID)
    widget.approve_button.click()
    assert seen == []
    assert widget.is_confirming
    assert "250.00 USD" in widget.confirm_label.text()
    widget.confirm_yes.click()
    assert seen == [(CONSUMPTION_ID, "approve")]


def test_the_confirmation_can_be_cancelled(qtbot: Any) -> None:
    queue, view = make(qtbot)
    view.set_threshold("0")
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    widget = view.card_widget(CONSUMPTION_ID)
    widget.approve_button.click()
    widget.confirm_no.click()
    assert not widget.is_confirming
    assert seen == []


def test_rejecting_a_card_not_verified_since_an_outage_asks_first_saying_why(
    qtbot: Any,
) -> None:
    queue, view = make(qtbot)
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    queue.on_gap()
    widget = view.card_widget(CONSUMPTION_ID)
    widget.reject_button.click()
    assert seen == []
    assert widget.is_confirming
    assert "Not verified since the outage" in widget.confirm_label.text()
    assert widget.confirm_yes.text() == "Yes, reject"
    widget.confirm_yes.click()
    assert seen == [(CONSUMPTION_ID, "reject")]
    assert queue.card(CONSUMPTION_ID).acknowledged  # the controller's start() may go ahead


def test_retrying_an_approve_whose_answer_never_came_warns_that_the_server_does_not_check(
    qtbot: Any,
) -> None:
    queue, view = make(qtbot)
    view.set_threshold("")
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    queue.start(CONSUMPTION_ID, Action.APPROVE)
    queue.on_http_timeout(CONSUMPTION_ID, Action.APPROVE)
    widget = view.card_widget(CONSUMPTION_ID)
    assert not widget.reject_button.isEnabled()
    view.request(CONSUMPTION_ID, "reject")  # the keyboard cannot get round the button
    widget.approve_button.click()
    assert seen == []
    assert "rejected meanwhile pays it" in widget.confirm_label.text()
    widget.confirm_yes.click()
    assert seen == [(CONSUMPTION_ID, "approve")]


def test_reject_never_asks(qtbot: Any) -> None:
    queue, view = make(qtbot)
    view.set_threshold("0")
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    view.card_widget(CONSUMPTION_ID).reject_button.click()
    assert seen == [(CONSUMPTION_ID, "reject")]


def test_approving_while_offline_asks_and_says_why(qtbot: Any) -> None:
    queue, view = make(qtbot)
    view.set_threshold("")
    view.set_live(False)
    assert view.offline_label.isVisibleTo(view)
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    widget = view.card_widget(CONSUMPTION_ID)
    widget.approve_button.click()
    assert seen == []
    assert "connection is down" in widget.confirm_label.text()


def test_keys_a_and_r_act_on_the_selected_card(qtbot: Any) -> None:
    queue, view = make(qtbot)
    view.set_threshold("")
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    queue.on_request(consumption(consumption_id=OTHER_ID))
    view.list_model.flush()
    view.show()
    view.activateWindow()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_id == OTHER_ID
    view.request_on_current("approve")
    assert seen == [(OTHER_ID, "approve")]
    queue.start(OTHER_ID, Action.APPROVE)
    # The card in focus is on its way: a second press decides nothing, on no other card.
    view.request_on_current("reject")
    assert seen == [(OTHER_ID, "approve")]


def test_keyboard_with_nothing_waiting_does_nothing(qtbot: Any) -> None:
    _queue, view = make(qtbot)
    assert not view.request_on_current("approve")


def test_in_flight_cards_cannot_be_asked_again(qtbot: Any) -> None:
    queue, view = make(qtbot)
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    queue.start(CONSUMPTION_ID, Action.REJECT)
    view.request(CONSUMPTION_ID, "reject")
    assert seen == []


def test_the_mute_toggle_is_visible_and_says_its_state(qtbot: Any) -> None:
    _queue, view = make(qtbot)
    with qtbot.waitSignal(view.muted_toggled) as toggled:
        view.mute_button.click()
    assert toggled.args == [True]
    assert view.mute_button.text() == "Sound: muted"


def test_the_countdown_ticks(qtbot: Any) -> None:
    queue, view = make(qtbot)
    data = consumption()
    data["expiration_date"] = "2026-05-01T12:00:10.000000Z"
    queue.on_request(data)
    queue.clock_ticked.emit()
    assert view.card_widget(CONSUMPTION_ID).countdown_label.text() == "expires in 0:10"


def test_the_a_and_r_keys_work_when_the_queue_has_focus(qtbot: Any) -> None:
    queue, view = make(qtbot)
    view.set_threshold("")
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert seen == [(CONSUMPTION_ID, "approve")]
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert seen[-1] == (CONSUMPTION_ID, "reject")


def test_enter_confirms_and_escape_cancels_the_inline_confirmation(qtbot: Any) -> None:
    queue, view = make(qtbot)
    view.set_threshold("0")
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    widget = view.card_widget(CONSUMPTION_ID)
    view.request_on_current("approve")
    qtbot.keyClick(widget.confirm_yes, Qt.Key.Key_Escape)
    assert not widget.is_confirming
    view.request_on_current("approve")
    qtbot.keyClick(widget.confirm_yes, Qt.Key.Key_Return)
    assert seen == [(CONSUMPTION_ID, "approve")]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def guarded(qtbot: Any) -> tuple[ApprovalQueue, ApprovalQueueView, Clock]:
    queue = ApprovalQueue(linger_ms=0, clock=lambda: T0)
    clock = Clock()
    guard = DecisionGuard(queue.card, clock=clock, belongs=queue.is_from_target)
    view = ApprovalQueueView(queue, guard=guard)
    view.set_live(True)
    view.set_threshold("")
    view.resize(420, 700)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return queue, view, clock


def test_a_card_is_decided_only_once_it_has_been_in_view_for_the_dwell(qtbot: Any) -> None:
    queue, view, clock = guarded(qtbot)
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    assert view.selected_id == CONSUMPTION_ID
    assert not view.request_on_current("approve")  # the press that brought it, repeated
    assert seen == []
    assert "just been shown" in view.focus_card.notice_label.text()  # type: ignore[union-attr]
    clock.now += 0.6
    assert view.request_on_current("approve")
    assert seen == [(CONSUMPTION_ID, "approve")]


def test_a_hidden_card_is_never_decided(qtbot: Any) -> None:
    queue, view, clock = guarded(qtbot)
    seen = requested(view, qtbot)
    queue.on_request(consumption())
    clock.now += 1.0
    view.hide()
    assert not view.request_on_current("approve")
    view.show()
    qtbot.waitExposed(view)
    assert not view.request_on_current("approve")  # back in view: a new dwell
    clock.now += 0.6
    assert view.request_on_current("approve")
    assert seen == [(CONSUMPTION_ID, "approve")]


def test_a_shortcut_with_nothing_in_focus_focuses_the_most_urgent_and_decides_nothing(
    qtbot: Any,
) -> None:
    queue, view, clock = guarded(qtbot)
    seen = requested(view, qtbot)
    late = consumption(consumption_id=OTHER_ID)
    late["expiration_date"] = "2026-05-01T12:05:00.000000Z"
    soon = consumption()
    soon["expiration_date"] = "2026-05-01T12:00:09.000000Z"
    queue.on_request(late)
    queue.on_request(soon)
    view.list_model.flush()
    view.select(None)
    clock.now += 1.0
    assert not view.request_on_current("approve")
    assert view.selected_id == CONSUMPTION_ID  # the one expiring first
    assert view.list_model.ids() == [CONSUMPTION_ID, OTHER_ID]
    assert seen == []


def test_the_card_shows_its_tokens_threshold_and_each_token_keeps_its_own(qtbot: Any) -> None:
    queue, view, clock = guarded(qtbot)
    view.set_threshold("100")
    queue.on_request(consumption(symbol="OMG", amount=10_100, subunit_to_unit=100))
    card = view.focus_card
    assert card is not None
    assert card.threshold_label.text() == "asks to confirm: above 100 OMG"
    assert "OMG" in view.threshold_label.text()
    changes: list[str] = []
    view.threshold_changed.connect(changes.append)
    view.threshold_spin.setValue(200)
    assert changes == ["OMG=200.00"]
    assert card.threshold_label.text() == "asks to confirm: above 200 OMG"
    assert view.thresholds.for_token("BTC") == 100  # a token never seen: the default
    clock.now += 1.0
    seen = requested(view, qtbot)
    view.request_on_current("approve")  # 101 OMG is under its own 200
    assert seen == [(CONSUMPTION_ID, "approve")]
