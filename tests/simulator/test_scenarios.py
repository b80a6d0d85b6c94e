"""Scenarios: cashier stream, burst rate, quiet, reproducible with a seed."""

import asyncio
from typing import Any

from ewallet_monitor.simulator.ids import CROCKFORD
from ewallet_monitor.simulator.scenarios import BurstReplay
from tests.simulator.helpers import UNIT, join_ok, recv, run, send, silent, simulator, ws_connect


async def collect(who: str, count: int, **changes: Any) -> list[dict[str, Any]]:
    async with simulator(**changes) as sim, ws_connect(sim, who) as ws:
        if who == "admin":
            for n, request in enumerate(sim.world.requests):
                await join_ok(ws, f"transaction_request:{request.id}", str(n))
        else:
            await join_ok(ws, f"user:{sim.world.cashier.id}")
        return [await recv(ws, 60 * UNIT) for _ in range(count)]


def test_cashier_scenario_streams_a_mix_of_consumptions() -> None:
    async def scenario() -> None:
        frames = await collect("cashier", 30, scenario="cashier", cashier_interval=UNIT / 5)
        events = {f["event"] for f in frames}
        assert events == {"transaction_consumption_request", "transaction_consumption_finalized"}
        assert len({f["data"]["token"]["symbol"] for f in frames}) >= 2
        assert len({f["data"]["user_id"] for f in frames}) >= 2

    run(scenario)


def test_the_same_seed_gives_the_same_stream() -> None:
    def shape(frames: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [
            (
                f["event"],
                f["data"]["transaction_request_id"],
                f["data"]["user_id"],
                f["data"]["estimated_consumption_amount"],
                f["data"]["status"],
            )
            for f in frames
        ]

    async def scenario() -> None:
        fast = {"scenario": "cashier", "cashier_interval": UNIT / 5}
        one = await collect("cashier", 12, seed=7, **fast)
        two = await collect("cashier", 12, seed=7, **fast)
        other = await collect("cashier", 12, seed=8, **fast)
        assert shape(one) == shape(two)
        assert shape(one) != shape(other)

    run(scenario)


def test_burst_sends_consumption_events_at_the_rate() -> None:
    async def scenario() -> None:
        async with simulator(scenario="burst", rate=2000.0) as sim, ws_connect(sim, "admin") as ws:
            # The burst starts on the first joined topic, so later join replies arrive
            # between events: sort them out rather than expecting them in order.
            for n, request in enumerate(sim.world.requests):
                await send(ws, f"transaction_request:{request.id}", "phx_join", str(n))
            replies: list[dict[str, Any]] = []
            frames: list[dict[str, Any]] = []
            while len(frames) < 400:
                frame = await recv(ws)
                (replies if frame["event"] == "phx_reply" else frames).append(frame)
            assert all(reply["success"] for reply in replies)
            assert {f["event"] for f in frames} == {"transaction_consumption_finalized"}
            assert {f["data"]["status"] for f in frames} == {"confirmed"}
            assert len({f["data"]["id"] for f in frames}) == 400

    run(scenario)


def test_quiet_scenario_sends_nothing_on_its_own() -> None:
    async def scenario() -> None:
        async with simulator(scenario="quiet") as sim, ws_connect(sim, "admin") as ws:
            await join_ok(ws, f"user:{sim.world.cashier.id}")
            assert await silent(ws, 6 * UNIT)
            assert not sim.world.consumptions

    run(scenario)


def test_many_consumptions_do_not_grow_without_bound() -> None:
    async def scenario() -> None:
        async with simulator(scenario="quiet") as sim:
            sim.world.max_kept_final = 5
            quick = next(r.id for r in sim.world.requests if r.label == "Quick pay")
            for _ in range(30):
                await sim.create_consumption(quick, 0)
            assert len(sim.world.consumptions) <= 10
            await asyncio.sleep(0)

    run(scenario)


def test_replayed_id_counters_are_fourteen_crockford_digits_in_number_order() -> None:
    numbers = [0, 1, 31, 32, 1023, 1024, 123_456_789, 2**64 + 5, 2**70 - 1]
    counters = [BurstReplay._counter(n) for n in numbers]
    assert counters[0] == "0" * 14
    assert counters[3] == "0" * 12 + "10"
    assert counters[-1] == "z" * 14
    assert all(len(c) == 14 and set(c) <= set(CROCKFORD) for c in counters)
    assert sorted(counters) == counters  # ids made later sort later
    for n, counter in zip(numbers, counters, strict=True):
        assert sum(CROCKFORD.index(d) << 5 * i for i, d in enumerate(reversed(counter))) == n
