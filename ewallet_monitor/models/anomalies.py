"""The Anomalies panel's model: one row per finding of
:class:`~ewallet_monitor.protocol.anomalies.AnomalyDetector`, newest change first.

Fed by the controller with every engine event and the log row it became (its ``seq``), and
ticked once a second so consumptions pending past their expiry are found without an event.
Each row keeps the log rows it came from (:meth:`AnomalyModel.rows_of`) for the panel to
jump to.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from ewallet_monitor.i18n.formats import time_text
from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.protocol.anomalies import Anomaly, AnomalyDetector, AnomalyPolicy
from ewallet_monitor.protocol.events import MonitorEvent

ModelIndex = QModelIndex | QPersistentModelIndex
TICK_MS = 1000


class AnomalyColumn(enum.IntEnum):
    # What first: the dock is often narrow, and the text is what an operator reads.
    KIND = 0
    TEXT = 1
    COUNT = 2
    TIME = 3


ANOMALY_TITLES = {
    AnomalyColumn.TIME: QT_TRANSLATE_NOOP("AnomalyModel", "Last"),
    AnomalyColumn.KIND: QT_TRANSLATE_NOOP("AnomalyModel", "Kind"),
    AnomalyColumn.COUNT: "×",
    AnomalyColumn.TEXT: QT_TRANSLATE_NOOP("AnomalyModel", "What"),
}
AnomalyRole = Qt.ItemDataRole.UserRole + 1  # the row's Anomaly


class AnomalyModel(QAbstractTableModel):
    """Anomalies of this window's sessions; ``found`` fires for a new one (not a change)."""

    found = Signal(object)  # Anomaly

    def __init__(
        self,
        parent: QObject | None = None,
        policy: AnomalyPolicy | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.detector = AnomalyDetector(policy)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._rows: list[Anomaly] = []  # newest change first
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def observe(self, event: MonitorEvent, record: Any = None) -> None:
        """One engine event; ``record`` is its log row (anything with ``seq``) or ``None``."""
        seq = getattr(record, "seq", None)
        self._update(self.detector.observe(event, seq if isinstance(seq, int) else None))

    def tick(self) -> None:
        self._update(self.detector.tick(self._clock()))

    def _update(self, changed: list[Anomaly]) -> None:
        for anomaly in changed:
            if anomaly in self._rows:
                row = self._rows.index(anomaly)
                if row:
                    self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), 0)
                    del self._rows[row]
                    self._rows.insert(0, anomaly)
                    self.endMoveRows()
                last = self.index(0, len(AnomalyColumn) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            else:
                self.beginInsertRows(QModelIndex(), 0, 0)
                self._rows.insert(0, anomaly)
                self.endInsertRows()
                self.found.emit(anomaly)

    def anomaly_at(self, row: int) -> Anomaly:
        return self._rows[row]

    def rows_of(self, index: ModelIndex) -> list[int]:
        """The log rows (``seq``) of the anomaly at ``index``, oldest first."""
        if not index.isValid() or index.row() >= len(self._rows):
            return []
        return list(self._rows[index.row()].rows)

    # -- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AnomalyColumn)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        anomaly = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == AnomalyColumn.TIME:
                return time_text(anomaly.last_at)
            if column == AnomalyColumn.KIND:
                return anomaly.kind
            if column == AnomalyColumn.COUNT:
                return str(anomaly.count)
            return anomaly.text
        if role == Qt.ItemDataRole.ToolTipRole:
            rows = len(anomaly.rows)
            first = time_text(anomaly.first_at)
            more = self.tr("first {time}; %n log row(s) — activate to jump to them", "", rows)
            return f"{anomaly.text}\n{more.format(time=first)}"
        if role == AnomalyRole:
            return anomaly
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(AnomalyColumn)
        ):
            return self.tr(ANOMALY_TITLES[AnomalyColumn(section)])
        return None


__all__ = ["ANOMALY_TITLES", "AnomalyColumn", "AnomalyModel", "AnomalyRole"]
