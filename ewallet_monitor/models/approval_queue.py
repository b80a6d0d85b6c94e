"""The cashier's queue: open approval cards, and a history of settled ones.

:class:`ApprovalQueue` keeps one :class:`ApprovalCard` per consumption id and feeds it the
inputs of :mod:`ewallet_monitor.protocol.approval`; widgets listen to its signals. A card
that reaches a final state stays in the queue for ``linger_ms`` (so the cashier sees how it
ended) and then moves to :class:`ApprovalHistoryModel`. A one-second clock drives the
countdowns.
"""

from __future__ import annotations

import functools
import time
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from ewallet_monitor.i18n import (
    card_state_label,
    formatted_amount_on_screen,
    protocol_text,
    time_text,
)
from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.protocol.approval import Action, ApprovalCard, CardState
from ewallet_monitor.protocol.consumption import Consumption
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.timestamps import utc_now

AnyIndex = QModelIndex | QPersistentModelIndex
# Settled consumptions that arrive faster than this reach the history in one batch.
HISTORY_BATCH_MS = 250
# The waiting count is announced at most this often (the window's title, status bar and
# chart follow it; a flood of payments would otherwise retitle the window per payment).
PENDING_COUNT_MS = 100


def format_countdown(seconds: float | None) -> str:
    """``expires in 1:23`` / ``expiring…`` / ``""`` when there is no expiration date."""
    if seconds is None:
        return ""
    if seconds <= 0:
        return QCoreApplication.translate("ApprovalQueue", "expiring…")
    whole = int(seconds + 0.999)  # round up: never show 0:00 while time is left
    return QCoreApplication.translate("ApprovalQueue", "expires in {clock}").format(
        clock=f"{whole // 60}:{whole % 60:02d}"
    )


def settled_card(
    data: dict[str, Any], error_code: str | None = None, description: str = ""
) -> ApprovalCard:
    """The card of a consumption first seen in a finalized event (nobody had to approve
    it here, or its request was missed)."""
    return ApprovalCard.from_request(data).on_finalized(data, error_code, description)


@functools.lru_cache(maxsize=64)
def settled_state(status: str | None, error_code: str | None) -> CardState:
    """The state :func:`settled_card` gives a consumption with this ``status`` and
    ``error_code``, without the rest of its data (the state depends on nothing else;
    the rule runs on a stand-in consumption so there is one rule, not two)."""
    stand_in: dict[str, Any] = {"id": "-"} if status is None else {"id": "-", "status": status}
    return settled_card(stand_in, error_code).state


@functools.lru_cache(maxsize=64)
def _settled_state_and_finality(
    status: str | None, error_code: str | None
) -> tuple[CardState, bool]:
    """:func:`settled_state` and whether it is final, cached together (asking an enum
    member whether it is in a set hashes it in Python code, on every burst frame)."""
    state = settled_state(status, error_code)
    return state, state.is_final


def _settled_card_of(received: FrameReceived) -> ApprovalCard:
    """The :func:`settled_card` of a finalized frame (its ``data`` parsed, if it was not
    yet, on this first read)."""
    data = received.data
    if Consumption.from_data(data) is None:
        # The text no longer parses (a FrameReceived is made from a decoded frame, so this
        # is only a safety net): a card from the frame's own columns.
        data = {"id": received.consumption_id, "status": received.status}
    return settled_card(data, received.error_code, received.error_description)


# The history's outcome for a card whose server the window no longer talks to.
LEFT_UNDECIDED = QT_TRANSLATE_NOOP("ApprovalHistoryModel", "left undecided")
NOT_FROM_THIS_SERVER = QT_TRANSLATE_NOOP(
    "ApprovalHistoryModel",
    "Not from this server: the connection changed while it was waiting, so it can no "
    "longer be decided here.",
)
NOT_FROM_THIS_SERVER_IN_FLIGHT = QT_TRANSLATE_NOOP(
    "ApprovalHistoryModel",
    "Not from this server: the connection changed while a decision on it was on its way "
    "(the audit trail has the server's answer).",
)


def urgency_key(card: ApprovalCard, arrival: int) -> tuple[int, float, float, int]:
    """The queue's order: soonest expiry first, then the oldest; payments without an
    expiration date after all those with one (``arrival`` breaks ties stably)."""
    consumption = card.consumption
    created = consumption.created_at
    created_ts = created.timestamp() if created is not None else float("inf")
    expires = consumption.expiration_date
    if expires is None:
        return (1, 0.0, created_ts, arrival)
    return (0, expires.timestamp(), created_ts, arrival)


