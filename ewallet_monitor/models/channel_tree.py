"""The wanted channels, grouped by kind, with their state, reason and event count.

Event counts are bumped per frame (:meth:`ChannelTreeModel.count_event` is a dict
increment) and pushed to the items by a timer a few times a second, so a burst of frames
costs no repaint per frame.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    reason_beyond_state,
)
from ewallet_monitor.protocol.topics import TopicKind, try_parse_topic


class ChannelColumn(enum.IntEnum):
    """The tree's columns, declared once."""

    CHANNEL = 0
    STATE = 1
    REASON = 2
    EVENTS = 3


CHANNEL_COLUMN_TITLES = (
    QT_TRANSLATE_NOOP("ChannelTreeModel", "Channel"),
    QT_TRANSLATE_NOOP("ChannelTreeModel", "State"),
    QT_TRANSLATE_NOOP("ChannelTreeModel", "Reason"),
    QT_TRANSLATE_NOOP("ChannelTreeModel", "Events"),
)

# Custom roles, declared once.
TopicRole = Qt.ItemDataRole.UserRole + 1  # the full topic (channel rows, every column)
StateRole = Qt.ItemDataRole.UserRole + 2  # the ChannelState (channel rows)
GroupRole = Qt.ItemDataRole.UserRole + 3  # the TopicKind, or None for "Other" (group rows)

GROUP_LABELS: dict[TopicKind | None, str] = {
    TopicKind.ACCOUNT: QT_TRANSLATE_NOOP("ChannelTreeModel", "Accounts"),
    TopicKind.ADDRESS: QT_TRANSLATE_NOOP("ChannelTreeModel", "Addresses"),
    TopicKind.TRANSACTION_REQUEST: QT_TRANSLATE_NOOP("ChannelTreeModel", "Transaction requests"),
    TopicKind.TRANSACTION_CONSUMPTION: QT_TRANSLATE_NOOP("ChannelTreeModel", "Consumptions"),
    TopicKind.USER: QT_TRANSLATE_NOOP("ChannelTreeModel", "Users"),
    None: QT_TRANSLATE_NOOP(
        "ChannelTreeModel", "Other"
    ),  # a topic that is not kind:id; only shown when one exists
}

# What the state column says; words an operator reads at a glance.
STATE_TEXT: dict[ChannelState, str] = {
    ChannelState.CLOSED: QT_TRANSLATE_NOOP("ChannelTreeModel", "closed"),
    ChannelState.JOINING: QT_TRANSLATE_NOOP("ChannelTreeModel", "joining…"),
    ChannelState.JOINED: QT_TRANSLATE_NOOP("ChannelTreeModel", "joined"),
    ChannelState.REFUSED: QT_TRANSLATE_NOOP("ChannelTreeModel", "refused"),
    ChannelState.ERRORED: QT_TRANSLATE_NOOP("ChannelTreeModel", "rejoining…"),
    ChannelState.LEAVING: QT_TRANSLATE_NOOP("ChannelTreeModel", "leaving…"),
    ChannelState.FAILED: QT_TRANSLATE_NOOP("ChannelTreeModel", "failed"),
}

COUNT_REFRESH_MS = 250


