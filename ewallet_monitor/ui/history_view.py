"""History: search and page every stored event, without blocking the window.

The query runs on a pool thread (:func:`~ewallet_monitor.ui.background.run_in_background`)
against the store's reader (SQLite, its own connection); the window shows "Searching…",
then the number of rows and the time the query took. Rows are shown oldest first, like the
live log, one page at a time: "Load older…" fetches the page before the oldest row shown.
Selecting a row shows it in the same detail pane as the live log (JSON tree and text).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import QDateTime, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n import number_text, widest_time_text
from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.models.event_log import (
    Column,
    EventLogModel,
    EventRecord,
    RecordRole,
    record_from_stored,
)
from ewallet_monitor.protocol.frames import (
    CONSUMPTION_FINALIZED,
    CONSUMPTION_REQUEST,
    HEARTBEAT,
    PHX_CLOSE,
    PHX_ERROR,
    PHX_JOIN,
    PHX_LEAVE,
    PHX_REPLY,
)
from ewallet_monitor.query import QueryError, compile_query
from ewallet_monitor.store.history import HistoryReader
from ewallet_monitor.store.records import INBOUND, OUTBOUND, FrameFilter
from ewallet_monitor.ui.accessibility import let_tab_leave_views, name_controls
from ewallet_monitor.ui.background import run_in_background
from ewallet_monitor.ui.colors import event_row_styles, is_dark, problem_row_style
from ewallet_monitor.ui.detail_pane import DetailPane
from ewallet_monitor.ui.log_columns import arrange_timing_columns
from ewallet_monitor.ui.query_bar import QueryBar, describe_error

PAGE_SIZE = 500
# How long a search waits for rows still queued for the store (so what was just seen in
# the live log is found); a search never waits longer than this for the writer.
FLUSH_WAIT_S = 2.0
HISTORY_MAX_ROWS = 1_000_000
EVENT_CHOICES = (
    CONSUMPTION_REQUEST,
    CONSUMPTION_FINALIZED,
    "recovered",
    PHX_JOIN,
    PHX_REPLY,
    PHX_LEAVE,
    PHX_CLOSE,
    PHX_ERROR,
    HEARTBEAT,
)
_DIRECTIONS: tuple[tuple[str, str | None], ...] = (
    (QT_TRANSLATE_NOOP("HistoryView", "Any direction"), None),
    (QT_TRANSLATE_NOOP("HistoryView", "In (received)"), INBOUND),
    (QT_TRANSLATE_NOOP("HistoryView", "Out (sent)"), OUTBOUND),
)


class HistorySource(Protocol):
    """What the view reads: an ``EventStore`` (its ``reader`` and ``flush``)."""

    @property
    def reader(self) -> HistoryReader: ...

    def flush(self, timeout: float = ...) -> bool: ...


@dataclass(frozen=True)
class HistoryPage:
    """One query's answer: rows oldest first, whether older matches exist, and its time."""

    records: list[EventRecord]
    more: bool
    seconds: float


def fetch_page(
    source: HistorySource,
    wanted: FrameFilter,
    before_seq: int | None,
    limit: int = PAGE_SIZE,
) -> HistoryPage:
    """The ``limit`` newest matches older than ``before_seq`` (blocking: call off the GUI
    thread)."""
    started = time.perf_counter()
    source.flush(FLUSH_WAIT_S)
    frames = source.reader.search_filter(wanted, limit=limit + 1, before_seq=before_seq)
    more = len(frames) > limit
    records = [record_from_stored(frame) for frame in reversed(frames[:limit])]
    return HistoryPage(records, more, time.perf_counter() - started)


