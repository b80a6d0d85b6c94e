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


def test_a_replayed_burst_sends_the_same_frames_encoded_once_with_unique_ids() -> None:
    async def frames_of(replay: bool) -> list[dict[str, object]]:
        burst = simulator(scenario="burst", rate=math.inf, burst_count=200, burst_replay=replay)
        async with burst as sim, ws_connect(sim, "cashier") as ws:
            await join_ok(ws, f"user:{sim.world.cashier.id}")
            frames = [await recv(ws) for _ in range(200)]
            report = await asyncio.wait_for(sim.wait_burst(), 40 * UNIT)
            # The socket still answers while and after the burst is replayed.
            await ws.send(json.dumps({"topic": "phoenix", "event": "heartbeat", "ref": "9"}))
            assert (await recv(ws))["ref"] == "9"
        assert report["frames"] == 200
        return frames

    async def scenario() -> None:
        stamped, replayed = await frames_of(False), await frames_of(True)
        ids = [f["data"]["id"] for f in replayed]  # type: ignore[index]
        assert len(set(ids)) == 200
        for frame in replayed:
            data = frame["data"]
            assert data["socket_topic"] == f"transaction_consumption:{data['id']}"  # type: ignore[index]
            assert data["transaction_id"] == "txn_" + data["id"][4:]  # type: ignore[index]
            assert data["transaction"]["id"] == data["transaction_id"]  # type: ignore[index]
            assert data["idempotency_token"] == "burst-" + data["id"][4:]  # type: ignore[index]
            assert data["metadata"] == {"burst_replay": True}  # type: ignore[index]
        # Frame for frame the same keys and statuses as the burst built as it is sent.
        for one, other in zip(stamped, replayed, strict=True):
            assert one.keys() == other.keys()
            assert one["data"].keys() == other["data"].keys()  # type: ignore[attr-defined]
            assert one["data"]["status"] == other["data"]["status"]  # type: ignore[index]
            assert one["topic"] == other["topic"]

    run(scenario)
