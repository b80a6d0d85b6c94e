"""Frame rules on a live socket: heartbeat, idle close, joins, leave, errors (§3–§5)."""

import asyncio
import json

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from ewallet_monitor.protocol.frames import SERVER_FRAME_KEYS
from tests.simulator.helpers import (
    UNIT,
    join,
    join_ok,
    recv,
    request_id,
    run,
    send,
    silent,
    simulator,
    ws_connect,
)


async def close_code(ws: ClientConnection, within: float = 40 * UNIT) -> int | None:
    """Wait for the server to close; return its close code."""
    with pytest.raises(ConnectionClosed) as info:
        await asyncio.wait_for(ws.recv(), within)
    return info.value.rcvd.code if info.value.rcvd else None


def test_heartbeat_gets_a_phx_reply_on_phoenix_without_joining() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            await send(ws, "phoenix", "heartbeat", "7")
            reply = await recv(ws)
            assert set(reply) == set(SERVER_FRAME_KEYS)
            assert reply == {
                "success": True,
                "version": "1",
                "data": None,
                "error": None,
                "topic": "phoenix",
                "event": "phx_reply",
                "ref": "7",
            }

    run(scenario)


def test_heartbeat_replies_can_be_switched_off_while_the_socket_stays_open() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            sim.set_heartbeat_replies(False)
            await send(ws, "phoenix", "heartbeat", "1")
            assert await silent(ws)
            await join_ok(ws, f"user:{sim.world.cashier.id}")
            sim.set_heartbeat_replies(True)
            await send(ws, "phoenix", "heartbeat", "2")
            assert (await recv(ws))["ref"] == "2"

    run(scenario)


def test_idle_socket_is_closed_with_1000_and_inbound_data_keeps_it_open() -> None:
    async def scenario() -> None:
        async with simulator(idle_timeout=10 * UNIT) as sim:
            async with ws_connect(sim) as ws:
                for ref in range(4):  # 4 × 3 units > the idle timeout, yet it stays open
                    await asyncio.sleep(3 * UNIT)
                    await send(ws, "phoenix", "heartbeat", str(ref))
                    assert (await recv(ws))["ref"] == str(ref)
                assert await close_code(ws) == 1000
            # Heartbeats without replies still count as inbound data.
            sim.set_heartbeat_replies(False)
            async with ws_connect(sim) as ws:
                for ref in range(3):
                    await asyncio.sleep(3 * UNIT)
                    await send(ws, "phoenix", "heartbeat", str(ref))
                assert await close_code(ws) == 1000

    run(scenario)


def test_client_joins_only_what_it_owns() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            world = sim.world
            cashier, alice = world.cashier, world.consumers[0]
            mine = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            theirs = await sim.create_consumption(request_id(sim, "Coffee bar"), 1, 100)
            async with ws_connect(sim, "cashier") as ws:
                await join_ok(ws, f"user:{cashier.id}")
                await join_ok(ws, f"user:{cashier.provider_user_id}")
                await join_ok(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}")
                for topic in (
                    f"user:{alice.id}",
                    f"user:{alice.provider_user_id}",
                    f"transaction_request:{request_id(sim, 'Shop counter')}",  # the account's
                    "transaction_request:txr_01aaaaaaaaaaaaaaaaaaaaaaaa",  # does not exist
                    f"transaction_consumption:{mine['id']}",  # Alice made it, not the cashier
                ):
                    reply = await join(ws, topic, "r")
                    assert reply["success"] is False, topic
                    assert reply["error"]["code"] == "websocket:forbidden_channel"
                    assert reply["event"] == "phx_reply" and reply["ref"] == "r"
                    assert reply["data"] is None and reply["topic"] == topic
            async with ws_connect(sim, "consumer") as ws:
                await join_ok(ws, f"transaction_consumption:{mine['id']}")
                assert (await join(ws, f"transaction_consumption:{theirs['id']}"))["error"][
                    "code"
                ] == "websocket:forbidden_channel"

    run(scenario)


def test_admin_joins_every_existing_record_but_not_unknown_ones() -> None:
    async def scenario() -> None:
        async with simulator(channel_defect=False) as sim:
            world = sim.world
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 1, 100)
            async with ws_connect(sim, "admin") as ws:
                topics = [
                    f"user:{world.consumers[2].id}",
                    f"user:{world.consumers[2].provider_user_id}",
                    f"transaction_request:{request_id(sim, 'Crypto desk')}",
                    f"transaction_consumption:{made['id']}",
                    f"address:{world.wallet_of(world.consumers[1]).address}",
                ]
                for n, topic in enumerate(topics):
                    await join_ok(ws, topic, str(n))
                reply = await join(ws, "user:usr_01aaaaaaaaaaaaaaaaaaaaaaaa")
                assert reply["error"]["code"] == "websocket:forbidden_channel"

    run(scenario)


@pytest.mark.parametrize("topic", ["nonsense:1", "phoenix", "transactions:txr_1", "user"])
def test_unknown_topic_prefix_is_an_unmatched_topic(topic: str) -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            reply = await join(ws, topic, "5")
            assert reply["success"] is False and reply["ref"] == "5"
            assert reply["error"] == {
                "object": "error",
                "code": "websocket:connect_error",
                "description": "unmatched topic",
                "messages": None,
            }

    run(scenario)


