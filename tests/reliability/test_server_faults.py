"""Server faults: the simulator restarts 20 times at seeded random moments during a
200 events/s stream. Every time the monitor reconnects and rejoins every channel within
2 s, every frame the server handed to a socket is received (and stored), each outage is
one gap, and consumptions created during an outage are recovered over HTTP (admin)."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

from ewallet_monitor.client import MonitorClient
from ewallet_monitor.protocol.backoff import DEFAULT_JITTER, DEFAULT_STEPS
from ewallet_monitor.protocol.events import (
    ChannelState,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    GapRecorded,
    InvalidFrameReceived,
    MonitorEvent,
)
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from ewallet_monitor.simulator.hub import Connection
from ewallet_monitor.store import EventStore, FrameFilter
from tests.reliability.harness import (
    UNIT,
    Recorder,
    client_config,
    credentials,
    record_figure,
    run,
    running,
)

RESTARTS = 20
SEED = 20240501
RATE = 200.0
REJOIN_BOUND = 2.0  # seconds, from the issue


def stream_topics(sim: Simulator) -> tuple[list[str], str]:
    """The burst's request topics, and one request that needs confirmation."""
    world = sim.world
    burst = [
        f"transaction_request:{r.id}"
        for r in world.requests
        if not r.require_confirmation and r.user is world.cashier
    ]
    confirming = next(r.id for r in world.requests if r.require_confirmation)
    return [*burst, f"transaction_request:{confirming}"], confirming


def per_connection_received(events: list[MonitorEvent]) -> list[int]:
    """FrameReceived counts per connection, split at each CONNECTED."""
    counts: list[int] = []
    for event in events:
        if isinstance(event, ConnectionStateChanged) and event.state is ConnectionState.CONNECTED:
            counts.append(0)
        elif isinstance(event, FrameReceived):
            counts[-1] += 1
    return counts


def test_the_worst_default_reconnect_delay_is_under_two_seconds() -> None:
    # However long an outage lasts, the next attempt comes at most this long after the
    # server is back: the last backoff step with the highest jitter.
    assert max(DEFAULT_STEPS) * (1 + DEFAULT_JITTER) < REJOIN_BOUND


def test_twenty_restarts_during_a_stream_lose_no_delivered_frame(tmp_path: Path) -> None:
    figures: dict[str, Any] = {}

    async def scenario() -> None:
        sim = Simulator(SimulatorConfig(port=0, scenario="burst", rate=RATE, seed=SEED))
        await sim.start()
        server_connections: list[Connection] = []
        hub = sim.runtime.hub
        add = hub.add

        def counting_add(connection: Connection) -> None:
            server_connections.append(connection)
            add(connection)

        hub.add = counting_add  # type: ignore[method-assign]
        creds = credentials(sim.info(), "admin")
        store = EventStore(tmp_path / "events.sqlite3", secrets=creds.secrets())
        events = Recorder()

        def on_event(event: MonitorEvent) -> None:
            events(event)
            store.record(event)

        client = MonitorClient(client_config(sim.url, creds), on_event)
        topics, confirming = stream_topics(sim)
        for topic in topics:
            client.join(topic)
        rng = random.Random(SEED)
        rejoin_times: list[float] = []
        created_in_outages: list[str] = []
        loop = asyncio.get_running_loop()
        try:
            async with running(client):
                for topic in topics:
                    await events.channel(topic, ChannelState.JOINED)
                for restart in range(RESTARTS):
                    await asyncio.sleep(rng.uniform(0.5, 2) * UNIT)
                    mark = len(events.events)
                    if restart % 4 == 0:
                        # An outage during which a payment waits for approval: its
                        # request event is lost, reconciliation must bring it back.
                        await sim.stop()
                        created = await sim.create_consumption(confirming, restart % 3)
                        created_in_outages.append(created["id"])
                        await sim.start()
                    else:
                        await sim.restart()
                    back_at = loop.time()
                    for topic in topics:
                        await events.channel(topic, ChannelState.JOINED, after=mark)
                    rejoin_times.append(loop.time() - back_at)
                await asyncio.sleep(2 * UNIT)
                # End on the server side so every frame it sent can still be read.
                mark = len(events.events)
                await sim.stop()
                await events.connection(ConnectionState.RECONNECTING, after=mark)
            for consumption_id in created_in_outages:
                await events.wait_for(
                    ConsumptionRecovered, lambda e, cid=consumption_id: e.consumption["id"] == cid
                )
        finally:
            await sim.stop()
            store.flush()

        server_sent = [connection.sent for connection in server_connections]
        received = per_connection_received(events.events)
        gaps = events.of(GapRecorded)
        assert len(server_connections) == RESTARTS + 1
        assert received == server_sent, (received, server_sent)
        assert not events.of(InvalidFrameReceived)
        assert max(rejoin_times) < REJOIN_BOUND
        # One gap per outage (the final stop's gap closes when the client stops).
        assert len(gaps) == RESTARTS + 1
        assert all(gap.recoverable for gap in gaps[:RESTARTS])
        assert all(gap.end >= gap.start for gap in gaps)
        recovered = {e.consumption["id"] for e in events.of(ConsumptionRecovered)}
        assert set(created_in_outages) <= recovered
        stored_in = store.count(FrameFilter(direction="in"))
        assert stored_in == sum(received) + len(events.of(ConsumptionRecovered))
        store.close()
        figures.update(
            restarts_survived=RESTARTS,
            frames_sent=sum(server_sent),
            frames_received=sum(received),
            frames_stored=stored_in - len(recovered),
            events_lost=sum(server_sent) - sum(received),
            max_rejoin_s=round(max(rejoin_times), 3),
            gaps=len(gaps),
            recovered=len(recovered),
        )

    run(scenario, limit=600 * UNIT)
    record_figure("server_restarts_in_process", **figures)
