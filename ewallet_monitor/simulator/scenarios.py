"""What happens on its own: ``cashier`` (a human-paced stream), ``quiet``, ``burst``.

Every choice comes from a random source seeded with the run's seed, so the same seed gives
the same sequence of consumptions (ids and timestamps still follow the wall clock).

A *counted* burst (``burst_count``, the benchmark's mode) sends exactly that many events
and then reports; see :func:`run_counted_burst`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import re
import time
from typing import Any

from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.simulator.hub import Connection, _dumps, frame_with_encoded_data
from ewallet_monitor.simulator.ids import CROCKFORD
from ewallet_monitor.simulator.ledger import LedgerError, finalized_topics
from ewallet_monitor.simulator.objects import consumption_json
from ewallet_monitor.simulator.runtime import Runtime
from ewallet_monitor.simulator.world import Token, TransactionRequest, User

log = logging.getLogger("ewallet_monitor.simulator")

# Burst ticks: often enough for a smooth stream, rarely enough to batch well.
BURST_TICK = 0.02
# A counted burst at a set rate ticks faster: its frames carry their send time, and a
# smoother stream makes the latency it measures the monitor's, not the tick's.
COUNTED_TICK = 0.005
# Distinct real consumptions a counted burst replays (with fresh ids).
REPLAY_TEMPLATES = 64
# A counted burst at full speed (rate = inf) keeps at most this many frames queued per
# socket: the reader sets the pace, and the simulator's memory stays bounded.
MAX_QUEUED_PER_SOCKET = 2000
# Events made per step of a full-speed burst before it yields to the socket writers.
FULL_SPEED_STEP = 256
# Frames of a replayed burst joined into one socket write.
REPLAY_FRAMES_PER_WRITE = 16
# Every pair of Crockford base32 digits (10 bits), for the replayed ids' counters.
_CROCKFORD_PAIRS = tuple(a + b for a in CROCKFORD for b in CROCKFORD)


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
    ones wait for a person to approve or reject, and expire if nobody does.

    It starts once the first socket has joined a channel: nobody misses its beginning, and
    the same seed gives the same stream however slowly the first client connects."""
    await runtime.hub.subscribed.wait()
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


async def run_channel_crashes(runtime: Runtime, interval: float) -> None:
    """Every ``interval`` seconds the channel process of every joined topic crashes
    (``channel_crash_interval``): ``phx_error`` to each joined socket."""
    while True:
        await asyncio.sleep(interval)
        runtime.crash_channels()


