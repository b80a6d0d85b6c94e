"""What an operator must not miss in a session, found in the monitor's own events.

Pure (no Qt, no I/O): fed the events the engine reports, with the log row each became,
and the time; the window's Anomalies panel (``models.anomalies``) and ``listen``'s monitor
line read the same findings. An anomaly groups what belongs together (every refusal of
one topic, every failure with one reason, one reconnect storm) and keeps the rows it came
from, so a panel can jump to them.

Kinds: a join refused; a join unanswered (timeout) or a channel given up; a heartbeat
unanswered (with the last round trip measured); a reconnect storm (``storm_reconnects``
reconnects within ``storm_window_s``); a gap, with its length; failed transfers by
reason; a consumption still pending ``expiry_grace_s`` after its ``expiration_date``
(the server's expiry job runs once a minute, so an expiry event may be that late).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    GapRecorded,
    HeartbeatMeasured,
    MonitorEvent,
)
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, CONSUMPTION_REQUEST, PHX_REPLY
from ewallet_monitor.protocol.timestamps import parse_timestamp

JOIN_REFUSED = "join refused"
JOIN_TIMEOUT = "join timeout"
CHANNEL_FAILED = "channel failed"
HEARTBEAT_MISSED = "heartbeat missed"
RECONNECT_STORM = "reconnect storm"
GAP = "gap"
FAILED_TRANSFER = "failed transfer"
PENDING_PAST_EXPIRY = "pending past expiry"

KINDS = (
    JOIN_REFUSED,
    JOIN_TIMEOUT,
    CHANNEL_FAILED,
    HEARTBEAT_MISSED,
    RECONNECT_STORM,
    GAP,
    FAILED_TRANSFER,
    PENDING_PAST_EXPIRY,
)
# Join replies that refuse for good (docs/protocol-notes.md §5): not "join crashed", which
# is retried.
_REFUSING_CODES = frozenset({"websocket:forbidden_channel"})
_UNMATCHED = "unmatched topic"


@dataclass(frozen=True, slots=True)
class AnomalyPolicy:
    """The thresholds, in one place."""

    storm_reconnects: int = 3
    storm_window_s: float = 60.0
    expiry_grace_s: float = 60.0
    rows_kept: int = 1000  # rows remembered per anomaly (the newest)
    pending_tracked: int = 100_000  # pending consumptions watched for expiry


@dataclass(slots=True)
class Anomaly:
    """One finding; ``rows`` are the log rows (their ``seq``) it came from, oldest first."""

    key: str
    kind: str
    first_at: datetime
    last_at: datetime
    text: str
    count: int = 1
    rows: list[int] = field(default_factory=list)

    def line(self) -> str:
        """One line for a terminal: ``[kind] text (×count)``."""
        times = f" (×{self.count})" if self.count > 1 else ""
        return f"[{self.kind}] {self.text}{times}"


@dataclass(slots=True)
class _Pending:
    expires: datetime
    row: int | None


class AnomalyDetector:
    """Feed :meth:`observe` every event (in order) and call :meth:`tick` now and then;
    both return the anomalies that are new or changed. :attr:`anomalies` holds them all,
    in the order first seen."""

    def __init__(self, policy: AnomalyPolicy | None = None) -> None:
        self.policy = policy or AnomalyPolicy()
        self._by_key: dict[str, Anomaly] = {}
        self._reconnects: deque[datetime] = deque()
        self._storm: Anomaly | None = None
        self._last_rtt_ms: float | None = None
        self._pending: dict[str, _Pending] = {}
        self._storms = 0
        # Consumption ids per failure reason: a failure broadcast on several topics is
        # one failed transfer, many rows.
        self._failed_ids: dict[str, set[str]] = {}
        # Topics whose refusing reply came and whose REFUSED state has not: one refusal.
        self._refusal_replied: set[str] = set()

    @property
    def anomalies(self) -> list[Anomaly]:
        return list(self._by_key.values())

    # -- feeding -------------------------------------------------------------------------

    def observe(self, event: MonitorEvent, row: int | None = None) -> list[Anomaly]:
        """The anomalies ``event`` (shown as log row ``row``, if any) made or changed."""
        if isinstance(event, FrameReceived):
            return self._frame(
                event.at,
                event.topic,
                event.event,
                event.error_code,
                event.error_description,
                event.consumption_id,
                event.status,
                row,
                lambda: event.data,
            )
        if isinstance(event, ChannelStateChanged):
            return self._channel(event, row)
        if isinstance(event, ConnectionStateChanged):
            return self._connection(event, row)
        if isinstance(event, GapRecorded):
            seconds = max(0.0, (event.end - event.start).total_seconds())
            channels = len(event.channels)
            lost = "recovered over HTTP" if event.recoverable else "events lost"
            text = (
                f"connection down {seconds:.1f} s ({event.start:%H:%M:%S}–{event.end:%H:%M:%S}"
                f" UTC), {channels} channel{'s' if channels != 1 else ''}; {lost}"
            )
            key = f"gap:{event.start.isoformat()}"
            return [self._add(key, GAP, event.at, text, row)]
        if isinstance(event, HeartbeatMeasured):
            self._last_rtt_ms = event.rtt_ms
            return []
        if isinstance(event, ConsumptionRecovered):
            self._watch(event.consumption, row)
            return []
        return []

    def tick(self, now: datetime) -> list[Anomaly]:
        """Consumptions pending past their expiry (plus the grace) become anomalies."""
        grace = timedelta(seconds=self.policy.expiry_grace_s)
        changed = []
        for consumption_id, pending in list(self._pending.items()):
            if now >= pending.expires + grace:
                del self._pending[consumption_id]
                late = (now - pending.expires).total_seconds()
                text = (
                    f"{consumption_id} still pending {late:.0f} s after it expired "
                    f"({pending.expires:%H:%M:%S} UTC)"
                )
                changed.append(
                    self._add(
                        f"expiry:{consumption_id}", PENDING_PAST_EXPIRY, now, text, pending.row
                    )
                )
        return changed

    # -- kinds ---------------------------------------------------------------------------

    def _frame(
        self,
        at: datetime,
        topic: str,
        name: str,
        code: str | None,
        description: str,
        consumption_id: str | None,
        status: str | None,
        row: int | None,
        data: object,
    ) -> list[Anomaly]:
        if name == PHX_REPLY:
            if code in _REFUSING_CODES or (code and description == _UNMATCHED):
                text = f"{topic}: {code}" + (f" ({description})" if description else "")
                self._refusal_replied.add(topic)
                return [self._add(f"refused:{topic}", JOIN_REFUSED, at, text, row)]
            return []
        if consumption_id is None:
            return []
        if name == CONSUMPTION_REQUEST and status == "pending":
            if consumption_id not in self._pending:
                loaded = data() if callable(data) else None
                if isinstance(loaded, dict):
                    self._watch(loaded, row)
            return []
        if name != CONSUMPTION_FINALIZED or status is None:
            return []
        self._pending.pop(consumption_id, None)
        if status != "failed":
            return []
        reason = code or "no error code"
        anomaly = self._by_key.get(f"failed:{reason}")
        if anomaly is not None and row is not None and anomaly.rows and anomaly.rows[-1] == row:
            return []
        seen = self._failed_ids.setdefault(reason, set())
        if consumption_id in seen:
            if anomaly is not None and row is not None:
                self._keep_row(anomaly, row)
            return [anomaly] if anomaly is not None else []
        seen.add(consumption_id)
        count = len(seen)
        text = f"{count} transfer{'s' if count != 1 else ''} failed: {reason}" + (
            f" — {description}" if description else ""
        )
        return [self._add(f"failed:{reason}", FAILED_TRANSFER, at, text, row, count=count)]

    def _channel(self, event: ChannelStateChanged, row: int | None) -> list[Anomaly]:
        reason = event.reason or event.state.value
        if event.state is ChannelState.REFUSED:
            key = f"refused:{event.topic}"
            known = self._by_key.get(key)
            if event.topic in self._refusal_replied and known is not None:
                # The state change of the refusal its reply already counted.
                self._refusal_replied.discard(event.topic)
                known.text = f"{event.topic}: {reason}"
                self._keep_row(known, row)
                return [known]
            return [self._add(key, JOIN_REFUSED, event.at, f"{event.topic}: {reason}", row)]
        if event.state is ChannelState.FAILED:
            text = f"{event.topic}: {reason}"
            return [self._add(f"failed:{event.topic}", CHANNEL_FAILED, event.at, text, row)]
        if event.state is ChannelState.ERRORED and reason.startswith("no reply to the join"):
            text = f"{event.topic}: {reason}"
            return [self._add(f"timeout:{event.topic}", JOIN_TIMEOUT, event.at, text, row)]
        return []

    def _connection(self, event: ConnectionStateChanged, row: int | None) -> list[Anomaly]:
        if event.state is not ConnectionState.RECONNECTING:
            return []
        changed = []
        if "heartbeat" in event.detail:
            rtt = (
                f"last round trip {self._last_rtt_ms:.0f} ms"
                if self._last_rtt_ms is not None
                else "no round trip measured"
            )
            text = f"no heartbeat reply; {rtt}"
            changed.append(self._add("heartbeat", HEARTBEAT_MISSED, event.at, text, row))
        window = timedelta(seconds=self.policy.storm_window_s)
        self._reconnects.append(event.at)
        while self._reconnects and event.at - self._reconnects[0] > window:
            self._reconnects.popleft()
        storm = self._storm
        if storm is not None and event.at - storm.last_at <= window:
            storm.count += 1
            storm.last_at = event.at
            storm.text = self._storm_text(storm)
            self._keep_row(storm, row)
            changed.append(storm)
        elif len(self._reconnects) >= self.policy.storm_reconnects:
            self._storms += 1
            storm = Anomaly(
                f"storm:{self._storms}",
                RECONNECT_STORM,
                self._reconnects[0],
                event.at,
                "",
                count=len(self._reconnects),
            )
            storm.text = self._storm_text(storm)
            self._keep_row(storm, row)
            self._by_key[storm.key] = storm
            self._storm = storm
            changed.append(storm)
        return changed

    def _storm_text(self, storm: Anomaly) -> str:
        seconds = (storm.last_at - storm.first_at).total_seconds()
        return f"{storm.count} reconnects in {seconds:.0f} s"

    # -- bookkeeping ---------------------------------------------------------------------

    def _watch(self, consumption: dict[str, object], row: int | None) -> None:
        ident = consumption.get("id")
        expires = consumption.get("expiration_date")
        if consumption.get("status") != "pending" or not isinstance(ident, str):
            return
        moment = parse_timestamp(expires) if isinstance(expires, str) else None
        if moment is None:
            return
        if len(self._pending) >= self.policy.pending_tracked:
            self._pending.pop(next(iter(self._pending)))
        self._pending[ident] = _Pending(moment, row)

    def _keep_row(self, anomaly: Anomaly, row: int | None) -> None:
        if row is None or (anomaly.rows and anomaly.rows[-1] == row):
            return
        anomaly.rows.append(row)
        if len(anomaly.rows) > self.policy.rows_kept:
            del anomaly.rows[: len(anomaly.rows) - self.policy.rows_kept]

    def _add(
        self,
        key: str,
        kind: str,
        at: datetime,
        text: str,
        row: int | None,
        *,
        count: int | None = None,
    ) -> Anomaly:
        anomaly = self._by_key.get(key)
        if anomaly is None:
            anomaly = Anomaly(key, kind, at, at, text, count or 1)
            self._by_key[key] = anomaly
        else:
            anomaly.count = count if count is not None else anomaly.count + 1
            anomaly.last_at = at
            anomaly.text = text
        self._keep_row(anomaly, row)
        return anomaly


__all__ = ["KINDS", "Anomaly", "AnomalyDetector", "AnomalyPolicy"]
