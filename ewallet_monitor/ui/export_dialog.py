"""File → Export…: stored events (all, the current history search, or a time range) to
NDJSON or CSV, or the audit trail to CSV, written on a pool thread.

The file is written to an exclusively created temporary file next to it (mode 0600) and
renamed when complete, exactly like ``ewallet-monitor export`` (the same streaming writers
and ``store.export.write_export_file``), so the two give the same bytes.
The dialog says how many rows went to which file, or why nothing was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n import date_time_text
from ewallet_monitor.store.export import (
    export_audit,
    export_channel_states,
    export_frames,
    export_gaps,
    write_export_file,
)
from ewallet_monitor.store.history import HistoryReader
from ewallet_monitor.store.records import FrameFilter
from ewallet_monitor.ui.accessibility import name_controls
from ewallet_monitor.ui.background import run_in_background
from ewallet_monitor.ui.history_view import HistorySource, from_qdatetime, to_qdatetime

EVENTS = "events"
AUDIT = "audit"
GAPS = "gaps"
CHANNELS = "channels"
NDJSON = "ndjson"
CSV = "csv"
SCOPE_ALL = "all"
SCOPE_SEARCH = "search"
SCOPE_RANGE = "range"


@dataclass(frozen=True)
class ExportRequest:
    """What to write where. ``wanted`` filters events; for the audit trail only its
    ``since``/``until`` apply."""

    what: str
    fmt: str
    path: Path
    wanted: FrameFilter


def write_export(reader: HistoryReader, request: ExportRequest) -> int:
    """Write the export (blocking: call off the GUI thread); returns the rows written.

    Raises ``OSError`` when the file cannot be written (the temporary file is removed).
    """
    wanted = request.wanted

    def write(out: TextIO) -> int:
        if request.what == EVENTS:
            return export_frames(reader, out, wanted=wanted, fmt=request.fmt)
        writer = {AUDIT: export_audit, GAPS: export_gaps, CHANNELS: export_channel_states}[
            request.what
        ]
        return writer(reader, out, since=wanted.since, until=wanted.until, fmt=request.fmt)

    return write_export_file(request.path, write)


def describe_filter(wanted: FrameFilter) -> str:
    """A short text naming a filter's conditions (for the "current search" choice)."""

    parts = []
    if wanted.text:
        parts.append(
            QCoreApplication.translate("ExportDialog", "text “{text}”").format(text=wanted.text)
        )
    if wanted.consumption_id:
        parts.append(
            QCoreApplication.translate("ExportDialog", "consumption {id}").format(
                id=wanted.consumption_id
            )
        )
    if wanted.topic:
        parts.append(
            QCoreApplication.translate("ExportDialog", "topic {topic}").format(topic=wanted.topic)
        )
    if wanted.event:
        parts.append(
            QCoreApplication.translate("ExportDialog", "event {event}").format(event=wanted.event)
        )
    if wanted.direction:
        parts.append(
            QCoreApplication.translate("ExportDialog", "direction {direction}").format(
                direction=wanted.direction
            )
        )
    if wanted.since:
        parts.append(
            QCoreApplication.translate("ExportDialog", "from {time}").format(
                time=date_time_text(wanted.since)
            )
        )
    if wanted.until:
        parts.append(
            QCoreApplication.translate("ExportDialog", "until {time}").format(
                time=date_time_text(wanted.until)
            )
        )
    if wanted.where is not None:
        parts.append(
            QCoreApplication.translate("ExportDialog", "filter {expression}").format(
                expression=wanted.where.text
            )
        )
    return QCoreApplication.translate("ExportDialog", ", ").join(
        parts
    ) or QCoreApplication.translate("ExportDialog", "every event")


# The word in a file name that says what it holds ("ewallet-monitor-events-….csv").
_WHAT_WORD = re.compile(r"(?<![A-Za-z])(events|audit|gaps|channels)(?![A-Za-z])")
_WHAT_NAMES = {EVENTS: "events", AUDIT: "audit", GAPS: "gaps", CHANNELS: "channels"}


