"""The socket session as a state machine, without I/O.

Feed it what happened (the connection opened or was lost, a frame arrived, time passed,
the user asked for a join or a leave) together with the current monotonic time; drain the
frames it wants sent (:meth:`Session.data_to_send`) and the events it produced
(:meth:`Session.events_received`). The I/O layer (``client/``) only moves frames and calls
:meth:`Session.tick` at :meth:`Session.next_deadline`.

It keeps: refs (``"1"``, ``"2"``, …, unique for the session's life), the wanted channels and
their :class:`ChannelState` with a reason, join/leave timeouts, per-channel rejoin delays,
heartbeat bookkeeping (RTT; a heartbeat still unanswered when the next one is due, with no
other frame received since it was sent, means the connection is dead →
:attr:`Session.close_requested`; frames still arriving prove the link alive, the reply only
queued behind them), reply matching by ref (late and
unknown replies are ignored), ``phx_close``/``phx_error`` matched to the join ref, and the
server's 1011-after-join defect (docs/protocol-notes.md §5): the channel whose join was in flight is
marked FAILED and not rejoined; when several joins were in flight they are retried one at a
time until the culprit is found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ewallet_monitor.protocol.errors import CONNECT_ERROR, FORBIDDEN_CHANNEL, JOIN_CRASHED
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    HeartbeatMeasured,
    MonitorEvent,
)
from ewallet_monitor.protocol.frames import (
    HEARTBEAT,
    HEARTBEAT_TOPIC,
    PHX_CLOSE,
    PHX_ERROR,
    PHX_JOIN,
    PHX_LEAVE,
    PHX_REPLY,
    ClientFrame,
    ServerFrame,
)
from ewallet_monitor.protocol.timestamps import utc_now

# Close code of a server-side crash (docs/protocol-notes.md §3, §5).
CLOSE_SERVER_ERROR = 1011
DEFAULT_HEARTBEAT_INTERVAL = 10.0
# What a person may choose: the server drops a socket after 60 s without inbound data, so
# a heartbeat must come well before; more often than once a second is only load.
MIN_HEARTBEAT_INTERVAL = 1.0
MAX_HEARTBEAT_INTERVAL = 55.0
DEFAULT_JOIN_TIMEOUT = 10.0
# A 1011 this soon after a join reply is still blamed on that join.
DEFAULT_DEFECT_WINDOW = 1.0
# Per-channel rejoin delays after a join error or timeout (Phoenix JS: 1, 2, 5, then 10 s).
DEFAULT_REJOIN_STEPS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0)
# Consecutive join timeouts after which a channel is given up (FAILED).
DEFAULT_MAX_JOIN_TIMEOUTS = 3

FINAL_STATES = frozenset({ChannelState.REFUSED, ChannelState.FAILED})
ACCOUNT_PREFIX = "account:"


@dataclass(slots=True)
class _Channel:
    topic: str
    state: ChannelState = ChannelState.CLOSED
    reason: str = ""
    wanted: bool = True
    join_ref: str | None = None
    join_sent_at: float | None = None
    joined_at: float | None = None
    ever_joined: bool = False
    leave_ref: str | None = None
    leave_sent_at: float | None = None
    retry_at: float | None = None
    errors: int = 0  # consecutive join errors/timeouts, for the rejoin delay
    timeouts: int = 0  # consecutive join timeouts
    suspect: bool = False  # in flight during a 1011 shared with other joins


@dataclass(frozen=True, slots=True)
class _Pending:
    kind: str  # "join" | "leave" | "heartbeat"
    topic: str
    sent_at: float


class Session:
    """One monitor's view of the socket, across reconnects. Never raises on server input."""

    def __init__(
        self,
        *,
        heartbeat_interval: float = DEFAULT_HEARTBEAT_INTERVAL,
        join_timeout: float = DEFAULT_JOIN_TIMEOUT,
        defect_window: float = DEFAULT_DEFECT_WINDOW,
        rejoin_steps: Sequence[float] = DEFAULT_REJOIN_STEPS,
        max_join_timeouts: int = DEFAULT_MAX_JOIN_TIMEOUTS,
        wall_clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if heartbeat_interval <= 0 or join_timeout <= 0:
            raise ValueError("heartbeat_interval and join_timeout must be positive")
        if not rejoin_steps:
            raise ValueError("rejoin_steps must not be empty")
        self.heartbeat_interval = heartbeat_interval
        self.join_timeout = join_timeout
        self.defect_window = defect_window
        self.rejoin_steps = tuple(rejoin_steps)
        self.max_join_timeouts = max(1, max_join_timeouts)
        self._wall_clock = wall_clock
        self._ref = 0
        self._connected = False
        self._channels: dict[str, _Channel] = {}
        self._pending: dict[str, _Pending] = {}
        self._heartbeat_ref: str | None = None
        self._heartbeat_sent_at: float | None = None
        self._next_heartbeat_at: float | None = None
        # Any frame received since the pending heartbeat went out: under a burst the reply
        # waits behind thousands of frames, and a live link must not be declared dead.
        self._inbound_since_heartbeat = False
        self._rtt_ms: float | None = None
        self._frames: list[ClientFrame] = []
        self._events: list[MonitorEvent] = []
        self.close_requested: str | None = None
        """Set when the session decided the connection is dead; the I/O layer closes it."""

    # ----------------------------------------------------------------- inspection

    @property
    def connected(self) -> bool:
        return self._connected

    @property
    def rtt_ms(self) -> float | None:
        """The last heartbeat round trip, in milliseconds."""
        return self._rtt_ms

    @property
    def channels(self) -> dict[str, ChannelState]:
        return {topic: ch.state for topic, ch in self._channels.items()}

    def channel_reason(self, topic: str) -> str:
        channel = self._channels.get(topic)
        return channel.reason if channel else ""

    def wanted_topics(self) -> list[str]:
        return [topic for topic, ch in self._channels.items() if ch.wanted]

    def live_topics(self) -> list[str]:
        """Wanted channels that are not given up (REFUSED/FAILED): what a gap affects."""
        return [
            topic
            for topic, ch in self._channels.items()
            if ch.wanted and ch.state not in FINAL_STATES
        ]

    def data_to_send(self) -> list[ClientFrame]:
        frames, self._frames = self._frames, []
        return frames

    def events_received(self) -> list[MonitorEvent]:
        events, self._events = self._events, []
        return events

    def next_deadline(self) -> float | None:
        """When :meth:`tick` must be called next (monotonic), or ``None`` for never."""
        if not self._connected:
            return None
        times: list[float] = []
        if self._next_heartbeat_at is not None:
            times.append(self._next_heartbeat_at)
        for ch in self._channels.values():
            if ch.state is ChannelState.JOINING and ch.join_sent_at is not None:
                times.append(ch.join_sent_at + self.join_timeout)
            elif ch.state is ChannelState.LEAVING and ch.leave_sent_at is not None:
                times.append(ch.leave_sent_at + self.join_timeout)
            elif ch.retry_at is not None and ch.wanted and ch.state not in FINAL_STATES:
                times.append(ch.retry_at)
        settle = self._suspects_settle_at()
        if settle is not None:
            times.append(settle)
        return min(times) if times else None

    # ----------------------------------------------------------------- user intents

    def join(self, topic: str, now: float) -> None:
        """Want ``topic``: join it now if connected, else on the next connection.

        A REFUSED or FAILED channel stays so (use :meth:`rejoin`); a joined or joining one
        is left alone.
        """
        channel = self._channels.get(topic)
        if channel is None:
            channel = self._channels[topic] = _Channel(topic)
        channel.wanted = True
        if channel.state in FINAL_STATES or channel.state in (
            ChannelState.JOINING,
            ChannelState.JOINED,
        ):
            return
        if self._connected:
            channel.retry_at = now
            self._pump(now)
        else:
            self._set(channel, ChannelState.CLOSED, "waiting for the connection")

    def rejoin(self, topic: str, now: float) -> None:
        """Join ``topic`` again, even when REFUSED or FAILED (a user's explicit request)."""
        channel = self._channels.get(topic)
        if channel is None:
            channel = self._channels[topic] = _Channel(topic)
        channel.wanted = True
        channel.errors = channel.timeouts = 0
        channel.suspect = False
        if self._connected:
            self._send_join(channel, now, "rejoin requested")
        else:
            self._set(channel, ChannelState.CLOSED, "waiting for the connection")

    def leave(self, topic: str, now: float) -> None:
        """Stop wanting ``topic``; sends ``phx_leave`` when the channel is joined."""
        channel = self._channels.get(topic)
        if channel is None:
            return
        channel.wanted = False
        channel.suspect = False
        channel.retry_at = None
        if self._connected and channel.state in (ChannelState.JOINING, ChannelState.JOINED):
            ref = self._next_ref()
            self._pending[ref] = _Pending("leave", topic, now)
            channel.leave_ref = ref
            channel.leave_sent_at = now
            self._frames.append(ClientFrame(topic, PHX_LEAVE, ref, {}))
            self._set(channel, ChannelState.LEAVING, "leave requested")
        else:
            if channel.join_ref is not None:
                self._pending.pop(channel.join_ref, None)
            channel.join_ref = None
            self._set(channel, ChannelState.CLOSED, "left")

    # ----------------------------------------------------------------- connection

    def connection_opened(self, now: float) -> None:
        """The socket is up: schedule the joins of every wanted channel and the heartbeat."""
        self._connected = True
        self.close_requested = None
        self._pending.clear()
        self._heartbeat_ref = None
        self._heartbeat_sent_at = None
        self._next_heartbeat_at = now + self.heartbeat_interval
        for channel in self._channels.values():
            if channel.wanted and channel.state not in FINAL_STATES:
                channel.retry_at = now
        self._pump(now)

    def connection_lost(
        self, now: float, close_code: int | None = None, detail: str = "", *, stopped: bool = False
    ) -> None:
        """The socket is gone. ``close_code`` is the close frame's code when there was one;
        ``stopped`` means the user closed it: channels become CLOSED (still wanted, so a
        new connection joins them again)."""
        if not self._connected:
            return
        self._connected = False
        self._pending.clear()
        self._heartbeat_ref = None
        self._heartbeat_sent_at = None
        self._next_heartbeat_at = None
        lost = f"connection lost ({detail})" if detail else "connection lost"
        culprits: list[_Channel] = []
        if close_code == CLOSE_SERVER_ERROR and not stopped:
            culprits = self._defect_candidates(now)
        for channel in self._channels.values():
            channel.retry_at = None
            channel.join_sent_at = None
            if channel.state is ChannelState.LEAVING:
                self._set(channel, ChannelState.CLOSED, "left (the connection closed)")
            elif channel in culprits and len(culprits) == 1:
                channel.suspect = False
                channel.wanted = True
                self._set(
                    channel,
                    ChannelState.FAILED,
                    "the server closed the whole connection (1011) while joining this "
                    "channel: a known eWallet defect for channels it cannot serve; "
                    "not rejoined (rejoin it by hand to try again)",
                )
            elif channel in culprits:
                channel.suspect = True
                self._set(
                    channel,
                    ChannelState.ERRORED,
                    "the server closed the connection (1011) while several joins were in "
                    "flight; rejoining them one at a time to find the one it cannot serve",
                )
            elif stopped and channel.state not in FINAL_STATES:
                self._set(channel, ChannelState.CLOSED, "monitor stopped")
            elif channel.state in (ChannelState.JOINED, ChannelState.JOINING):
                self._set(channel, ChannelState.ERRORED, f"{lost}; will rejoin")

    # ----------------------------------------------------------------- input

    def receive(self, frame: ServerFrame, now: float) -> None:
        """Feed one decoded server frame. Frames it does not care about are ignored here
        (the I/O layer reports every frame anyway)."""
        if not self._connected:
            return
        self._inbound_since_heartbeat = True
        if frame.event == PHX_REPLY:
            self._on_reply(frame, now)
        elif frame.event in (PHX_CLOSE, PHX_ERROR):
            self._on_close_or_error(frame, now)
        self._pump(now)

    def tick(self, now: float) -> None:
        """Let time pass: heartbeats, join/leave timeouts, scheduled rejoins."""
        if not self._connected:
            return
        if self._next_heartbeat_at is not None and now >= self._next_heartbeat_at:
            if self._heartbeat_ref is not None and self._inbound_since_heartbeat:
                # Alive but busy: keep waiting for the same reply, one more interval.
                self._inbound_since_heartbeat = False
                self._next_heartbeat_at = now + self.heartbeat_interval
            elif self._heartbeat_ref is not None:
                if self.close_requested is None:
                    self.close_requested = (
                        f"no reply to the heartbeat within {self.heartbeat_interval:g} s "
                        "and nothing else received"
                    )
                self._next_heartbeat_at = None
            else:
                self._inbound_since_heartbeat = False
                ref = self._next_ref()
                self._heartbeat_ref = ref
                self._heartbeat_sent_at = now
                self._pending[ref] = _Pending("heartbeat", HEARTBEAT_TOPIC, now)
                self._frames.append(ClientFrame(HEARTBEAT_TOPIC, HEARTBEAT, ref, {}))
                self._next_heartbeat_at = now + self.heartbeat_interval
        for channel in self._channels.values():
            if (
                channel.state is ChannelState.JOINING
                and channel.join_sent_at is not None
                and now >= channel.join_sent_at + self.join_timeout
            ):
                self._on_join_timeout(channel, now)
            elif (
                channel.state is ChannelState.LEAVING
                and channel.leave_sent_at is not None
                and now >= channel.leave_sent_at + self.join_timeout
            ):
                if channel.leave_ref is not None:
                    self._pending.pop(channel.leave_ref, None)
                self._set(channel, ChannelState.CLOSED, "left (no confirmation from the server)")
        self._pump(now)

    # ----------------------------------------------------------------- internals

    def _next_ref(self) -> str:
        self._ref += 1
        return str(self._ref)

    def _event_time(self) -> datetime:
        return self._wall_clock()

    def _set(self, channel: _Channel, state: ChannelState, reason: str) -> None:
        if channel.state is state and channel.reason == reason:
            return
        channel.state = state
        channel.reason = reason
        self._events.append(ChannelStateChanged(channel.topic, state, self._event_time(), reason))

    def _rejoin_delay(self, channel: _Channel) -> float:
        return self.rejoin_steps[min(channel.errors, len(self.rejoin_steps) - 1)]

    def _send_join(self, channel: _Channel, now: float, reason: str) -> None:
        if channel.join_ref is not None:
            self._pending.pop(channel.join_ref, None)
        ref = self._next_ref()
        self._pending[ref] = _Pending("join", channel.topic, now)
        channel.join_ref = ref
        channel.join_sent_at = now
        channel.retry_at = None
        self._frames.append(ClientFrame(channel.topic, PHX_JOIN, ref, {}))
        self._set(channel, ChannelState.JOINING, reason)

    def _joins_in_flight(self) -> list[_Channel]:
        return [ch for ch in self._channels.values() if ch.state is ChannelState.JOINING]

    def _defect_candidates(self, now: float) -> list[_Channel]:
        # A 1011 while joins are in flight is blamed on them; otherwise on joins that were
        # answered moments before (a server may reply and then crash).
        in_flight = self._joins_in_flight()
        if in_flight:
            return in_flight
        return [
            ch
            for ch in self._channels.values()
            if ch.state is ChannelState.JOINED
            and ch.joined_at is not None
            and now - ch.joined_at <= self.defect_window
        ]

    def _suspects_settle_at(self) -> float | None:
        """When the next suspect may be joined alone (after the last join's window)."""
        waiting = [
            ch
            for ch in self._channels.values()
            if ch.suspect and ch.wanted and ch.state is ChannelState.ERRORED
        ]
        if not waiting or self._joins_in_flight():
            return None
        last = max((ch.joined_at or 0.0 for ch in self._channels.values()), default=0.0)
        return last + self.defect_window

    def _pump(self, now: float) -> None:
        """Send the joins that are due: ordinary ones at once, suspects one at a time."""
        if not self._connected:
            return
        for channel in list(self._channels.values()):
            if (
                channel.wanted
                and not channel.suspect
                and channel.state not in FINAL_STATES
                and channel.state not in (ChannelState.JOINING, ChannelState.JOINED)
                and channel.retry_at is not None
                and now >= channel.retry_at
            ):
                reason = "rejoining" if channel.ever_joined else "joining"
                self._send_join(channel, now, reason)
        settle = self._suspects_settle_at()
        if settle is not None and now >= settle:
            for channel in self._channels.values():
                if channel.suspect and channel.wanted and channel.state is ChannelState.ERRORED:
                    self._send_join(channel, now, "rejoining alone (suspected of the 1011)")
                    break

    def _on_reply(self, frame: ServerFrame, now: float) -> None:
        pending = self._pending.get(frame.ref) if frame.ref is not None else None
        if pending is None or pending.topic != frame.topic:
            return  # late (timed out, replaced) or unknown: ignored
        assert frame.ref is not None
        del self._pending[frame.ref]
        if pending.kind == "heartbeat":
            if frame.ref == self._heartbeat_ref and self._heartbeat_sent_at is not None:
                self._rtt_ms = max(0.0, (now - self._heartbeat_sent_at) * 1000.0)
                self._events.append(HeartbeatMeasured(self._rtt_ms, self._event_time()))
            self._heartbeat_ref = None
            self._heartbeat_sent_at = None
            return
        channel = self._channels.get(pending.topic)
        if channel is None:
            return
        if pending.kind == "join" and channel.join_ref == frame.ref:
            self._on_join_reply(channel, frame, now)
        elif pending.kind == "leave" and channel.leave_ref == frame.ref:
            channel.leave_ref = None
            if channel.state is ChannelState.LEAVING:
                if frame.is_failure:
                    said = str(frame.error) if frame.error else "an unreadable error"
                    self._set(channel, ChannelState.CLOSED, f"left (the server said: {said})")
                else:
                    self._set(channel, ChannelState.CLOSED, "left")

    def _on_join_reply(self, channel: _Channel, frame: ServerFrame, now: float) -> None:
        channel.join_sent_at = None
        if not frame.is_failure:
            channel.joined_at = now
            channel.errors = channel.timeouts = 0
            channel.suspect = False
            reason = "rejoined" if channel.ever_joined else "joined"
            channel.ever_joined = True
            self._set(channel, ChannelState.JOINED, reason)
            return
        error = frame.error
        if error is not None and error.code == FORBIDDEN_CHANNEL:
            why = "the record does not exist or is not yours"
            if channel.topic.startswith(ACCOUNT_PREFIX):
                # The server lets only a global super_admin or admin role join accounts.
                why = (
                    "an account channel needs an admin user with a global super_admin or "
                    "admin role (account-level admins and provider key pairs are refused), "
                    "or the account does not exist"
                )
            self._set(
                channel,
                ChannelState.REFUSED,
                f"{error.code}: {why}" + (f" ({error.description})" if error.description else ""),
            )
        elif (
            error is not None
            and error.code == CONNECT_ERROR
            and error.description.strip().lower() == JOIN_CRASHED
        ):
            # The channel process crashed during the join: transient, like phx_error.
            delay = self._rejoin_delay(channel)
            channel.errors += 1
            channel.retry_at = now + delay
            self._set(
                channel,
                ChannelState.ERRORED,
                f"{error.code}: the channel crashed on the server while joining; "
                f"rejoining in {delay:g} s",
            )
        elif error is not None and error.code == CONNECT_ERROR:
            self._set(
                channel,
                ChannelState.REFUSED,
                f"{error.code}: {error.description or 'unmatched topic'} "
                "(this server does not serve that channel)",
            )
        else:
            said = str(error) if error else f"unreadable error {frame.raw_error!r}"[:200]
            delay = self._rejoin_delay(channel)
            channel.errors += 1
            channel.retry_at = now + delay
            self._set(
                channel, ChannelState.ERRORED, f"join failed ({said}); retrying in {delay:g} s"
            )

    def _on_join_timeout(self, channel: _Channel, now: float) -> None:
        if channel.join_ref is not None:
            self._pending.pop(channel.join_ref, None)
        channel.join_sent_at = None
        channel.timeouts += 1
        if channel.timeouts >= self.max_join_timeouts:
            self._set(
                channel,
                ChannelState.FAILED,
                f"no reply to {channel.timeouts} joins in a row "
                f"({self.join_timeout:g} s each); not rejoined",
            )
            return
        delay = self._rejoin_delay(channel)
        channel.errors += 1
        channel.retry_at = now + delay
        self._set(
            channel,
            ChannelState.ERRORED,
            f"no reply to the join within {self.join_timeout:g} s; retrying in {delay:g} s",
        )

    def _on_close_or_error(self, frame: ServerFrame, now: float) -> None:
        channel = self._channels.get(frame.topic)
        if channel is None:
            return
        if frame.ref is not None and frame.ref != channel.join_ref:
            return  # about an older join of this topic (a rejoin replaced it)
        if channel.state is ChannelState.LEAVING:
            if channel.leave_ref is not None:
                self._pending.pop(channel.leave_ref, None)
            self._set(channel, ChannelState.CLOSED, "left")
            return
        if channel.state not in (ChannelState.JOINED, ChannelState.JOINING):
            return
        if channel.join_ref is not None:
            self._pending.pop(channel.join_ref, None)
        channel.join_sent_at = None
        what = (
            "the channel crashed on the server (phx_error)"
            if frame.event == PHX_ERROR
            else "the server closed the channel (phx_close)"
        )
        if not channel.wanted:
            self._set(channel, ChannelState.CLOSED, what)
            return
        delay = self._rejoin_delay(channel)
        channel.errors += 1
        channel.retry_at = now + delay
        self._set(channel, ChannelState.ERRORED, f"{what}; rejoining in {delay:g} s")
