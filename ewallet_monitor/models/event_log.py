"""The live event log: one light row per monitor event, inserted in batches, bounded.

Rows arrive far faster than a view can repaint (a visible table costs ~30 ms a repaint,
however many rows arrived: one insert per row caps it at ~35 rows/s, one per 1,000 rows
reaches ~28,000): :meth:`EventLogModel.append` only buffers, and a short timer flushes the
buffer with one ``beginInsertRows`` per tick, the way Wireshark's packet list does. The
table keeps at most ``max_rows`` rows; older rows are dropped (one ``beginRemoveRows`` per
flush) and counted in :attr:`EventLogModel.dropped_count`.
The store keeps everything; this model is only the live window.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import json
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

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
from PySide6.QtGui import QColor

from ewallet_monitor.i18n.formats import number_text, time_text
from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.models.colour_rules import ColourRules, CompiledRule
from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS
from ewallet_monitor.protocol.consumption import PENDING, Consumption
from ewallet_monitor.protocol.event_key import SAME_EVENT_WINDOW, is_broadcast, same_event
from ewallet_monitor.protocol.events import (
    MAX_RAW_ERROR_SHOWN,
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    FrameSent,
    GapRecorded,
    InvalidFrameReceived,
    MonitorEvent,
    MonitorNotice,
)
from ewallet_monitor.protocol.frames import (
    CONSUMPTION_FINALIZED,
    CONSUMPTION_REQUEST,
    HEARTBEAT,
    HEARTBEAT_TOPIC,
    PHX_CLOSE,
    PHX_ERROR,
    PHX_JOIN,
    PHX_LEAVE,
    PHX_REPLY,
    ServerFrame,
    decode_server_frame,
)
from ewallet_monitor.query import Facts
from ewallet_monitor.query.facts import KIND_FRAME as QUERY_KIND_FRAME
from ewallet_monitor.query.facts import KIND_OTHER
from ewallet_monitor.query.facts import KIND_RECOVERED as QUERY_KIND_RECOVERED
from ewallet_monitor.store.records import (
    INBOUND,
    KIND_INVALID,
    KIND_RECOVERED,
    OUTBOUND,
    StoredFrame,
    to_epoch_ms,
)
from ewallet_monitor.store.rows import RECOVERED_EVENT

ModelIndex = QModelIndex | QPersistentModelIndex

# Every row kind, in the order the filter menu lists them.
KINDS: tuple[str, ...] = (
    "request",
    "finalized",
    "recovered",
    "reply",
    "heartbeat",
    "join",
    "leave",
    "close",
    "error",
    "invalid",
    "gap",
    "channel",
    "connection",
    "notice",
    "other",
)
# Rows that keep their frame's text for the detail pane (~7 KB each for a consumption):
# 14 MB. Older rows keep their columns; their frames are in the event history.
DEFAULT_PAYLOAD_ROWS = 2_000
# Protocol housekeeping hidden by default (unless the frame carries an error).
CONTROL_KINDS = frozenset({"heartbeat", "reply"})

DIRECTION_IN = "in"
DIRECTION_OUT = "out"
DIRECTION_NONE = "—"  # a row the monitor itself produced (gap, state change, notice)

OUTCOME_OK = "ok"
OUTCOME_INVALID = "invalid"
# "" means "not applicable" (a notice, a state change that is not a failure).


class Column(enum.IntEnum):
    """The table's columns, declared once."""

    TIME = 0
    DIRECTION = 1
    TOPIC = 2
    EVENT = 3
    REF = 4
    OUTCOME = 5
    SUMMARY = 6
    # Last in the model so the columns above keep their numbers; the views show Δt next
    # to Time and Latency next to Ref.
    DELTA = 7
    LATENCY = 8


COLUMN_TITLES: dict[Column, str] = {
    Column.TIME: QT_TRANSLATE_NOOP("EventLogModel", "Time"),
    Column.DIRECTION: QT_TRANSLATE_NOOP("EventLogModel", "Dir"),
    Column.TOPIC: QT_TRANSLATE_NOOP("EventLogModel", "Topic"),
    Column.EVENT: QT_TRANSLATE_NOOP("EventLogModel", "Event"),
    Column.REF: QT_TRANSLATE_NOOP("EventLogModel", "Ref"),
    Column.OUTCOME: QT_TRANSLATE_NOOP("EventLogModel", "Outcome"),
    Column.SUMMARY: QT_TRANSLATE_NOOP("EventLogModel", "Summary"),
    Column.DELTA: QT_TRANSLATE_NOOP("EventLogModel", "Δt"),
    Column.LATENCY: QT_TRANSLATE_NOOP("EventLogModel", "Latency"),
}

