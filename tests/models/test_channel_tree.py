"""The channel tree: grouped by kind, state and reason, throttled event counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ewallet_monitor.models.channel_tree import (
    ChannelColumn,
    ChannelTreeModel,
    StateRole,
    TopicRole,
)
from ewallet_monitor.protocol.events import ChannelState
from ewallet_monitor.protocol.topics import TopicKind
from tests.models import samples

ACCOUNT = "account:acc_01cbfg9qtdken61agxhx6wvj9h"


def group_labels(model: ChannelTreeModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_the_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = ChannelTreeModel()
    model.on_channel_state(samples.channel_state())
    model.on_channel_state(samples.channel_state(ACCOUNT, ChannelState.REFUSED, "forbidden"))
    qtmodeltester.check(model)


def test_five_kind_groups_exist_from_the_start() -> None:
    model = ChannelTreeModel()
    assert group_labels(model) == [
        "Accounts",
        "Addresses",
        "Transaction requests",
        "Consumptions",
        "Users",
    ]


def test_a_channel_lands_under_its_kind_with_its_state_and_reason() -> None:
    model = ChannelTreeModel()
    model.on_channel_state(samples.channel_state(ACCOUNT, ChannelState.REFUSED, "forbidden"))
    group = model.group_index(TopicKind.ACCOUNT)
    assert group.data() == "Accounts (1)"
    assert model.rowCount(group) == 1
    channel = model.index(0, ChannelColumn.CHANNEL, group)
    assert channel.data() == "acc_01cbfg9qtdken61agxhx6wvj9h"
    assert channel.data(TopicRole) == ACCOUNT
    state = model.index(0, ChannelColumn.STATE, group)
    assert state.data() == "refused"
    assert state.data(StateRole) is ChannelState.REFUSED
    assert state.data(Qt.ItemDataRole.ToolTipRole) == "forbidden"
    assert model.index(0, ChannelColumn.REASON, group).data() == "forbidden"
    assert model.state_of(ACCOUNT) is ChannelState.REFUSED


def test_a_state_change_updates_the_same_row() -> None:
    model = ChannelTreeModel()
    model.on_channel_state(samples.channel_state(state=ChannelState.JOINING))
    model.on_channel_state(samples.channel_state(state=ChannelState.JOINED))
    assert model.topics() == [samples.REQUEST_TOPIC]
    assert model.index_of(samples.REQUEST_TOPIC, ChannelColumn.STATE).data() == "joined"


def test_event_counts_show_after_a_refresh(qtbot: Any) -> None:
    model = ChannelTreeModel()
    model.on_channel_state(samples.channel_state())
    for _ in range(3):
        model.count_event(samples.REQUEST_TOPIC)
    assert model.event_count(samples.REQUEST_TOPIC) == 3
    events = model.index_of(samples.REQUEST_TOPIC, ChannelColumn.EVENTS)
    qtbot.waitUntil(lambda: events.data() == "3", timeout=2000)  # the timer catches up
    group = model.group_index(TopicKind.TRANSACTION_REQUEST)
    assert model.index(group.row(), ChannelColumn.EVENTS).data() == "3"


def test_counts_for_topics_outside_the_tree_cost_nothing_visible() -> None:
    model = ChannelTreeModel()
    model.count_event("phoenix")
    model.refresh_counts()
    assert model.topics() == []


def test_remove_forgets_a_channel() -> None:
    model = ChannelTreeModel()
    model.on_channel_state(samples.channel_state())
    assert model.remove(samples.REQUEST_TOPIC)
    assert model.topics() == []
    assert model.state_of(samples.REQUEST_TOPIC) is None
    assert model.group_index(TopicKind.TRANSACTION_REQUEST).data() == "Transaction requests"
    assert not model.remove(samples.REQUEST_TOPIC)


def test_a_topic_that_is_not_kind_id_goes_to_other_and_leaves_it_when_removed() -> None:
    model = ChannelTreeModel()
    model.set_state("weird", ChannelState.FAILED, "unknown topic")
    assert group_labels(model)[-1] == "Other (1)"
    model.remove("weird")
    assert "Other" not in " ".join(group_labels(model))


def test_state_colours_give_a_dot_icon() -> None:
    model = ChannelTreeModel()
    model.set_state_colors({ChannelState.JOINED: QColor("green")})
    model.on_channel_state(samples.channel_state())
    icon = model.index_of(samples.REQUEST_TOPIC, ChannelColumn.STATE).data(
        Qt.ItemDataRole.DecorationRole
    )
    assert icon is not None
    assert not icon.isNull()


def test_a_reason_that_only_repeats_the_state_is_left_blank_but_kept_as_tooltip() -> None:
    model = ChannelTreeModel()
    model.on_channel_state(samples.channel_state(ACCOUNT, ChannelState.JOINED, "joined"))
    group = model.group_index(TopicKind.ACCOUNT)
    reason = model.index(0, ChannelColumn.REASON, group)
    assert reason.data() == ""
    assert reason.data(Qt.ItemDataRole.ToolTipRole) == "joined"
    model.on_channel_state(samples.channel_state(ACCOUNT, ChannelState.ERRORED, "connection lost"))
    assert model.index(0, ChannelColumn.REASON, group).data() == "connection lost"
