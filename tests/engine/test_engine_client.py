"""The engine process against the simulator over real sockets on port 0.

Each test spawns a real engine process (``spawn``: a fresh interpreter, ~0.3 s to start).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import multiprocessing
import os
import signal
from collections.abc import AsyncIterator, Callable
from dataclasses import replace

import pytest

from ewallet_monitor.client import MonitorClient, OutcomeReason
from ewallet_monitor.engine import ENGINE_FAILED, ENGINE_STOPPED, EngineClient
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.events import (
    ChannelState,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    FrameSent,
    MonitorEvent,
)
from ewallet_monitor.protocol.topics import TopicError
from ewallet_monitor.protocol.urls import UrlError
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from tests.client.harness import (
    WAIT,
    Recorder,
    confirming_request,
    credentials,
    fast_config,
    running,
)

BURST = 3000


def quiet() -> Simulator:
    return Simulator(SimulatorConfig(port=0, scenario="quiet"))


def engine_on_request_channel(sim: Simulator, role: str) -> tuple[EngineClient, Recorder, str]:
    """An engine with ``role``'s credentials, wanting the simulator's confirming request
    channel (not started): (engine, its event recorder, the topic)."""
    info = sim.info()
    topic = f"transaction_request:{confirming_request(info)['id']}"
    events = Recorder()
    engine = EngineClient(fast_config(sim.url, credentials(info, role)), events)
    engine.join(topic)
    return engine, events, topic


def engine_children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "ewallet-engine"]


def test_joins_and_relays_frames_with_the_columns_of_a_plain_client() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            topic = f"transaction_request:{request['id']}"
            config = fast_config(sim.url, credentials(info, "cashier"))
            engine_events, plain_events = Recorder(), Recorder()
            engine = EngineClient(config, engine_events)
            plain = MonitorClient(config, plain_events)
            engine.join(topic)
            plain.join(topic)
            assert engine.channels == {topic: ChannelState.CLOSED}
            async with running(engine), running(plain):
                assert await engine_events.channel(topic, ChannelState.JOINED) == "joined"
                await plain_events.channel(topic, ChannelState.JOINED)
                assert engine.state is ConnectionState.CONNECTED
                assert engine.channels == {topic: ChannelState.JOINED}
                assert engine.channel_reason(topic) == "joined"
                assert engine.attempts == 1
                await sim.create_consumption(request["id"])
                relayed = await engine_events.wait_for(
                    FrameReceived, lambda e: e.event == "transaction_consumption_request"
                )
                received = await plain_events.wait_for(
                    FrameReceived, lambda e: e.event == "transaction_consumption_request"
                )
            # Same frame, same columns; only the receive time is each client's own.
            assert relayed.columns()[1:] == received.columns()[1:]
            assert relayed.consumption_id is not None and relayed.summary
            # Relayed as columns and text: the window parses it only if something reads it.
            assert relayed._frame is None
            sent = engine_events.of(FrameSent)
            assert (sent[0].frame.topic, sent[0].frame.event) == (topic, "phx_join")
            final_state: ConnectionState = engine.state
            assert final_state is ConnectionState.OFFLINE
            assert engine.channels[topic] is ChannelState.CLOSED

    asyncio.run(scenario())


@contextlib.asynccontextmanager
async def burst_engine() -> AsyncIterator[tuple[Simulator, EngineClient, BurstRecorder]]:
    """A simulator sending a BURST-event burst, and an engine (not started) wanting the
    cashier's user topic, where every burst event arrives once."""
    config = SimulatorConfig(port=0, scenario="burst", rate=math.inf, burst_count=BURST)
    async with Simulator(config) as sim:
        events = BurstRecorder()
        engine = EngineClient(fast_config(sim.url, credentials(sim.info(), "cashier")), events)
        engine.join(f"user:{sim.world.cashier.id}")
        yield sim, engine, events


def assert_whole_burst_in_order(events: Recorder) -> None:
    frames = burst_frames(events)
    assert [json.loads(d.raw)["data"]["metadata"]["burst_seq"] for d in frames] == list(
        range(BURST)
    )


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(int(WAIT / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition did not come true")


def _maps_aiohttp(pid: int) -> bool:
    """True when the process has aiohttp's compiled parser mapped (it imported aiohttp)."""
    with open(f"/proc/{pid}/maps", encoding="utf-8") as maps:
        return "aiohttp" in maps.read()


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="reads /proc")
def test_an_engine_that_never_reconciles_never_loads_the_http_client() -> None:
    # Client credentials cannot list consumptions: nothing in the engine uses HTTP, and
    # aiohttp is a quarter of its memory.
    async def scenario() -> None:
        async with quiet() as sim:
            engine, events, topic = engine_on_request_channel(sim, "cashier")
            async with running(engine):
                await events.channel(topic, ChannelState.JOINED)
                assert engine.pid is not None
                assert not _maps_aiohttp(engine.pid)

    asyncio.run(scenario())


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="reads /proc")
def test_an_engine_with_admin_credentials_recovers_what_it_missed_over_http() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            engine, events, topic = engine_on_request_channel(sim, "admin")
            request_id = topic.split(":", 1)[1]
            async with running(engine):
                await events.channel(topic, ChannelState.JOINED)
                await sim.stop()
                await events.connection(ConnectionState.RECONNECTING)
                missed = await sim.create_consumption(request_id, consumer_index=1)
                await sim.start()
                recovered = await events.wait_for(ConsumptionRecovered)
                assert engine.pid is not None and _maps_aiohttp(engine.pid)
            assert recovered.consumption["id"] == missed["id"]
            assert recovered.topic == topic

    asyncio.run(scenario())