# When rows are inserted. Each flush repaints the table (~2-5 ms whatever it carries), so
# a slow stream waits longer and pays fewer repaints: a row waits at most the calm wait
# (DEFAULT_LIMITS.log_calm_flush_ms); once BUSY_ROWS rows are buffered the flush comes
# flush_interval_ms after the first of them (at 1000 events/s a row waits ~17 ms, p50), and
# in a burst (a flush of BURST_FLUSH_ROWS or more) twice that.
DEFAULT_FLUSH_INTERVAL_MS = DEFAULT_LIMITS.log_flush_interval_ms
DEFAULT_CALM_FLUSH_MS = DEFAULT_LIMITS.log_calm_flush_ms
BUSY_ROWS = DEFAULT_LIMITS.log_busy_rows
# The live table's bound (rows beyond it are dropped oldest first, and counted; the store
# keeps them). A row holds ~500 bytes of Python objects: 100,000 rows are ~50 MB of the
# window's memory, well inside the 200 MB a million-event burst may add to the app's.
DEFAULT_LIVE_ROWS = 100_000
MIN_LIVE_ROWS = 100
MAX_LIVE_ROWS = 2_000_000
BURST_FLUSH_ROWS = 150

# Custom roles, declared once.
RecordRole = Qt.ItemDataRole.UserRole + 1  # the row's EventRecord
KindRole = Qt.ItemDataRole.UserRole + 2  # the row's kind string

# What data() and flags() compare with and return, as plain values (see data()).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ROLES_ANSWERED = frozenset(
    {_DISPLAY, _FOREGROUND, _BACKGROUND, _TOOLTIP, int(RecordRole), int(KindRole)}
)
_COLUMN_COUNT = len(Column)
_TOPIC_COLUMN = int(Column.TOPIC)
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


