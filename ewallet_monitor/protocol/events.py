"""What the monitor's engine reports: plain, immutable facts, no I/O.

The socket client (``client/``) emits these to one callback, in order; the controllers
turn them into model updates, the store writes them, ``listen`` prints them. Every event
carries the wall-clock time (``at``, aware UTC) at which it happened on this machine.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

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


@dataclass(frozen=True, slots=True)
class FrameReceived:
    frame: ServerFrame
    at: datetime


class FrameDigest(NamedTuple):
    """A received frame reduced to what a display needs at once, plus its text.

    The engine process sends these to the window instead of :class:`FrameReceived`, so the
    window never parses a frame it only lists (build one with
    ``protocol.digest.digest_frame``). ``frame()`` parses ``raw`` again for the rare reader
    that needs the whole frame (a card, the detail pane).

    - ``error_code`` / ``error_description``: the frame's error object, when it has one;
      ``raw_error``: the ``repr`` of an error value that is not a readable error object.
    - ``consumption_id``, ``status``, ``summary``: set when ``data`` is a consumption
      object (``summary`` as ``Consumption.summary()``); ``data_is_object`` when ``data``
      is a JSON object at all.

    A named tuple, not a dataclass: one is built, sent between processes and queued per
    received frame, and a tuple is several times cheaper to build and to pickle (and,
    holding only strings, costs the garbage collector nothing while it waits in a queue).
    """

    at: datetime
    topic: str
    event: str
    ref: str | None
    raw: str
    error_code: str | None = None
    error_description: str = ""
    raw_error: str | None = None
    consumption_id: str | None = None
    status: str | None = None
    summary: str = ""
    data_is_object: bool = False

    @property
    def is_reply(self) -> bool:
        return self.event == PHX_REPLY

    def frame(self) -> ServerFrame | None:
        """The whole frame, parsed from ``raw`` (``None`` if it no longer parses)."""
        decoded = decode_server_frame(self.raw)
        return decoded if isinstance(decoded, ServerFrame) else None


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
    | FrameDigest
    | FrameSent
    | InvalidFrameReceived
    | GapRecorded
    | ConsumptionRecovered
    | HeartbeatMeasured
    | MonitorNotice
)
