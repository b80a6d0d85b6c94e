"""The channel list: channels grouped by kind with a state dot, reason and event count.

It only asks (``join_requested``, ``leave_requested``, ``rejoin_requested``); the controller
does the joining and feeds the model back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.models.channel_tree import ChannelColumn, ChannelTreeModel, TopicRole
from ewallet_monitor.protocol.events import ChannelState
from ewallet_monitor.ui.add_channel_dialog import AddChannelDialog
from ewallet_monitor.ui.clipboard import copy_text
from ewallet_monitor.ui.colors import channel_state_colors, is_dark

# States in which leaving makes sense (the channel is joined or on its way).
_LEAVABLE = {ChannelState.JOINED, ChannelState.JOINING, ChannelState.ERRORED}


class ChannelTreeView(QWidget):
    """Tree over a :class:`ChannelTreeModel` with Add…, Leave and Rejoin."""

    join_requested = Signal(str)
    leave_requested = Signal(str)
    rejoin_requested = Signal(str)

    def __init__(self, model: ChannelTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.dialog: AddChannelDialog | None = None

        tree = QTreeView()
        tree.setModel(model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(False)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._on_tree_context_menu)
        tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        tree.expandAll()
        header = tree.header()
        # The names keep their full width (the tree scrolls sideways in a narrow dock)
        # rather than being squeezed to "t…y"; the spare width goes to the counts.
        header.setStretchLastSection(True)
        header.setSectionResizeMode(ChannelColumn.CHANNEL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ChannelColumn.STATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ChannelColumn.REASON, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ChannelColumn.EVENTS, QHeaderView.ResizeMode.ResizeToContents)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # Narrow by default: most reasons are blank (they only repeat the state) and the
        # full reason is in the tooltip; the channel names need the room.
        header.resizeSection(ChannelColumn.REASON, 64)
        self.tree = tree
        # New channels appear expanded under their group.
        model.rowsInserted.connect(self._on_model_rows_inserted)

        # Tool buttons: narrower than push buttons, so the dock can be narrow too.
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Join another channel (kind and id, or a pasted topic)"))
        self.leave_button = QToolButton()
        self.leave_button.setText(self.tr("Leave"))
        self.rejoin_button = QToolButton()
        self.rejoin_button.setText(self.tr("Rejoin"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.leave_button.clicked.connect(self.leave_selected)
        self.rejoin_button.clicked.connect(self.rejoin_selected)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.leave_button)
        buttons.addWidget(self.rejoin_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(tree, 1)
        layout.addLayout(buttons)

        tree.selectionModel().currentChanged.connect(lambda _c, _p: self._update_buttons())
        model.dataChanged.connect(lambda *_args: self._update_buttons())
        self._apply_colors()
        self._update_buttons()

    @property
    def model(self) -> ChannelTreeModel:
        return self._model

    def selected_topic(self) -> str | None:
        """The topic of the selected channel row (``None`` on a group or nothing)."""
        topic = self.tree.currentIndex().data(TopicRole)
        return topic if isinstance(topic, str) else None

    def select_topic(self, topic: str) -> bool:
        index = self._model.index_of(topic)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        return True

    def open_add_dialog(self) -> AddChannelDialog:
        """Open the Add dialog window-modally without blocking (``open()``, not ``exec()``)."""
        if self.dialog is not None:
            self.dialog.close()
        dialog = AddChannelDialog(self._model.topics(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.topic_accepted.connect(self.join_requested)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def leave_selected(self) -> None:
        topic = self.selected_topic()
        if topic is not None:
            self.leave_requested.emit(topic)

    def rejoin_selected(self) -> None:
        topic = self.selected_topic()
        if topic is not None:
            self.rejoin_requested.emit(topic)

    def context_menu_for(self, index: QModelIndex) -> QMenu:
        """The context menu for a row (Add… everywhere; Leave, Rejoin, Copy on channels)."""
        menu = QMenu(self)
        topic = index.data(TopicRole) if index.isValid() else None
        if isinstance(topic, str):
            state = self._model.state_of(topic)
            leave = menu.addAction(self.tr("Leave"))
            leave.setEnabled(state in _LEAVABLE)
            leave.triggered.connect(lambda: self.leave_requested.emit(topic))
            rejoin = menu.addAction(self.tr("Rejoin"))
            rejoin.triggered.connect(lambda: self.rejoin_requested.emit(topic))
            copy = menu.addAction(self.tr("Copy topic"))
            copy.triggered.connect(lambda: copy_text(topic))
            menu.addSeparator()
        menu.addAction(self.tr("Add channel…")).triggered.connect(self.open_add_dialog)
        return menu

    def _forget_dialog(self, dialog: AddChannelDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _on_model_rows_inserted(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if parent.isValid():
            self.tree.expand(parent)

    def _on_tree_context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu_for(self.tree.indexAt(pos))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _update_buttons(self) -> None:
        topic = self.selected_topic()
        state = self._model.state_of(topic) if topic else None
        self.leave_button.setEnabled(state in _LEAVABLE)
        self.rejoin_button.setEnabled(topic is not None)

    def _apply_colors(self) -> None:
        self._model.set_state_colors(channel_state_colors(is_dark(self.palette())))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_colors()
        super().changeEvent(event)