@dataclass(slots=True)
class EventRecord:
    """One log row. Light: strings and the frame's text, nothing rendered.

    ``payload`` is the frame as a JSON object (server or client frame), the invalid frame's
    ``{"reason", "raw"}`` (its text kept and let go of like a received frame's), the gap's
    facts, the recovered consumption, or a notice's details.
    A received frame keeps only its text (``raw_text``; a parsed consumption frame takes
    three times the memory) and is parsed again when ``payload`` is read. The model lets
    go of that text for rows older than its newest ``payload_rows``; their ``payload`` is
    then a short note (the history in the store keeps every frame).
    ``outcome`` is ``"ok"``, an eWallet error code, ``"invalid"``, a failed state, or ``""``.
    """

    seq: int
    received_at: datetime
    direction: str
    topic: str
    event: str
    ref: str
    outcome: str
    summary: str
    kind: str
    _payload: Any
    consumption_id: str | None = None
    status: str | None = None
    _time_text: str | None = field(default=None, repr=False, compare=False)
    _search_text: str | None = field(default=None, repr=False, compare=False)
    _raw: str | None = field(default=None, repr=False, compare=False)
    # One event broadcast on several topics (protocol.event_key): the first copy's row
    # lists every topic; the later copies point at it and are hidden in one-row-per-event.
    topics: tuple[str, ...] = field(default=(), compare=False)
    duplicate_of: EventRecord | None = field(default=None, repr=False, compare=False)

    @property
    def all_topics(self) -> tuple[str, ...]:
        """Every topic this event arrived on (its own first)."""
        return self.topics or (self.topic,)

    @property
    def topic_text(self) -> str:
        """``user:usr_… +1`` for an event seen on two topics."""
        extra = len(self.topics) - 1
        return f"{self.topic} +{extra}" if extra > 0 else self.topic

    # (rule set generation, matching colour rule): rules are tested once per row.
    rule_cache: tuple[int, CompiledRule | None] | None = field(
        default=None, repr=False, compare=False
    )
    # The row before's receive time (its own object: no new one per row), and a reply's
    # milliseconds since the push it answers.
    previous_at: datetime | None = field(default=None, repr=False, compare=False)
    latency_ms: float | None = field(default=None, repr=False, compare=False)

    @property
    def delta_s(self) -> float | None:
        """Seconds since the row before (``None`` for the first)."""
        if self.previous_at is None:
            return None
        return max(0.0, (self.received_at - self.previous_at).total_seconds())

    @property
    def payload(self) -> Any:
        """The row's JSON (see the class docs); parsed from the frame text when kept so."""
        if self._payload is not None:
            return self._payload
        if self._raw is not None:
            if self.outcome == OUTCOME_INVALID:  # the text as received: not JSON
                return {"reason": self.summary, "raw": self._raw}
            try:
                return json.loads(self._raw)
            except RecursionError:  # decoded in the engine, deeper than this stack allows
                return {"topic": self.topic, "event": self.event, "raw": self._raw}
        if self.outcome == OUTCOME_INVALID:
            return {
                "reason": self.summary,
                "note": "This frame's text is no longer kept in memory (the log keeps the "
                "newest rows' frames only); the event history has it.",
            }
        return {
            "topic": self.topic,
            "event": self.event,
            "consumption_id": self.consumption_id,
            "note": "This frame's text is no longer kept in memory (the log keeps the "
            "newest rows' frames only); the event history has it.",
        }

    @property
    def raw_text(self) -> str | None:
        """The received frame's text while the row keeps it (``None`` otherwise)."""
        return self._raw

    def release_payload(self) -> None:
        """Let go of a received frame's text (the row and its columns stay)."""
        if self._raw is not None:
            self._raw = None

    @property
    def is_problem(self) -> bool:
        """True for errors, invalid frames and failed states (shown in the error colour)."""
        return self.outcome not in (OUTCOME_OK, "")

    @property
    def time_text(self) -> str:
        """Local wall time ``hh:mm:ss.mmm`` (computed once, on first display)."""
        if self._time_text is None:
            self._time_text = time_text(self.received_at, millis=True)
        return self._time_text

    @property
    def search_text(self) -> str:
        """Lower-case text the filter searches: the visible columns plus the consumption id."""
        if self._search_text is None:
            parts = (
                self.topic,
                self.event,
                self.ref,
                self.outcome,
                self.summary,
                self.direction,
                self.kind,
                self.consumption_id or "",
            )
            self._search_text = "\n".join(parts).lower()
        return self._search_text

    def consumption(self) -> dict[str, Any] | None:
        """The consumption object this row carries, if any."""
        if self.consumption_id is None:
            return None
        payload = self.payload  # parsed from the frame text: read it once
        if self.kind == "recovered":
            return payload.get("consumption") if isinstance(payload, dict) else None
        data = payload.get("data") if isinstance(payload, dict) else None
        return data if isinstance(data, dict) else None

    def display(self, column: int) -> str:
        """The text of one column."""
        return _COLUMN_TEXT[column](self)

    def facts(self) -> Facts:
        """This row as the filter language reads it, by the rules the store's rows are
        read with (a recovered consumption is an inbound ``consumption_recovered``).
        A row whose frame text was let go knows only its consumption id and status."""
        at_ms = to_epoch_ms(self.received_at)
        topics = self.all_topics
        if self.kind == "recovered":
            payload = self._payload
            return Facts(
                at_ms,
                INBOUND,
                QUERY_KIND_RECOVERED,
                topics,
                RECOVERED_EVENT,
                lambda: payload.get("consumption") if isinstance(payload, dict) else None,
            )
        if self.direction == DIRECTION_NONE or self.kind == "invalid":
            return Facts(
                at_ms,
                _FACT_DIRECTION.get(self.direction, self.direction),
                KIND_OTHER,
                topics,
                self.event,
                None,
            )
        if self._payload is None and self._raw is None:  # the frame text was let go
            return Facts(
                at_ms,
                self.direction,
                QUERY_KIND_FRAME,
                topics,
                self.event,
                None,
                consumption_id=self.consumption_id,
                status=self.status,
            )
        return Facts(
            at_ms, self.direction, QUERY_KIND_FRAME, topics, self.event, lambda: self.payload
        )


# The filter language's ``direction`` of rows the monitor made itself.
_FACT_DIRECTION = {"—": "none"}


_COLUMN_TEXT: dict[int, Callable[[EventRecord], str]] = {
    Column.TIME: lambda r: r.time_text,
    Column.DIRECTION: lambda r: r.direction,
    Column.TOPIC: lambda r: r.topic,
    Column.EVENT: lambda r: r.event,
    Column.REF: lambda r: r.ref,
    Column.OUTCOME: lambda r: r.outcome,
    Column.SUMMARY: lambda r: r.summary,
    Column.DELTA: lambda r: "" if (delta := r.delta_s) is None else number_text(delta, 3),
    Column.LATENCY: lambda r: "" if r.latency_ms is None else f"{number_text(r.latency_ms, 1)} ms",
}

# Pushes remembered for their replies: far more than a session ever has in flight.
_PUSHES_KEPT = 4096


class ReplyMatcher:
    """Sets each row's Δt (since the row before) and each reply's latency (since the push
    with the same topic and ref), fed rows oldest first."""

    __slots__ = ("_last", "_pushes")

    def __init__(self) -> None:
        self._last: datetime | None = None
        self._pushes: OrderedDict[tuple[str, str], datetime] = OrderedDict()

    def link(self, record: EventRecord) -> None:
        if self._last is not None:
            record.previous_at = self._last
        self._last = record.received_at
        if not record.ref:
            return
        key = (record.topic, record.ref)
        if record.direction == DIRECTION_OUT:
            self._pushes[key] = record.received_at
            if len(self._pushes) > _PUSHES_KEPT:
                self._pushes.popitem(last=False)
        elif record.event == PHX_REPLY:
            sent = self._pushes.pop(key, None)
            if sent is not None:
                record.latency_ms = max(0.0, (record.received_at - sent).total_seconds() * 1000)