def test_a_burst_arrives_complete_and_in_order_across_batches() -> None:
    async def scenario() -> None:
        async with burst_engine() as (sim, engine, events), running(engine):
            await asyncio.wait_for(sim.wait_burst(), WAIT)
            await asyncio.wait_for(events.complete.wait(), WAIT)
        assert_whole_burst_in_order(events)

    asyncio.run(scenario())


class BurstRecorder(Recorder):
    """A recorder that says when the whole burst has arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.finalized = 0
        self.complete = asyncio.Event()

    def __call__(self, event: MonitorEvent) -> None:
        super().__call__(event)
        if isinstance(event, FrameReceived) and event.event == "transaction_consumption_finalized":
            self.finalized += 1
            if self.finalized == BURST:
                self.complete.set()


def burst_frames(events: Recorder) -> list[FrameReceived]:
    return [e for e in events.of(FrameReceived) if e.event == "transaction_consumption_finalized"]


def test_stop_returns_stopped_and_leaves_no_engine_process() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            engine, events, topic = engine_on_request_channel(sim, "cashier")
            task = asyncio.create_task(engine.run())
            await events.channel(topic, ChannelState.JOINED)
            pid = engine.pid
            assert pid is not None and engine_children()
            engine.stop()
            outcome = await asyncio.wait_for(task, WAIT)
            assert outcome.reason is OutcomeReason.STOPPED
            assert engine.pid is None
            assert not engine_children()
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
            last = events.of(ConnectionStateChanged)[-1]
            assert (last.state, last.detail) == (ConnectionState.OFFLINE, "stopped")

    asyncio.run(scenario())


def test_refused_credentials_give_the_same_outcome_as_a_plain_client() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            creds = credentials(sim.info(), "cashier")
            wrong = fast_config(sim.url, replace(creds, secret="canary-not-the-token"))
            events = Recorder()
            engine = EngineClient(wrong, events)
            outcome = await asyncio.wait_for(engine.run(), WAIT)
            expected = await asyncio.wait_for(MonitorClient(wrong).run(), WAIT)
            assert outcome == expected
            assert outcome.reason is OutcomeReason.REFUSED
            assert engine.state is ConnectionState.REFUSED
            assert engine.attempts == 1
            assert not engine_children()
            for event in events.events:
                assert "canary" not in repr(event)

    asyncio.run(scenario())


def test_a_killed_engine_is_reported_at_once_and_run_returns() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            engine, events, topic = engine_on_request_channel(sim, "cashier")
            task = asyncio.create_task(engine.run())
            await events.channel(topic, ChannelState.JOINED)
            assert engine.pid is not None
            os.kill(engine.pid, signal.SIGKILL)
            outcome = await asyncio.wait_for(task, WAIT)
            detail = "the connection engine stopped unexpectedly (exit code -9)"
            assert (outcome.reason, outcome.detail, outcome.code) == (
                OutcomeReason.RETRIES_EXHAUSTED,
                detail,
                ENGINE_STOPPED,
            )
            last = events.of(ConnectionStateChanged)[-1]
            assert (last.state, last.detail, last.code) == (
                ConnectionState.OFFLINE,
                detail,
                ENGINE_STOPPED,
            )
            assert engine.state is ConnectionState.OFFLINE
            assert engine.channels[topic] is ChannelState.CLOSED
            assert not engine_children()

    asyncio.run(scenario())


def test_leave_and_rejoin_reach_the_engine() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            engine, events, topic = engine_on_request_channel(sim, "consumer")
            async with running(engine):
                await events.channel(topic, ChannelState.REFUSED)
                mark = len(events.events)
                engine.rejoin(topic)
                assert await events.channel(topic, ChannelState.JOINING, mark) == (
                    "rejoin requested"
                )
                await events.channel(topic, ChannelState.REFUSED, mark)
                mark = len(events.events)
                engine.leave(topic)
                assert await events.channel(topic, ChannelState.CLOSED, mark) == "left"
            joins = [e for e in events.of(FrameSent) if e.frame.event == "phx_join"]
            assert len(joins) == 2

    asyncio.run(scenario())


def test_engine_log_records_reach_this_process_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> tuple[str, ...]:
        async with quiet() as sim:
            engine, events, topic = engine_on_request_channel(sim, "cashier")
            async with running(engine):
                await events.channel(topic, ChannelState.JOINED)
            return engine.config.credentials.secrets()

    secrets = asyncio.run(scenario())
    forwarded = [r for r in caplog.records if r.processName == "ewallet-engine"]
    # websockets logs the upgrade request's headers at DEBUG, Authorization included.
    headers = [r.getMessage() for r in forwarded if r.name.startswith("websockets")]
    assert any("Authorization" in message for message in headers)
    for record in forwarded:
        text = f"{record.getMessage()} {record.exc_text or ''}"
        for secret in secrets:
            assert secret not in text


def test_an_error_inside_the_engine_is_logged_and_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            # Accepted here, refused by the engine's client when it builds its backoff.
            config = fast_config(sim.url, credentials(sim.info(), "cashier"), backoff_steps=())
            events = Recorder()
            outcome = await asyncio.wait_for(EngineClient(config, events).run(), WAIT)
            assert outcome.reason is OutcomeReason.RETRIES_EXHAUSTED
            assert outcome.code == ENGINE_FAILED
            assert "ValueError" in outcome.detail
            last = events.of(ConnectionStateChanged)[-1]
            assert (last.state, last.code) == (ConnectionState.OFFLINE, ENGINE_FAILED)

    asyncio.run(scenario())
    failed = [r for r in caplog.records if r.getMessage() == "the connection engine failed"]
    assert failed and failed[0].levelno == logging.ERROR
    assert "ValueError" in (failed[0].exc_text or "")


def test_stop_before_run_returns_at_once_without_an_engine() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            engine, events, topic = engine_on_request_channel(sim, "cashier")
            engine.stop()
            outcome = await asyncio.wait_for(engine.run(), WAIT)
            assert outcome.reason is OutcomeReason.STOPPED
            assert not events.events and not engine_children()
            # The stop was spent on that run: the next one connects and joins.
            async with running(engine):
                await events.channel(topic, ChannelState.JOINED)

    asyncio.run(scenario())


def test_stop_while_the_engine_starts_ends_the_run() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            events = Recorder()
            engine = EngineClient(fast_config(sim.url, credentials(sim.info(), "cashier")), events)
            task = asyncio.create_task(engine.run())
            await asyncio.sleep(0)  # the process is being spawned
            assert engine.pid is not None
            engine.stop()
            outcome = await asyncio.wait_for(task, WAIT)
            assert outcome.reason is OutcomeReason.STOPPED
            assert not engine_children()

    asyncio.run(scenario())


def test_bad_topics_and_urls_raise_at_once_like_a_plain_client() -> None:
    creds = Credentials(AuthScheme.OMG_CLIENT, "key", "token-secret")
    engine = EngineClient(fast_config("ws://127.0.0.1:1/api/client/socket", creds))
    with pytest.raises(TopicError):
        engine.join("no-colon")
    with pytest.raises(UrlError):
        EngineClient(fast_config("ftp://example.com", creds))
    assert engine.redacted_url == MonitorClient(engine.config).redacted_url
    assert engine.tls_verified is None


def test_a_paused_intake_holds_the_events_back_and_loses_none() -> None:
    """The window's flow control: while ``intake_paused`` says so, nothing more is
    delivered; afterwards the whole burst arrives, in order."""

    async def scenario() -> None:
        async with burst_engine() as (_sim, engine, events):
            hold = True
            engine.intake_paused = lambda: hold and events.finalized >= 500
            async with running(engine):
                await until(lambda: events.finalized >= 500)
                await asyncio.sleep(0.5)
                held = events.finalized
                await asyncio.sleep(0.5)
                assert events.finalized == held < BURST  # nothing read while paused
                hold = False
                await asyncio.wait_for(events.complete.wait(), WAIT)
        assert_whole_burst_in_order(events)

    asyncio.run(scenario())


def test_stop_ends_a_run_whose_intake_is_paused() -> None:
    async def scenario() -> None:
        async with burst_engine() as (_sim, engine, events):
            engine.intake_paused = lambda: events.finalized >= 100  # never lets go
            task = asyncio.ensure_future(engine.run())
            await until(lambda: events.finalized >= 100)
            engine.stop()
            outcome = await asyncio.wait_for(task, WAIT)
            assert outcome.reason is OutcomeReason.STOPPED
            assert not engine_children()

    asyncio.run(scenario())
