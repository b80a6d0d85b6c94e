"""Junk from the server is reported and the connection goes on (a tiny fake server)."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.server import ServerConnection, serve

from ewallet_monitor.client import MonitorClient
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    FrameReceived,
    InvalidFrameReceived,
)
from ewallet_monitor.protocol.frames import encode_server_frame
from tests.client.harness import UNIT, Recorder, fast_config, running

TOPIC = "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w"
FUTURE_FRAME = json.dumps(
    {
        "success": True,
        "version": "1",
        "data": {"object": "novelty", "amount": 2**70},
        "error": None,
        "topic": TOPIC,
        "event": "some_future_event",
        "ref": None,
        "shiny_new_key": [1, 2],
    }
)


async def junk_server(connection: ServerConnection) -> None:
    async for message in connection:
        frame = json.loads(message)
        await connection.send(encode_server_frame(frame["topic"], "phx_reply", frame["ref"]))
        if frame["event"] == "phx_join":
            await connection.send("this is not json")
            await connection.send(b"\x00\x01binary")
            await connection.send("[1, 2, 3]")
            await connection.send(json.dumps({"topic": TOPIC, "pad": "x" * 3000}))
            await connection.send(FUTURE_FRAME)


def test_undecodable_frames_are_reported_and_the_connection_goes_on() -> None:
    async def scenario() -> None:
        async with serve(junk_server, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            events = Recorder()
            config = fast_config(
                f"http://127.0.0.1:{port}",
                Credentials(AuthScheme.OMG_CLIENT, "key", "token"),
                max_frame_bytes=1000,
                heartbeat_interval=UNIT,
            )
            client = MonitorClient(config, events)
            client.join(TOPIC)
            async with running(client):
                await events.channel(TOPIC, ChannelState.JOINED)
                future = await events.wait_for(
                    FrameReceived, lambda e: e.frame.event == "some_future_event"
                )
                await events.wait_for(
                    FrameReceived, lambda e: e.frame.topic == "phoenix" and e.frame.ref != "1"
                )
                assert client.state is ConnectionState.CONNECTED
            reasons = [e.invalid.reason for e in events.of(InvalidFrameReceived)]
            assert len(reasons) == 4
            assert reasons[0].startswith("not JSON")
            assert reasons[1].startswith("binary frame")
            assert reasons[2] == "JSON list, expected an object"
            assert "exceeds the limit of 1000 bytes" in reasons[3]
            assert events.of(InvalidFrameReceived)[0].invalid.raw == "this is not json"
            assert future.frame.extra == {"shiny_new_key": [1, 2]}
            assert future.frame.data["amount"] == 2**70
            assert events.count_connected() == 1

    asyncio.run(scenario())


async def silent_on_joins(connection: ServerConnection) -> None:
    async for message in connection:
        frame = json.loads(message)
        if frame["event"] == "heartbeat":
            await connection.send(encode_server_frame("phoenix", "phx_reply", frame["ref"]))


def test_joins_without_reply_time_out_retry_and_then_fail() -> None:
    async def scenario() -> None:
        async with serve(silent_on_joins, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            events = Recorder()
            config = fast_config(
                f"http://127.0.0.1:{port}",
                Credentials(AuthScheme.OMG_CLIENT, "key", "token"),
                join_timeout=UNIT,
            )
            client = MonitorClient(config, events)
            client.join(TOPIC)
            async with running(client):
                reason = await events.channel(TOPIC, ChannelState.FAILED)
            errored = [
                e.reason for e in events.of(ChannelStateChanged) if e.state is ChannelState.ERRORED
            ]
            assert errored == ["no reply to the join within 0.1 s; retrying in 0.1 s"] * 2
            assert reason == "no reply to 3 joins in a row (0.1 s each); not rejoined"
            assert events.count_connected() == 1

    asyncio.run(scenario())