class _HistoryEntry:
    """One history row. A row that came from a finalized frame nobody had a card for
    holds the frame and builds its card on first use (a view only asks for the rows it
    shows). ``note`` replaces the
    card's outcome (a card left undecided)."""

    __slots__ = ("_card", "_received", "at", "consumption_id", "note", "reason")

    def __init__(
        self,
        at: datetime,
        consumption_id: str,
        card: ApprovalCard | None = None,
        received: FrameReceived | None = None,
        note: str = "",
        reason: str = "",
    ) -> None:
        self.at = at
        self.consumption_id = consumption_id
        self._card = card
        self._received = received
        self.note = note
        self.reason = reason

    @property
    def card(self) -> ApprovalCard:
        card = self._card
        if card is None:
            assert self._received is not None
            card = self._card = _settled_card_of(self._received)
            self._received = None  # the frame's text is no longer needed
        return card


class ApprovalQueue(QObject):
    """Open cards, plus the history model.

    All inputs take consumption ids; inputs for unknown ids are ignored except
    :meth:`on_request` (creates a card) and :meth:`on_finalized` (records a settled
    consumption nobody had to approve in the history). Each card belongs to the connection
    target that was current when it arrived (:meth:`set_target`).
    """

    card_added = Signal(str)
    card_changed = Signal(str)
    card_removed = Signal(str)  # moved to the history
    pending_count_changed = Signal(int)
    clock_ticked = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        linger_ms: int = 5000,
        clock: Callable[[], datetime] = utc_now,
        tick_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self._cards: dict[str, ApprovalCard] = {}
        self._arrival: dict[str, int] = {}
        self._arrivals = 0
        self._origin: dict[str, str | None] = {}
        self._target: str | None = None
        self._open = 0
        self._urgency: dict[str, tuple[int, float, float, int]] = {}
        self._last_count_emit = float("-inf")
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(PENDING_COUNT_MS)
        self._count_timer.timeout.connect(self._announce_count)
        self._linger_ms = linger_ms
        self._clock = clock
        self._last_pending = 0
        self.history = ApprovalHistoryModel(self)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.clock_ticked)
        self._timer.start()

    # -- reading ----------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    def card(self, consumption_id: str) -> ApprovalCard | None:
        return self._cards.get(consumption_id)

    def cards(self) -> list[ApprovalCard]:
        """Cards still in the queue (open ones and those lingering in a final state)."""
        return list(self._cards.values())

    def open_cards(self) -> list[ApprovalCard]:
        return [card for card in self._cards.values() if not card.is_final]

    @property
    def pending_count(self) -> int:
        """Cards that still need the cashier or the server (final ones excluded)."""
        return self._open

    def urgency(self, consumption_id: str) -> tuple[int, float, float, int] | None:
        """The card's place in the queue's order (:func:`urgency_key`)."""
        key = self._urgency.get(consumption_id)
        if key is None:
            card = self._cards.get(consumption_id)
            if card is None:
                return None
            key = self._urgency[consumption_id] = urgency_key(card, self._arrival[consumption_id])
        return key

    def first_actionable(self) -> ApprovalCard | None:
        """The most urgent card the cashier can decide."""
        actionable = [c for c in self._cards.values() if c.is_actionable]
        if not actionable:
            return None
        return min(actionable, key=lambda c: self.urgency(c.id) or ())

    @property
    def target(self) -> str | None:
        return self._target

    def is_from_target(self, consumption_id: str) -> bool:
        """Whether the card came from the connection target current now."""
        return self._origin.get(consumption_id, self._target) == self._target

    def set_target(self, target: str) -> list[str]:
        """The window now talks to ``target``. The waiting cards of any other target move
        to the history as *left undecided* (they can no longer be decided here); returns
        their ids. The first target adopts the cards that arrived before it."""
        if target == self._target:
            return []
        if self._target is None:
            self._origin = {cid: target for cid in self._origin}
            self._target = target
            return []
        self._target = target
        left = [cid for cid, origin in self._origin.items() if origin != target]
        now = self.now()
        for consumption_id in left:
            card = self._cards.pop(consumption_id)
            del self._origin[consumption_id]
            del self._arrival[consumption_id]
            self._urgency.pop(consumption_id, None)
            if card.is_final:
                self.history.add(card, now)
            else:
                self._open -= 1
                reason = (
                    NOT_FROM_THIS_SERVER_IN_FLIGHT if card.state.in_flight else NOT_FROM_THIS_SERVER
                )
                self.history.add(card, now, note=LEFT_UNDECIDED, reason=reason)
            self.card_removed.emit(consumption_id)
        if left:
            self._after_change(None)
        return left

    def seconds_left(self, consumption_id: str) -> float | None:
        card = self._cards.get(consumption_id)
        return None if card is None else card.seconds_left(self.now())

    # -- inputs -------------------------------------------------------------------------------

    def on_request(self, data: dict[str, Any], *, recovered: bool = False) -> ApprovalCard | None:
        """A request event or a recovered pending consumption."""
        consumption = Consumption.from_data(data)
        if consumption is None:
            return None
        existing = self._cards.get(consumption.id)
        if existing is not None:
            return self._update(existing.on_request(data, recovered=recovered))
        if self.history.contains(consumption.id):
            return None  # already settled and archived: never reopened
        card = ApprovalCard.from_request(data, recovered=recovered)
        self._cards[card.id] = card
        self._arrivals += 1
        self._arrival[card.id] = self._arrivals
        self._origin[card.id] = self._target
        if not card.is_final:
            self._open += 1
        self.card_added.emit(card.id)
        self._after_change(card)
        return card

    def on_finalized(
        self, data: dict[str, Any], error_code: str | None = None, description: str = ""
    ) -> ApprovalCard | None:
        consumption = Consumption.from_data(data)
        if consumption is None:
            return None
        existing = self._cards.get(consumption.id)
        if existing is not None:
            return self._update(existing.on_finalized(data, error_code, description))
        if self.history.contains(consumption.id):
            return None
        # Settled without a card here (no confirmation needed, or missed request).
        card = settled_card(data, error_code, description)
        if card.is_final:
            # Thousands a second in a burst: batched, so the panel repaints a few times a
            # second instead of once per event.
            self.history.add_soon(card, self.now())
        return card

    def on_finalized_frame(self, received: FrameReceived) -> CardState | None:
        """A finalized event: :meth:`on_finalized` with the frame's ``data`` when a card is
        waiting for it; returns the state of the consumption's card after it (``None`` when
        the frame carries no consumption or the consumption is already in the history).

        The frame's ``data`` is read only for a waiting card; a consumption settled
        without a card goes to the history as the frame, whose card is built from it when
        a view shows it.
        """
        consumption_id = received.consumption_id
        if consumption_id is None:
            return None
        if consumption_id in self._cards:
            data = received.data
            if not isinstance(data, dict):
                return None
            card = self.on_finalized(data, received.error_code, received.error_description)
            return None if card is None else card.state
        # The path of every burst frame: no card, not archived yet, settled.
        if self.history.contains(consumption_id):
            return None
        state, final = _settled_state_and_finality(received.status, received.error_code)
        if final:
            self.history.add_frame_soon(received, self.now())
        return state

    def start(self, consumption_id: str, action: Action) -> ApprovalCard:
        """Mark an action in flight; raises ``KeyError`` or ``ActionNotAllowed``."""
        card = self._cards[consumption_id].start(action)
        return self._update(card)

    def on_http_ok(self, consumption_id: str, action: Action, data: object) -> None:
        self._apply(consumption_id, lambda c: c.on_http_ok(action, data))

    def on_http_error(
        self,
        consumption_id: str,
        action: Action,
        code: str,
        description: str,
        http_status: int | None = None,
    ) -> None:
        self._apply(
            consumption_id, lambda c: c.on_http_error(action, code, description, http_status)
        )

    def on_http_timeout(self, consumption_id: str, action: Action) -> None:
        self._apply(consumption_id, lambda c: c.on_http_timeout(action))

    def on_connection_lost(self, consumption_id: str, action: Action, text: str) -> None:
        self._apply(consumption_id, lambda c: c.on_connection_lost(action, text))

    def on_read(self, consumption_id: str, data: object) -> None:
        """The server's record of a consumption, read over HTTP."""
        self._apply(consumption_id, lambda c: c.on_read(data))

    def on_read_failed(self, consumption_id: str, text: str) -> None:
        self._apply(consumption_id, lambda c: c.on_read_failed(text))

    def acknowledge(self, consumption_id: str) -> None:
        """The cashier confirmed the card's warning for the next action."""
        self._apply(consumption_id, lambda c: c.acknowledge())

    def on_gap(self) -> list[str]:
        """Mark every open card *not verified* (an outage nobody can read across);
        returns their ids."""
        ids = [card.id for card in self.open_cards()]
        for consumption_id in ids:
            self._apply(consumption_id, lambda c: c.on_gap())
        return ids

    def on_transport_error(self, consumption_id: str, action: Action, text: str) -> None:
        self._apply(consumption_id, lambda c: c.on_transport_error(action, text))

    def clear_settled(self) -> None:
        """Move every final card to the history now."""
        for card in [c for c in self._cards.values() if c.is_final]:
            self._archive(card.id)

    # -- internals ----------------------------------------------------------------------------

    def _apply(self, consumption_id: str, change: Callable[[ApprovalCard], ApprovalCard]) -> None:
        card = self._cards.get(consumption_id)
        if card is not None:
            self._update(change(card))

    def _update(self, card: ApprovalCard) -> ApprovalCard:
        previous = self._cards.get(card.id)
        if previous is card:
            return card
        was_final = previous is not None and previous.is_final
        self._cards[card.id] = card
        if previous is not None and previous.consumption is not card.consumption:
            self._urgency.pop(card.id, None)  # its dates may have changed
        if card.is_final and not was_final:
            self._open -= 1
        self.card_changed.emit(card.id)
        if card.is_final and not was_final:
            self._after_change(card)
            if self._linger_ms <= 0:
                self._archive(card.id)
            else:
                QTimer.singleShot(self._linger_ms, self, lambda cid=card.id: self._archive(cid))
        else:
            self._after_change(card)
        return card

    def _archive(self, consumption_id: str) -> None:
        card = self._cards.get(consumption_id)
        if card is None or not card.is_final:
            return
        del self._cards[consumption_id]
        self._origin.pop(consumption_id, None)
        self._arrival.pop(consumption_id, None)
        self._urgency.pop(consumption_id, None)
        self.history.add(card, self.now())
        self.card_removed.emit(consumption_id)

    def _after_change(self, _card: ApprovalCard | None) -> None:
        if self._open == self._last_pending or self._count_timer.isActive():
            return
        if time.monotonic() - self._last_count_emit >= PENDING_COUNT_MS / 1000:
            self._announce_count()
        else:
            self._count_timer.start()

    def _announce_count(self) -> None:
        self._count_timer.stop()
        count = self._open
        self._last_count_emit = time.monotonic()
        if count != self._last_pending:
            self._last_pending = count
            self.pending_count_changed.emit(count)


