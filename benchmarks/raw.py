"""The baseline: a bare ``websockets`` client that receives the burst and ``json.loads``
each frame, nothing else. ``python -m benchmarks.raw COUNT [--built]``.

The simulator replays frames encoded before the burst (``--replay``), so this client, not
the server, is the limit: ``cpu_share`` (its CPU ÷ wall time) near 1 says so. ``--built``
measures against the burst built frame by frame instead (the old baseline)."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from websockets.asyncio.client import connect

from benchmarks.common import BurstServer, burst_server, cpu_seconds, emit_result

FINALIZED = "transaction_consumption_finalized"


async def receive(server: BurstServer, count: int) -> dict[str, Any]:
    async with connect(
        server.socket_url,
        additional_headers=server.headers(),
        max_size=None,
        ping_interval=None,
    ) as websocket:
        join = {"topic": server.cashier_topic, "event": "phx_join", "ref": "1", "data": {}}
        await websocket.send(json.dumps(join))
        received = 0
        first = last = 0.0
        cpu_started = time.process_time()
        async for message in websocket:
            frame = json.loads(message)
            if frame["event"] != FINALIZED:
                continue
            received += 1
            if received == 1:
                first = time.perf_counter()
                cpu_started = time.process_time()
            if received == count:
                last = time.perf_counter()
                break
        cpu = time.process_time() - cpu_started
    seconds = last - first
    return {
        "frames": received,
        "seconds": round(seconds, 3),
        # The first frame starts the clock, so count-1 frames arrived in that time.
        "frames_per_s": round((received - 1) / seconds) if seconds > 0 else None,
        "cpu_share": round(cpu / seconds, 2) if seconds > 0 else None,
        "process_us_per_frame": round(cpu / max(1, received - 1) * 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument(
        "--built", action="store_true", help="the simulator builds each frame as it sends it"
    )
    args = parser.parse_args()
    with burst_server(args.count, replay=not args.built) as server:
        server_cpu = cpu_seconds(server.process.pid)
        result = asyncio.run(receive(server, args.count))
        result["server"] = server.wait_finished(30)
        # The simulator's CPU per frame, to show which side was the limit.
        server_cpu = cpu_seconds(server.process.pid) - server_cpu
        result["server_us_per_frame"] = round(server_cpu / max(1, result["frames"]) * 1e6, 1)
    emit_result(result)


if __name__ == "__main__":
    main()
