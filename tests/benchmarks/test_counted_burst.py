"""The simulator's counted burst (the benchmark's mode): exactly N events, unique ids,
stamped with their send time, then a report."""

from __future__ import annotations

import asyncio
import json
import math
import time

from tests.simulator.helpers import UNIT, join_ok, recv, run, simulator, ws_connect


def test_a_counted_burst_sends_exactly_n_stamped_events_then_reports() -> None:
    async def scenario() -> None:
        burst = simulator(scenario="burst", rate=math.inf, burst_count=300)
        async with burst as sim, ws_connect(sim, "cashier") as ws:
            await join_ok(ws, f"user:{sim.world.cashier.id}")
            frames = [await recv(ws) for _ in range(300)]
            report = await asyncio.wait_for(sim.wait_burst(), 40 * UNIT)
        assert {f["event"] for f in frames} == {"transaction_consumption_finalized"}
        assert len({f["data"]["id"] for f in frames}) == 300
        assert len({f["data"]["transaction_id"] for f in frames}) == 300
        seqs = [f["data"]["metadata"]["burst_seq"] for f in frames]
        assert seqs == list(range(300))
        sent = frames[-1]["data"]["metadata"]["sent_monotonic_ns"]
        assert 0 < sent <= time.monotonic_ns()
        assert report["events"] == 300
        assert report["frames"] == 300

    run(scenario)


def test_a_counted_burst_waits_for_its_first_reader() -> None:
    async def scenario() -> None:
        async with simulator(scenario="burst", rate=2000.0, burst_count=5) as sim:
            await asyncio.sleep(4 * UNIT)
            assert sim.runtime.burst_result is None
            async with ws_connect(sim, "cashier") as ws:
                await join_ok(ws, f"user:{sim.world.cashier.id}")
                frames = [await recv(ws) for _ in range(5)]
                assert json.loads(json.dumps(frames))[0]["data"]["status"] == "confirmed"
                assert (await asyncio.wait_for(sim.wait_burst(), 40 * UNIT))["events"] == 5

    run(scenario)
