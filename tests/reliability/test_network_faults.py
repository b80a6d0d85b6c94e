"""Network faults: a server that stops answering heartbeats, one that accepts TCP but
never completes the upgrade, and an approve call that never gets an answer."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import Counter
from datetime import UTC, datetime

import pytest
from aiohttp import web

from ewallet_monitor.api import ApiTimeout, EWalletApi
from ewallet_monitor.api.errors import TIMEOUT
from ewallet_monitor.client import MonitorClient, OutcomeReason
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.events import (
    ChannelState,
    ConnectionState,
    ConnectionStateChanged,
    HeartbeatMeasured,
)
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from tests.reliability.harness import (
    CANARY,
    UNIT,
    Recorder,
    client_config,
    credentials,
    http_server,
    record_figure,
    run,
    running,
)

CONSUMPTION = "txc_01dp2k9m7f4z0x8t3c5b6n1q2w"


def test_unanswered_heartbeats_are_detected_within_two_intervals() -> None:
    interval = 3 * UNIT
    measured: dict[str, float] = {}

    async def scenario() -> None:
        async with Simulator(SimulatorConfig(port=0, scenario="quiet")) as sim:
            info = sim.info()
            topic = f"user:{info['credentials']['cashier']['user_id']}"
            events = Recorder()
            config = client_config(
                sim.url, credentials(info, "cashier"), heartbeat_interval=interval
            )
            client = MonitorClient(config, events)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.JOINED)
                await events.wait_for(HeartbeatMeasured)
                mark = len(events.events)
                silenced_at = datetime.now(UTC)
                sim.set_heartbeat_replies(False)
                lost = await events.connection(ConnectionState.RECONNECTING, after=mark)
                detected = (lost.at - silenced_at).total_seconds()
                assert "no reply to the heartbeat" in lost.detail
                assert detected <= 2 * interval + interval / 2
                # The socket was open all along: only the heartbeat revealed it.
                assert client.attempts == 1
                measured["detected_s"] = detected
                sim.set_heartbeat_replies(True)
                await events.connection(ConnectionState.CONNECTED, after=mark)

    run(scenario)
    record_figure(
        "heartbeat_detection",
        interval_s=round(interval, 3),
        detected_s=round(measured["detected_s"], 3),
        bound_s=round(2 * interval, 3),
    )


def test_a_server_that_never_completes_the_upgrade_times_out_and_backs_off() -> None:
    open_timeout = 3 * UNIT
    steps = (UNIT, 2 * UNIT, 4 * UNIT)
    retries = 3

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        accepted: list[float] = []
        held: list[asyncio.StreamWriter] = []

        async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted.append(loop.time())
            held.append(writer)
            await reader.read()  # read the upgrade request and never answer it

        server = await asyncio.start_server(mute, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        events = Recorder()
        config = client_config(
            f"http://127.0.0.1:{port}",
            Credentials(AuthScheme.OMG_CLIENT, "key", CANARY),
            open_timeout=open_timeout,
            backoff_steps=steps,
            backoff_jitter=0.0,
            max_retries=retries,
        )
        client = MonitorClient(config, events)
        async with server:
            outcome = await asyncio.wait_for(client.run(), 100 * UNIT)
            for writer in held:
                writer.close()
        assert outcome.reason is OutcomeReason.RETRIES_EXHAUSTED
        assert client.attempts == retries + 1 == len(accepted)
        waits = [
            e.retry_in
            for e in events.of(ConnectionStateChanged)
            if e.state is ConnectionState.RECONNECTING
        ]
        assert waits == list(steps)
        spacing = [later - earlier for earlier, later in itertools.pairwise(accepted)]
        for gap, step in zip(spacing, steps, strict=True):
            # Each attempt waits the whole open timeout, then the backoff step.
            assert gap >= open_timeout + step - UNIT / 5
        reconnecting = [
            e for e in events.of(ConnectionStateChanged) if e.state is ConnectionState.RECONNECTING
        ]
        assert all("timed out" in e.detail for e in reconnecting), reconnecting[0].detail
        assert all(CANARY not in e.detail for e in events.of(ConnectionStateChanged))
        record_figure(
            "upgrade_never_completes",
            attempts=client.attempts,
            spacing_s=[round(s, 3) for s in spacing],
            open_timeout_s=round(open_timeout, 3),
            backoff_steps_s=[round(step, 3) for step in steps],
        )

    run(scenario)


def test_a_hanging_approve_times_out_and_is_never_sent_twice_on_its_own() -> None:
    timeout = 3 * UNIT

    async def scenario() -> None:
        calls: Counter[str] = Counter()
        release = asyncio.Event()

        async def never_answers(request: web.Request) -> web.StreamResponse:
            body = json.loads(await request.text())
            calls[f"{request.path} {body.get('id')}"] += 1
            await release.wait()
            return web.json_response({"version": "1", "success": True, "data": {}})

        async with http_server(never_answers) as url:
            creds = Credentials(AuthScheme.OMG_CLIENT, "key", CANARY)
            api = EWalletApi(resolve_endpoints(url, creds.scheme), creds, timeout=timeout)
            key = f"/api/client/me.approve_transaction_consumption {CONSUMPTION}"
            first = asyncio.create_task(api.approve(CONSUMPTION))
            for _ in range(100):
                if calls:
                    break
                await asyncio.sleep(UNIT / 10)
            with pytest.raises(ApiTimeout) as timed_out:
                await first
            error = timed_out.value
            assert error.code == TIMEOUT
            assert f"within {timeout:g} s" in str(error)
            assert "may still have happened" in str(error)
            assert CANARY not in str(error) and CANARY not in repr(error)
            await asyncio.sleep(5 * timeout)
            assert calls == Counter({key: 1})  # no retry behind the user's back
            with pytest.raises(ApiTimeout):
                await api.approve(CONSUMPTION)  # the user asks again: one more request
            assert calls == Counter({key: 2})
            release.set()
            await api.close()
        record_figure(
            "hanging_approve", timeout_s=round(timeout, 3), requests_seen=2, explicit_calls=2
        )

    run(scenario)
