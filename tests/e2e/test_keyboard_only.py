"""A whole cashier decision with the keyboard alone, against the real simulator: the
Cashier layout, the connection form filled and sent, the channels joined, a payment
arriving, approved, and its outcome read — every step a key press (pytest-qt keyClick),
no mouse and no call into the window's methods."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ewallet_monitor.app.gui import demo_connection
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.ui.accessibility import accessible_name
from ewallet_monitor.ui.window_layout import WindowLayout
from tests.e2e.conftest import Cockpit

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press to whatever has the keyboard (as pytest-qt's keyClick does)."""
    QTest.keyClick(focused(), key, modifiers)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def tab_to(target: QWidget, limit: int = 60) -> None:
    """Press Tab until ``target`` has the keyboard (the form is walked as a user would)."""
    for _ in range(limit):
        if focused() is target:
            return
        press(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {accessible_name(target)!r}")


def choose_in_combo(combo: Any, wanted: object, limit: int = 20) -> None:
    """Arrow keys through a focused combo box until ``wanted`` is its current data."""
    assert focused() is combo
    for key in (Qt.Key.Key_Home, *([Qt.Key.Key_Down] * limit)):
        if combo.currentData() == wanted:
            return
        press(key)
    raise AssertionError(f"{wanted!r} is not in the combo box")


@pytest.mark.parametrize("decide", ["ctrl+1 then A", "ctrl+enter"])
def test_a_cashier_decision_with_the_keyboard_alone(cockpit: Cockpit, decide: str) -> None:
    window = cockpit.parts.window
    form = window.connection_form
    queue_view = window.queue_view
    values = demo_connection(cockpit.info, "cashier")

    async def scenario() -> None:
        window.activateWindow()
        await cockpit.until(window.isActiveWindow)
        window.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

        # View → Cashier layout, then File → Connect… (the form comes up, on the URL).
        press(Qt.Key.Key_C, CTRL_SHIFT)
        assert window.window_layout is WindowLayout.CASHIER
        press(Qt.Key.Key_K, CTRL)
        assert focused() is form.url_edit
        type_text(values["url"])
        press(Qt.Key.Key_Tab)
        choose_in_combo(form.scheme_combo, values["scheme"])
        tab_to(form.key_edit)
        type_text(values["key"])
        tab_to(form.secret_edit)
        type_text(values["secret"])
        tab_to(form.topics_edit)
        for index, topic in enumerate(values["topics"]):
            if index:
                press(Qt.Key.Key_Return)  # one topic per line
            type_text(topic)
        tab_to(form.connect_button)
        press(Qt.Key.Key_Space)
        await cockpit.wait_joined(values["topics"])

        # A customer pays; the payment comes into focus on its own, undecided.
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = str(cockpit.consume(request["id"])["id"])
        await cockpit.until(lambda: queue_view.has_card(consumption_id))
        card = queue_view.focus_card
        assert card is not None and card.card.id == consumption_id
        assert queue_view.selected_id == consumption_id
        # What a screen reader says for it.
        amount = card.card.consumption.formatted_amount()
        assert accessible_name(card).startswith(f"Payment of {amount} from ")
        await cockpit.until(lambda: "expires in" in card.accessibleDescription())
        # The cashier reads it for the decision guard's dwell (its clock is the test's).
        cockpit.clock.advance(1.0)

        if decide == "ctrl+1 then A":
            press(Qt.Key.Key_1, CTRL)
            assert focused() is queue_view.list_view
            press(Qt.Key.Key_A)
        else:
            press(Qt.Key.Key_Return, CTRL)
        queue = cockpit.parts.queue
        if card.is_confirming:  # above the threshold the card asks once more
            assert focused() is card.confirm_yes
            press(Qt.Key.Key_Return)
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.CONFIRMED)

        # The outcome, as the cashier sees and hears it.
        assert "Confirmed" in card.state_label.text()
        assert card.accessibleDescription().startswith("✓ Confirmed")
        assert cockpit.sim.world.consumptions[consumption_id].status == "confirmed"
        assert queue.pending_count == 0

    cockpit.run(scenario)
