"""The event log view on real widgets: filter bar, follow-tail, detail pane, context menu."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from ewallet_monitor.models.event_log import Column, EventLogModel
from ewallet_monitor.protocol.auth import AuthScheme, Credentials, redact, redactor
from ewallet_monitor.protocol.consumption import Consumption
from ewallet_monitor.ui.clipboard import set_clipboard_redactor
from ewallet_monitor.ui.event_log_view import EventLogView
from tests.conftest import TIME_UNIT
from tests.models import samples

WAIT_MS = int(2000 * TIME_UNIT)
BIG = 10**30


@pytest.fixture
def view(qtbot: Any) -> EventLogView:
    model = EventLogModel(flush_interval_ms=5)
    widget = EventLogView(model)
    model.setParent(widget)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def add(view: EventLogView, *events: Any) -> None:
    for event in events:
        view.model.append(event)
    view.model.flush()


def fill(view: EventLogView, count: int, start: int = 0) -> None:
    add(view, *(samples.request_event(seconds=start + i) for i in range(count)))


def scroll_bar(view: EventLogView) -> Any:
    return view.table.verticalScrollBar()


def at_bottom(view: EventLogView) -> bool:
    bar = scroll_bar(view)
    return bool(bar.maximum() > 0 and bar.value() == bar.maximum())


# -- filter bar ------------------------------------------------------------------------------


def test_typing_in_the_filter_narrows_the_table(qtbot: Any, view: EventLogView) -> None:
    add(view, samples.request_event(name="Alice"), samples.finalized_event(name="Bob"))
    assert view.proxy.rowCount() == 2
    qtbot.keyClicks(view.filter_edit, "bob")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1, timeout=WAIT_MS)
    assert "Bob" in view.proxy.index(0, Column.SUMMARY).data()


def test_an_invalid_regex_shows_an_inline_error(qtbot: Any, view: EventLogView) -> None:
    add(view, samples.request_event())
    qtbot.mouseClick(view.regex_button, Qt.MouseButton.LeftButton)
    view.filter_edit.setText("(unclosed")
    qtbot.waitUntil(view.filter_error_label.isVisible, timeout=WAIT_MS)
    assert "invalid regular expression" in view.filter_error_label.text()
    assert view.proxy.rowCount() == 1  # nothing hidden by a broken expression
    view.filter_edit.setText("(alice)")
    qtbot.waitUntil(lambda: not view.filter_error_label.isVisible(), timeout=WAIT_MS)


def test_kind_topic_and_direction_controls_filter(view: EventLogView) -> None:
    other = "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1zzz"
    add(
        view,
        samples.join_sent(),
        samples.request_event(),
        samples.received(other, "transaction_consumption_finalized", data=samples.consumption()),
    )
    view.kind_actions["request"].setChecked(False)
    assert view.kind_button.text() == f"{len(view.kind_actions) - 1} kinds"
    assert view.proxy.rowCount() == 2
    view.set_kinds(None)
    assert view.kind_button.text() == "All kinds"
    view.topic_edit.setText("1zzz")
    assert view.proxy.rowCount() == 1
    view.topic_edit.clear()
    view.direction_combo.setCurrentIndex(view.direction_combo.findData("out"))
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, 3).data() == "phx_join"


def test_control_frames_are_hidden_until_the_toggle(view: EventLogView) -> None:
    add(view, samples.heartbeat_sent(), samples.heartbeat_reply(), samples.request_event())
    assert view.proxy.rowCount() == 1
    view.control_check.setChecked(True)
    assert view.proxy.rowCount() == 3


def test_ctrl_f_focuses_the_filter(qtbot: Any, view: EventLogView) -> None:
    view.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.filter_edit.hasFocus, timeout=WAIT_MS)


def test_ctrl_f_still_works_when_the_window_binds_find_too(qtbot: Any, view: EventLogView) -> None:
    window_find = QAction("Find", view)
    window_find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
    window_find.triggered.connect(view.focus_filter)
    view.addAction(window_find)
    view.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.filter_edit.hasFocus, timeout=WAIT_MS)


# -- follow-tail -----------------------------------------------------------------------------


def test_the_table_follows_the_newest_row(qtbot: Any, view: EventLogView) -> None:
    fill(view, 200)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    assert view.follow_tail


def test_a_batch_of_rows_and_the_scroll_to_it_are_one_step(qtbot: Any, view: EventLogView) -> None:
    # Scrolled in the model's flush itself: the rows and the scroll paint once, and the
    # newest row is in sight as soon as it is in the table.
    fill(view, 200)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    for start in (1000, 2000):
        fill(view, 30, start=start)
        assert at_bottom(view)
        newest = view.proxy.index(view.proxy.rowCount() - 1, 0)
        assert view.table.viewport().rect().intersects(view.table.visualRect(newest))


def test_scrolling_up_pauses_and_the_button_jumps_back(qtbot: Any, view: EventLogView) -> None:
    fill(view, 200)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    scroll_bar(view).setValue(10)  # as a user dragging the bar up
    assert not view.follow_tail
    fill(view, 5, start=1000)
    assert view.new_events_pending == 5
    button = view.new_events_button
    assert button.isVisible()
    assert button.text() == "5 new events ↓"
    qtbot.wait(3 * 100)  # following is paused: the view stays where the user put it
    assert scroll_bar(view).value() == 10
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.follow_tail
    assert view.new_events_pending == 0
    assert not button.isVisible()
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)


def test_the_new_events_button_keeps_to_the_table_corner_when_it_resizes(
    qtbot: Any, view: EventLogView
) -> None:
    fill(view, 200)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    scroll_bar(view).setValue(10)
    fill(view, 5, start=1000)
    button = view.new_events_button
    for size in ((900, 500), (700, 640)):
        view.resize(*size)
        view.table.resize(size[0] - 20, size[1] - 120)  # as the view's layout would
        viewport = view.table.viewport().geometry()
        assert 0 < viewport.right() - button.geometry().right() <= 40
        assert 0 < viewport.bottom() - button.geometry().bottom() <= 40


def test_hidden_rows_are_not_counted_as_new(view: EventLogView) -> None:
    fill(view, 200)
    view.set_follow_tail(False)
    add(view, samples.heartbeat_reply(), samples.request_event())
    assert view.new_events_pending == 1


def test_scrolling_back_to_the_bottom_resumes_following(qtbot: Any, view: EventLogView) -> None:
    fill(view, 200)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    scroll_bar(view).setValue(0)
    assert not view.follow_tail
    scroll_bar(view).setValue(scroll_bar(view).maximum())
    assert view.follow_tail


def test_end_jumps_to_the_tail(qtbot: Any, view: EventLogView) -> None:
    fill(view, 200)
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)
    scroll_bar(view).setValue(0)
    fill(view, 3, start=500)
    view.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_End)
    assert view.follow_tail
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)


def test_a_filter_change_does_not_pause_following(qtbot: Any, view: EventLogView) -> None:
    fill(view, 200)
    view.set_filter_text("nothing matches this")
    view.set_filter_text("")
    assert view.follow_tail
    qtbot.waitUntil(lambda: at_bottom(view), timeout=WAIT_MS)


# -- detail pane -----------------------------------------------------------------------------


def test_the_detail_pane_shows_a_huge_amount_exactly(view: EventLogView) -> None:
    add(view, samples.request_event(amount=BIG, subunit_to_unit=10**18, symbol="OMG"))
    view.select_latest()
    detail = view.detail
    item = detail.tree.find_value_text(str(BIG))
    assert item is not None
    assert item.text(0) == "amount"
    assert f'"amount": {BIG}' in detail.text.toPlainText()
    assert detail.text.isReadOnly()
    assert json.loads(detail.payload_text())["data"]["amount"] == BIG


def test_approve_and_reject_are_offered_for_a_pending_consumption(
    qtbot: Any, view: EventLogView
) -> None:
    add(view, samples.request_event(amount=BIG, subunit_to_unit=10**18))
    view.select_latest()
    detail = view.detail
    assert detail.approve_button.isVisible()
    assert detail.reject_button.isVisible()
    with qtbot.waitSignal(view.consumption_action_requested) as approved:
        qtbot.mouseClick(detail.approve_button, Qt.MouseButton.LeftButton)
    action, consumption = approved.args
    assert action == "approve"
    assert consumption["id"] == samples.CONSUMPTION_ID
    assert consumption["amount"] == BIG  # not rounded through a float or a QVariant
    with qtbot.waitSignal(view.consumption_action_requested) as rejected:
        qtbot.mouseClick(detail.reject_button, Qt.MouseButton.LeftButton)
    assert rejected.args[0] == "reject"


def test_no_approval_is_offered_for_a_finalized_consumption(view: EventLogView) -> None:
    add(view, samples.finalized_event("confirmed"))
    view.select_latest()
    assert view.detail.record is not None
    assert not view.detail.approve_button.isVisible()
    assert not view.detail.reject_button.isVisible()


def test_the_offer_goes_away_when_the_consumption_is_finalized(view: EventLogView) -> None:
    add(view, samples.request_event())
    view.select_latest()
    row = view.table.currentIndex().row()
    assert view.detail.offers_approval
    view.model.append(samples.finalized_event("rejected"))
    assert not view.detail.offers_approval
    assert view.table.currentIndex().row() == row  # the selection stayed on the request


def test_copy_json_puts_the_frame_on_the_clipboard(qtbot: Any, view: EventLogView) -> None:
    add(view, samples.request_event(amount=BIG))
    view.select_latest()
    qtbot.mouseClick(view.detail.copy_json_button, Qt.MouseButton.LeftButton)
    assert json.loads(QGuiApplication.clipboard().text())["data"]["amount"] == BIG


# -- context menu ----------------------------------------------------------------------------


def actions_by_text(menu: Any) -> dict[str, Any]:
    return {action.text(): action for action in menu.actions() if action.text()}


def test_join_related_topics_emits_the_consumption_topics(qtbot: Any, view: EventLogView) -> None:
    add(view, samples.request_event())
    menu = view.context_menu_for(view.proxy.index(0, 2))
    assert menu is not None
    expected = Consumption(samples.consumption()).related_topics()
    actions = actions_by_text(menu)
    join = actions[f"Join related topics ({len(expected)})"]
    with qtbot.waitSignal(view.join_topics_requested) as blocker:
        join.trigger()
    assert blocker.args == [expected]
    assert samples.REQUEST_TOPIC in expected
    assert f"address:{samples.ADDRESS}" in expected


def test_copy_actions_of_the_context_menu(view: EventLogView) -> None:
    add(view, samples.request_event())
    menu = view.context_menu_for(view.proxy.index(0, 0))
    assert menu is not None
    actions = actions_by_text(menu)
    actions["Copy topic"].trigger()
    assert QApplication.clipboard().text() == samples.REQUEST_TOPIC
    actions["Copy frame JSON"].trigger()
    assert json.loads(QApplication.clipboard().text())["topic"] == samples.REQUEST_TOPIC


def test_no_context_menu_off_the_rows(view: EventLogView) -> None:
    assert view.context_menu_for(view.proxy.index(5, 0)) is None


def test_an_invalid_frame_row_offers_nothing_to_join(view: EventLogView) -> None:
    add(view, samples.invalid_frame())
    menu = view.context_menu_for(view.proxy.index(0, 0))
    assert menu is not None
    assert not actions_by_text(menu)["Join related topics"].isEnabled()


def test_copy_json_redacts_the_sessions_secrets_in_every_form(
    qtbot: Any, view: EventLogView
) -> None:
    secret = "CANARY-clip-7f3e-91c2"
    creds = Credentials(AuthScheme.OMG_CLIENT, "key", secret)
    encoded = base64.b64encode(f"x{secret}".encode()).decode()
    set_clipboard_redactor(redactor(creds.secrets()))
    try:
        add(view, samples.request_event(name=f"{secret} and {encoded}"))
        view.select_latest()
        qtbot.mouseClick(view.detail.copy_json_button, Qt.MouseButton.LeftButton)
        copied = QGuiApplication.clipboard().text()
        menu = view.context_menu_for(view.proxy.index(0, 2))
        assert menu is not None
        actions_by_text(menu)["Copy frame JSON"].trigger()
        from_menu = QGuiApplication.clipboard().text()
    finally:
        set_clipboard_redactor(redact)
    for text in (copied, from_menu):
        name = json.loads(text)["data"]["user"]["full_name"]
        assert name.startswith("[redacted] and ") and "[redacted]" in name[15:]
        assert secret not in text and encoded[4:-4] not in text
