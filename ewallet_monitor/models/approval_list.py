"""The queue's cards as one list model, most urgent first, for a virtualised view.

:class:`ApprovalListModel` follows an :class:`ApprovalQueue`: one row per card still in
the queue, ordered by :func:`~ewallet_monitor.models.approval_queue.urgency_key` (soonest
expiry, then the oldest; no expiry last). A view paints only the rows on screen, so a
flood of payments never costs a widget each; and cards arriving faster than one per
:data:`INSERT_BATCH_MS` are inserted together, one ``beginInsertRows`` per run of
neighbouring rows (a customer's flood lands at the end: one insert per batch).
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from ewallet_monitor.i18n import card_state_label, formatted_amount_on_screen
from ewallet_monitor.models.approval_queue import ApprovalQueue, format_countdown
from ewallet_monitor.protocol.approval import ApprovalCard

AnyIndex = QModelIndex | QPersistentModelIndex
Key = tuple[int, float, float, int]
# Cards arriving within this of the last insert wait for the next batch.
INSERT_BATCH_MS = 50


def spoken_countdown(seconds: float | None) -> str:
    """The countdown as a screen reader says it: ``expires in 1 minute 5 seconds``."""
    if seconds is None:
        return QCoreApplication.translate("ApprovalListModel", "no expiry")
    if seconds <= 0:
        return QCoreApplication.translate("ApprovalListModel", "expiring now")
    whole = int(seconds + 0.999)
    minutes, rest = divmod(whole, 60)
    # Written out rather than "%n": lupdate sees plurals only in tr(), not in translate().
    parts = []
    if minutes:
        parts.append(
            (
                QCoreApplication.translate("ApprovalListModel", "{n} minute")
                if minutes == 1
                else QCoreApplication.translate("ApprovalListModel", "{n} minutes")
            ).format(n=minutes)
        )
    if rest or not minutes:
        parts.append(
            (
                QCoreApplication.translate("ApprovalListModel", "{n} second")
                if rest == 1
                else QCoreApplication.translate("ApprovalListModel", "{n} seconds")
            ).format(n=rest)
        )
    return QCoreApplication.translate("ApprovalListModel", "expires in {time}").format(
        time=" ".join(parts)
    )


class ApprovalListModel(QAbstractListModel):
    """Rows of the queue's cards, most urgent first."""

    CardRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2
    SecondsLeftRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, queue: ApprovalQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self._keys: list[Key] = []
        self._ids: list[str] = []
        self._key_of: dict[str, Key] = {}
        self._waiting: dict[str, Key] = {}  # added, not inserted yet
        self._last_insert = float("-inf")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(INSERT_BATCH_MS)
        self._timer.timeout.connect(self.flush)
        queue.card_added.connect(self._on_card_added)
        queue.card_changed.connect(self._on_card_changed)
        queue.card_removed.connect(self._on_card_removed)
        queue.clock_ticked.connect(self._on_clock)
        for card in queue.cards():
            self._on_card_added(card.id)
        self.flush()

    # -- reading ---------------------------------------------------------------------------

    def ids(self) -> list[str]:
        """Card ids in the list's order."""
        return list(self._ids)

    def iter_ids(self) -> Iterator[str]:
        """The ids in order, without copying (do not change the queue meanwhile)."""
        return iter(self._ids)

    def row_of(self, consumption_id: str) -> int | None:
        key = self._key_of.get(consumption_id)
        if key is None:
            return None
        return bisect.bisect_left(self._keys, key)

    def id_at(self, row: int) -> str:
        return self._ids[row]

    def index_of(self, consumption_id: str) -> QModelIndex:
        row = self.row_of(consumption_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt idiom
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        consumption_id = self._ids[index.row()]
        if role == self.IdRole:
            return consumption_id
        card = self.queue.card(consumption_id)
        if card is None:
            return None
        if role == self.CardRole:
            return card
        if role == self.SecondsLeftRole:
            return card.seconds_left(self.queue.now())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._summary(card, spoken=False)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self._summary(card, spoken=True)
        return None

    def _summary(self, card: ApprovalCard, *, spoken: bool) -> str:
        consumption = card.consumption
        left = card.seconds_left(self.queue.now())
        if card.is_final or card.state.in_flight:
            when = card_state_label(card.state)
        else:
            when = spoken_countdown(left) if spoken else format_countdown(left)
        parts = [
            formatted_amount_on_screen(consumption.formatted_amount()),
            self.tr("from {customer}").format(customer=consumption.consumer_name),
            when,
        ]
        return self.tr(", ").join(p for p in parts if p)

    # -- queue signals -------------------------------------------------------------------------

    def _on_card_added(self, consumption_id: str) -> None:
        key = self.queue.urgency(consumption_id)
        if key is None or consumption_id in self._key_of or consumption_id in self._waiting:
            return
        self._waiting[consumption_id] = key
        if time.monotonic() - self._last_insert >= INSERT_BATCH_MS / 1000:
            self.flush()
        elif not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Insert the cards waiting for the next batch now."""
        self._timer.stop()
        if not self._waiting:
            return
        self._last_insert = time.monotonic()
        batch = sorted((key, cid) for cid, key in self._waiting.items())
        self._waiting.clear()
        # Runs of new rows that land next to each other go in with one insert; inserted
        # from the last run back, so the positions found for the earlier ones still hold.
        runs: list[tuple[int, list[tuple[Key, str]]]] = []
        for key, consumption_id in batch:
            at = bisect.bisect_left(self._keys, key)
            if runs and runs[-1][0] == at:
                runs[-1][1].append((key, consumption_id))
            else:
                runs.append((at, [(key, consumption_id)]))
        for at, run in reversed(runs):
            self.beginInsertRows(QModelIndex(), at, at + len(run) - 1)
            self._keys[at:at] = [key for key, _ in run]
            self._ids[at:at] = [cid for _, cid in run]
            for key, consumption_id in run:
                self._key_of[consumption_id] = key
            self.endInsertRows()

    def _on_card_changed(self, consumption_id: str) -> None:
        if consumption_id in self._waiting:
            self._waiting[consumption_id] = (
                self.queue.urgency(consumption_id) or (self._waiting[consumption_id])
            )
            return
        old = self._key_of.get(consumption_id)
        new = self.queue.urgency(consumption_id)
        if old is None or new is None:
            return
        if new != old:  # a refreshed consumption with another expiry: move it
            self._remove(consumption_id)
            self._on_card_added(consumption_id)
            return
        row = bisect.bisect_left(self._keys, old)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def _on_card_removed(self, consumption_id: str) -> None:
        self._waiting.pop(consumption_id, None)
        self._remove(consumption_id)

    def _remove(self, consumption_id: str) -> None:
        key = self._key_of.pop(consumption_id, None)
        if key is None:
            return
        row = bisect.bisect_left(self._keys, key)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[row]
        del self._ids[row]
        self.endRemoveRows()

    def _on_clock(self) -> None:
        if self._ids:  # the countdowns: the view repaints only the rows it shows
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))


__all__ = ["ApprovalListModel", "spoken_countdown"]
