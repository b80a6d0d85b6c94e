"""Server faults, the hard way: the simulator runs as a separate process that is killed
with SIGKILL (no close frame, no goodbye) 20 times at seeded random moments during a
200 events/s stream, and started again on the same port. The monitor runs with the
product's default reconnect schedule and must be back, every channel rejoined, within
2 s of the server's return each time. Slow (about a minute): ``pytest -m slow``."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from ewallet_monitor.client import ConnectionConfig, MonitorClient
from ewallet_monitor.protocol.events import (
    ChannelState,
    ConnectionState,
    ConnectionStateChanged,
    FrameReceived,
    GapRecorded,
    InvalidFrameReceived,
)
from tests.client.harness import free_port
from tests.reliability.harness import Recorder, credentials, record_figure, run, running

RESTARTS = 20
SEED = 7
REJOIN_BOUND = 2.0


class SimulatorProcess:
    """``ewallet-monitor simulator`` in a child process on a fixed port."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}

    def start(self) -> dict[str, Any]:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ewallet_monitor.app.main",
                "simulator",
                "--port",
                str(self.port),
                "--scenario",
                "burst",
                "--rate",
                "200",
                "--seed",
                str(SEED),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.info = json.loads(line)
        return self.info

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        self.process = None


@pytest.fixture
def simulator_process() -> Iterator[SimulatorProcess]:
    process = SimulatorProcess(free_port())
    try:
        yield process
    finally:
        process.kill()


@pytest.mark.slow
def test_twenty_kill9_restarts_on_the_same_port(simulator_process: SimulatorProcess) -> None:
    figures: dict[str, Any] = {}

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        info = await loop.run_in_executor(None, simulator_process.start)
        creds = credentials(info, "admin")
        cashier = info["credentials"]["cashier"]["user_id"]
        topics = [
            f"transaction_request:{r['id']}"
            for r in info["transaction_requests"]
            if not r["require_confirmation"] and r["owner_user_id"] == cashier
        ]
        events = Recorder()
        # The product's timings (default backoff, heartbeat, timeouts).
        client = MonitorClient(ConnectionConfig(url=info["url"], credentials=creds), events)
        for topic in topics:
            client.join(topic)
        rng = random.Random(SEED)
        rejoin_times: list[float] = []
        async with running(client):
            for topic in topics:
                await events.channel(topic, ChannelState.JOINED)
            for _ in range(RESTARTS):
                await asyncio.sleep(rng.uniform(0.3, 1.5))
                mark = len(events.events)
                simulator_process.kill()
                again = await loop.run_in_executor(None, simulator_process.start)
                back_at = loop.time()
                assert [r["id"] for r in again["transaction_requests"]] == [
                    r["id"] for r in info["transaction_requests"]
                ]
                for topic in topics:
                    await events.channel(topic, ChannelState.JOINED, after=mark)
                rejoin_times.append(loop.time() - back_at)
            await asyncio.sleep(0.5)
        connected = [
            e for e in events.of(ConnectionStateChanged) if e.state is ConnectionState.CONNECTED
        ]
        gaps = events.of(GapRecorded)
        assert len(connected) == RESTARTS + 1
        assert len(gaps) >= RESTARTS  # the last one closes when the client stops
        assert all(gap.recoverable for gap in gaps[:RESTARTS])
        assert not events.of(InvalidFrameReceived)
        assert max(rejoin_times) < REJOIN_BOUND
        figures.update(
            restarts_survived=RESTARTS,
            max_rejoin_s=round(max(rejoin_times), 3),
            mean_rejoin_s=round(sum(rejoin_times) / len(rejoin_times), 3),
            frames_received=len(events.of(FrameReceived)),
            invalid_frames=0,
            gaps=len(gaps),
        )

    with contextlib.suppress(ProcessLookupError):
        run(scenario, limit=240)
    record_figure("server_kill9_subprocess", **figures)
