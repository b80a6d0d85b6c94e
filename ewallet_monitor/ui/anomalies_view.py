"""The Anomalies dock: join refusals and timeouts, heartbeat misses, reconnect storms,
gaps, failed transfers by reason, consumptions pending past their expiry.

Activating an entry (double-click or Enter) emits ``row_requested`` with one of its log
rows: the newest first, then each older one on every further activation, so an operator
can walk through, say, every failure with one reason.
"""

from __future__ import annotations

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

    row_requested = Signal(int)  # a log row's seq

    def __init__(self, model: AnomalyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView()
        self.table.setObjectName("anomaliesTable")
        self.table.setAccessibleName("Anomalies")
        self.table.setAccessibleDescription(
            "Problems of this session; activate one to jump to its rows in the event log"
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
        self.empty_label = QLabel("No anomalies so far.")
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
        step = self._steps.get(key, 0) % len(rows)
        self._steps[key] = step + 1
        seq = rows[-1 - step]
        self.row_requested.emit(seq)
        return seq

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.activate(index.row())


__all__ = ["AnomaliesView"]
