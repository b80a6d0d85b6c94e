"""What the monitor's engine reports: plain, immutable facts, no I/O.

The socket client (``client/``) emits these to one callback, in order; the controllers
turn them into model updates, the store writes them, ``listen`` prints them. Every event
carries the wall-clock time (``at``, aware UTC) at which it happened on this machine.
"""

from __future__ import annotations

import enum
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from ewallet_monitor.protocol.consumption import Consumption, is_consumption
from ewallet_monitor.protocol.frames import (
    PHX_REPLY,
    ClientFrame,
    InvalidFrame,
    ServerFrame,
    decode_server_frame,
)


class ConnectionState(enum.Enum):
    """The socket as a user sees it."""

    OFFLINE = "offline"  # not connected and not trying (never started, or stopped)
    CONNECTING = "connecting"  # an upgrade is under way
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"  # lost; waiting ``retry_in`` seconds before the next try
    REFUSED = "refused"  # permanent: credentials or version refused; no retry


class ChannelState(enum.Enum):
    """A wanted channel's state; ``reason`` on the event says why it is in it."""

    CLOSED = "closed"
    JOINING = "joining"
    JOINED = "joined"
    REFUSED = "refused"  # websocket:forbidden_channel or unmatched topic: final
    ERRORED = "errored"  # lost with the connection or phx_error; will rejoin
    LEAVING = "leaving"
    FAILED = "failed"  # the 1011 join defect or repeated timeouts: not rejoined


def reason_beyond_state(state: ChannelState, reason: str) -> str:
    """``reason`` as worth showing beside ``state``: blank when it only repeats the
    state's own word (``joined`` for JOINED), so displays need not say it twice."""
    stripped = reason.strip()
    return "" if stripped.rstrip(".…").lower() == state.value else stripped


@dataclass(frozen=True, slots=True)
class ConnectionStateChanged:
    state: ConnectionState
    at: datetime
    detail: str = ""  # human text: why (redacted, never holds a secret)
    url: str = ""  # the socket URL, redacted
    retry_in: float | None = None  # seconds until the next attempt (RECONNECTING)
    code: str | None = None  # eWallet error code or "http_403", "close_1011", …


@dataclass(frozen=True, slots=True)
class ChannelStateChanged:
    topic: str
    state: ChannelState
    at: datetime
    reason: str = ""


# An unreadable error value is shown, cut to this many characters.
MAX_RAW_ERROR_SHOWN = 200


