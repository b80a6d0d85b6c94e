"""The running simulator's state: world, ledger, sockets, expiry timers, test switches.

Shared by the websocket handler, the RPC handlers and the scenarios; lives on one asyncio
loop and is never touched from another thread.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from ewallet_monitor.protocol.amounts import format_amount
from ewallet_monitor.protocol.frames import PHX_ERROR, encode_server_frame
from ewallet_monitor.protocol.timestamps import utc_now
from ewallet_monitor.simulator.access import Gatekeeper
from ewallet_monitor.simulator.config import SimulatorConfig
from ewallet_monitor.simulator.hub import Connection, Hub
from ewallet_monitor.simulator.ledger import Ledger, LedgerError, Outcome
from ewallet_monitor.simulator.objects import consumption_json
from ewallet_monitor.simulator.state import Saved, StateFile
from ewallet_monitor.simulator.world import Consumption, World, build_world

log = logging.getLogger("ewallet_monitor.simulator")


class Runtime:
    """Applies ledger outcomes: broadcasts their events and keeps expiry timers."""

    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        self.world: World = build_world(config.seed)
        if config.consumption_lifetime_ms is not None:
            for request in self.world.requests:
                if request.consumption_lifetime is not None:
                    request.consumption_lifetime = config.consumption_lifetime_ms
        # Tests move the simulator's clock ahead instead of racing a real expiry.
        self.clock_offset = timedelta(0)
        self.ledger = Ledger(self.world, clock=self.now)
        self.gatekeeper = Gatekeeper(self.world, self.now, config.auth_token_lifetime)
        self.hub = Hub()
        self.heartbeat_replies = True
        # Every approve/reject call received, in order: (consumption id, action). Tests
        # count what reached the server (several desks racing on one payment).
        self.decisions: list[tuple[str, str]] = []
        self._timers: dict[str, asyncio.TimerHandle] = {}
        # Joins still to crash: per topic (test hooks) and for any topic (None).
        self._join_crashes: dict[str | None, int] = {}
        self._join_crashes_seen: dict[str, int] = {}
        self.state_file: StateFile | None = None
        self.saved = Saved()
        if config.state_file is not None:
            self.state_file = StateFile(config.state_file, config.seed)
            self.saved = self.state_file.load(self.world)
        # Set by a counted burst when it has sent its last event (benchmark mode).
        self.burst_finished = asyncio.Event()
        self.burst_result: dict[str, Any] | None = None

    def now(self) -> datetime:
        """The simulator's time: UTC now plus the offset a test set."""
        return utc_now() + self.clock_offset

    def publish(self, outcome: Outcome) -> set[Connection]:
        """Broadcast the outcome's events and keep the consumption's expiry timer right."""
        reached: set[Connection] = set()
        for broadcast in outcome.broadcasts:
            reached |= self.hub.broadcast(
                broadcast.event, broadcast.topics, broadcast.data, broadcast.error
            )
        consumption = outcome.consumption
        if outcome.broadcasts:
            # Every change broadcasts: keep it before anyone hears of it.
            self.save_state(consumption)
            self._log(consumption)
        if consumption.status == "pending":
            self.arm_expiry(consumption)
        else:
            timer = self._timers.pop(consumption.id, None)
            if timer is not None:
                timer.cancel()
        return reached

    async def publish_and_flush(self, outcome: Outcome) -> None:
        """Broadcast, then wait until the frames are written: an HTTP answer must not
        overtake the events it caused (docs/protocol-notes.md §6)."""
        reached = self.publish(outcome)
        if reached:
            await asyncio.gather(*(connection.flush() for connection in reached))

    def arm_expiry(self, consumption: Consumption) -> None:
        """Expire ``consumption`` at its ``expiration_date`` (timer mode; idempotent)."""
        if self.config.expiry_mode != "timer" or consumption.expiration_date is None:
            return
        if consumption.id in self._timers:
            return
        delay = max(0.0, (consumption.expiration_date - self.now()).total_seconds())
        loop = asyncio.get_running_loop()
        self._timers[consumption.id] = loop.call_later(delay, self._expire_one, consumption.id)

    def _expire_one(self, consumption_id: str) -> None:
        self._timers.pop(consumption_id, None)
        consumption = self.world.consumptions.get(consumption_id)
        if consumption is None:
            return
        outcome = self.ledger.expire(consumption)
        if outcome is not None:
            self.publish(outcome)

    def expire_due(self) -> int:
        """Expire every pending consumption past its date (the minute job); return how many."""
        due = self.ledger.due_for_expiry(self.now())
        for consumption in due:
            outcome = self.ledger.expire(consumption)
            if outcome is not None:
                self.publish(outcome)
        return len(due)

    def crash_next_joins(self, count: int, topic: str | None = None) -> None:
        """Make the next ``count`` joins (of ``topic``, or of any topic) crash."""
        self._join_crashes[topic] = self._join_crashes.get(topic, 0) + count

    def join_crashes(self, topic: str) -> bool:
        """Whether this join's channel process crashes while joining: a hook's budget, or
        the first ``config.join_crashes`` joins of every topic."""
        for key in (topic, None):
            if self._join_crashes.get(key, 0) > 0:
                self._join_crashes[key] -= 1
                return True
        seen = self._join_crashes_seen.get(topic, 0)
        if seen < self.config.join_crashes:
            self._join_crashes_seen[topic] = seen + 1
            return True
        return False

    def crash_channels(self, topics: list[str] | None = None) -> int:
        """The channel processes of ``topics`` (default: every joined topic) crash: each
        joined socket gets ``phx_error`` with its join ref and must rejoin. Returns how
        many joins were ended."""
        chosen = self.hub.subscribed_topics() if topics is None else topics
        total = 0
        for topic in chosen:

            def frame(join_ref: str | None, topic: str = topic) -> str:
                return encode_server_frame(topic, PHX_ERROR, join_ref, success=False)

            total += self.hub.crash_channel(topic, frame)
        if total:
            log.info("crashed %d channel join(s): phx_error sent", total)
        return total

    def next_idempotency_token(self) -> str:
        self.saved.idempotency_counter += 1
        return f"sim-{self.config.seed}-{self.saved.idempotency_counter}"

    def save_state(self, consumption: Consumption) -> None:
        """Keep ``consumption``'s change in the state file, when there is one."""
        if self.state_file is not None:
            self.state_file.record(consumption, self.saved)

    async def create_consumption(
        self,
        request_id: str,
        consumer_index: int = 0,
        amount: int | None = None,
        *,
        idempotency_token: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Consume ``request_id`` as consumer ``consumer_index`` and broadcast the events;
        return the consumption JSON. When neither the request nor ``amount`` gives an
        amount, a small one is picked. Raises :class:`LedgerError` for a refused consume
        (a failed transfer is not refused: it returns the ``failed`` consumption)."""
        request = self.world.request_by_id(request_id)
        if request is None:
            raise LedgerError("unauthorized", f"no transaction request {request_id!r}")
        consumer = self.world.consumers[consumer_index]
        if amount is None and request.amount is None:
            amount = 5 * request.token.subunit_to_unit
        outcome = self.ledger.consume(
            request,
            self.world.wallet_of(consumer),
            idempotency_token=idempotency_token or self.next_idempotency_token(),
            amount=amount,
            metadata=metadata,
        )
        await self.publish_and_flush(outcome)
        return consumption_json(outcome.consumption)

    def cancel_timers(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()

    def _log(self, consumption: Consumption) -> None:
        if self.config.scenario == "burst" or not log.isEnabledFor(logging.INFO):
            return  # a burst logs a summary instead of thousands of lines a second
        token = consumption.token
        who = consumption.user.full_name if consumption.user else consumption.wallet.address
        log.info(
            "%s %s %s on %r by %s",
            consumption.id,
            consumption.status,
            format_amount(consumption.estimated_amount, token.subunit_to_unit, token.symbol),
            consumption.request.label,
            who,
        )