class BurstReplay:
    """Events for a counted burst: ``templates`` real consumptions made by the ledger on
    the requests that confirm at once, replayed with a fresh consumption id, transaction id
    and idempotency token each, and ``metadata`` set to ``{"burst_seq": n,
    "sent_monotonic_ns": t}`` (``time.monotonic_ns()`` when the event is sent; on Linux
    that clock is shared by every process of the machine, so a monitor on the same machine
    can measure end-to-end latency).

    Making an event is a string join, so the simulator outruns any reader; the replayed
    consumptions are not kept in the world (the HTTP API does not know them).
    """

    def __init__(self, runtime: Runtime, templates: int = REPLAY_TEMPLATES) -> None:
        world = runtime.world
        rng = random.Random(f"ewallet-simulator-counted-burst-{runtime.config.seed}")
        requests = [
            r for r in world.requests if not r.require_confirmation and r.user is world.cashier
        ]
        rich = [world.wallet_of(u) for u in world.consumers[:-1]]
        self._templates: list[tuple[list[str], list[str], tuple[str, ...], str]] = []
        for index in range(templates):
            request = requests[index % len(requests)]
            amount = None
            if request.allow_amount_override:
                amount = request.amount or request.token.subunit_to_unit // 1000
            outcome = runtime.ledger.consume(
                request,
                rng.choice(rich),
                idempotency_token=runtime.next_idempotency_token(),
                amount=amount,
            )
            self._templates.append(self._template(outcome.consumption))
        # Fresh ids keep the time part of a real one and count in the random part.
        self._id_stem = world.new_id("txc", runtime.ledger.clock())[4:16]
        self.made = 0

    @staticmethod
    def _template(consumption: Any) -> tuple[list[str], list[str], tuple[str, ...], str]:
        data = consumption_json(consumption)
        data["metadata"] = "\x00META\x00"
        text = _dumps(data)
        swaps = {
            consumption.id: "consumption",
            _dumps("\x00META\x00"): "metadata",
            _dumps(consumption.idempotency_token): "idempotency",
        }
        transaction = consumption.transaction
        if transaction is not None:
            swaps[transaction.id] = "transaction"
        pattern = "|".join(re.escape(key) for key in sorted(swaps, key=len, reverse=True))
        pieces = re.split(f"({pattern})", text)
        parts = pieces[0::2]
        slots = [swaps[key] for key in pieces[1::2]]
        topics = finalized_topics(consumption)
        return parts, slots, topics, consumption.id

    @staticmethod
    def _counter(n: int) -> str:
        """``n`` as 14 Crockford base32 digits (70 bits), most significant first."""
        pairs = _CROCKFORD_PAIRS
        return "".join(pairs[(n >> shift) & 1023] for shift in (60, 50, 40, 30, 20, 10, 0))

    @property
    def id_stem(self) -> str:
        """The time part every fresh id shares; the counter follows it."""
        return self._id_stem

    @property
    def templates(self) -> int:
        return len(self._templates)

    def next_event(self, metadata: str | None = None) -> tuple[tuple[str, ...], str]:
        """(topics, data text) of the next event; ``metadata`` (JSON text) replaces the
        stamped one."""
        seq = self.made
        self.made += 1
        parts, slots, topics, template_id = self._templates[seq % len(self._templates)]
        suffix = self._id_stem + self._counter(seq)
        values = {
            "consumption": "txc_" + suffix,
            "transaction": "txn_" + suffix,
            "idempotency": f'"burst-{suffix}"',
            "metadata": metadata
            if metadata is not None
            else f'{{"burst_seq":{seq},"sent_monotonic_ns":{time.monotonic_ns()}}}',
        }
        out = [parts[0]]
        for slot, part in zip(slots, parts[1:], strict=True):
            out.append(values[slot])
            out.append(part)
        topics = tuple(t.replace(template_id, values["consumption"]) for t in topics)
        return topics, "".join(out)


class EncodedReplay:
    """A :class:`BurstReplay` encoded once: each template's whole websocket frame (header
    and UTF-8 payload), per topic, with the offsets of the counter in its ids. Making frame
    ``n`` writes the 14-byte counter at those offsets and copies the bytes: a microsecond
    or two, against tens for a reader to parse it, so the reader is the limit.

    The per-event ``transaction_consumption:`` topic (a fresh id nobody could have joined)
    is not sent; the metadata says ``{"burst_replay":true}`` (no send time)."""

    METADATA = '{"burst_replay":true}'

    def __init__(self, replay: BurstReplay) -> None:
        # Per template: (topics, data text, the id suffix its counter sits in).
        self._datas: list[tuple[tuple[str, ...], str, bytes]] = []
        for seq in range(replay.templates):
            replay.made = seq
            topics, data_text = replay.next_event(self.METADATA)
            suffix = replay.id_stem + BurstReplay._counter(seq)
            stable = tuple(t for t in topics if suffix not in t)
            self._datas.append((stable, data_text, suffix.encode()))
        replay.made = 0
        self._stem_length = len(replay.id_stem)
        self._frames: dict[tuple[int, str], tuple[bytearray, tuple[int, ...]]] = {}

    def topics(self, seq: int) -> tuple[str, ...]:
        """The topics event ``seq`` goes to."""
        return self._datas[seq % len(self._datas)][0]

    def frame(self, seq: int, topic: str) -> bytes:
        """Event ``seq``'s websocket frame on ``topic``, as it goes on the wire."""
        index = seq % len(self._datas)
        cached = self._frames.get((index, topic))
        if cached is None:
            _topics, data_text, marker = self._datas[index]
            payload = frame_with_encoded_data(topic, CONSUMPTION_FINALIZED, None, data_text)
            wire = _text_frame_header(len(payload.encode())) + payload.encode()
            found: list[int] = []
            at = wire.find(marker)
            while at >= 0:
                found.append(at + self._stem_length)
                at = wire.find(marker, at + len(marker))
            cached = (bytearray(wire), tuple(found))
            self._frames[(index, topic)] = cached
        buffer, offsets = cached
        counter = BurstReplay._counter(seq).encode()
        width = len(counter)
        for offset in offsets:
            buffer[offset : offset + width] = counter
        return bytes(buffer)


