"""The live event log: filter bar, table with follow-tail, and the detail pane.

The table follows the newest rows once per batch the model inserts, in the same step, so
the rows and the scroll to them paint once. Scrolling up pauses following;
rows that arrive meanwhile are counted on a floating "N new events ↓" button that jumps
back to the tail. Scrolling back to the bottom (or End) resumes following.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n import number_text, widest_time_text
from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.models.event_filter import EventFilterProxy
from ewallet_monitor.models.event_log import (
    DIRECTION_IN,
    DIRECTION_NONE,
    DIRECTION_OUT,
    KINDS,
    Column,
    EventLogModel,
    EventRecord,
)
from ewallet_monitor.protocol.consumption import Consumption
from ewallet_monitor.protocol.topics import try_parse_topic
from ewallet_monitor.query import Query
from ewallet_monitor.ui.clipboard import copy_text
from ewallet_monitor.ui.colors import error_text_color, event_row_styles, is_dark, problem_row_style
from ewallet_monitor.ui.detail_pane import DetailPane, pretty_json
from ewallet_monitor.ui.log_columns import arrange_timing_columns
from ewallet_monitor.ui.query_bar import QueryBar

# How soon the table catches up with rows shown outside a batch of the model (a filter
# change, history added), and how long typing settles before the text filter runs over
# every row.
FOLLOW_INTERVAL_MS = 100
FILTER_DEBOUNCE_MS = 150
STATUS_INTERVAL_MS = 500

_DIRECTIONS: tuple[tuple[str, str | None], ...] = (
    (QT_TRANSLATE_NOOP("EventLogView", "Any direction"), None),
    (QT_TRANSLATE_NOOP("EventLogView", "In (received)"), DIRECTION_IN),
    (QT_TRANSLATE_NOOP("EventLogView", "Out (sent)"), DIRECTION_OUT),
    (QT_TRANSLATE_NOOP("EventLogView", "Monitor (—)"), DIRECTION_NONE),
)


def related_topics(record: EventRecord) -> list[str]:
    """Topics worth joining from a row: its consumption's topics, else its own topic."""
    consumption = Consumption.from_data(record.consumption())
    if consumption is not None:
        return consumption.related_topics()
    if record.topic and try_parse_topic(record.topic) is not None:
        return [record.topic]
    return []


