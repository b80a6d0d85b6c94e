"""Channel processes that crash (docs/protocol-notes.md §5): ``phx_error`` on a joined channel, a
"join crashed" reply to a join, both transient; and a client frame without ``data``."""

import json

from tests.simulator.helpers import (
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

UNMATCHED = {"code": "websocket:connect_error", "description": "unmatched topic"}


def test_a_crashed_channel_sends_phx_error_with_the_join_ref_and_must_be_rejoined() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws, ws_connect(sim) as other:
            coffee = request_id(sim, "Coffee bar")
            topic = f"transaction_request:{coffee}"
            await join_ok(ws, topic, "7")
            await join_ok(other, f"user:{sim.world.cashier.id}", "3")
            assert sim.crash_channels(topic) == 1
            frame = await recv(ws)
            assert (frame["event"], frame["topic"], frame["ref"]) == ("phx_error", topic, "7")
            assert (frame["success"], frame["error"], frame["data"]) == (False, None, None)
            # The channel is gone: its events no longer arrive, a leave is unmatched.
            await sim.create_consumption(coffee, 0, 100)
            assert await silent(ws)
            await send(ws, topic, "phx_leave", "8")
            reply = await recv(ws)
            assert {k: reply["error"][k] for k in ("code", "description")} == UNMATCHED
            # The other socket's channel did not crash.
            assert (await recv(other))["event"] == "transaction_consumption_request"
            await join_ok(ws, topic, "9")
            await sim.create_consumption(coffee, 0, 100)
            assert (await recv(ws))["event"] == "transaction_consumption_request"

    run(scenario)


def test_channel_crash_interval_crashes_every_joined_channel() -> None:
    async def scenario() -> None:
        async with simulator(channel_crash_interval=0.1) as sim, ws_connect(sim) as ws:
            await send(ws, f"user:{sim.world.cashier.id}", "phx_join", "1")
            await send(ws, f"transaction_request:{request_id(sim, 'Coffee bar')}", "phx_join", "2")
            # A tick may fall between the two joins: read until both channels crashed.
            errors: set[str] = set()
            replies = 0
            while len(errors) < 2:
                frame = await recv(ws)
                if frame["event"] == "phx_reply":
                    assert frame["success"] is True
                    replies += 1
                else:
                    assert frame["event"] == "phx_error"
                    errors.add(frame["ref"])
            assert (errors, replies) == ({"1", "2"}, 2)

    run(scenario)


def test_a_join_that_crashes_answers_join_crashed_and_the_next_join_works() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            topic = f"user:{sim.world.cashier.id}"
            sim.crash_next_joins(1, topic)
            reply = await join(ws, topic, "1")
            assert (reply["event"], reply["ref"], reply["success"]) == ("phx_reply", "1", False)
            assert (reply["error"]["code"], reply["error"]["description"]) == (
                "websocket:connect_error",
                "join crashed",
            )
            await join_ok(ws, topic, "2")

    run(scenario)


def test_join_crashes_option_crashes_the_first_joins_of_every_topic() -> None:
    async def scenario() -> None:
        async with simulator(join_crashes=2) as sim, ws_connect(sim) as ws:
            for topic in (
                f"user:{sim.world.cashier.id}",
                f"transaction_request:{request_id(sim, 'Coffee bar')}",
            ):
                for ref in ("1", "2"):
                    reply = await join(ws, topic, ref)
                    assert reply["error"]["description"] == "join crashed"
                await join_ok(ws, topic, "3")

    run(scenario)


def test_a_client_frame_without_data_is_accepted() -> None:
    async def scenario() -> None:
        async with simulator() as sim, ws_connect(sim) as ws:
            await ws.send(json.dumps({"topic": "phoenix", "event": "heartbeat", "ref": "1"}))
            reply = await recv(ws)
            assert (reply["event"], reply["ref"], reply["success"]) == ("phx_reply", "1", True)
            topic = f"user:{sim.world.cashier.id}"
            await ws.send(json.dumps({"topic": topic, "event": "phx_join", "ref": "2"}))
            assert (await recv(ws))["success"] is True

    run(scenario)