class ExportDialog(QDialog):
    """Non-modal export dialog over a store's reader.

    ``export_finished(ok, message)`` fires when a file was written (or not); the message
    names the file and the row count, or the reason.
    """

    export_finished = Signal(bool, str)

    def __init__(self, source: HistorySource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.setModal(False)
        self.source = source
        self._history_filter: FrameFilter | None = None
        self._busy = False
        # The file the user agreed to replace (asked once per file and export).
        self._replace_confirmed: Path | None = None
        self.overwrite_box: QMessageBox | None = None

        self.what_combo = QComboBox()
        self.what_combo.addItem(self.tr("Events"), EVENTS)
        self.what_combo.addItem(self.tr("Audit trail (operator actions)"), AUDIT)
        self.what_combo.addItem(self.tr("Gaps (connection down)"), GAPS)
        self.what_combo.addItem(self.tr("Channel states (joined, refused, failed…)"), CHANNELS)
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("NDJSON (one JSON object per line)"), NDJSON)
        self.format_combo.addItem("CSV", CSV)

        self.all_radio = QRadioButton(self.tr("Everything stored"))
        self.search_radio = QRadioButton(self.tr("The current History search"))
        self.range_radio = QRadioButton(self.tr("A time range"))
        self.scope_group = QButtonGroup(self)
        for radio in (self.all_radio, self.search_radio, self.range_radio):
            self.scope_group.addButton(radio)
        self.all_radio.setChecked(True)
        self.search_label = QLabel()
        self.search_label.setWordWrap(True)
        self.search_label.setIndent(22)
        now = QDateTime.currentDateTime()
        self.since_edit = QDateTimeEdit(now.addSecs(-24 * 3600))
        self.until_edit = QDateTimeEdit(now.addSecs(60))
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        range_row = QHBoxLayout()
        range_row.setContentsMargins(22, 0, 0, 0)
        range_row.addWidget(QLabel(self.tr("From")))
        range_row.addWidget(self.since_edit)
        range_row.addWidget(QLabel(self.tr("until")))
        range_row.addWidget(self.until_edit)
        range_row.addStretch(1)

        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("file to write"))
        self.browse_button = QToolButton()
        self.browse_button.setText("…")
        self.browse_button.setToolTip(self.tr("Choose the file"))
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.result_label = QLabel()
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.close)

        form = QFormLayout()
        form.addRow(self.tr("Export"), self.what_combo)
        form.addRow(self.tr("Format"), self.format_combo)
        scope = QVBoxLayout()
        scope.addWidget(self.all_radio)
        scope.addWidget(self.search_radio)
        scope.addWidget(self.search_label)
        scope.addWidget(self.range_radio)
        scope.addLayout(range_row)
        form.addRow(self.tr("Which"), scope)
        form.addRow(self.tr("File"), path_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)

        self.what_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.format_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.scope_group.buttonToggled.connect(lambda *_args: self._update_enabled())
        self.path_edit.setText(str(self.default_path()))
        self.set_history_filter(None)
        self.resize(560, self.sizeHint().height())
        name_controls(self)

    # -- choices ---------------------------------------------------------------------------

    @property
    def what(self) -> str:
        return str(self.what_combo.currentData())

    @property
    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    @property
    def busy(self) -> bool:
        return self._busy

    def set_history_filter(self, wanted: FrameFilter | None) -> None:
        """Offer the History window's current search (``None``: there is none)."""
        self._history_filter = wanted
        if wanted is None:
            self.search_label.setText(self.tr("Search in History (Ctrl+Shift+F) first."))
            if self.search_radio.isChecked():
                self.all_radio.setChecked(True)
        else:
            self.search_label.setText(describe_filter(wanted))
        self._update_enabled()

    def set_choice(
        self,
        *,
        what: str = EVENTS,
        fmt: str | None = None,
        scope: str = SCOPE_ALL,
        since: datetime | None = None,
        until: datetime | None = None,
        path: Path | None = None,
    ) -> None:
        """Set the dialog's choices as a user would (tests and menu shortcuts)."""
        self.what_combo.setCurrentIndex(self.what_combo.findData(what))
        if fmt is not None:
            self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))
        radio = {
            SCOPE_ALL: self.all_radio,
            SCOPE_SEARCH: self.search_radio,
            SCOPE_RANGE: self.range_radio,
        }[scope]
        radio.setChecked(True)
        if since is not None:
            self.since_edit.setDateTime(to_qdatetime(since))
        if until is not None:
            self.until_edit.setDateTime(to_qdatetime(until))
        if path is not None:
            self.path_edit.setText(str(path))

    def default_path(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return Path.home() / f"ewallet-monitor-{_WHAT_NAMES[self.what]}-{stamp}.{self.fmt}"

    def request(self) -> ExportRequest:
        """The export the dialog describes; ``ValueError`` says what is missing."""
        text = self.path_edit.text().strip()
        if not text:
            raise ValueError(self.tr("Choose the file to write."))
        path = Path(text).expanduser()
        if path.is_dir():
            raise ValueError(self.tr("{path} is a folder; choose a file name.").format(path=path))
        wanted = FrameFilter()
        if self.search_radio.isChecked() and self.what == EVENTS:
            if self._history_filter is None:
                raise ValueError(self.tr("There is no History search to export."))
            wanted = self._history_filter
        elif self.range_radio.isChecked():
            since = from_qdatetime(self.since_edit.dateTime())
            until = from_qdatetime(self.until_edit.dateTime())
            if since >= until:
                raise ValueError(self.tr("'From' must be before 'until'."))
            wanted = FrameFilter(since=since, until=until)
        return ExportRequest(self.what, self.fmt, path, wanted)

    # -- exporting -------------------------------------------------------------------------

    def start_export(self) -> bool:
        """Start writing the file on a pool thread; False when the choices are not usable
        (the reason is shown) or an export is running."""
        if self._busy:
            return False
        try:
            request = self.request()
        except ValueError as exc:
            self._show_result(False, str(exc))
            return False
        if request.path.exists() and self._replace_confirmed != request.path:
            self._ask_to_replace(request.path)
            return False
        self._replace_confirmed = None
        self._busy = True
        self._update_enabled()
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Exporting to {path}…").format(path=request.path))
        reader = self.source.reader
        source = self.source

        def work() -> int:
            flush = getattr(source, "flush", None)
            if callable(flush):
                flush(2.0)  # include what the live log just showed
            return write_export(reader, request)

        run_in_background(
            work,
            lambda count: self._on_done(request, count),
            lambda exc: self._on_failed(request, exc),
        )
        return True

    def _ask_to_replace(self, path: Path) -> None:
        """Ask before overwriting ``path``; "Replace" starts the export."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Replace the file?"),
            self.tr("{path} already exists. Replace it with this export?").format(path=path),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        replace = box.addButton(self.tr("Replace"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def on_finished(_result: int) -> None:
            self.overwrite_box = None
            if box.clickedButton() is replace:
                self._replace_confirmed = path
                self.start_export()
            else:
                self._show_result(
                    False, self.tr("Not exported: {path} was kept.").format(path=path)
                )

        box.finished.connect(on_finished)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.overwrite_box = box
        box.open()  # not exec(): a nested event loop would stall the asyncio side

    def _on_done(self, request: ExportRequest, count: int) -> None:
        self._busy = False
        self._update_enabled()
        text = {
            EVENTS: self.tr("Exported %Ln event(s) to {path}", "", count),
            AUDIT: self.tr("Exported %Ln audit entry(s) to {path}", "", count),
            GAPS: self.tr("Exported %Ln gap(s) to {path}", "", count),
            CHANNELS: self.tr("Exported %Ln channel state change(s) to {path}", "", count),
        }[request.what]
        self._show_result(True, text.format(path=request.path))

    def _on_failed(self, request: ExportRequest, exc: Exception) -> None:
        self._busy = False
        self._update_enabled()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self._show_result(
            False,
            self.tr("Export failed: {path} was not written ({reason}).").format(
                path=request.path, reason=reason
            ),
        )

    def _show_result(self, ok: bool, message: str) -> None:
        self.result_label.setText(message)
        self.result_label.setStyleSheet("" if ok else "color: #c62828;")
        self.export_finished.emit(ok, message)

    # -- helpers ---------------------------------------------------------------------------

    def _on_choice_changed(self) -> None:
        if self.what != EVENTS and self.sender() is self.what_combo:
            self.format_combo.setCurrentIndex(self.format_combo.findData(CSV))
        # Keep the file name's extension in step with the format, and its word for what
        # it holds ("events", "audit") with the choice: never the events file for audit.
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            name = _WHAT_WORD.sub(_WHAT_NAMES[self.what], path.name, count=1)
            path = path.with_name(name)
            self.path_edit.setText(str(path))
            if path.suffix.lower() in (".ndjson", ".csv", ".json", ""):
                self.path_edit.setText(str(path.with_suffix(f".{self.fmt}")))
        self._update_enabled()

    def _update_enabled(self) -> None:
        events = self.what == EVENTS
        self.search_radio.setEnabled(events and self._history_filter is not None)
        self.search_label.setEnabled(events and self._history_filter is not None)
        if not events and self.search_radio.isChecked():
            self.all_radio.setChecked(True)
        ranged = self.range_radio.isChecked()
        self.since_edit.setEnabled(ranged)
        self.until_edit.setEnabled(ranged)
        self.export_button.setEnabled(not self._busy)

    def _browse(self) -> None:
        # open(), not exec(): a nested event loop would stall the asyncio side.
        dialog = QFileDialog(self, self.tr("Export to"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(
            [self.tr("NDJSON (*.ndjson)"), self.tr("CSV (*.csv)"), self.tr("All files (*)")]
            if self.fmt == NDJSON
            else [self.tr("CSV (*.csv)"), self.tr("NDJSON (*.ndjson)"), self.tr("All files (*)")]
        )
        dialog.selectFile(self.path_edit.text())
        dialog.fileSelected.connect(self.path_edit.setText)
        dialog.open()