def _dot_icon(color: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color.darker(130))
    painter.setBrush(color)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class ChannelTreeModel(QStandardItemModel):
    """Channels under five kind groups (Accounts, Addresses, Transaction requests,
    Consumptions, Users). Feed it with :meth:`on_channel_state` and :meth:`count_event`.

    A channel row carries its topic in ``TopicRole`` and its state in ``StateRole`` on
    every column. :meth:`set_state_colors` gives the state column a coloured dot.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([self.tr(title) for title in CHANNEL_COLUMN_TITLES])
        self._groups: dict[TopicKind | None, QStandardItem] = {}
        self._rows: dict[str, list[QStandardItem]] = {}
        self._states: dict[str, ChannelState] = {}
        self._counts: dict[str, int] = {}
        self._dirty: set[str] = set()
        self._icons: dict[ChannelState, QIcon] = {}
        self._state_colors: dict[ChannelState, QColor] = {}
        for kind in TopicKind:
            self._group(kind)
        self._timer = QTimer(self)
        self._timer.setInterval(COUNT_REFRESH_MS)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh_counts)

    # -- feeding ---------------------------------------------------------------------------

    def on_channel_state(self, event: ChannelStateChanged) -> None:
        """Add the channel if new, and show its state and reason."""
        self.set_state(event.topic, event.state, event.reason)

    def set_state(self, topic: str, state: ChannelState, reason: str = "") -> None:
        row = self._rows.get(topic) or self._add(topic)
        self._states[topic] = state
        state_item = row[ChannelColumn.STATE]
        state_text = self.tr(STATE_TEXT[state]) if state in STATE_TEXT else state.value
        state_item.setText(state_text)
        state_item.setToolTip(reason or state_text)
        icon = self._icon(state)
        if icon is not None:
            state_item.setIcon(icon)
        reason_item = row[ChannelColumn.REASON]
        # "joined (joined)" says nothing: a reason that only repeats the state stays blank,
        # which leaves the narrow dock's width to the channel names.
        reason_item.setText(reason_beyond_state(state, reason))
        reason_item.setToolTip(reason)
        row[ChannelColumn.CHANNEL].setToolTip(f"{topic}\n{state_text}: {reason}".rstrip(": "))
        for item in row:
            item.setData(state, StateRole)

    def count_event(self, topic: str) -> None:
        """One more event on ``topic``; cheap, the display catches up within 250 ms."""
        self._counts[topic] = self._counts.get(topic, 0) + 1
        if topic in self._rows:
            self._dirty.add(topic)
            if not self._timer.isActive():
                self._timer.start()

    def refresh_counts(self) -> None:
        """Push the pending counts to the view now (the timer does this by itself)."""
        touched: set[TopicKind | None] = set()
        for topic in self._dirty:
            row = self._rows.get(topic)
            if row is not None:
                row[ChannelColumn.EVENTS].setText(str(self._counts.get(topic, 0)))
                touched.add(self._kind_of(topic))
        self._dirty.clear()
        for kind in touched:
            self._update_group(kind)

    def remove(self, topic: str) -> bool:
        """Forget a channel (after a leave); ``False`` if it was not there."""
        row = self._rows.pop(topic, None)
        if row is None:
            return False
        self._states.pop(topic, None)
        self._dirty.discard(topic)
        kind = self._kind_of(topic)
        group = self._groups[kind]
        group.removeRow(row[0].row())
        if kind is None and group.rowCount() == 0:
            self.removeRow(group.row())
            del self._groups[None]
        else:
            self._update_group(kind)
        return True

    def set_state_colors(self, colors: Mapping[ChannelState, QColor]) -> None:
        """Colours of the state dots (the UI picks light or dark ones)."""
        self._state_colors = dict(colors)
        self._icons.clear()
        for topic, state in self._states.items():
            icon = self._icon(state)
            if icon is not None:
                self._rows[topic][ChannelColumn.STATE].setIcon(icon)

    # -- queries ---------------------------------------------------------------------------

    def topics(self) -> list[str]:
        """Every channel in the tree, in the order added."""
        return list(self._rows)

    def state_of(self, topic: str) -> ChannelState | None:
        return self._states.get(topic)

    def event_count(self, topic: str) -> int:
        return self._counts.get(topic, 0)

    def index_of(self, topic: str, column: int = ChannelColumn.CHANNEL) -> QModelIndex:
        """The index of a channel's cell (invalid when absent)."""
        row = self._rows.get(topic)
        if row is None:
            return QModelIndex()
        return self.indexFromItem(row[column])

    def group_index(self, kind: TopicKind | None) -> QModelIndex:
        """The index of a kind's group row (``None``: "Other"; invalid when absent)."""
        group = self._groups.get(kind)
        return self.indexFromItem(group) if group is not None else QModelIndex()

    # -- internals -------------------------------------------------------------------------

    def _icon(self, state: ChannelState) -> QIcon | None:
        color = self._state_colors.get(state)
        if color is None:
            return None
        icon = self._icons.get(state)
        if icon is None:
            icon = self._icons[state] = _dot_icon(color)
        return icon

    @staticmethod
    def _kind_of(topic: str) -> TopicKind | None:
        parsed = try_parse_topic(topic)
        return parsed.kind if parsed else None

    def _group(self, kind: TopicKind | None) -> QStandardItem:
        group = self._groups.get(kind)
        if group is None:
            group = QStandardItem(self.tr(GROUP_LABELS[kind]))
            group.setData(kind, GroupRole)
            group.setEditable(False)
            font = group.font()
            font.setBold(True)
            group.setFont(font)
            filler = [QStandardItem("") for _ in range(len(ChannelColumn) - 1)]
            for item in filler:
                item.setEditable(False)
            self.appendRow([group, *filler])
            self._groups[kind] = group
        return group

    def _add(self, topic: str) -> list[QStandardItem]:
        kind = self._kind_of(topic)
        parsed = try_parse_topic(topic)
        label = parsed.id if parsed else topic
        row = [QStandardItem(label), QStandardItem(""), QStandardItem(""), QStandardItem("")]
        row[ChannelColumn.EVENTS].setText(str(self._counts.get(topic, 0)))
        row[ChannelColumn.EVENTS].setTextAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        for item in row:
            item.setEditable(False)
            item.setData(topic, TopicRole)
        self._group(kind).appendRow(row)
        self._rows[topic] = row
        self._update_group(kind)
        return row

    def _update_group(self, kind: TopicKind | None) -> None:
        group = self._groups.get(kind)
        if group is None:
            return
        channels = group.rowCount()
        label = self.tr(GROUP_LABELS[kind])
        group.setText(f"{label} ({channels})" if channels else label)
        total = sum(
            self._counts.get(topic, 0) for topic in self._rows if self._kind_of(topic) == kind
        )
        events_item = self.item(group.row(), ChannelColumn.EVENTS)
        if events_item is not None:
            events_item.setText(str(total) if channels else "")
            events_item.setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