def _text_frame_header(length: int) -> bytes:
    """A final, unmasked text frame's header (RFC 6455 5.2): what a server sends."""
    if length < 126:
        return bytes((0x81, length))
    if length < 1 << 16:
        return bytes((0x81, 126)) + length.to_bytes(2, "big")
    return bytes((0x81, 127)) + length.to_bytes(8, "big")


async def _send_replayed(runtime: Runtime, replay: BurstReplay, count: int) -> int:
    """Send ``count`` pre-encoded events as fast as each socket takes them, a few frames
    per write (one write per frame made the simulator's syscalls the limit); frames sent."""
    encoded = EncodedReplay(replay)
    hub = runtime.hub
    frames = 0
    pending: dict[Connection, list[bytes]] = {}

    async def write_out() -> int:
        written = 0
        for connection, chunks in pending.items():
            try:
                await connection.send_wire(b"".join(chunks), len(chunks))
            except (ConnectionError, RuntimeError):
                continue  # the reader went away; the burst goes on for the others
            written += len(chunks)
        pending.clear()
        return written

    for seq in range(count):
        for topic in encoded.topics(seq):
            subscribers = hub.subscribers_of(topic)
            if subscribers:
                wire = encoded.frame(seq, topic)
                for connection in subscribers:
                    pending.setdefault(connection, []).append(wire)
        if (seq + 1) % REPLAY_FRAMES_PER_WRITE == 0:
            frames += await write_out()
    return frames + await write_out()


async def run_counted_burst(
    runtime: Runtime, rate: float, count: int, *, replay: bool = False
) -> dict[str, Any]:
    """Wait for the first socket that receives burst events, then send exactly ``count``
    finalized events at ``rate`` per second (``math.inf``: as fast as the slowest reader
    takes them; with ``replay``, pre-encoded: see :class:`EncodedReplay`). Returns
    ``{"events", "frames", "seconds", "rate"}`` (``frames``: frames queued to sockets, one
    per subscribed topic per event) and sets ``runtime.burst_result``."""
    events = BurstReplay(runtime)
    hub = runtime.hub
    probe_topics, _ = events.next_event()
    events.made = 0
    while not hub.has_subscribers(probe_topics):
        hub.subscribed.clear()
        await hub.subscribed.wait()
    log.info("burst: sending %d events (rate %s%s)", count, rate, ", replayed" if replay else "")
    frames = 0
    began = time.monotonic()

    def send(n: int) -> int:
        sent = 0
        for _ in range(n):
            topics, data_text = events.next_event()
            reached = hub.broadcast(CONSUMPTION_FINALIZED, topics, None, None, data_text=data_text)
            sent += len(reached)
        return sent

    if replay:
        frames = await _send_replayed(runtime, events, count)
    elif math.isinf(rate):
        while events.made < count:
            frames += send(min(FULL_SPEED_STEP, count - events.made))
            await asyncio.sleep(0)
            for connection in list(hub.connections):
                if connection.queued > MAX_QUEUED_PER_SOCKET:
                    await connection.flush()
    else:
        due = 0.0
        last = time.monotonic()
        while events.made < count:
            await asyncio.sleep(COUNTED_TICK)
            now = time.monotonic()
            due += (now - last) * rate
            last = now
            step = min(int(due), count - events.made)
            due -= step
            frames += send(step)
    seconds = time.monotonic() - began
    result: dict[str, Any] = {
        "event": "burst_finished",
        "events": count,
        "frames": frames,
        "seconds": round(seconds, 3),
        "rate": "max" if math.isinf(rate) else rate,
    }
    log.info("burst: %d events, %d frames in %.2f s", count, frames, seconds)
    runtime.burst_result = result
    runtime.burst_finished.set()
    return result
