"""The Anomalies dock: join refusals and timeouts, heartbeat misses, reconnect storms,
gaps, failed transfers by reason, consumptions pending past their expiry.

Activating an entry (double-click or Enter) shows one of its log rows: the newest first,
then each older one on every further activation (rows the log cannot show are skipped),
so an operator can walk through, say, every failure with one reason; ``row_requested``
says which.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.models.anomalies import AnomalyColumn, AnomalyModel


class AnomaliesView(QWidget):
    """A table over an :class:`AnomalyModel`."""

    row_requested = Signal(int)  # a log row's seq, shown
    table_activated = Signal(int)  # the operator activated the entry at this row

    def __init__(
        self,
        model: AnomalyModel,
        parent: QWidget | None = None,
        show_row: Callable[[int], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        # Shows a log row, False when it cannot (gone, or hidden: a copy of an event on
        # another topic while the log shows one row per event); such rows are skipped.
        self.show_row = show_row
        self.table = QTableView()
        self.table.setObjectName("anomaliesTable")
        self.table.setAccessibleName(self.tr("Anomalies"))
        self.table.setAccessibleDescription(
            self.tr("Problems of this session; activate one to jump to its rows in the event log")
        )
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (AnomalyColumn.TIME, AnomalyColumn.KIND, AnomalyColumn.COUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AnomalyColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_table_activated)
        self.empty_label = QLabel(self.tr("No anomalies so far."))
        self.empty_label.setObjectName("anomaliesEmpty")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        model.rowsInserted.connect(self._update_empty)
        model.modelReset.connect(self._update_empty)
        self._update_empty()
        # Which of an entry's rows the next activation shows, counted from the newest.
        self._steps: dict[str, int] = {}

    def _update_empty(self) -> None:
        self.empty_label.setVisible(self.model.rowCount() == 0)

    def activate(self, row: int) -> int | None:
        """Jump to the next log row of the entry at ``row``; returns its seq."""
        index = self.model.index(row, 0)
        rows = self.model.rows_of(index)
        if not rows:
            return None
        key = self.model.anomaly_at(row).key
        for _ in range(len(rows)):
            step = self._steps.get(key, 0) % len(rows)
            self._steps[key] = step + 1
            seq = rows[-1 - step]
            if self.show_row is None or self.show_row(seq):
                self.row_requested.emit(seq)
                return seq
        return None

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.table_activated.emit(index.row())


__all__ = ["AnomaliesView"]