class RowStyle(NamedTuple):
    """Colours for one row kind; ``None`` keeps the view's palette."""

    foreground: QColor | None = None
    background: QColor | None = None


def _fmt_clock(moment: datetime) -> str:
    return time_text(moment)


def _frame_kind(event: str, topic: str, *, outgoing: bool) -> str:
    if event == CONSUMPTION_REQUEST:
        return "request"
    if event == CONSUMPTION_FINALIZED:
        return "finalized"
    if event == HEARTBEAT or (event == PHX_REPLY and topic == HEARTBEAT_TOPIC):
        return "heartbeat"
    return {
        PHX_REPLY: "reply",
        PHX_JOIN: "join",
        PHX_LEAVE: "leave",
        PHX_CLOSE: "close",
        PHX_ERROR: "error",
    }.get(event, "other")


def _consumption_fields(data: object) -> tuple[str | None, str | None, str]:
    """(consumption id, status, summary) for a frame's data."""
    consumption = Consumption.from_data(data)
    if consumption is None:
        return None, None, ""
    return consumption.id, consumption.status, consumption.summary()


def _received_record(seq: int, received: FrameReceived) -> EventRecord:
    """The row of a received frame: its columns as they are, its text kept unparsed (for
    the detail pane)."""
    summary = received.summary
    event = received.event
    topic = received.topic
    kind = _frame_kind(event, topic, outgoing=False)
    error_code = received.error_code
    if error_code is not None:
        outcome = error_code
        detail = received.error_description or error_code
        summary = f"{summary} — {detail}" if summary else detail
    elif received.raw_error is not None:
        outcome = "error"
        summary = summary or f"unreadable error: {received.raw_error}"[:MAX_RAW_ERROR_SHOWN]
    else:
        outcome = OUTCOME_OK
    if not summary and kind == "reply":
        summary = "ok" if outcome == OUTCOME_OK else summary
    return EventRecord(
        seq,
        received.at,
        DIRECTION_IN,
        topic,
        event,
        received.ref or "",
        outcome,
        summary,
        kind,
        None,
        received.consumption_id,
        received.status,
        _raw=received.raw,
    )


def record_from_event(seq: int, event: MonitorEvent) -> EventRecord | None:
    """The log row for a monitor event, or ``None`` for events the log does not show
    (heartbeat round-trips go to the status bar instead)."""
    if isinstance(event, FrameReceived):  # first: nearly every event of a burst
        return _received_record(seq, event)
    if isinstance(event, FrameSent):
        sent = event.frame
        kind = _frame_kind(sent.event, sent.topic, outgoing=True)
        return EventRecord(
            seq,
            event.at,
            DIRECTION_OUT,
            sent.topic,
            sent.event,
            sent.ref or "",
            "",
            "",
            kind,
            sent.to_json(),
        )
    if isinstance(event, InvalidFrameReceived):
        invalid = event.invalid
        return EventRecord(
            seq,
            event.at,
            DIRECTION_IN,
            "",
            "",
            "",
            OUTCOME_INVALID,
            invalid.reason,
            "invalid",
            None,
            # Kept like a valid frame's text, and let go of the same way (up to 64 KB each).
            _raw=invalid.raw,
        )
    if isinstance(event, GapRecorded):
        seconds = max(0.0, (event.end - event.start).total_seconds())
        channels = ", ".join(event.channels) or "none"
        after = (
            "pending consumptions will be recovered"
            if event.recoverable
            else "events broadcast meanwhile are lost"
        )
        summary = (
            f"connection down from {_fmt_clock(event.start)} to {_fmt_clock(event.end)}, "
            f"channels {channels}, {seconds:.0f} s; {after}"
        )
        payload = {
            "start": event.start.isoformat(),
            "end": event.end.isoformat(),
            "seconds": seconds,
            "channels": list(event.channels),
            "recoverable": event.recoverable,
        }
        return EventRecord(
            seq, event.at, DIRECTION_NONE, "", "gap", "", "", summary, "gap", payload
        )
    if isinstance(event, ConsumptionRecovered):
        consumption_id, status, summary = _consumption_fields(event.consumption)
        payload = {"topic": event.topic, "consumption": event.consumption}
        return EventRecord(
            seq,
            event.at,
            DIRECTION_NONE,
            event.topic,
            "recovered",
            "",
            OUTCOME_OK,
            f"recovered after a gap: {summary}" if summary else "recovered after a gap",
            "recovered",
            payload,
            consumption_id,
            status,
        )
    if isinstance(event, ConnectionStateChanged):
        parts = [event.detail] if event.detail else []
        if event.retry_in is not None:
            parts.append(f"retry in {event.retry_in:.1f} s")
        if event.url:
            parts.append(event.url)
        failed = event.state in (ConnectionState.REFUSED, ConnectionState.RECONNECTING)
        outcome = (event.code or event.state.value) if failed else ""
        payload = {
            "state": event.state.value,
            "detail": event.detail,
            "url": event.url,
            "retry_in": event.retry_in,
            "code": event.code,
        }
        return EventRecord(
            seq,
            event.at,
            DIRECTION_NONE,
            "",
            event.state.value,
            "",
            outcome,
            " · ".join(parts),
            "connection",
            payload,
        )
    if isinstance(event, ChannelStateChanged):
        failed = event.state in (ChannelState.REFUSED, ChannelState.FAILED)
        payload = {"topic": event.topic, "state": event.state.value, "reason": event.reason}
        return EventRecord(
            seq,
            event.at,
            DIRECTION_NONE,
            event.topic,
            event.state.value,
            "",
            event.state.value if failed else "",
            event.reason,
            "channel",
            payload,
        )
    if isinstance(event, MonitorNotice):
        payload = {"text": event.text, "level": event.level, "details": event.details}
        return EventRecord(
            seq,
            event.at,
            DIRECTION_NONE,
            "",
            "notice",
            "",
            "" if event.level == "info" else event.level,
            event.text,
            "notice",
            payload,
        )
    return None


