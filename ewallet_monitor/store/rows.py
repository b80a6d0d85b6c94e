"""Turning monitor events into database rows (runs on the writer thread).

Every text that reaches a row goes through :func:`~ewallet_monitor.protocol.auth.redact`
with the session's secrets. The loop thread only queues event objects; all of this happens here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ewallet_monitor.protocol.auth import redactor
from ewallet_monitor.protocol.events import (
    ChannelStateChanged,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    FrameSent,
    GapRecorded,
    HeartbeatMeasured,
    InvalidFrameReceived,
    MonitorEvent,
    MonitorNotice,
)
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.store.records import (
    INBOUND,
    KIND_FRAME,
    KIND_INVALID,
    KIND_RECOVERED,
    OUTBOUND,
    to_epoch_ms,
)

CONSUMPTION_TOPIC_PREFIX = "transaction_consumption:"
# The pseudo-event stored for a consumption recovered over HTTP (not a wire event).
RECOVERED_EVENT = "consumption_recovered"

INSERT_FRAME = (
    "INSERT INTO frames (at_ms, direction, kind, topic, event, ref, consumption_id, status, "
    "error_code, reason, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_GAP = (
    "INSERT INTO gaps (at_ms, start_ms, end_ms, channels, recoverable) VALUES (?, ?, ?, ?, ?)"
)
INSERT_CHANNEL_STATE = (
    "INSERT INTO channel_states (at_ms, topic, state, reason) VALUES (?, ?, ?, ?)"
)
INSERT_CONNECTION_STATE = (
    "INSERT INTO connection_states (at_ms, state, detail, url, retry_in, code) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_NOTICE = "INSERT INTO notices (at_ms, level, text, details) VALUES (?, ?, ?, ?)"


@dataclass(slots=True)
class RowBatch:
    """Rows of one transaction, grouped per statement (one ``executemany`` each)."""

    frames: list[tuple[Any, ...]]
    gaps: list[tuple[Any, ...]]
    channel_states: list[tuple[Any, ...]]
    connection_states: list[tuple[Any, ...]]
    notices: list[tuple[Any, ...]]
    # (status, error_code, at_ms, consumption_id) of finalized consumptions seen.
    outcomes: list[tuple[Any, ...]]

    @classmethod
    def empty(cls) -> RowBatch:
        return cls([], [], [], [], [], [])

    def statements(self) -> list[tuple[str, list[tuple[Any, ...]]]]:
        return [
            (INSERT_FRAME, self.frames),
            (INSERT_GAP, self.gaps),
            (INSERT_CHANNEL_STATE, self.channel_states),
            (INSERT_CONNECTION_STATE, self.connection_states),
            (INSERT_NOTICE, self.notices),
        ]

    def __len__(self) -> int:
        return sum(len(rows) for _sql, rows in self.statements())


def _consumption_fields(data: Any) -> tuple[str | None, str | None]:
    """(id, status) when ``data`` is a consumption object (docs/protocol-notes.md §6.1)."""
    if not isinstance(data, dict) or data.get("object") not in (None, "transaction_consumption"):
        return None, None
    ident = data.get("id")
    if not isinstance(ident, str) or not ident:
        return None, None
    status = data.get("status")
    # An empty status counts as none, as in ``Consumption.status`` (and so in ``FrameReceived``).
    return ident, status if isinstance(status, str) and status else None


def _topic_consumption(topic: str) -> str | None:
    if topic.startswith(CONSUMPTION_TOPIC_PREFIX):
        return topic[len(CONSUMPTION_TOPIC_PREFIX) :] or None
    return None


def _json(value: Any) -> str:
    # default=str: a stray datetime or Decimal in notice details must not stop the writer.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


def storable(text: str) -> str:
    """``text`` as SQLite can hold it: valid UTF-8.

    JSON may carry a lone surrogate escape (``"\\ud800"``) that decodes to a ``str`` UTF-8
    cannot encode; such text is kept with the surrogate written as ``\\ud800`` rather than
    the whole row being refused.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