class _EventTable(QTableView):
    """The log's table; says when it was resized (the "new events" button sits in its
    corner). An event filter would do it too, but every event of the table, paints
    included, would then cross into Python: ~10 % of the GUI thread at 1000 events/s."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class EventLogView(QWidget):
    """Filterable live table over an :class:`EventLogModel`, with a detail pane.

    Signals: ``join_topics_requested(list[str])`` (context menu "Join related topics"),
    ``consumption_action_requested(str action, object consumption)`` (re-emitted from the
    detail pane; ``action`` is ``"approve"`` or ``"reject"``).
    """

    join_topics_requested = Signal(list)
    consumption_action_requested = Signal(str, object)
    follow_tail_changed = Signal(bool)

    def __init__(self, model: EventLogModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(model)
        self._follow = True
        self._new_pending = 0
        self._tail_dirty = False
        self._programmatic = 0  # > 0 while we move the scroll bar ourselves

        self._build_filter_bar()
        self._build_table()
        self.detail = DetailPane()
        self.detail.consumption_action_requested.connect(self.consumption_action_requested)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        # The toggle sits by the expression (whose field shrinks), not in the quick-filter
        # row, which sets the window's minimum width.
        query_row = QHBoxLayout()
        query_row.setContentsMargins(0, 0, 0, 0)
        query_row.addWidget(self.query_bar, 1)
        query_row.addWidget(self.per_topic_check, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(query_row)
        layout.addLayout(self._filter_bar)
        layout.addWidget(self.filter_error_label)
        layout.addWidget(self.splitter, 1)

        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_INTERVAL_MS)
        self._follow_timer.timeout.connect(self._catch_up)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DEBOUNCE_MS)
        self._filter_timer.timeout.connect(self._apply_text_filter)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_INTERVAL_MS)
        self._status_timer.timeout.connect(self._update_status)
        self._status_timer.start()

        self.proxy.rowsInserted.connect(self._on_proxy_rows_inserted)
        model.rows_flushed.connect(self._on_rows_flushed)
        self.proxy.filter_error_changed.connect(self._on_proxy_filter_error_changed)
        model.consumption_status_changed.connect(self._on_model_consumption_status_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.verticalScrollBar().valueChanged.connect(self._on_scrollbar_value_changed)
        self.table.resized.connect(self._place_new_events_button)

        # Ctrl+F is handled in keyPressEvent, not as a QShortcut: a window that binds Find
        # to focus_filter too would make a second shortcut ambiguous (neither would fire).
        end = QShortcut(QKeySequence(Qt.Key.Key_End), self.table)
        end.setContext(Qt.ShortcutContext.WidgetShortcut)
        end.activated.connect(self.jump_to_tail)

        self._apply_colors()
        self._update_status()

    # -- construction ----------------------------------------------------------------------

    def _build_filter_bar(self) -> None:
        # The filter language (docs/event-log.md); the quick filters below narrow further.
        self.query_bar = QueryBar(parent=self)
        self.query_bar.query_changed.connect(self._on_query_bar_query_changed)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter text (Ctrl+F)…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(
            self.tr("Rows whose topic, event, ref, outcome, summary or consumption id contain this")
        )
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._apply_text_filter)

        self.regex_button = QToolButton()
        self.regex_button.setText(".*")
        self.regex_button.setCheckable(True)
        self.regex_button.setToolTip(self.tr("Treat the filter text as a regular expression"))
        self.regex_button.toggled.connect(lambda _on: self._apply_text_filter())

        self.kind_button = QToolButton()
        self.kind_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.kind_button.setToolTip(self.tr("Show only some kinds of rows"))
        self.kind_menu = QMenu(self.kind_button)
        self.all_kinds_action = self.kind_menu.addAction(self.tr("All kinds"))
        self.all_kinds_action.triggered.connect(lambda: self.set_kinds(None))
        self.kind_menu.addSeparator()
        self.kind_actions: dict[str, QAction] = {}
        for kind in KINDS:
            action = self.kind_menu.addAction(kind)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda _on: self._on_kind_actions_toggled())
            self.kind_actions[kind] = action
        self.kind_button.setMenu(self.kind_menu)
        self.kind_button.setText(self.tr("All kinds"))

        self.topic_edit = QLineEdit()
        self.topic_edit.setPlaceholderText(self.tr("Topic contains…"))
        self.topic_edit.setClearButtonEnabled(True)
        self.topic_edit.textChanged.connect(self._on_topic_edit_changed)

        self.direction_combo = QComboBox()
        for label, value in _DIRECTIONS:
            self.direction_combo.addItem(self.tr(label), value)
        self.direction_combo.setAccessibleDescription(self.tr("Direction"))
        self.direction_combo.currentIndexChanged.connect(self._on_direction_changed)

        self.control_check = QCheckBox(self.tr("Heartbeats && replies"))
        self.control_check.setToolTip(
            self.tr(
                "Show heartbeats and phx_reply frames (a reply carrying an error is always shown)"
            )
        )
        self.control_check.toggled.connect(self._on_control_toggled)

        self.per_topic_check: QCheckBox = QCheckBox(self.tr("One row per topic"))
        self.per_topic_check.setToolTip(
            self.tr(
                "Show each copy of an event broadcast on several topics as its own row "
                "(by default one row lists the event's topics: user:… +1)"
            )
        )
        self.per_topic_check.toggled.connect(self._on_per_topic_toggled)

        self.status_label = QLabel()
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # The row counts grow with the traffic: they must not widen the window's minimum
        # (squeezed, the full text is in the tooltip).
        self.status_label.setMinimumWidth(
            self.status_label.fontMetrics().horizontalAdvance("0 rows")
        )

        self.filter_error_label: QLabel = QLabel()
        self.filter_error_label.setWordWrap(True)
        self.filter_error_label.hide()

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(6)
        bar.addWidget(self.filter_edit, 3)
        bar.addWidget(self.regex_button)
        bar.addWidget(self.kind_button)
        bar.addWidget(self.topic_edit, 2)
        bar.addWidget(self.direction_combo)
        bar.addWidget(self.control_check)
        bar.addWidget(self.status_label, 1)
        self._filter_bar: QHBoxLayout = bar

    def _build_table(self) -> None:
        table = _EventTable()
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setSortingEnabled(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_table_context_menu)
        # Fixed, uniform row heights: the view never measures rows (Wireshark's trick).
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        # Summary, right after Event, takes the width left (Ref and Outcome follow it).
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = table.fontMetrics()
        widths = {
            Column.TIME: metrics.horizontalAdvance(widest_time_text(millis=True)) + 18,
            Column.DIRECTION: metrics.horizontalAdvance("Dir") + 22,
            # Wide enough for a whole request topic and event name; ids end where they differ.
            Column.TOPIC: metrics.horizontalAdvance(
                "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w"
            )
            + 16,
            Column.EVENT: metrics.horizontalAdvance("transaction_consumption_finalized") + 16,
            Column.REF: metrics.horizontalAdvance("0000") + 16,
            Column.OUTCOME: metrics.horizontalAdvance("websocket:forbidden_chan") + 16,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, width)
        arrange_timing_columns(table)
        self.table = table

        self.new_events_button = QPushButton(table)
        self.new_events_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # No focus: hiding a focused button would hand focus to the table, whose focus-in
        # scrolls to its first row and would pause following again (End is the key path).
        self.new_events_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.new_events_button.setStyleSheet(
            "QPushButton { background: palette(highlight); color: palette(highlighted-text);"
            " border: none; border-radius: 11px; padding: 4px 14px; font-weight: bold; }"
        )
        self.new_events_button.setToolTip(
            self.tr("Jump to the newest event and follow again (End)")
        )
        self.new_events_button.clicked.connect(self.jump_to_tail)
        self.new_events_button.hide()

    # -- public API ------------------------------------------------------------------------

    @property
    def model(self) -> EventLogModel:
        return self._model

    @property
    def follow_tail(self) -> bool:
        """True while the table keeps the newest row in view."""
        return self._follow

    @property
    def new_events_pending(self) -> int:
        """Rows shown by the filter that arrived while following was paused."""
        return self._new_pending

    def set_follow_tail(self, follow: bool) -> None:
        """Follow the tail (and jump to it now), or pause following."""
        changed = follow != self._follow
        self._follow = follow
        if follow:
            self._new_pending = 0
            self._scroll_to_bottom()
        self._update_new_events_button()
        self._update_status()
        if changed:
            self.follow_tail_changed.emit(follow)

    def jump_to_tail(self) -> None:
        """Show the newest row and follow again."""
        self._model.flush()
        self.set_follow_tail(True)

    def select_latest(self) -> None:
        """Select the newest shown row (flushing buffered rows first) and follow."""
        self._model.flush()
        rows = self.proxy.rowCount()
        if rows:
            index = self.proxy.index(rows - 1, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.set_follow_tail(True)

    def show_seq(self, seq: int) -> bool:
        """Select and show the row numbered ``seq`` (following pauses); False when it is
        no longer in the table or the filter hides it."""
        self._model.flush()
        row = self._model.row_of_seq(seq)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self._model.index(row, 0))
        if not index.isValid():
            return False
        self.set_follow_tail(False)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def selected_record(self) -> EventRecord | None:
        return self.proxy.record(self.table.currentIndex())

    def focus_filter(self) -> None:
        """Put the cursor in the filter field (Ctrl+F)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def set_filter_text(self, text: str, regex: bool = False) -> None:
        """Filter by text (or a regex) at once, as if typed."""
        with self._keeping_position():
            self.regex_button.blockSignals(True)
            self.regex_button.setChecked(regex)
            self.regex_button.blockSignals(False)
            self.filter_edit.blockSignals(True)
            self.filter_edit.setText(text)
            self.filter_edit.blockSignals(False)
            self._filter_timer.stop()
            self.proxy.set_text(text, regex)

    def set_kinds(self, kinds: set[str] | frozenset[str] | None) -> None:
        """Show only rows of these kinds (``None``: all)."""
        for kind, action in self.kind_actions.items():
            action.blockSignals(True)
            action.setChecked(kinds is None or kind in kinds)
            action.blockSignals(False)
        self._on_kind_actions_toggled()

    def set_show_control_frames(self, show: bool) -> None:
        self.control_check.setChecked(show)

    def context_menu_for(self, index: QModelIndex) -> QMenu | None:
        """The row's context menu (``None`` off the rows); shown by a right click."""
        record = self.proxy.record(index)
        if record is None:
            return None
        menu = QMenu(self)
        topics = related_topics(record)
        join = menu.addAction(
            self.tr("Join related topics ({count})").format(count=len(topics))
            if topics
            else self.tr("Join related topics")
        )
        join.setEnabled(bool(topics))
        join.setToolTip("\n".join(topics))
        join.triggered.connect(lambda: self.join_topics_requested.emit(list(topics)))
        menu.addSeparator()
        copy_json = menu.addAction(self.tr("Copy frame JSON"))
        copy_json.triggered.connect(lambda: copy_text(pretty_json(record.payload)))
        copy_topic = menu.addAction(self.tr("Copy topic"))
        copy_topic.setEnabled(bool(record.topic))
        copy_topic.triggered.connect(lambda: copy_text(record.topic))
        return menu

    # -- follow-tail -----------------------------------------------------------------------

    @contextmanager
    def _keeping_position(self) -> Iterator[None]:
        """Scroll bar moves inside are ours (filter changes), not the user's."""
        self._programmatic += 1
        try:
            yield
        finally:
            self._programmatic -= 1
        if self._follow:
            self._scroll_to_bottom()
        self._update_status()

    def _scroll_to_bottom(self) -> None:
        self._tail_dirty = False
        self._programmatic += 1
        try:
            self.table.scrollToBottom()
        finally:
            self._programmatic -= 1

    def _catch_up(self) -> None:
        if self._follow and self._tail_dirty:
            self._scroll_to_bottom()
        self._update_status()

    def _on_rows_flushed(self, _rows: int) -> None:
        # A scroll on a later tick repaints the whole table a second time per batch.
        if self._follow and self._tail_dirty:
            self._follow_timer.stop()
            self._scroll_to_bottom()

    def _on_proxy_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._programmatic:
            return  # rows re-shown by a filter change, not new ones
        if self._follow:
            self._tail_dirty = True
            if not self._follow_timer.isActive():
                self._follow_timer.start()
        else:
            self._new_pending += last - first + 1
            self._update_new_events_button()

    def _on_scrollbar_value_changed(self, value: int) -> None:
        if self._programmatic:
            return
        at_bottom = value >= self.table.verticalScrollBar().maximum()
        if at_bottom and not self._follow:
            self.set_follow_tail(True)
        elif not at_bottom and self._follow:
            self.set_follow_tail(False)

    def _update_new_events_button(self) -> None:
        button = self.new_events_button
        if self._follow or self._new_pending == 0:
            button.hide()
            return
        button.setText(self.tr("%Ln new event(s) ↓", "", self._new_pending))
        button.adjustSize()
        self._place_new_events_button()
        button.show()
        button.raise_()

    def _place_new_events_button(self) -> None:
        table, button = self.table, self.new_events_button
        viewport = table.viewport().geometry()
        x = viewport.right() - button.width() - 16
        y = viewport.bottom() - button.height() - 12
        button.move(max(0, x), max(0, y))

    # -- filter bar ------------------------------------------------------------------------

    def _apply_text_filter(self) -> None:
        self._filter_timer.stop()
        with self._keeping_position():
            self.proxy.set_text(self.filter_edit.text(), self.regex_button.isChecked())

    def _on_query_bar_query_changed(self, query: Query | None) -> None:
        with self._keeping_position():
            self.proxy.set_query(query)

    def _on_kind_actions_toggled(self) -> None:
        chosen = {kind for kind, action in self.kind_actions.items() if action.isChecked()}
        if len(chosen) == len(self.kind_actions):
            self.kind_button.setText(self.tr("All kinds"))
            kinds: set[str] | None = None
        elif len(chosen) == 1:
            self.kind_button.setText(self.tr("Kind: {kind}").format(kind=next(iter(chosen))))
            kinds = chosen
        else:
            self.kind_button.setText(self.tr("%n kinds", "", len(chosen)))
            kinds = chosen
        with self._keeping_position():
            self.proxy.set_kinds(kinds)

    def _on_topic_edit_changed(self, text: str) -> None:
        with self._keeping_position():
            self.proxy.set_topic(text)

    def _on_direction_changed(self, _index: int) -> None:
        with self._keeping_position():
            self.proxy.set_direction(self.direction_combo.currentData())

    def _on_per_topic_toggled(self, per_topic: bool) -> None:
        with self._keeping_position():
            self._model.set_one_row_per_event(not per_topic)

    def _on_control_toggled(self, show: bool) -> None:
        with self._keeping_position():
            self.proxy.set_show_control_frames(show)

    def _on_proxy_filter_error_changed(self, message: str) -> None:
        self.filter_error_label.setText(message)
        self.filter_error_label.setVisible(bool(message))
        self.filter_edit.setToolTip(message or self.tr("Filter text"))

    def _update_status(self) -> None:
        shown, total = self.proxy.rowCount(), self._model.rowCount()
        text = (
            self.tr("{shown} of %Ln rows", "", total).format(shown=number_text(shown))
            if shown != total
            else self.tr("%Ln rows", "", total)
        )
        dropped = self._model.dropped_count
        if dropped:
            text += self.tr(" · %Ln older dropped", "", dropped)
        self.status_label.setText(text)
        self.status_label.setToolTip(text)

    # -- selection and detail --------------------------------------------------------------

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.proxy.record(current)
        self.detail.show_record(record, record is not None and self._model.is_pending(record))

    def _on_model_consumption_status_changed(self, consumption_id: str, _status: str) -> None:
        record = self.detail.record
        if record is not None and record.consumption_id == consumption_id:
            self.detail.set_pending(self._model.is_pending(record))

    def _on_table_context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu_for(self.table.indexAt(pos))
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- colours ---------------------------------------------------------------------------

    def _apply_colors(self) -> None:
        dark = is_dark(self.palette())
        self._model.set_row_styles(event_row_styles(dark), problem_row_style(dark))
        self.filter_error_label.setStyleSheet(f"color: {error_text_color(dark).name()};")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_filter()
            event.accept()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_colors()
        super().changeEvent(event)
