"""Every control of the main window, in both layouts, and of every dialog it opens has a
name a screen reader can read (asked through QAccessible, as Orca gets it over AT-SPI);
form labels are buddies; views have names and descriptions; the card in focus reads as
its amount, customer and countdown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.protocol.approval import ApprovalCard
from ewallet_monitor.ui.about import show_about
from ewallet_monitor.ui.accessibility import (
    accessible_name,
    interactive_controls,
    is_qt_internal,
    name_controls,
    unnamed_controls,
)
from ewallet_monitor.ui.add_channel_dialog import AddChannelDialog
from ewallet_monitor.ui.approval_card import ApprovalCardWidget
from ewallet_monitor.ui.main_window import MainWindow
from ewallet_monitor.ui.window_layout import WindowLayout
from tests.models.samples import T0, request_event
from tests.ui.test_approval_card import rich_consumption


def describe(widget: QWidget) -> str:
    chain = []
    current: QWidget | None = widget
    while current is not None and len(chain) < 5:
        chain.append(f"{type(current).__name__}#{current.objectName()}")
        current = current.parentWidget()
    return " < ".join(chain)


def assert_all_named(root: QWidget) -> None:
    unnamed = unnamed_controls(root)
    assert not unnamed, "unnamed controls:\n" + "\n".join(describe(w) for w in unnamed)


def our_views(root: QWidget) -> list[QAbstractItemView]:
    """The tables, trees and lists under ``root`` that the project builds (not the
    insides of Qt's own dialogs and combo boxes)."""
    views = []
    for view in root.findChildren(QAbstractItemView):
        inside_file_dialog = False
        parent = view.parentWidget()
        while parent is not None:
            inside_file_dialog = inside_file_dialog or isinstance(parent, QFileDialog)
            parent = parent.parentWidget()
        if not is_qt_internal(view) and not inside_file_dialog:
            views.append(view)
    return views


def assert_views_described(root: QWidget) -> None:
    missing = [
        describe(view)
        for view in our_views(root)
        if not accessible_name(view) or not view.accessibleDescription()
    ]
    assert not missing, "views without a name or a description:\n" + "\n".join(missing)


@pytest.fixture
def parts(recorded_window: Assembly) -> Assembly:
    recorded_window.window.show()
    recorded_window.controller.handle_event(request_event())
    return recorded_window


@pytest.mark.parametrize("layout", list(WindowLayout))
def test_every_control_of_the_main_window_has_a_name(parts: Assembly, layout: WindowLayout) -> None:
    window = parts.window
    window.set_layout(layout)
    controls = interactive_controls(window)
    assert len(controls) > 40  # the walk sees the whole window, docks included
    visible = [widget for widget in controls if widget.isVisible()]
    assert len(visible) > 5
    assert_all_named(window)
    assert_views_described(window)


def test_the_big_views_have_names_and_descriptions(parts: Assembly) -> None:
    window = parts.window
    for view, name in (
        (window.event_log_view.table, "Events"),
        (window.channel_view.tree, "Channels"),
        (window.queue_view.list_view, "Payments waiting"),
        (window.queue_view.history_view, "Decided payments"),
        (window.event_log_view.detail.tree, "Frame as a tree"),
    ):
        assert accessible_name(view) == name
        assert view.accessibleDescription()


def test_the_card_in_focus_reads_as_amount_customer_and_countdown(parts: Assembly) -> None:
    card = parts.window.queue_view.focus_card
    assert card is not None and card.isVisible()
    consumption = card.card.consumption
    amount = consumption.formatted_amount()
    assert accessible_name(card) == f"Payment of {amount} from {consumption.consumer_name}"
    description = QAccessible.queryAccessibleInterface(card).text(QAccessible.Text.Description)
    assert "Waiting for you" in description
    assert card.countdown_label.accessibleName() in description
    # Each part also reads on its own, as the text a sighted cashier sees.
    assert accessible_name(card.amount_label) == amount
    assert consumption.consumer_name in accessible_name(card.consumer_label)
    assert accessible_name(card.countdown_label).startswith(("expires in", "no expiry"))
    # The buttons say which payment they decide.
    assert card.approve_button.accessibleDescription() == accessible_name(card)


def test_the_card_description_follows_the_countdown_and_the_state(qtbot: Any) -> None:
    widget = ApprovalCardWidget(ApprovalCard.from_request(rich_consumption()))
    qtbot.addWidget(widget)
    widget.update_countdown(T0 + timedelta(seconds=25))
    assert widget.accessibleDescription() == "Waiting for you, expires in 1 minute 5 seconds"
    widget.update_countdown(T0 + timedelta(seconds=95))
    assert widget.accessibleDescription() == "Waiting for you, expiring now"
    assert accessible_name(widget) == "Payment of 12.50 USD from Alice Example"


def test_form_labels_are_buddies_of_their_fields(parts: Assembly) -> None:
    form = parts.window.connection_form
    labelled = [label for label in form.findChildren(QLabel) if label.buddy() is not None]
    edits = [edit for edit in form.findChildren(QLineEdit) if edit.isVisibleTo(form)]
    assert labelled, "no label of the connection form has a buddy"
    buddies = {label.buddy() for label in labelled}
    missing = [describe(e) for e in edits if e not in buddies and not e.accessibleName()]
    assert not missing, missing
    # The label's text is what a screen reader says for the field (not its placeholder).
    for label in labelled:
        field = label.buddy()
        if not isinstance(field, QComboBox):
            assert accessible_name(field) == label.text().replace("&", "").rstrip(":")
    assert accessible_name(form.url_edit) == "Server URL"
    assert accessible_name(form.cafile_edit) == "CA file"


def test_the_credential_fields_follow_the_scheme(parts: Assembly) -> None:
    form = parts.window.connection_form
    names = set()
    for index in range(form.scheme_combo.count()):
        form.scheme_combo.setCurrentIndex(index)
        assert accessible_name(form.key_edit) == form.key_label.text()
        assert accessible_name(form.secret_edit) == form.secret_label.text()
        names.add(accessible_name(form.secret_edit))
    assert len(names) > 1


def _history(window: MainWindow) -> QWidget | None:
    dialog = window.show_history()
    assert dialog is not None
    return dialog


def _export(window: MainWindow) -> QWidget | None:
    return window.show_export()


def _export_overwrite(window: MainWindow) -> QWidget | None:
    dialog = window.show_export()
    assert dialog is not None
    dialog._ask_to_replace(Path("/tmp/existing.ndjson"))
    return dialog.overwrite_box


def _stats(window: MainWindow) -> QWidget | None:
    return window.tools.show_stats()


def _colour_rules(window: MainWindow) -> QWidget | None:
    return window.tools.show_rules()


def _add_channel(window: MainWindow) -> QWidget | None:
    dialog = AddChannelDialog([], window)
    dialog.open()
    return dialog


def _about(window: MainWindow) -> QWidget | None:
    return show_about(window)


def _quit(window: MainWindow) -> QWidget | None:
    window.close()  # a payment is waiting: the window asks first
    return window.quit_dialog


def _save_filter(window: MainWindow) -> QWidget | None:
    window.event_log_view.query_bar._ask_name()
    return window.findChild(QInputDialog)


def _import_profiles(window: MainWindow) -> QWidget | None:
    window.import_profiles_action.trigger()
    return window.findChild(QFileDialog)


def _ca_file(window: MainWindow) -> QWidget | None:
    window.connection_form.cafile_button.click()
    return window.findChild(QFileDialog)


DIALOGS: dict[str, Callable[[MainWindow], QWidget | None]] = {
    "history": _history,
    "export": _export,
    "export_overwrite": _export_overwrite,
    "statistics": _stats,
    "colour_rules": _colour_rules,
    "add_channel": _add_channel,
    "about": _about,
    "quit_confirmation": _quit,
    "save_filter": _save_filter,
    "import_profiles": _import_profiles,
    "ca_file": _ca_file,
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_control_of_each_dialog_has_a_name(parts: Assembly, qtbot: Any, name: str) -> None:
    dialog = DIALOGS[name](parts.window)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert interactive_controls(dialog), "the walk found no control in the dialog"
    assert_all_named(dialog)
    assert_views_described(dialog)
    # Background work the dialog started ends before the window goes.
    for busy in (getattr(dialog, "view", None), dialog):
        if isinstance(getattr(busy, "busy", None), bool):
            qtbot.waitUntil(lambda busy=busy: not busy.busy)
    dialog.close()


def test_the_check_fails_on_an_unnamed_control(parts: Assembly) -> None:
    window = parts.window
    assert not unnamed_controls(window)
    holder = window.queue_view
    button = QPushButton(holder)  # an icon-style button with no text, name or tooltip
    combo = QComboBox(holder)  # a value but nothing that says what it chooses
    combo.addItem("Any")
    edit = QLineEdit(holder)
    try:
        assert set(unnamed_controls(window)) == {button, combo, edit}
        with pytest.raises(AssertionError, match="unnamed controls"):
            assert_all_named(window)
        # A name, a description or a buddy label is what fixes each.
        button.setAccessibleName("Refresh")
        combo.setAccessibleDescription("Direction")
        label = QLabel("Amount", holder)
        label.setBuddy(edit)
        assert not unnamed_controls(window)
    finally:
        for widget in (button, combo, edit):
            widget.deleteLater()


def test_a_view_without_a_description_fails_the_check(parts: Assembly) -> None:
    table = parts.window.event_log_view.table
    kept = table.accessibleDescription()
    table.setAccessibleDescription("")
    try:
        with pytest.raises(AssertionError, match="without a name or a description"):
            assert_views_described(parts.window)
    finally:
        table.setAccessibleDescription(kept)


def test_a_name_set_in_the_code_is_kept(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    edit = QLineEdit(host)
    edit.setPlaceholderText("typed here")
    edit.setAccessibleName("Server address")
    other = QLineEdit(host)
    other.setToolTip("Where the server listens. Example: https://host")
    assert name_controls(host) == 1
    assert accessible_name(edit) == "Server address"
    assert accessible_name(other) == "Where the server listens"


def test_nothing_is_named_after_its_window(qtbot: Any) -> None:
    """A control with nothing near it that names it stays unnamed (the test sees it),
    rather than take the window's title."""
    host = QWidget()
    host.setWindowTitle("Some window")
    qtbot.addWidget(host)
    button = QPushButton(host)
    assert name_controls(host) == 0
    assert unnamed_controls(host) == [button]


def test_the_clear_buttons_of_fields_have_a_name(parts: Assembly, qtbot: Any) -> None:
    edit = parts.window.event_log_view.filter_edit
    assert edit.isClearButtonEnabled()
    edit.setText("bob")  # the clear button shows while there is text
    buttons = edit.findChildren(QToolButton)
    assert buttons, "no clear button"
    assert all(accessible_name(button) == "Clear" for button in buttons)
