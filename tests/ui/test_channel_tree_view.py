"""The channel tree view and the Add channel dialog on real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ewallet_monitor.models.channel_tree import ChannelColumn, ChannelTreeModel
from ewallet_monitor.protocol.events import ChannelState
from ewallet_monitor.protocol.topics import TopicKind
from ewallet_monitor.ui.add_channel_dialog import AddChannelDialog
from ewallet_monitor.ui.channel_tree_view import ChannelTreeView
from tests.models import samples

ACCOUNT = "account:acc_01cbfg9qtdken61agxhx6wvj9h"
CONSUMPTION_TOPIC = f"transaction_consumption:{samples.CONSUMPTION_ID}"


@pytest.fixture
def view(qtbot: Any) -> ChannelTreeView:
    model = ChannelTreeModel()
    widget = ChannelTreeView(model)
    model.setParent(widget)
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    qtbot.waitExposed(widget)
    model.on_channel_state(samples.channel_state())
    model.on_channel_state(samples.channel_state(ACCOUNT, ChannelState.REFUSED, "forbidden"))
    return widget


def test_channels_show_under_their_group_expanded_with_a_state_dot(view: ChannelTreeView) -> None:
    model = view.model
    group = model.group_index(TopicKind.TRANSACTION_REQUEST)
    assert view.tree.isExpanded(group)
    state = model.index_of(samples.REQUEST_TOPIC, ChannelColumn.STATE)
    assert state.data() == "joined"
    icon = state.data(Qt.ItemDataRole.DecorationRole)
    assert icon is not None
    assert not icon.isNull()


def test_leave_and_rejoin_buttons_ask_for_the_selected_channel(
    qtbot: Any, view: ChannelTreeView
) -> None:
    assert not view.leave_button.isEnabled()  # nothing selected
    assert view.select_topic(samples.REQUEST_TOPIC)
    assert view.leave_button.isEnabled()
    with qtbot.waitSignal(view.leave_requested) as left:
        qtbot.mouseClick(view.leave_button, Qt.MouseButton.LeftButton)
    assert left.args == [samples.REQUEST_TOPIC]
    with qtbot.waitSignal(view.rejoin_requested) as rejoined:
        qtbot.mouseClick(view.rejoin_button, Qt.MouseButton.LeftButton)
    assert rejoined.args == [samples.REQUEST_TOPIC]


def test_a_refused_channel_can_be_rejoined_but_not_left(view: ChannelTreeView) -> None:
    view.select_topic(ACCOUNT)
    assert not view.leave_button.isEnabled()
    assert view.rejoin_button.isEnabled()


def test_the_context_menu_offers_leave_rejoin_copy_and_add(
    qtbot: Any, view: ChannelTreeView
) -> None:
    menu = view.context_menu_for(view.model.index_of(samples.REQUEST_TOPIC))
    actions = {action.text(): action for action in menu.actions() if action.text()}
    assert list(actions) == ["Leave", "Rejoin", "Copy topic", "Add channel…"]
    with qtbot.waitSignal(view.rejoin_requested) as rejoined:
        actions["Rejoin"].trigger()
    assert rejoined.args == [samples.REQUEST_TOPIC]
    actions["Copy topic"].trigger()
    assert QApplication.clipboard().text() == samples.REQUEST_TOPIC
    group_menu = view.context_menu_for(view.model.group_index(TopicKind.USER))
    assert [a.text() for a in group_menu.actions() if a.text()] == ["Add channel…"]


def test_add_opens_a_non_blocking_dialog_that_joins_a_valid_topic(
    qtbot: Any, view: ChannelTreeView
) -> None:
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(TopicKind.TRANSACTION_CONSUMPTION))
    qtbot.keyClicks(dialog.id_edit, samples.CONSUMPTION_ID)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(view.join_requested) as joined:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert joined.args == [CONSUMPTION_TOPIC]
    qtbot.waitUntil(lambda: view.dialog is None)


def test_the_dialog_explains_an_id_of_the_wrong_kind(qtbot: Any) -> None:
    dialog = AddChannelDialog()
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(TopicKind.TRANSACTION_REQUEST))
    dialog.id_edit.setText(samples.CONSUMPTION_ID)
    assert not dialog.ok_button.isEnabled()
    assert "is a txc_ id, not a transaction request id" in dialog.message_label.text()
    assert dialog.topic() is None


def test_the_dialog_takes_a_pasted_topic_and_follows_its_kind(qtbot: Any) -> None:
    dialog = AddChannelDialog()
    qtbot.addWidget(dialog)
    dialog.id_edit.setText(f"  {samples.USER_TOPIC} ")
    assert dialog.ok_button.isEnabled()
    assert dialog.topic() == samples.USER_TOPIC
    assert dialog.kind_combo.currentData() is TopicKind.USER
    dialog.id_edit.setText("nosuchkind:abc")
    assert "Unknown channel kind" in dialog.error_text
    assert not dialog.ok_button.isEnabled()


def test_the_dialog_refuses_a_channel_already_in_the_list(qtbot: Any) -> None:
    dialog = AddChannelDialog(existing=[samples.REQUEST_TOPIC])
    qtbot.addWidget(dialog)
    dialog.id_edit.setText(samples.REQUEST_TOPIC)
    assert not dialog.ok_button.isEnabled()
    assert "already in the channel list" in dialog.message_label.text()


def test_enter_on_invalid_input_does_not_accept(qtbot: Any) -> None:
    dialog = AddChannelDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.id_edit.setText("has space")
    with qtbot.assertNotEmitted(dialog.topic_accepted):
        dialog.accept()
    assert dialog.isVisible()
    dialog.close()


def test_in_a_narrow_dock_channel_names_keep_their_width_and_the_tree_scrolls(
    view: ChannelTreeView, qtbot: Any
) -> None:
    view.resize(200, 300)
    qtbot.waitUntil(lambda: view.width() == 200)
    tree = view.tree
    index = view.model.index_of(samples.REQUEST_TOPIC, ChannelColumn.CHANNEL)
    label = str(index.data())
    needed = tree.fontMetrics().horizontalAdvance(label)
    # The column holds the whole name (no "t…y"); the view scrolls sideways to reach it.
    assert tree.visualRect(index).width() >= needed
    assert tree.horizontalScrollBar().maximum() > 0
    assert samples.REQUEST_TOPIC in str(index.data(Qt.ItemDataRole.ToolTipRole))
    assert view.minimumSizeHint().width() <= 200