@functools.lru_cache(maxsize=8)
def _cleaners(
    secrets: tuple[str, ...],
) -> tuple[Callable[[str], str], Callable[[str | None], str | None]]:
    """The field cleaners for one set of secrets (every row of a session shares them)."""
    redact_text = redactor(secrets)

    def clean(text: str) -> str:
        return storable(redact_text(text))

    def clean_opt(text: str | None) -> str | None:
        return None if text is None else clean(text)

    return clean, clean_opt


def add_event(batch: RowBatch, event: MonitorEvent, secrets: tuple[str, ...]) -> None:
    """Append the row(s) for ``event`` to ``batch`` (nothing for heartbeats)."""
    clean, clean_opt = _cleaners(secrets)

    if isinstance(event, FrameReceived):  # first: nearly every event of a burst
        # The id of a consumption frame, else of a consumption topic's.
        cid = event.consumption_id or _topic_consumption(event.topic)
        status = event.status
        error_code = event.error_code
        at_ms = to_epoch_ms(event.at)
        batch.frames.append(
            (
                at_ms,
                INBOUND,
                KIND_FRAME,
                clean(event.topic),
                clean(event.event),
                clean_opt(event.ref),
                clean_opt(cid),
                clean_opt(status),
                clean_opt(error_code),
                None,
                clean(event.raw),
            )
        )
        if event.event == CONSUMPTION_FINALIZED and cid and status:
            batch.outcomes.append((clean(status), clean_opt(error_code), at_ms, clean(cid)))
    elif isinstance(event, FrameSent):
        sent = event.frame
        cid, status = _consumption_fields(sent.data)
        batch.frames.append(
            (
                to_epoch_ms(event.at),
                OUTBOUND,
                KIND_FRAME,
                clean(sent.topic),
                clean(sent.event),
                clean_opt(sent.ref),
                clean_opt(cid or _topic_consumption(sent.topic)),
                clean_opt(status),
                None,
                None,
                clean(_json(sent.to_json())),
            )
        )
    elif isinstance(event, InvalidFrameReceived):
        batch.frames.append(
            (
                to_epoch_ms(event.at),
                INBOUND,
                KIND_INVALID,
                "",
                "",
                None,
                None,
                None,
                None,
                clean(event.invalid.reason),
                clean(event.invalid.raw),
            )
        )
    elif isinstance(event, ConsumptionRecovered):
        cid, status = _consumption_fields(event.consumption)
        batch.frames.append(
            (
                to_epoch_ms(event.at),
                INBOUND,
                KIND_RECOVERED,
                clean(event.topic),
                RECOVERED_EVENT,
                None,
                clean_opt(cid),
                clean_opt(status),
                None,
                None,
                clean(_json(event.consumption)),
            )
        )
    elif isinstance(event, GapRecorded):
        batch.gaps.append(
            (
                to_epoch_ms(event.at),
                to_epoch_ms(event.start),
                to_epoch_ms(event.end),
                clean(_json(list(event.channels))),
                int(event.recoverable),
            )
        )
    elif isinstance(event, ChannelStateChanged):
        batch.channel_states.append(
            (to_epoch_ms(event.at), clean(event.topic), event.state.value, clean(event.reason))
        )
    elif isinstance(event, ConnectionStateChanged):
        batch.connection_states.append(
            (
                to_epoch_ms(event.at),
                event.state.value,
                clean(event.detail),
                clean(event.url),
                event.retry_in,
                clean_opt(event.code),
            )
        )
    elif isinstance(event, MonitorNotice):
        batch.notices.append(
            (to_epoch_ms(event.at), event.level, clean(event.text), clean(_json(event.details)))
        )
    elif isinstance(event, HeartbeatMeasured):
        pass  # the heartbeat frames themselves are stored; the RTT is not history