def record_from_stored(frame: StoredFrame) -> EventRecord:
    """The log row of a frame read back from the store (history), shaped like the live row
    of the same frame; ``seq`` is the store's ``seq``."""
    payload = frame.payload()
    if frame.kind == KIND_INVALID or payload is None:
        reason = frame.reason or "not JSON"
        return EventRecord(
            frame.seq,
            frame.at,
            DIRECTION_IN,
            "",
            "",
            "",
            OUTCOME_INVALID,
            reason,
            "invalid",
            {"reason": reason, "raw": frame.raw},
        )
    if frame.kind == KIND_RECOVERED:
        consumption_id, status, summary = _consumption_fields(payload)
        return EventRecord(
            frame.seq,
            frame.at,
            DIRECTION_NONE,
            frame.topic,
            "recovered",
            "",
            OUTCOME_OK,
            f"recovered after a gap: {summary}" if summary else "recovered after a gap",
            "recovered",
            {"topic": frame.topic, "consumption": payload},
            consumption_id,
            status,
        )
    if frame.direction == OUTBOUND:
        return EventRecord(
            frame.seq,
            frame.at,
            DIRECTION_OUT,
            frame.topic,
            frame.event,
            frame.ref or "",
            "",
            "",
            _frame_kind(frame.event, frame.topic, outgoing=True),
            payload,
        )
    # A received frame: the row the live log made of it, from its stored (redacted) text.
    decoded = decode_server_frame(frame.raw, lean=True)
    if isinstance(decoded, ServerFrame):
        record = _received_record(frame.seq, FrameReceived(decoded, frame.at))
        # The JSON is parsed already (above): kept instead of the text, as history rows were.
        record._payload = payload
        record._raw = None
        return record
    # Stored text that is no longer a frame (hand-edited, or redaction cut into its JSON).
    return EventRecord(
        frame.seq,
        frame.at,
        DIRECTION_IN,
        frame.topic,
        frame.event,
        frame.ref or "",
        frame.error_code or OUTCOME_OK,
        frame.error_code or "",
        _frame_kind(frame.event, frame.topic, outgoing=False),
        payload,
        frame.consumption_id,
        frame.status,
    )