class FrameReceived:
    """A frame received from the server: its text, and the columns every reader needs
    (the event log, the approval queue, the store, the anomaly detector), computed once
    where the frame was decoded.

    ``FrameReceived(frame, at)`` computes them from a decoded :class:`ServerFrame`. Across a
    process boundary (the engine's pipe, the store writer's) only the text and the columns
    travel (see ``__reduce__``): the receiving side never parses a frame it only lists, and
    the rare reader of the whole frame (a card, the detail pane) reads :attr:`frame`, parsed
    from ``raw`` on first use and kept, so it is parsed at most once per process.

    - ``raw``: the frame's text as received (re-encoded when the frame was built in memory
      without one, e.g. in tests).
    - ``error_code`` / ``error_description``: the frame's error object, when it has one;
      ``raw_error``: the ``repr`` of an error value that is not a readable error object
      (cut to :data:`MAX_RAW_ERROR_SHOWN` characters).
    - ``consumption_id``, ``status``, ``summary``: set when ``data`` is a consumption
      object (``summary`` as ``Consumption.summary()``); ``data_is_object`` when ``data``
      is a JSON object at all.

    Immutable (mypy enforces it: every field is ``Final``). ``summary`` is formatted on
    first read (most of a frame's cost here, and ``listen`` never shows it); the pickled
    form always carries it.
    """

    __slots__ = (
        "_frame",
        "_summary",
        "at",
        "consumption_id",
        "data_is_object",
        "error_code",
        "error_description",
        "event",
        "raw",
        "raw_error",
        "ref",
        "status",
        "topic",
    )

    def __init__(self, frame: ServerFrame, at: datetime) -> None:
        error = frame.error
        raw_error = frame.raw_error
        raw = frame.raw
        if not raw:
            raw = json.dumps(frame.to_json(), separators=(",", ":"), ensure_ascii=False)
        summary_data = frame.summary_data
        self.at: Final = at
        # Interned: a handful of distinct values over thousands of frames.
        self.topic: Final = sys.intern(frame.topic)
        self.event: Final = sys.intern(frame.event)
        self.ref: Final = frame.ref
        self.raw: Final = raw
        self.error_code: Final = error.code if error is not None else None
        self.error_description: Final = (error.description or "") if error is not None else ""
        self.raw_error: Final = (
            repr(raw_error)[:MAX_RAW_ERROR_SHOWN] if raw_error is not None else None
        )
        consumption_id: str | None = None
        status: str | None = None
        summary: str | None = ""
        if is_consumption(summary_data):
            consumption_id = str(summary_data["id"])
            value = summary_data.get("status")
            status = sys.intern(value) if isinstance(value, str) and value else None
            summary = None  # formatted when first read
        self.consumption_id: Final = consumption_id
        self.status: Final = status
        self._summary = summary
        self.data_is_object: Final = isinstance(summary_data, dict)
        self._frame: ServerFrame | None = frame

    @property
    def summary(self) -> str:
        """``Consumption.summary()`` of the consumption in ``data`` (``""`` without one)."""
        summary = self._summary
        if summary is None:
            frame = self.frame
            consumption = None if frame is None else Consumption.from_data(frame.summary_data)
            summary = self._summary = "" if consumption is None else consumption.summary()
        return summary

    @property
    def frame(self) -> ServerFrame | None:
        """The whole frame: the decoded one this was built from, or parsed from ``raw``
        (on first read, then kept); ``None`` if the text does not parse as a frame."""
        frame = self._frame
        if frame is None:
            decoded = decode_server_frame(self.raw)
            if isinstance(decoded, ServerFrame):
                frame = self._frame = decoded
        return frame

    @property
    def data(self) -> Any:
        """The frame's ``data`` (``None`` when :attr:`frame` is ``None``)."""
        frame = self.frame
        return None if frame is None else frame.data

    @property
    def is_reply(self) -> bool:
        return self.event == PHX_REPLY

    @property
    def known_keys_only(self) -> bool:
        """True when ``raw`` is known to hold no top-level key but the envelope's
        (:attr:`ServerFrame.known_keys_only` of the frame decoded here); never parses."""
        frame = self._frame
        return frame is not None and frame.known_keys_only

    def columns(self) -> tuple[Any, ...]:
        """The fields that travel between processes, in :func:`_restored`'s order (the
        summary as text here; it travels UTF-8 encoded)."""
        return (
            self.at,
            self.topic,
            self.event,
            self.ref,
            self.raw,
            self.error_code,
            self.error_description,
            self.raw_error,
            self.consumption_id,
            self.status,
            self.summary,
            self.data_is_object,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The columns only: a parsed frame is dozens of objects to pickle and to collect.
        # Written out rather than columns(): this runs for every frame sent. The summary
        # travels encoded: pickling a str that is not ASCII ("·") keeps a UTF-8 copy of
        # it inside the str, for as long as the log row holding it lives.
        summary = self._summary
        return (
            _restored,
            (
                self.at,
                self.topic,
                self.event,
                self.ref,
                self.raw,
                self.error_code,
                self.error_description,
                self.raw_error,
                self.consumption_id,
                self.status,
                (self.summary if summary is None else summary).encode(),
                self.data_is_object,
            ),
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not FrameReceived:
            return NotImplemented
        return self.columns() == other.columns()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"FrameReceived(at={self.at!r}, topic={self.topic!r}, event={self.event!r}, "
            f"ref={self.ref!r}, consumption_id={self.consumption_id!r}, "
            f"status={self.status!r}, error_code={self.error_code!r})"
        )


def _restored(
    at: datetime,
    topic: str,
    event: str,
    ref: str | None,
    raw: str,
    error_code: str | None,
    error_description: str,
    raw_error: str | None,
    consumption_id: str | None,
    status: str | None,
    summary: bytes,
    data_is_object: bool,
) -> FrameReceived:
    """A :class:`FrameReceived` from the columns its pickled form carries (no frame:
    :attr:`FrameReceived.frame` parses ``raw`` if asked)."""
    received = _new(FrameReceived)
    # Set here, not through __init__ (which takes a decoded frame); this is the one other
    # place that writes the fields.
    received.at = at  # type: ignore[misc]
    # Not interned again: the sender's interned strings arrive as one object per batch.
    received.topic = topic  # type: ignore[misc]
    received.event = event  # type: ignore[misc]
    received.ref = ref  # type: ignore[misc]
    received.raw = raw  # type: ignore[misc]
    received.error_code = error_code  # type: ignore[misc]
    received.error_description = error_description  # type: ignore[misc]
    received.raw_error = raw_error  # type: ignore[misc]
    received.consumption_id = consumption_id  # type: ignore[misc]
    received.status = status  # type: ignore[misc]
    received._summary = summary.decode()
    received.data_is_object = data_is_object  # type: ignore[misc]
    received._frame = None
    return received


_new = object.__new__


@dataclass(frozen=True, slots=True)
class FrameSent:
    frame: ClientFrame
    at: datetime


@dataclass(frozen=True, slots=True)
class InvalidFrameReceived:
    invalid: InvalidFrame
    at: datetime


@dataclass(frozen=True, slots=True)
class GapRecorded:
    """The socket was down from ``start`` to ``end``: broadcasts in between are lost.

    ``recoverable`` is True when pending consumptions can be (and will be) reconciled over
    HTTP (admin credentials); with client credentials the gap can only be shown.
    """

    start: datetime
    end: datetime
    channels: tuple[str, ...]
    recoverable: bool
    at: datetime


@dataclass(frozen=True, slots=True)
class ConsumptionRecovered:
    """A pending consumption fetched over HTTP after a (re)join, not seen live."""

    consumption: dict[str, Any]
    topic: str
    at: datetime


@dataclass(frozen=True, slots=True)
class HeartbeatMeasured:
    rtt_ms: float
    at: datetime


@dataclass(frozen=True, slots=True)
class MonitorNotice:
    """Anything else worth a line in the log (reconciliation failed, gap not recoverable…)."""

    text: str
    at: datetime
    level: str = "info"  # info | warning | error
    details: dict[str, Any] = field(default_factory=dict)


MonitorEvent = (
    ConnectionStateChanged
    | ChannelStateChanged
    | FrameReceived
    | FrameSent
    | InvalidFrameReceived
    | GapRecorded
    | ConsumptionRecovered
    | HeartbeatMeasured
    | MonitorNotice
)
