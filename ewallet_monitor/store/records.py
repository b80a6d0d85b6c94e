"""What the store hands back (stored frames, audit entries) and how searches are phrased."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ewallet_monitor.query import Facts, Query
from ewallet_monitor.query.facts import KIND_FRAME as QUERY_KIND_FRAME
from ewallet_monitor.query.facts import KIND_OTHER
from ewallet_monitor.query.facts import KIND_RECOVERED as QUERY_KIND_RECOVERED

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)

# ``frames.direction``
INBOUND = "in"
OUTBOUND = "out"
# ``frames.kind``
KIND_FRAME = "frame"  # a frame received or sent; ``raw`` is its JSON text
KIND_INVALID = "invalid"  # input that was not a frame; ``reason`` says why
KIND_RECOVERED = "recovered"  # a pending consumption fetched over HTTP; ``raw`` is its JSON


def to_epoch_ms(value: datetime) -> int:
    """Milliseconds since the Unix epoch; a naive datetime is read as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - _EPOCH) // _MILLISECOND


def from_epoch_ms(value: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=value)


def format_ms(value: int | None) -> str:
    """``2024-05-01T10:42:00.123Z`` (the monitor's ``received_at`` form), or ``""``."""
    if value is None:
        return ""
    moment = from_epoch_ms(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True, slots=True)
class StoredFrame:
    """One stored row of the ``frames`` table.

    ``seq`` grows with every row ever stored and is never reused: page with it. ``raw`` is
    the frame's JSON text as received or sent (redacted); for an invalid frame it is the
    input as received and ``reason`` says why it was refused; for a recovered consumption
    it is the consumption's JSON.
    """

    seq: int
    at: datetime
    direction: str
    kind: str
    topic: str
    event: str
    ref: str | None
    consumption_id: str | None
    status: str | None
    error_code: str | None
    reason: str | None
    raw: str

    COLUMNS = (
        "seq",
        "at_ms",
        "direction",
        "kind",
        "topic",
        "event",
        "ref",
        "consumption_id",
        "status",
        "error_code",
        "reason",
        "raw",
    )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> StoredFrame:
        seq, at_ms, direction, kind, topic, event, ref, cid, status, code, reason, raw = row
        return cls(
            seq=seq,
            at=from_epoch_ms(at_ms),
            direction=direction,
            kind=kind,
            topic=topic,
            event=event,
            ref=ref,
            consumption_id=cid,
            status=status,
            error_code=code,
            reason=reason,
            raw=raw,
        )

    @property
    def received_at(self) -> str:
        """``at`` as text: UTC with milliseconds and ``Z``."""
        return format_ms(to_epoch_ms(self.at))

    def payload(self) -> Any:
        """The decoded JSON of ``raw``; ``None`` when it is not JSON (invalid frames) or
        nested too deeply to decode (a stored ``[[[…`` bomb: shown as its text)."""
        try:
            return json.loads(self.raw)
        except (ValueError, RecursionError):
            return None

    def facts(self) -> Facts:
        """This row as the filter language reads it."""
        kind = {KIND_FRAME: QUERY_KIND_FRAME, KIND_RECOVERED: QUERY_KIND_RECOVERED}.get(
            self.kind, KIND_OTHER
        )
        return Facts(
            to_epoch_ms(self.at),
            self.direction,
            kind,
            (self.topic,),
            self.event,
            self.payload if kind != KIND_OTHER else None,
        )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One operator action and what came of it.

    ``answer`` is the server's answer (JSON text, redacted), ``answer_code`` its error code
    or ``"ok"``; ``outcome`` is the consumption's final status once its finalized event
    arrived (``outcome_code`` the error code that came with it, e.g. for ``failed``).
    ``amount`` is the amount in subunits (arbitrary size, hence text in the database).
    """

    id: int
    at: datetime
    os_user: str
    profile: str
    action: str
    consumption_id: str
    amount: int | None
    token: str | None
    answer: str | None
    answer_code: str | None
    outcome: str | None
    outcome_code: str | None
    outcome_at: datetime | None

    COLUMNS = (
        "id",
        "at_ms",
        "os_user",
        "profile",
        "action",
        "consumption_id",
        "amount",
        "token",
        "answer",
        "answer_code",
        "outcome",
        "outcome_code",
        "outcome_at_ms",
    )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> AuditEntry:
        (ident, at_ms, os_user, profile, action, cid, amount, token, answer, answer_code) = row[:10]
        outcome, outcome_code, outcome_at_ms = row[10:]
        return cls(
            id=ident,
            at=from_epoch_ms(at_ms),
            os_user=os_user,
            profile=profile,
            action=action,
            consumption_id=cid,
            amount=int(amount) if amount not in (None, "") else None,
            token=token,
            answer=answer,
            answer_code=answer_code,
            outcome=outcome,
            outcome_code=outcome_code,
            outcome_at=from_epoch_ms(outcome_at_ms) if outcome_at_ms is not None else None,
        )


@dataclass(frozen=True, slots=True)
class FrameFilter:
    """Which stored frames a search or an export wants; every field given must match.

    - ``text``: case-insensitive (ASCII letters) substring of a value in the frame: any
      string or number in its JSON, its topic, event, or an invalid frame's reason and
      input. Three characters or more use the index; shorter texts scan.
    - ``consumption_id``, ``event``: exact.
    - ``topic``: exact; a value ending in ``:`` (``transaction_request:``) matches every
      topic of that kind.
    - ``since`` inclusive, ``until`` exclusive (aware datetimes; naive ones are UTC).
    - ``direction``: ``"in"`` or ``"out"``.
    - ``where``: a compiled filter-language expression (:mod:`ewallet_monitor.query`).
    """

    text: str | None = None
    consumption_id: str | None = None
    topic: str | None = None
    event: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    direction: str | None = None
    where: Query | None = None

    def __post_init__(self) -> None:
        if self.direction not in (None, INBOUND, OUTBOUND):
            raise ValueError(f"direction must be 'in' or 'out', not {self.direction!r}")

    @property
    def needle(self) -> str | None:
        """The search text as matched (``None`` when no text search is wanted)."""
        return self.text if self.text else None
