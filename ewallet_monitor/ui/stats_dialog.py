"""View → Statistics…: the supervisor's figures from the store over a chosen range.

The same figures and layout as ``ewallet-monitor stats`` (store/stats.py): counts and
volumes by token and status, expiries, failures by reason, approval time per operator.
The query runs on a pool thread, so the window keeps receiving while it runs.
"""

from __future__ import annotations

import time
import unicodedata
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n import date_time_text, formatted_amount_on_screen, number_text
from ewallet_monitor.store.history import HistoryReader
from ewallet_monitor.store.records import to_epoch_ms
from ewallet_monitor.store.stats import Statistics
from ewallet_monitor.ui.accessibility import name_controls
from ewallet_monitor.ui.background import run_in_background
from ewallet_monitor.ui.history_view import from_qdatetime


class StatsDialog(QDialog):
    """``reader`` is the store's reader (SQLite or PostgreSQL)."""

    computed = Signal(object)  # Statistics

    def __init__(self, reader: HistoryReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsDialog")
        self.setWindowTitle(self.tr("Statistics"))
        self.setModal(False)
        self.reader = reader
        now = QDateTime.currentDateTime()
        self.since_check = QCheckBox(self.tr("From"))
        self.since_check.setChecked(True)
        self.since_edit = QDateTimeEdit(now.addDays(-1))
        self.until_check = QCheckBox(self.tr("Until"))
        self.until_edit = QDateTimeEdit(now)
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.until_edit.setEnabled(False)
        self.since_check.toggled.connect(self.since_edit.setEnabled)
        self.until_check.toggled.connect(self.until_edit.setEnabled)
        self.compute_button = QPushButton(self.tr("&Compute"))
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        self.status_label = QLabel()
        self.status_label.setObjectName("statsStatus")
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setObjectName("statsText")
        self.text.setAccessibleName(self.tr("Statistics"))
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        row = QHBoxLayout()
        for widget in (self.since_check, self.since_edit, self.until_check, self.until_edit):
            row.addWidget(widget)
        row.addWidget(self.compute_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.text, 1)
        self.resize(760, 520)
        self.busy = False
        self.last: Statistics | None = None
        name_controls(self)

    def compute(self) -> bool:
        """Run the query for the chosen range; False while one is running."""
        if self.busy:
            return False
        since = (
            to_epoch_ms(from_qdatetime(self.since_edit.dateTime()))
            if self.since_check.isChecked()
            else None
        )
        until = (
            to_epoch_ms(from_qdatetime(self.until_edit.dateTime()))
            if self.until_check.isChecked()
            else None
        )
        self.busy = True
        self.compute_button.setEnabled(False)
        self.status_label.setText(self.tr("Computing…"))
        started = time.perf_counter()
        reader = self.reader

        def done(result: object) -> None:
            self._finish()
            if isinstance(result, Statistics):
                self.last = result
                self.text.setPlainText(self.report_text(result))
                elapsed = time.perf_counter() - started
                self.status_label.setText(
                    self.tr("Computed in {seconds} s").format(seconds=number_text(elapsed, 2))
                )
                self.computed.emit(result)

        def failed(exc: Exception) -> None:
            self._finish()
            self.status_label.setText(
                self.tr("The statistics could not be read: {error}").format(error=exc)
            )

        run_in_background(lambda: reader.statistics(since, until), done, failed)
        return True

    def report_text(self, stats: Statistics) -> str:
        """The statistics as plain-text tables, in the window's language: the same tables
        as ``ewallet-monitor stats`` prints (which stays English), columns widened to
        their translated titles, amounts with the locale's marks."""
        start = self.tr("the start") if stats.since_ms is None else _when(stats.since_ms)
        end = self.tr("now") if stats.until_ms is None else _when(stats.until_ms)
        titles = [self.tr("token"), self.tr("status"), self.tr("count"), self.tr("volume")]
        widths = [max(w, _width(t)) for w, t in zip((10, 10, 9, 24), titles, strict=True)]
        lines = [self.tr("from {start} to {end}").format(start=start, end=end), ""]
        lines.append(_row(titles, widths, right=(2, 3)))
        for row in stats.by_token_status:
            volume = "?" if row.volume is None else formatted_amount_on_screen(f"{row.volume:,f}")
            cells = [row.token or "-", row.status, number_text(row.count), volume]
            lines.append(_row(cells, widths, right=(2, 3)))
        lines += ["", self.tr("expiries: {count}").format(count=number_text(stats.expiries))]
        lines.append(self.tr("failures by reason:"))
        no_code = self.tr("(no code)")
        for code, count in stats.failures.items():
            lines.append(f"  {code or no_code}: {number_text(count)}")
        if not stats.failures:
            lines.append("  " + self.tr("none"))
        lines += ["", self.tr("approval time, request to decision:")]
        titles = [self.tr("os user"), self.tr("profile"), self.tr("decisions"), "p50", "p90"]
        titles.append(self.tr("max"))
        widths = [max(w, _width(t)) for w, t in zip((14, 14, 9, 9, 9, 9), titles, strict=True)]
        lines.append(_row(titles, widths, right=(2, 3, 4, 5)))
        for op in stats.operators:
            times = [self._seconds(ms) for ms in (op.p50_ms, op.p90_ms, op.max_ms)]
            cells = [op.os_user, op.profile or "-", number_text(op.decisions), *times]
            lines.append(_row(cells, widths, right=(2, 3, 4, 5)))
        if not stats.operators:
            lines.append("  " + self.tr("no decisions"))
        return "\n".join(lines)

    def _seconds(self, ms: int) -> str:
        return self.tr("{seconds} s").format(seconds=number_text(ms / 1000, 1))

    def _finish(self) -> None:
        self.busy = False
        self.compute_button.setEnabled(True)


__all__ = ["StatsDialog"]


def _width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: East Asian wide characters two,
    combining marks (Thai vowels and tones above and below) none."""
    return sum(
        0
        if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn"
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def _row(cells: list[str], widths: list[int], right: tuple[int, ...]) -> str:
    out = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        pad = " " * max(0, width - _width(cell))
        out.append(pad + cell if index in right else cell + pad)
    return " ".join(out).rstrip()


def _when(epoch_ms: int) -> str:
    return date_time_text(datetime.fromtimestamp(epoch_ms / 1000, UTC))