class ApprovalHistoryModel(QAbstractTableModel):
    """Settled consumptions, newest first, bounded to ``max_rows``.

    Rows added from frames (:meth:`add_frame_soon`) are parsed only when asked for
    (:meth:`data`, :meth:`card_at`, :meth:`card_for`). Adding and trimming cost the rows
    added, not the rows kept.
    """

    COLUMNS = (
        QT_TRANSLATE_NOOP("ApprovalHistoryModel", "Settled"),
        QT_TRANSLATE_NOOP("ApprovalHistoryModel", "Amount"),
        QT_TRANSLATE_NOOP("ApprovalHistoryModel", "Consumer"),
        QT_TRANSLATE_NOOP("ApprovalHistoryModel", "Outcome"),
        QT_TRANSLATE_NOOP("ApprovalHistoryModel", "Reason"),
        QT_TRANSLATE_NOOP("ApprovalHistoryModel", "Consumption"),
    )
    COL_SETTLED, COL_AMOUNT, COL_CONSUMER, COL_OUTCOME, COL_REASON, COL_ID = range(6)
    CardRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None, max_rows: int = 1000) -> None:
        super().__init__(parent)
        # Oldest on the left, newest on the right: row 0 (the newest) is the last entry,
        # so adding and trimming are appends and pops at the ends.
        self._rows: deque[_HistoryEntry] = deque()
        # Every archived id (shown or waiting in ``_soon``) to its entry.
        self._entries: dict[str, _HistoryEntry] = {}
        self._max_rows = max_rows
        self._soon: list[_HistoryEntry] = []  # oldest first
        self._last_insert = float("-inf")
        self._soon_timer = QTimer(self)
        self._soon_timer.setSingleShot(True)
        self._soon_timer.setInterval(HISTORY_BATCH_MS)
        self._soon_timer.timeout.connect(self.flush)

    @property
    def max_rows(self) -> int:
        return self._max_rows

    def contains(self, consumption_id: str) -> bool:
        """True for archived cards, including those :meth:`add_soon` has not shown yet."""
        return consumption_id in self._entries

    def add(self, card: ApprovalCard, at: datetime, *, note: str = "", reason: str = "") -> None:
        """Show ``card`` at the top now (nothing if its consumption is already here);
        ``note`` and ``reason`` replace its outcome and reason (a card left undecided)."""
        if card.id in self._entries:
            return
        entry = _HistoryEntry(at, card.id, card=card, note=note, reason=reason)
        self._entries[card.id] = entry
        self._insert_newest([entry])

    def add_soon(self, card: ApprovalCard, at: datetime) -> None:
        """:meth:`add`, at once when the history is quiet, else with the next batch (at
        most ``HISTORY_BATCH_MS`` later, one insert for the whole batch)."""
        if card.id not in self._entries:
            self._add_soon(_HistoryEntry(at, card.id, card=card))

    def add_frame_soon(self, received: FrameReceived, at: datetime) -> None:
        """:meth:`add_soon` for a consumption settled by a finalized frame
        (``consumption_id`` set) that had no card: the card is built when first asked for."""
        consumption_id = received.consumption_id
        if consumption_id is None:
            raise ValueError("the frame carries no consumption")
        if consumption_id not in self._entries:
            self._add_soon(_HistoryEntry(at, consumption_id, received=received))

    def flush(self) -> None:
        """Insert the cards :meth:`add_soon` held back, newest first, in one insert."""
        self._soon_timer.stop()
        if not self._soon:
            return
        batch, self._soon = self._soon, []
        self._insert_newest(batch)

    def card_at(self, row: int) -> ApprovalCard:
        """The card of a row (row 0 is the newest); raises ``IndexError`` past the end."""
        if not 0 <= row < len(self._rows):
            raise IndexError(row)
        return self._rows[-1 - row].card

    def card_for(self, consumption_id: str) -> ApprovalCard | None:
        """The archived card of a consumption (shown or about to be), else ``None``;
        builds only that card."""
        entry = self._entries.get(consumption_id)
        return None if entry is None else entry.card

    def outcome_for(self, consumption_id: str) -> str | None:
        """The outcome the history shows for a consumption (``None``: not archived)."""
        entry = self._entries.get(consumption_id)
        if entry is None:
            return None
        return entry.note or entry.card.state.label

    # -- internals ----------------------------------------------------------------------------

    def _add_soon(self, entry: _HistoryEntry) -> None:
        self._entries[entry.consumption_id] = entry
        if not self._soon and time.monotonic() - self._last_insert >= HISTORY_BATCH_MS / 1000:
            self._insert_newest([entry])
            return
        soon = self._soon
        soon.append(entry)
        if len(soon) > self._max_rows:
            # The next insert would drop it unseen: let go of it (and of the frame text
            # it holds) now, so a burst cannot pile thousands of them up meanwhile.
            self._forget([soon.pop(0)])
        if not self._soon_timer.isActive():
            self._soon_timer.start()

    def _insert_newest(self, batch: list[_HistoryEntry]) -> None:
        """Put ``batch`` (oldest first, already in ``_entries``) at the top, dropping the
        oldest rows first so the table never holds more than ``max_rows``: O(batch)."""
        self._last_insert = time.monotonic()
        if len(batch) > self._max_rows:
            # Entries that would be dropped in the same insert never reach the view.
            overflow = len(batch) - self._max_rows
            self._forget(batch[:overflow])
            batch = batch[overflow:]
        rows = self._rows
        excess = len(rows) + len(batch) - self._max_rows
        if excess > 0:
            self.beginRemoveRows(QModelIndex(), len(rows) - excess, len(rows) - 1)
            self._forget(rows.popleft() for _ in range(excess))
            self.endRemoveRows()
        if not batch:
            return
        self.beginInsertRows(QModelIndex(), 0, len(batch) - 1)
        rows.extend(batch)
        self.endInsertRows()

    def _forget(self, dropped: Iterable[_HistoryEntry]) -> None:
        entries = self._entries
        for entry in dropped:
            entries.pop(entry.consumption_id, None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt idiom
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt idiom
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return QCoreApplication.translate("ApprovalHistoryModel", self.COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[-1 - index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # The settled time and the id need no card (no parse for them).
            if column == self.COL_SETTLED:
                return time_text(entry.at)
            if column == self.COL_ID:
                return entry.consumption_id
            card = entry.card
            if column == self.COL_AMOUNT:
                return formatted_amount_on_screen(card.consumption.formatted_amount())
            if column == self.COL_CONSUMER:
                return card.consumption.consumer_name
            if column == self.COL_OUTCOME:
                if entry.note:
                    return QCoreApplication.translate("ApprovalHistoryModel", entry.note)
                return card_state_label(card.state)
            if column == self.COL_REASON:
                if entry.reason:
                    return QCoreApplication.translate("ApprovalHistoryModel", entry.reason)
                return protocol_text(card.message)
            return None
        if role == self.CardRole:
            return entry.card
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_REASON:
            return entry.reason or entry.card.message or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


__all__ = [
    "LEFT_UNDECIDED",
    "ApprovalHistoryModel",
    "ApprovalQueue",
    "CardState",
    "format_countdown",
    "settled_card",
    "settled_state",
    "urgency_key",
]