class EventLogModel(QAbstractTableModel):
    """The live log table. Feed it with :meth:`append`; it inserts in batches.

    A row waits in the buffer at most ``calm_flush_ms`` (a slow stream: few repaints), or
    ``flush_interval_ms`` once ``busy_rows`` rows are buffered (twice that while a burst
    lasts: a flush of ``BURST_FLUSH_ROWS`` or more); :meth:`flush` inserts at once
    (tests, or before selecting the newest row). Colours come from
    :meth:`set_row_styles` (the UI picks light or dark ones); without them rows are plain.
    """

    rows_flushed = Signal(int)  # rows inserted by one flush
    one_row_per_event_changed = Signal(bool)
    # A known consumption's status changed: (consumption id, its newest status).
    consumption_status_changed = Signal(str, str)

    def __init__(
        self,
        parent: QObject | None = None,
        max_rows: int = DEFAULT_LIVE_ROWS,
        flush_interval_ms: int = DEFAULT_FLUSH_INTERVAL_MS,
        payload_rows: int = DEFAULT_PAYLOAD_ROWS,
        *,
        calm_flush_ms: int = DEFAULT_CALM_FLUSH_MS,
        busy_rows: int = BUSY_ROWS,
    ) -> None:
        super().__init__(parent)
        if max_rows < 1:
            raise ValueError(f"max_rows must be at least 1, got {max_rows}")
        self._max_rows = max_rows
        # Rows still holding their frame's text, oldest first; the text of older rows is
        # let go so the table's memory stays flat however long a burst lasts.
        self._payload_rows = max(0, payload_rows)
        self._holding: deque[EventRecord] = deque()
        self._rows: list[EventRecord] = []
        self._buffer: list[EventRecord] = []
        self._next_seq = 1
        self._dropped = 0
        # Newest status per consumption id, so a stale "pending" row is not offered for
        # approval. Insertion order = age; bounded like the rows, trimmed to the newest
        # ``max_rows`` once it holds an eighth more: a plain dict takes 38 B an entry where
        # an OrderedDict took 91, and dropping its oldest one at a time (next(iter(d)))
        # walks every slot deleted before it.
        self._latest_status: dict[str, str] = {}
        self._styles: dict[str, RowStyle] = {}
        self._problem_style = RowStyle()
        # Recent broadcasts, oldest first, by (event, consumption id): the first copies a
        # later copy on another topic may belong to (protocol.event_key).
        self._one_row_per_event = True
        self._recent: deque[tuple[datetime, tuple[str, str | None], EventRecord]] = deque()
        self._recent_by_key: dict[tuple[str, str | None], list[EventRecord]] = {}
        self._regrouped: list[EventRecord] = []  # inserted first copies that gained a topic
        self._colour_rules = ColourRules(())
        self._replies = ReplyMatcher()
        self._rules_generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._flush_interval_ms = flush_interval_ms
        self._calm_flush_ms = max(calm_flush_ms, flush_interval_ms)
        self._busy_rows = max(1, busy_rows)
        self._gap_ms = flush_interval_ms  # doubled while a burst lasts
        self._buffered_since = 0.0  # time.monotonic() of the oldest buffered row

    # -- feeding ---------------------------------------------------------------------------

    def append(self, event: MonitorEvent) -> EventRecord | None:
        """Buffer the row for ``event`` (cheap); returns it, or ``None`` if not shown."""
        record = record_from_event(self._next_seq, event)
        if record is None:
            return None
        self._next_seq += 1
        self._replies.link(record)
        self._buffer.append(record)
        if record.kind == "connection":
            self._forget_recent()  # one event is one connection's
        elif record.direction == DIRECTION_IN and record.raw_text is not None:
            self._group(record)
        if record.consumption_id and record.status:
            self._note_status(record.consumption_id, record.status)
        buffered = len(self._buffer)
        if buffered == 1:
            self._buffered_since = time.monotonic()
            self._timer.start(self._calm_flush_ms)
        elif buffered == self._busy_rows:
            waited_ms = (time.monotonic() - self._buffered_since) * 1000
            self._timer.start(max(0, int(self._gap_ms - waited_ms)))
        return record

    @property
    def flush_gap_ms(self) -> int:
        """How long a busy stream's rows wait for their flush now (doubled in a burst)."""
        return self._gap_ms

    def flush(self) -> int:
        """Insert every buffered row now (one insert, one removal at most); returns the
        number of rows inserted."""
        self._timer.stop()
        if not self._buffer:
            return 0
        batch, self._buffer = self._buffer, []
        burst = len(batch) >= BURST_FLUSH_ROWS
        self._gap_ms = self._flush_interval_ms * (2 if burst else 1)
        if len(batch) > self._max_rows:
            # Rows that would be dropped in the same flush never reach the view.
            overflow = len(batch) - self._max_rows
            self._dropped += overflow
            batch = batch[overflow:]
        excess = len(self._rows) + len(batch) - self._max_rows
        if excess > 0:
            self.beginRemoveRows(QModelIndex(), 0, excess - 1)
            del self._rows[:excess]
            self._dropped += excess
            self.endRemoveRows()
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()
        self._release_old_payloads(batch)
        self._show_regrouped()
        self.rows_flushed.emit(len(batch))
        return len(batch)

    # -- one row per event ----------------------------------------------------------------

    @property
    def one_row_per_event(self) -> bool:
        """True (default): copies of one broadcast on several topics show as one row."""
        return self._one_row_per_event

    def set_one_row_per_event(self, on: bool) -> None:
        """One row per event, or one row per topic (every frame as received)."""
        if on == self._one_row_per_event:
            return
        self._one_row_per_event = on
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.TOPIC),
                self.index(len(self._rows) - 1, Column.TOPIC),
                [Qt.ItemDataRole.DisplayRole],
            )
        self.one_row_per_event_changed.emit(on)

    def _group(self, record: EventRecord) -> None:
        """Make ``record`` a later copy of a recent first copy, or a first copy itself."""
        raw = record.raw_text
        if raw is None or not is_broadcast(record.event, record.ref or None):
            return
        at = record.received_at
        recent = self._recent
        while recent and at - recent[0][0] > SAME_EVENT_WINDOW:
            _at, old_key, old = recent.popleft()
            firsts = self._recent_by_key.get(old_key)
            if firsts:
                firsts.remove(old)
                if not firsts:
                    del self._recent_by_key[old_key]
        key = (record.event, record.consumption_id)
        for first in self._recent_by_key.get(key, ()):
            first_raw = first.raw_text
            if (
                first_raw is not None
                and record.topic not in first.all_topics
                and same_event(first.topic, first_raw, record.topic, raw)
            ):
                first.topics = (*first.all_topics, record.topic)
                record.duplicate_of = first
                self._regrouped.append(first)
                return
        recent.append((at, key, record))
        self._recent_by_key.setdefault(key, []).append(record)

    def _forget_recent(self) -> None:
        self._recent.clear()
        self._recent_by_key.clear()

    def _show_regrouped(self) -> None:
        """Repaint the Topic cell of inserted first copies that gained a topic."""
        changed, self._regrouped = self._regrouped, []
        rows = self._rows
        if not changed or not rows:
            return
        wanted = {id(record) for record in changed}
        # First copies are at most a second old: near the end.
        low = None
        for row in range(len(rows) - 1, -1, -1):
            if id(rows[row]) in wanted:
                low = row
                wanted.discard(id(rows[row]))
                if not wanted:
                    break
            elif rows[row].received_at < changed[0].received_at - SAME_EVENT_WINDOW:
                break
        if low is not None:
            self.dataChanged.emit(
                self.index(low, Column.TOPIC),
                self.index(len(rows) - 1, Column.TOPIC),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    def _release_old_payloads(self, batch: list[EventRecord]) -> None:
        holding = self._holding
        holding.extend(record for record in batch if record.raw_text is not None)
        while len(holding) > self._payload_rows:
            holding.popleft().release_payload()

    def add_records(self, records: list[EventRecord], *, older: bool = False) -> int:
        """Insert ready rows (history read back from the store) at once, in one insert:
        at the top when ``older``, else at the bottom. ``records`` are oldest first.
        Rows beyond ``max_rows`` are not inserted. Returns the rows inserted."""
        room = self._max_rows - len(self._rows)
        if room <= 0 or not records:
            return 0
        # Keep the rows nearest to those already shown.
        batch = records[-room:] if older else records[:room]
        matcher = ReplyMatcher()
        if not older and self._rows:
            matcher.link(self._rows[-1])
        for record in batch:
            matcher.link(record)
        if older and self._rows:
            matcher.link(self._rows[0])
        first = 0 if older else len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        if older:
            self._rows[:0] = batch
        else:
            self._rows.extend(batch)
        self.endInsertRows()
        return len(batch)

    def clear(self) -> None:
        """Forget every row (the store still has them); the dropped count restarts."""
        self._timer.stop()
        self.beginResetModel()
        self._rows.clear()
        self._buffer.clear()
        self._holding.clear()
        self._forget_recent()
        self._regrouped.clear()
        self._dropped = 0
        self.endResetModel()

    def set_row_styles(
        self, styles: Mapping[str, RowStyle], problem: RowStyle | None = None
    ) -> None:
        """Colours per row kind, and for rows whose outcome is a problem (overrides)."""
        self._styles = dict(styles)
        self._problem_style = problem or RowStyle()
        self._emit_colours_changed()

    def set_colour_rules(self, rules: ColourRules) -> None:
        """Colouring rules (models/colour_rules.py): they outrank the kind and problem
        colours; an empty set leaves those alone."""
        self._colour_rules = rules
        self._rules_generation += 1
        self._emit_colours_changed()

    @property
    def colour_rules(self) -> ColourRules:
        return self._colour_rules

    def colour_rule(self, record: EventRecord) -> CompiledRule | None:
        """The colouring rule that colours ``record`` (tested once per rule set)."""
        if not self._colour_rules:
            return None
        cached = record.rule_cache
        if cached is not None and cached[0] == self._rules_generation:
            return cached[1]
        rule = self._colour_rules.match(record.facts())
        record.rule_cache = (self._rules_generation, rule)
        return rule

    def _emit_colours_changed(self) -> None:
        if self._rows:
            last = self.index(len(self._rows) - 1, len(Column) - 1)
            self.dataChanged.emit(
                self.index(0, 0),
                last,
                [Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole],
            )

    # -- queries ---------------------------------------------------------------------------

    @property
    def max_rows(self) -> int:
        return self._max_rows

    @property
    def dropped_count(self) -> int:
        """Rows dropped from the front to stay within ``max_rows``."""
        return self._dropped

    @property
    def pending_count(self) -> int:
        """Rows buffered, not yet inserted."""
        return len(self._buffer)

    def record_at(self, row: int) -> EventRecord:
        """The record of a source row (fast path for the filter proxy and the view)."""
        return self._rows[row]

    def row_of_seq(self, seq: int) -> int | None:
        """The row of the record numbered ``seq`` (rows are in ``seq`` order), if shown."""
        row = bisect.bisect_left(self._rows, seq, key=lambda record: record.seq)
        return row if row < len(self._rows) and self._rows[row].seq == seq else None

    def record(self, index: ModelIndex) -> EventRecord | None:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self._rows[index.row()]

    def latest_status(self, consumption_id: str) -> str | None:
        """The newest status seen for a consumption (buffered rows included)."""
        return self._latest_status.get(consumption_id)

    def is_pending(self, record: EventRecord) -> bool:
        """True when ``record`` holds a consumption that is still pending as far as known."""
        if record.consumption_id is None or record.status != PENDING:
            return False
        return self._latest_status.get(record.consumption_id, PENDING) == PENDING

    def _note_status(self, consumption_id: str, status: str) -> None:
        latest = self._latest_status
        previous = latest.pop(consumption_id, None)
        latest[consumption_id] = status  # newest last
        if previous is None and len(latest) > self._max_rows + self._max_rows // 8:
            kept = itertools.islice(latest.items(), len(latest) - self._max_rows, None)
            self._latest_status = dict(kept)
        # Only a change of a known status is news: a consumption seen for the first time
        # (every event of a burst) has no row whose pending state could be stale, and a
        # signal per event would cost a slot call per event.
        if previous is not None and previous != status:
            self.consumption_status_changed.emit(consumption_id, status)

    # -- Qt model interface ----------------------------------------------------------------

    # The view calls these thousands of times per repaint of a full table (every 25 ms
    # while following a stream): plain ints and precomputed flags, no enum arithmetic.

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMN_COUNT

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if role not in _ROLES_ANSWERED or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._rows):
            return None
        return self._value(self._rows[row], index.column(), role)

    def multiData(self, index: ModelIndex, roleDataSpan: Any) -> None:
        """Every role the delegate asks of one cell (~7) in one call: through the filter
        proxy each data() call is three crossings into Python (the proxy maps the index
        with this model's rowCount and columnCount), a third of a repaint."""
        record = None
        if index.isValid() and index.row() < len(self._rows):
            record = self._rows[index.row()]
        column = index.column()
        for role_data in roleDataSpan:
            role = role_data.role()
            if record is not None and role in _ROLES_ANSWERED:
                role_data.setData(self._value(record, column, role))
            else:
                role_data.clearData()

    def _value(self, record: EventRecord, column: int, role: int) -> Any:
        """One role of one cell (``role`` is one of ``_ROLES_ANSWERED``)."""
        if role == _DISPLAY:
            if column == _TOPIC_COLUMN and self._one_row_per_event:
                return record.topic_text
            return _COLUMN_TEXT[column](record)
        if role == _FOREGROUND:
            if self._colour_rules and (rule := self.colour_rule(record)) is not None:
                return rule.foreground
            if record.is_problem and self._problem_style.foreground is not None:
                return self._problem_style.foreground
            style = self._styles.get(record.kind)
            return style.foreground if style else None
        if role == _BACKGROUND:
            if self._colour_rules and (rule := self.colour_rule(record)) is not None:
                return rule.background
            if record.is_problem and self._problem_style.background is not None:
                return self._problem_style.background
            style = self._styles.get(record.kind)
            return style.background if style else None
        if role == _TOOLTIP:
            if column == Column.TIME:
                return record.received_at.astimezone().isoformat(timespec="microseconds")
            if column == _TOPIC_COLUMN and record.topics:
                return "\n".join(record.topics)
            if column in (Column.SUMMARY, Column.TOPIC, Column.OUTCOME):
                return _COLUMN_TEXT[column](record) or None
            return None
        if role == RecordRole:
            return record
        if role == KindRole:
            return record.kind
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
            and 0 <= section < len(Column)
        ):
            return QCoreApplication.translate("EventLogModel", COLUMN_TITLES[Column(section)])
        return None
