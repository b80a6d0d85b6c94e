"""What happens on its own: ``cashier`` (a human-paced stream), ``quiet``, ``burst``.

Every choice comes from a random source seeded with the run's seed, so the same seed gives
the same sequence of consumptions (ids and timestamps still follow the wall clock).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time

from ewallet_monitor.simulator.ledger import LedgerError
from ewallet_monitor.simulator.runtime import Runtime
from ewallet_monitor.simulator.world import Token, TransactionRequest, User

log = logging.getLogger("ewallet_monitor.simulator")

# Burst ticks: often enough for a smooth stream, rarely enough to batch well.
BURST_TICK = 0.02


def _random_amount(rng: random.Random, token: Token) -> int:
    """A plausible amount in subunits: cents for USD, satoshis for BTC, 18-decimal OMG
    amounts that exceed 2**53."""
    if token.subunit_to_unit == 100:
        return rng.randint(100, 8_000)
    if token.subunit_to_unit == 10**8:
        return rng.randint(10_000, 5_000_000)
    return rng.randint(1, 500) * token.subunit_to_unit + rng.randint(0, token.subunit_to_unit - 1)


async def run_cashier(runtime: Runtime, interval: float) -> None:
    """A steady stream on the cashier's requests: mixed amounts, tokens and consumers; some
    confirm at once (no confirmation needed), some fail (Dana is short of money), pending
    ones wait for a person to approve or reject, and expire if nobody does."""
    world = runtime.world
    rng = random.Random(f"ewallet-simulator-cashier-{runtime.config.seed}")
    requests = [r for r in world.requests if r.in_scenario]
    weights = [4 if r.require_confirmation else 2 for r in requests]
    consumers = world.consumers
    consumer_weights = [3] * (len(consumers) - 1) + [1]
    while True:
        await asyncio.sleep(rng.uniform(0.4, 1.6) * interval)
        if rng.random() < 0.06 and _cancel_one(runtime, rng):
            continue
        request = rng.choices(requests, weights)[0]
        consumer: User = rng.choices(consumers, consumer_weights)[0]
        amount = None
        if request.allow_amount_override and (request.amount is None or rng.random() < 0.5):
            amount = _random_amount(rng, request.token)
        try:
            await runtime.create_consumption(request.id, consumers.index(consumer), amount)
        except LedgerError as exc:
            log.info("consume on %r refused: %s", request.label, exc.error)


def _cancel_one(runtime: Runtime, rng: random.Random) -> bool:
    """Now and then a consumer changes their mind and cancels a pending consumption."""
    pending = [c for c in runtime.world.consumptions.values() if c.status == "pending"]
    if not pending:
        return False
    runtime.publish(runtime.ledger.cancel(rng.choice(pending)))
    return True


async def run_burst(runtime: Runtime, rate: float) -> None:
    """``rate`` consumption events per second on the requests that confirm at once, in
    batches per tick; each consumption is one ``transaction_consumption_finalized``."""
    world = runtime.world
    rng = random.Random(f"ewallet-simulator-burst-{runtime.config.seed}")
    requests: list[TransactionRequest] = [
        r for r in world.requests if not r.require_confirmation and r.user is world.cashier
    ]
    rich = [world.wallet_of(u) for u in world.consumers[:-1]]
    amounts = {r.id: (r.amount or r.token.subunit_to_unit // 1000) for r in requests}
    ledger = runtime.ledger
    due = 0.0
    last = time.monotonic()
    sent = 0
    reported_at, reported = last, 0
    while True:
        await asyncio.sleep(BURST_TICK)
        now = time.monotonic()
        due += (now - last) * rate
        last = now
        count = int(due)
        due -= count
        for _ in range(count):
            request = requests[sent % len(requests)]
            sent += 1
            try:
                outcome = ledger.consume(
                    request,
                    rng.choice(rich),
                    idempotency_token=runtime.next_idempotency_token(),
                    amount=None if not request.allow_amount_override else amounts[request.id],
                )
            except LedgerError as exc:
                log.warning("burst consume refused: %s", exc.error)
                continue
            runtime.publish(outcome)
        if now - reported_at >= 5.0:
            log.info("burst: %d consumptions in %.1f s", sent - reported, now - reported_at)
            reported_at, reported = now, sent


async def run_expiry_job(runtime: Runtime, interval: float) -> None:
    """The real server's once-a-minute expiry job (``expiry_mode="minute_job"``)."""
    while True:
        await asyncio.sleep(interval)
        runtime.expire_due()