@pytest.mark.parametrize("event", ["phx_leave", "heartbeat", "custom_event"])
def test_non_join_events_on_a_topic_not_joined_are_unmatched(event: str) -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            await send(ws, f"user:{sim.world.cashier.id}", event, "3")
            reply = await recv(ws)
            assert reply["error"]["code"] == "websocket:connect_error"
            assert reply["ref"] == "3"

    run(scenario)


def test_leave_replies_then_closes_with_the_join_ref() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            topic = f"transaction_request:{request_id(sim, 'Coffee bar')}"
            await join_ok(ws, topic, "join-1")
            await send(ws, topic, "phx_leave", "leave-2")
            reply, close = await recv(ws), await recv(ws)
            assert (reply["event"], reply["ref"], reply["success"]) == (
                "phx_reply",
                "leave-2",
                True,
            )
            assert close == {
                "success": False,
                "version": "1",
                "data": None,
                "error": None,
                "topic": topic,
                "event": "phx_close",
                "ref": "join-1",
            }
            # Left: no more events, and a second leave is unmatched.
            await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            assert await silent(ws)
            await send(ws, topic, "phx_leave", "leave-3")
            assert (await recv(ws))["error"]["code"] == "websocket:connect_error"

    run(scenario)


def test_rejoin_replaces_the_old_join_and_events_arrive_once() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            topic = f"transaction_request:{request_id(sim, 'Coffee bar')}"
            await join_ok(ws, topic, "1")
            await join_ok(ws, topic, "2")
            late = await recv(ws)
            assert (late["event"], late["ref"], late["error"]) == ("phx_close", "1", None)
            await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            event = await recv(ws)
            assert event["event"] == "transaction_consumption_request"
            assert await silent(ws)

    run(scenario)


def test_custom_events_and_join_data_on_a_joined_channel() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            topic = f"user:{sim.world.cashier.id}"
            await send(ws, topic, "phx_join", "1", {"anything": [1, 2]})
            assert (await recv(ws))["success"] is True
            await send(ws, topic, "whatever", "2", {"x": 1})
            assert await silent(ws)
            # null ref is allowed and echoed
            await send(ws, "phoenix", "heartbeat", None)
            assert (await recv(ws))["ref"] is None

    run(scenario)


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        json.dumps([{"topic": "phoenix", "event": "heartbeat", "ref": "1", "data": {}}]),
        json.dumps({"topic": "phoenix", "event": "heartbeat", "data": {}}),  # no ref
        json.dumps({"event": "heartbeat", "ref": "1", "data": {}}),  # no topic
    ],
)
def test_a_malformed_frame_closes_the_connection_with_1011(text: str) -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            await ws.send(text)
            assert await close_code(ws) == 1011

    run(scenario)


def test_binary_frame_closes_with_1011() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            await ws.send(b'{"topic":"phoenix","event":"heartbeat","ref":"1","data":{}}')
            assert await close_code(ws) == 1011

    run(scenario)


@pytest.mark.parametrize(
    ("who", "kind"), [("cashier", "address"), ("admin", "address"), ("cashier", "account")]
)
def test_the_channel_defect_closes_the_whole_socket_with_1011(who: str, kind: str) -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, who) as ws:
            world = sim.world
            await join_ok(ws, f"user:{world.cashier.id}")
            target = (
                world.wallet_of(world.cashier).address if kind == "address" else world.account.id
            )
            await send(ws, f"{kind}:{target}", "phx_join", "2")
            assert await close_code(ws) == 1011

    run(scenario)


def test_admin_account_channel_has_no_defect() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim, "admin_user") as ws:
            await join_ok(ws, f"account:{sim.world.account.id}")

    run(scenario)


def test_without_the_defect_address_and_account_are_working_channels() -> None:
    async def scenario() -> None:
        async with simulator(channel_defect=False) as sim, ws_connect(sim, "cashier") as ws:
            world = sim.world
            own = world.wallet_of(world.cashier).address
            await join_ok(ws, f"address:{own}")
            other = world.wallet_of(world.consumers[0]).address
            assert (await join(ws, f"address:{other}"))["error"]["code"] == (
                "websocket:forbidden_channel"
            )
            # End users are no account members: refused, but the socket lives.
            reply = await join(ws, f"account:{world.account.id}")
            assert reply["error"]["code"] == "websocket:forbidden_channel"
            await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            event = await recv(ws)
            assert (event["topic"], event["event"]) == (
                f"address:{own}",
                "transaction_consumption_request",
            )

    run(scenario)


def test_drop_connections_closes_sockets_and_keeps_serving() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            async with ws_connect(sim) as ws:
                await sim.drop_connections()
                assert await close_code(ws) == 1011
            async with ws_connect(sim) as ws:
                await sim.drop_connections(1001)
                assert await close_code(ws) == 1001
            async with ws_connect(sim) as ws:
                await send(ws, "phoenix", "heartbeat", "1")
                assert (await recv(ws))["ref"] == "1"

    run(scenario)


def test_restart_listens_again_on_the_same_port_and_keeps_the_data() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            port = sim.port
            made = await sim.create_consumption(request_id(sim, "Coffee bar"), 0, 100)
            async with ws_connect(sim) as ws:
                await sim.restart()
                assert await close_code(ws) == 1001
            assert sim.port == port
            async with ws_connect(sim, "consumer") as ws:
                await join_ok(ws, f"transaction_consumption:{made['id']}")

    run(scenario)
