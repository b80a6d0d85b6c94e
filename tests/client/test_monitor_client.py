"""The socket client against the simulator over real sockets on port 0."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from dataclasses import replace

import pytest

from ewallet_monitor.client import MonitorClient, OutcomeReason
from ewallet_monitor.protocol.errors import CREDENTIALS_STOPPED_WORKING, INVALID_VERSION
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    FrameSent,
    GapRecorded,
    HeartbeatMeasured,
    MonitorEvent,
    MonitorNotice,
)
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.protocol.topics import TopicError
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from tests.client.harness import (
    UNIT,
    WAIT,
    Recorder,
    confirming_request,
    credentials,
    fast_config,
    free_port,
    running,
)


def reason_is(topic: str, reason: str) -> Callable[[ChannelStateChanged], bool]:
    return lambda event: event.topic == topic and event.reason == reason


def quiet() -> Simulator:
    return Simulator(SimulatorConfig(port=0, scenario="quiet"))


def test_joins_a_channel_and_receives_its_events() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            topic = f"transaction_request:{request['id']}"
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, credentials(info, "cashier")), events)
            client.join(topic)
            assert client.channels == {topic: ChannelState.CLOSED}
            async with running(client):
                assert await events.channel(topic, ChannelState.JOINING) == "joining"
                assert await events.channel(topic, ChannelState.JOINED) == "joined"
                assert client.state is ConnectionState.CONNECTED
                created = await sim.create_consumption(request["id"])
                frame = await events.wait_for(
                    FrameReceived, lambda e: e.frame.event == "transaction_consumption_request"
                )
            assert frame.frame.topic == topic
            assert frame.frame.ref is None
            assert frame.frame.data["id"] == created["id"]
            sent = [e.frame for e in events.of(FrameSent)]
            assert (sent[0].topic, sent[0].event, sent[0].ref) == (topic, "phx_join", "1")
            # run() ended: offline, channel closed but still wanted.
            final_state: ConnectionState = client.state
            assert final_state is ConnectionState.OFFLINE
            assert client.channels[topic] is ChannelState.CLOSED
            assert client.channel_reason(topic) == "monitor stopped"

    asyncio.run(scenario())


def test_a_forbidden_join_is_refused_once_and_never_retried() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            topic = f"transaction_request:{confirming_request(info)['id']}"
            events = Recorder()
            # The consumer does not own the cashier's request.
            client = MonitorClient(fast_config(sim.url, credentials(info, "consumer")), events)
            client.join(topic)
            async with running(client):
                reason = await events.channel(topic, ChannelState.REFUSED)
                await sim.drop_connections(1000)
                await events.wait_for(
                    ConnectionStateChanged,
                    lambda e: e.state is ConnectionState.CONNECTED,
                    after=len(events.events),
                )
                await asyncio.sleep(3 * UNIT)
            assert "websocket:forbidden_channel" in reason
            joins = [e for e in events.of(FrameSent) if e.frame.event == "phx_join"]
            assert len(joins) == 1
            assert client.channels[topic] is ChannelState.REFUSED

    asyncio.run(scenario())


def test_the_1011_defect_fails_that_channel_and_the_others_come_back() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            good = f"transaction_request:{request['id']}"
            bad = f"address:{request['address']}"
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, credentials(info, "admin")), events)
            client.join(good)
            async with running(client):
                await events.channel(good, ChannelState.JOINED)
                client.join(bad)
                reason = await events.channel(bad, ChannelState.FAILED)
                await events.wait_for(
                    ChannelStateChanged,
                    lambda e: e.topic == good and e.reason == "rejoined",
                )
                await asyncio.sleep(5 * UNIT)  # no further reconnect loop
                assert events.count_connected() == 2
                assert client.channels == {good: ChannelState.JOINED, bad: ChannelState.FAILED}
            assert "1011" in reason
            lost = [e for e in events.of(ConnectionStateChanged) if "1011" in e.detail]
            assert lost and lost[0].state is ConnectionState.RECONNECTING

    asyncio.run(scenario())


def test_leave_sends_phx_leave_and_closes_the_channel() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            topic = f"transaction_request:{confirming_request(info)['id']}"
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, credentials(info, "cashier")), events)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.JOINED)
                mark = len(events.events)
                client.leave(topic)
                assert client.channels[topic] is ChannelState.LEAVING
                assert await events.channel(topic, ChannelState.CLOSED, mark) == "left"
                await sim.drop_connections(1000)
                mark = len(events.events)
                await events.connection(ConnectionState.CONNECTED, after=mark)
                await asyncio.sleep(2 * UNIT)
            leaves = [e.frame for e in events.of(FrameSent) if e.frame.event == "phx_leave"]
            assert [f.topic for f in leaves] == [topic]
            joins = [e for e in events.of(FrameSent) if e.frame.event == "phx_join"]
            assert len(joins) == 1  # not rejoined after the reconnect

    asyncio.run(scenario())


def test_rejoin_retries_a_failed_channel_on_request() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            topic = f"transaction_request:{confirming_request(info)['id']}"
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, credentials(info, "consumer")), events)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.REFUSED)
                mark = len(events.events)
                client.rejoin(topic)
                assert await events.channel(topic, ChannelState.JOINING, mark) == (
                    "rejoin requested"
                )
                await events.channel(topic, ChannelState.REFUSED, mark)

    asyncio.run(scenario())


def test_a_heartbeat_without_reply_means_dead_and_the_client_reconnects() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            topic = f"transaction_request:{confirming_request(info)['id']}"
            events = Recorder()
            config = fast_config(sim.url, credentials(info, "cashier"), heartbeat_interval=2 * UNIT)
            client = MonitorClient(config, events)
            client.join(topic)
            async with running(client):
                measured = await events.wait_for(HeartbeatMeasured)
                assert client.rtt_ms is not None and measured.rtt_ms >= 0
                sim.set_heartbeat_replies(False)
                dead = await events.wait_for(
                    ConnectionStateChanged,
                    lambda e: e.state is ConnectionState.RECONNECTING,
                )
                sim.set_heartbeat_replies(True)
                mark = len(events.events)
                await events.channel(topic, ChannelState.JOINED, mark)
            assert "no reply to the heartbeat within 0.2 s" in dead.detail
            assert dead.retry_in is not None

    asyncio.run(scenario())


def test_a_server_restart_is_survived_with_every_channel_rejoined_and_a_gap() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            topics = [
                f"transaction_request:{request['id']}",
                f"user:{request['owner_user_id']}",
            ]
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, credentials(info, "cashier")), events)
            for topic in topics:
                client.join(topic)
            async with running(client):
                for topic in topics:
                    await events.channel(topic, ChannelState.JOINED)
                await sim.restart()
                for topic in topics:
                    await events.wait_for(ChannelStateChanged, reason_is(topic, "rejoined"))
                gap = await events.wait_for(GapRecorded)
                notice = await events.wait_for(MonitorNotice)
            assert set(gap.channels) == set(topics)
            assert gap.start <= gap.end
            assert gap.recoverable is False  # client credentials: no list endpoint
            assert notice.level == "warning" and "cannot be recovered" in notice.text
            errored = [e for e in events.of(ChannelStateChanged) if e.state is ChannelState.ERRORED]
            assert {e.topic for e in errored} == set(topics)
            assert all("will rejoin" in e.reason for e in errored)

    asyncio.run(scenario())


def test_a_consumption_made_while_disconnected_is_recovered_with_admin_credentials() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            topic = f"transaction_request:{request['id']}"
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, credentials(info, "admin")), events)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.JOINED)
                seen_live = await sim.create_consumption(request["id"], consumer_index=0)
                await events.wait_for(
                    FrameReceived, lambda e: e.frame.event == "transaction_consumption_request"
                )
                await sim.stop()
                await events.connection(ConnectionState.RECONNECTING)
                missed = await sim.create_consumption(request["id"], consumer_index=1)
                await sim.start()
                recovered = await events.wait_for(ConsumptionRecovered)
                gap = await events.wait_for(GapRecorded)
                await asyncio.sleep(3 * UNIT)
            assert recovered.consumption["id"] == missed["id"]
            assert recovered.topic == topic
            assert gap.recoverable is True and gap.channels == (topic,)
            ids = [e.consumption["id"] for e in events.of(ConsumptionRecovered)]
            assert ids == [missed["id"]]  # the one seen live is not reported again
            assert seen_live["id"] not in ids

    asyncio.run(scenario())


def test_reconciliation_reads_every_page_of_the_missed_consumptions() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            topic = f"transaction_request:{request['id']}"
            events = Recorder()
            # Two a page: the five missed ones span three pages of start_after paging.
            config = fast_config(sim.url, credentials(info, "admin"), reconcile_per_page=2)
            client = MonitorClient(config, events)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.JOINED)
                await sim.stop()
                await events.connection(ConnectionState.RECONNECTING)
                missed = [await sim.create_consumption(request["id"], 0) for _ in range(5)]
                await sim.start()
                for consumption in missed:
                    await events.wait_for(
                        ConsumptionRecovered,
                        lambda e, cid=consumption["id"]: e.consumption["id"] == cid,
                    )
            notices = [n.text for n in events.of(MonitorNotice) if "incomplete" in n.text]
            assert notices == []

    asyncio.run(scenario())


def test_reconciliation_that_must_stop_says_so() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            topic = f"transaction_request:{request['id']}"
            for _ in range(5):
                await sim.create_consumption(request["id"], 0)
            events = Recorder()
            config = fast_config(
                sim.url, credentials(info, "admin"), reconcile_per_page=2, reconcile_max_pages=2
            )
            client = MonitorClient(config, events)
            client.join(topic)
            async with running(client):
                notice = await events.wait_for(
                    MonitorNotice, lambda n: n.details.get("code") == "reconcile_incomplete"
                )
            assert "stopped after 2 page(s) (4 consumptions read)" in notice.text
            assert notice.level == "warning"
            assert len(events.of(ConsumptionRecovered)) == 4

    asyncio.run(scenario())


def test_an_account_channel_refused_to_key_pairs_says_a_global_role_is_needed() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            topic = f"account:{info['account_id']}"
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, credentials(info, "admin")), events)
            client.join(topic)
            async with running(client):
                refused = await events.channel(topic, ChannelState.REFUSED)
            assert "global super_admin or admin role" in refused

    asyncio.run(scenario())


def test_a_join_that_crashes_on_the_server_is_rejoined_with_backoff() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            topic = f"transaction_request:{request['id']}"
            sim.crash_next_joins(2, topic)
            events = Recorder()
            config = fast_config(
                sim.url, credentials(info, "cashier"), rejoin_steps=(0.1 * UNIT, 0.2 * UNIT)
            )
            client = MonitorClient(config, events)
            client.join(topic)
            async with running(client):
                await events.channel(topic, ChannelState.JOINED)
            errored = [
                e.reason
                for e in events.of(ChannelStateChanged)
                if e.topic == topic and e.state is ChannelState.ERRORED
            ]
            assert len(errored) == 2
            assert all("crashed on the server while joining" in reason for reason in errored)
            assert [r.rsplit("rejoining in ", 1)[1] for r in errored] == [
                f"{0.1 * UNIT:g} s",
                f"{0.2 * UNIT:g} s",
            ]
            refused = [e for e in events.of(ChannelStateChanged) if e.state is ChannelState.REFUSED]
            assert refused == []

    asyncio.run(scenario())


def test_wrong_credentials_are_refused_without_a_retry_storm() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            creds = credentials(info, "cashier")
            wrong = replace(creds, secret="canary-not-the-token")
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, wrong), events)
            outcome = await asyncio.wait_for(client.run(), WAIT)
            assert outcome.reason is OutcomeReason.REFUSED
            assert outcome.code == "http_403"
            assert "OMGClient" in outcome.detail and "/api/client/socket" in outcome.detail
            assert client.attempts == 1
            assert client.state is ConnectionState.REFUSED
            for event in events.events:
                assert "canary" not in repr(event)

    asyncio.run(scenario())


def test_a_token_logged_out_while_connected_is_refused_at_the_reconnect_as_expired() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            creds = credentials(info, "cashier")
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, creds), events)
            async with running(client):
                await events.connection(ConnectionState.CONNECTED)
                sim.expire_token(creds.secret)  # the open socket stays open
                await sim.restart()
                refused = await events.connection(ConnectionState.REFUSED)
            assert refused.code == CREDENTIALS_STOPPED_WORKING
            assert "token may have expired or been logged out" in refused.detail
            assert creds.secret not in refused.detail

    asyncio.run(scenario())


@pytest.mark.parametrize("in_query", [False, True])
def test_a_wrong_api_version_is_refused_for_good(in_query: bool) -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            config = fast_config(
                sim.url,
                credentials(info, "admin"),
                accept="application/vnd.omisego.v9+json",
                auth_in_query=in_query,
            )
            client = MonitorClient(config)
            outcome = await asyncio.wait_for(client.run(), WAIT)
            assert outcome.reason is OutcomeReason.REFUSED
            assert outcome.code == INVALID_VERSION
            assert "Invalid API version" in outcome.detail
            assert client.attempts == 1
            for secret in config.credentials.secrets():
                assert secret not in outcome.detail

    asyncio.run(scenario())


def test_an_unreachable_server_gives_up_after_max_retries() -> None:
    async def scenario() -> None:
        from ewallet_monitor.protocol.auth import AuthScheme, Credentials

        creds = Credentials(AuthScheme.OMG_CLIENT, "key", "secret")
        events = Recorder()
        config = fast_config(f"http://127.0.0.1:{free_port()}", creds, max_retries=2)
        client = MonitorClient(config, events)
        outcome = await asyncio.wait_for(client.run(), WAIT)
        assert outcome.reason is OutcomeReason.RETRIES_EXHAUSTED
        assert client.attempts == 3
        retrying = [e for e in events.of(ConnectionStateChanged) if e.retry_in is not None]
        assert len(retrying) == 2
        assert retrying[0].detail == "connection refused"

    asyncio.run(scenario())


def test_join_validates_the_topic() -> None:
    from ewallet_monitor.protocol.auth import AuthScheme, Credentials

    client = MonitorClient(
        fast_config("http://127.0.0.1:1", Credentials(AuthScheme.OMG_CLIENT, "k", "s"))
    )
    with pytest.raises(TopicError, match="unknown channel kind"):
        client.join("wallet:abc")
    assert client.channels == {}
    assert client.endpoints.socket_url == "ws://127.0.0.1:1/api/client/socket"
    assert client.api.admin is False


def test_a_1011_with_several_joins_in_flight_is_pinned_on_the_right_channel() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            info = sim.info()
            request = confirming_request(info)
            good = [f"transaction_request:{request['id']}", f"user:{request['owner_user_id']}"]
            bad = f"address:{request['address']}"
            events = Recorder()
            client = MonitorClient(fast_config(sim.url, credentials(info, "admin")), events)
            for topic in [*good, bad]:
                client.join(topic)  # all three go out together on the first connection
            async with running(client):
                await events.channel(bad, ChannelState.FAILED)
                for topic in good:
                    await events.channel(topic, ChannelState.JOINED)
                await asyncio.sleep(3 * UNIT)
                assert client.channels == {
                    good[0]: ChannelState.JOINED,
                    good[1]: ChannelState.JOINED,
                    bad: ChannelState.FAILED,
                }
                assert client.state is ConnectionState.CONNECTED

    asyncio.run(scenario())


def test_stop_before_run_started_still_stops_it() -> None:
    async def scenario() -> None:
        async with quiet() as sim:
            client = MonitorClient(fast_config(sim.url, credentials(sim.info(), "cashier")))
            task = asyncio.create_task(client.run())
            client.stop()
            outcome = await asyncio.wait_for(task, WAIT)
            assert outcome.reason is OutcomeReason.STOPPED
            # The next run is not affected by the old stop.
            async with running(client):
                await asyncio.sleep(UNIT)
                assert client.state is ConnectionState.CONNECTED

    asyncio.run(scenario())


def test_reprs_never_show_the_secret() -> None:
    from ewallet_monitor.protocol.auth import AuthScheme, Credentials

    creds = Credentials(AuthScheme.OMG_PROVIDER, "access", "canary-secret-xyz")
    config = fast_config("http://127.0.0.1:1", creds, auth_in_query=True)
    client = MonitorClient(config)
    for text in (repr(config), repr(client), repr(client.api), client.redacted_url):
        for secret in creds.secrets():
            assert secret not in text
    assert "headers%5BAuthorization%5D=[redacted]" in client.redacted_url


def test_a_paused_intake_takes_no_frame_until_it_lets_go_and_loses_none() -> None:
    """``intake_paused`` (the owner's flow control, as on ``EngineClient``): while it says
    so no frame is taken off the socket; afterwards the whole burst arrives, in order."""
    count = 2000

    async def scenario() -> None:
        config = SimulatorConfig(port=0, scenario="burst", rate=math.inf, burst_count=count)
        async with Simulator(config) as sim:
            finalized: list[str] = []
            hold = True

            def on_event(event: MonitorEvent) -> None:
                if isinstance(event, FrameReceived) and event.frame.event == CONSUMPTION_FINALIZED:
                    finalized.append(event.frame.data["metadata"]["burst_seq"])

            client = MonitorClient(
                fast_config(sim.url, credentials(sim.info(), "cashier")), on_event
            )
            client.intake_paused = lambda: hold and len(finalized) >= 300
            client.join(f"user:{sim.world.cashier.id}")
            async with running(client):
                for _ in range(int(WAIT / 0.01)):
                    if len(finalized) >= 300:
                        break
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.3)
                assert len(finalized) == 300  # not one more frame taken
                hold = False
                for _ in range(int(WAIT / 0.01)):
                    if len(finalized) == count:
                        break
                    await asyncio.sleep(0.01)
            assert finalized == list(range(count))

    asyncio.run(scenario())


def test_stop_ends_a_run_whose_intake_is_paused() -> None:
    async def scenario() -> None:
        config = SimulatorConfig(port=0, scenario="burst", rate=math.inf, burst_count=2000)
        async with Simulator(config) as sim:
            finalized: list[object] = []

            def on_event(event: MonitorEvent) -> None:
                if isinstance(event, FrameReceived) and event.frame.event == CONSUMPTION_FINALIZED:
                    finalized.append(event)

            client = MonitorClient(
                fast_config(sim.url, credentials(sim.info(), "cashier")), on_event
            )
            client.intake_paused = lambda: len(finalized) >= 100  # never lets go
            client.join(f"user:{sim.world.cashier.id}")
            task = asyncio.ensure_future(client.run())
            for _ in range(int(WAIT / 0.01)):
                if len(finalized) >= 100:
                    break
                await asyncio.sleep(0.01)
            client.stop()
            outcome = await asyncio.wait_for(task, WAIT)
            assert outcome.reason is OutcomeReason.STOPPED

    asyncio.run(scenario())


def test_paused_reading_takes_no_frame_until_resumed_and_loses_none() -> None:
    count = 2000

    async def scenario() -> None:
        config = SimulatorConfig(port=0, scenario="burst", rate=math.inf, burst_count=count)
        async with Simulator(config) as sim:
            finalized: list[str] = []
            client: MonitorClient | None = None

            def on_event(event: MonitorEvent) -> None:
                if isinstance(event, FrameReceived) and event.frame.event == CONSUMPTION_FINALIZED:
                    finalized.append(event.frame.data["metadata"]["burst_seq"])
                    if len(finalized) == 300:
                        assert client is not None
                        client.pause_reading()

            client = MonitorClient(
                fast_config(sim.url, credentials(sim.info(), "cashier")), on_event
            )
            client.join(f"user:{sim.world.cashier.id}")
            async with running(client):
                for _ in range(int(WAIT / 0.01)):
                    if len(finalized) >= 300:
                        break
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.3)
                assert client.reading_paused
                assert len(finalized) == 300  # not one more frame taken
                client.resume_reading()
                for _ in range(int(WAIT / 0.01)):
                    if len(finalized) == count:
                        break
                    await asyncio.sleep(0.01)
            assert finalized == list(range(count))

    asyncio.run(scenario())