class HistoryView(QWidget):
    """Search fields, a paged table of stored rows, and the detail pane.

    ``search_finished(int rows)`` fires when a search or a page has arrived (and
    ``search_failed(str)`` when it could not run), so callers and tests can wait for it.
    :attr:`shown_filter` is the filter of the rows shown (File → Export… offers it).
    """

    search_finished = Signal(int)
    search_failed = Signal(str)

    def __init__(
        self, source: HistorySource, parent: QWidget | None = None, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.source = source
        self.page_size = page_size
        self.model = EventLogModel(self, max_rows=HISTORY_MAX_ROWS)
        self.shown_filter: FrameFilter | None = None
        self._busy = False
        self._generation = 0
        self._more = False
        self._build()
        self._apply_colors()

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        # The filter language (docs/event-log.md), as in the live log's bar.
        self.query_bar = QueryBar(parent=self)
        self.query_bar.edit.returnPressed.connect(self.search)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("Text anywhere in the frame (name, id, amount…)"))
        self.text_edit.setClearButtonEnabled(True)
        self.consumption_edit = QLineEdit()
        self.consumption_edit.setPlaceholderText("txc_…")
        self.consumption_edit.setClearButtonEnabled(True)
        self.topic_edit = QLineEdit()
        self.topic_edit.setPlaceholderText(
            self.tr("exact topic, or a kind such as transaction_request:")
        )
        self.topic_edit.setClearButtonEnabled(True)
        self.event_combo = QComboBox()
        self.event_combo.setEditable(True)
        self.event_combo.addItem("")
        self.event_combo.addItems(list(EVENT_CHOICES))
        event_line = self.event_combo.lineEdit()
        assert event_line is not None  # the combo is editable
        event_line.setPlaceholderText(self.tr("any event"))
        self.direction_combo = QComboBox()
        for label, value in _DIRECTIONS:
            self.direction_combo.addItem(self.tr(label), value)
        now = QDateTime.currentDateTime()
        self.since_check = QCheckBox(self.tr("From"))
        self.since_edit = QDateTimeEdit(now.addSecs(-3600))
        self.until_check = QCheckBox(self.tr("Until"))
        self.until_edit = QDateTimeEdit(now.addSecs(3600))
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
            edit.setEnabled(False)
        self.since_check.toggled.connect(self.since_edit.setEnabled)
        self.until_check.toggled.connect(self.until_edit.setEnabled)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setDefault(True)
        self.search_button.setToolTip(self.tr("Search every stored event (Enter)"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Clear the search fields and show the newest events"))
        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear_and_search)
        for line in (self.text_edit, self.consumption_edit, self.topic_edit):
            line.returnPressed.connect(self.search)
        event_line.returnPressed.connect(self.search)

        fields = QGridLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(QLabel(self.tr("Text")), 0, 0)
        fields.addWidget(self.text_edit, 0, 1, 1, 3)
        fields.addWidget(QLabel(self.tr("Consumption")), 0, 4)
        fields.addWidget(self.consumption_edit, 0, 5)
        fields.addWidget(QLabel(self.tr("Topic")), 1, 0)
        fields.addWidget(self.topic_edit, 1, 1)
        fields.addWidget(QLabel(self.tr("Event")), 1, 2)
        fields.addWidget(self.event_combo, 1, 3)
        fields.addWidget(QLabel(self.tr("Direction")), 1, 4)
        fields.addWidget(self.direction_combo, 1, 5)
        time_row = QHBoxLayout()
        time_row.addWidget(self.since_check)
        time_row.addWidget(self.since_edit)
        time_row.addSpacing(12)
        time_row.addWidget(self.until_check)
        time_row.addWidget(self.until_edit)
        time_row.addStretch(1)
        time_row.addWidget(self.clear_button)
        time_row.addWidget(self.search_button)
        fields.addLayout(time_row, 2, 0, 1, 6)
        fields.addWidget(QLabel(self.tr("Filter")), 3, 0)
        fields.addWidget(self.query_bar, 3, 1, 1, 5)
        fields.setColumnStretch(1, 2)
        fields.setColumnStretch(3, 1)
        fields.setColumnStretch(5, 1)

        self.status_label = QLabel(
            self.tr("Search the stored history, or press Search for the newest.")
        )
        self.status_label.setObjectName("historyStatus")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.older_button = QPushButton(self.tr("Load older…"))
        self.older_button.setToolTip(
            self.tr("Load the {count} matching events before these").format(
                count=number_text(self.page_size)
            )
        )
        self.older_button.setEnabled(False)
        self.older_button.clicked.connect(self.load_older)
        status_row = QHBoxLayout()
        status_row.addWidget(self.older_button)
        status_row.addWidget(self.status_label, 1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        # Summary, right after Event, takes the width left (Ref and Outcome follow it).
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.table.fontMetrics()
        widths = {
            Column.TIME: metrics.horizontalAdvance(widest_time_text(millis=True)) + 18,
            Column.DIRECTION: metrics.horizontalAdvance("Dir") + 22,
            Column.TOPIC: metrics.horizontalAdvance("transaction_request:txr_01dp2k9m7f4z0x8t")
            + 16,
            Column.EVENT: metrics.horizontalAdvance("transaction_consumption_finalized") + 16,
            Column.REF: metrics.horizontalAdvance("0000") + 16,
            Column.OUTCOME: metrics.horizontalAdvance("websocket:forbidden") + 16,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        arrange_timing_columns(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)

        self.detail = DetailPane()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.error_label)
        layout.addLayout(status_row)
        layout.addWidget(splitter, 1)
        # Tab reaches the filter where it is shown, under Search (it was made first).
        QWidget.setTabOrder(self.search_button, self.query_bar.edit)
        QWidget.setTabOrder(self.query_bar.edit, self.query_bar.saved_button)

    def _apply_colors(self) -> None:
        dark = is_dark(self.palette())
        self.model.set_row_styles(event_row_styles(dark), problem_row_style(dark))

    # -- the filter ------------------------------------------------------------------------

    def current_filter(self) -> FrameFilter:
        """The filter the fields describe; ``ValueError`` names a field that is wrong."""
        since = _aware(self.since_edit.dateTime()) if self.since_check.isChecked() else None
        until = _aware(self.until_edit.dateTime()) if self.until_check.isChecked() else None
        if since is not None and until is not None and since >= until:
            raise ValueError(self.tr("'From' must be before 'Until'."))
        expression = self.query_bar.edit.text().strip()
        try:
            # Compiled now: "age" and a time without a date count from this search.
            where = compile_query(expression) if expression else None
        except QueryError as exc:
            raise ValueError(describe_error(exc, expression)) from exc
        return FrameFilter(
            text=self.text_edit.text().strip() or None,
            consumption_id=self.consumption_edit.text().strip() or None,
            topic=self.topic_edit.text().strip() or None,
            event=self.event_combo.currentText().strip() or None,
            since=since,
            until=until,
            direction=self.direction_combo.currentData(),
            where=where,
        )

    def set_filter(self, wanted: FrameFilter) -> None:
        """Fill the fields from ``wanted`` (no search is started)."""
        self.text_edit.setText(wanted.text or "")
        self.query_bar.set_text(wanted.where.text if wanted.where is not None else "")
        self.consumption_edit.setText(wanted.consumption_id or "")
        self.topic_edit.setText(wanted.topic or "")
        self.event_combo.setEditText(wanted.event or "")
        self.direction_combo.setCurrentIndex(
            max(0, self.direction_combo.findData(wanted.direction))
        )
        for check, edit, moment in (
            (self.since_check, self.since_edit, wanted.since),
            (self.until_check, self.until_edit, wanted.until),
        ):
            check.setChecked(moment is not None)
            if moment is not None:
                edit.setDateTime(to_qdatetime(moment))

    # -- queries ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a query runs."""
        return self._busy

    @property
    def has_older(self) -> bool:
        """True when older matches exist beyond the rows shown."""
        return self._more

    def records(self) -> list[EventRecord]:
        """The rows shown, oldest first."""
        return [self.model.record_at(row) for row in range(self.model.rowCount())]

    def search(self) -> bool:
        """Start a search with the fields' filter (the newest page of matches).

        Returns False (and says why under the fields) when the fields are not usable.
        """
        try:
            wanted = self.current_filter()
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        self._show_error("")
        self._start(wanted, before_seq=None)
        return True

    def clear_and_search(self) -> None:
        self.set_filter(FrameFilter())
        self.search()

    def load_older(self) -> bool:
        """Fetch the page before the oldest row shown; False when there is none."""
        if self.shown_filter is None or not self._more or self._busy:
            return False
        oldest = self.model.record_at(0).seq if self.model.rowCount() else None
        self._start(self.shown_filter, before_seq=oldest)
        return True

    def _start(self, wanted: FrameFilter, before_seq: int | None) -> None:
        self._generation += 1
        generation = self._generation
        self._busy = True
        self.older_button.setEnabled(False)
        self.status_label.setText(self.tr("Searching…"))
        source, limit = self.source, self.page_size
        run_in_background(
            lambda: fetch_page(source, wanted, before_seq, limit),
            lambda page: self._on_page(generation, wanted, before_seq, page),
            lambda exc: self._on_failed(generation, exc),
        )

    def _on_page(
        self, generation: int, wanted: FrameFilter, before_seq: int | None, page: HistoryPage
    ) -> None:
        if generation != self._generation:
            return  # an answer to a search that was replaced meanwhile
        self._busy = False
        self._more = page.more
        milliseconds = page.seconds * 1000
        if before_seq is None:
            self.shown_filter = wanted
            self.detail.show_record(None)
            self.model.clear()
            self.model.add_records(page.records)
            self.table.scrollToBottom()
            found = len(page.records)
            text = self.tr("%Ln event(s) found in {ms} ms", "", found).format(
                ms=number_text(milliseconds)
            )
            if found == 0:
                text = self.tr("Nothing matches (searched in {ms} ms).").format(
                    ms=number_text(milliseconds)
                )
        else:
            added = self.model.add_records(page.records, older=True)
            if added:
                self.table.scrollTo(
                    self.model.index(added, 0), QAbstractItemView.ScrollHint.PositionAtTop
                )
            total = self.model.rowCount()
            text = self.tr("{added} older loaded in {ms} ms · {total} shown").format(
                added=number_text(added), ms=number_text(milliseconds), total=number_text(total)
            )
        if page.more:
            text += self.tr(" · older matches: Load older…")
        elif self.model.rowCount():
            text += self.tr(" · nothing older")
        self.status_label.setText(text)
        self.older_button.setEnabled(page.more)
        self.search_finished.emit(len(page.records))

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self.older_button.setEnabled(self._more)
        message = self.tr("The history could not be searched: {error}").format(error=exc)
        self.status_label.setText(self.tr("Search failed."))
        self._show_error(message)
        self.search_failed.emit(message)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        if message:
            self.error_label.setStyleSheet("color: #c62828;")

    # -- selection -------------------------------------------------------------------------

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = current.data(RecordRole) if current.isValid() else None
        self.detail.show_record(record if isinstance(record, EventRecord) else None)


def _aware(moment: QDateTime) -> datetime:
    return from_qdatetime(moment)


def from_qdatetime(moment: QDateTime) -> datetime:
    """A ``QDateTime`` (as a date-time editor shows it) as an aware ``datetime``."""
    return datetime.fromtimestamp(moment.toMSecsSinceEpoch() / 1000, tz=UTC).astimezone()


def to_qdatetime(moment: datetime) -> QDateTime:
    """An aware (or UTC naive) ``datetime`` as a local ``QDateTime``, to the millisecond."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000))


class HistoryDialog(QDialog):
    """The history in its own window (non-modal: the live log keeps running behind it)."""

    def __init__(self, source: HistorySource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("History — every stored event"))
        self.setModal(False)
        self.view = HistoryView(source, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view)
        self.resize(1100, 720)
        for view, name, description in (
            (
                self.view.table,
                self.tr("Stored events"),
                self.tr("The search's results, newest first"),
            ),
            (
                self.view.detail.tree,
                self.tr("Frame as a tree"),
                self.tr("The selected frame's JSON"),
            ),
            (self.view.detail.text, self.tr("Frame text"), self.tr("The selected frame as text")),
        ):
            view.setAccessibleName(name)
            view.setAccessibleDescription(description)
        name_controls(self)
        let_tab_leave_views(self)

    def search_for(self, wanted: FrameFilter) -> None:
        """Show the dialog and search for ``wanted``."""
        self.view.set_filter(wanted)
        self.show()
        self.raise_()
        self.view.search()


__all__ = [
    "HistoryDialog",
    "HistoryPage",
    "HistoryView",
    "fetch_page",
    "from_qdatetime",
    "to_qdatetime",
]
