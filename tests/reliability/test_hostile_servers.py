"""Servers that accept the upgrade and then misbehave: they never read, flood pings, or
say nothing at all; and servers that are not there. Loopback servers of our own, the real
client."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable

from websockets.asyncio.server import ServerConnection, serve

from ewallet_monitor.client import MonitorClient, OutcomeReason
from ewallet_monitor.protocol.events import ConnectionState, ConnectionStateChanged
from tests.client.harness import free_port
from tests.reliability.harness import (
    WAIT,
    Recorder,
    client_config,
    fake_credentials,
    record_figure,
    run,
)

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
# An unmasked server ping with the largest control payload (125 bytes).
PING = b"\x89\x7d" + b"p" * 125
TOPIC = "user:usr_01cbfg9qtdken61agxhx6wvj9h"


@contextlib.asynccontextmanager
async def raw_websocket_server(
    after_upgrade: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
) -> AsyncIterator[str]:
    """A loopback server that does the upgrade by hand, then runs ``after_upgrade``."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readuntil(b"\r\n\r\n")
        key = next(
            line.split(b":", 1)[1].strip()
            for line in request.split(b"\r\n")
            if line.lower().startswith(b"sec-websocket-key:")
        )
        accept = base64.b64encode(hashlib.sha1(key + _GUID.encode()).digest())
        writer.write(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n"
        )
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            await after_upgrade(reader, writer)
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"ws://127.0.0.1:{port}/api/client/socket"
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 5)


async def flood_pings_never_read(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    # Never reads again: what the client sends (its pongs, its heartbeats) piles up.
    while True:
        writer.write(PING * 64)
        await writer.drain()


def test_a_ping_flood_from_a_server_that_never_reads_is_a_dead_link_with_bounded_memory() -> None:
    heartbeat = 1.0  # the shortest the app allows
    figures: dict[str, float] = {}

    async def attempt(traced: bool) -> str:
        async with raw_websocket_server(flood_pings_never_read) as url:
            config = client_config(
                url, fake_credentials(), heartbeat_interval=heartbeat, max_retries=0
            )
            client = MonitorClient(config, Recorder())
            client.join(TOPIC)
            loop = asyncio.get_running_loop()
            started = loop.time()
            if traced:
                tracemalloc.start()
            try:
                # Bounded only so that a regression cannot hang the suite.
                outcome = await asyncio.wait_for(client.run(), 60 * heartbeat)
                if traced:
                    figures["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
            finally:
                if traced:
                    tracemalloc.stop()
            if not traced:
                figures["declared_dead_s"] = loop.time() - started
        assert outcome.reason is OutcomeReason.RETRIES_EXHAUSTED
        return outcome.detail

    async def scenario() -> None:
        # Untraced for the time it takes, traced (slow) for the memory it holds.
        for traced in (False, True):
            detail = await attempt(traced)
            # Whichever comes first: the unsent backlog, a send that cannot finish, or the
            # heartbeat that gets no reply.
            assert "not reading" in detail or "no reply to the heartbeat" in detail, detail

    run(scenario)
    record_figure("ping_flood_never_reads", **{k: round(v, 2) for k, v in figures.items()})
    assert figures["peak_mb"] < 16  # the unsent limit (1 MB) and the socket's own buffers


async def silent_websocket(connection: ServerConnection) -> None:
    """Upgrades, then never sends anything (no join reply, no heartbeat reply)."""
    await connection.wait_closed()


def test_max_retries_counts_attempts_that_upgrade_but_never_join() -> None:
    # Each attempt lasts two heartbeat intervals, longer than stable_after: before, such
    # an attempt reset the failure count and --max-retries never triggered.
    async def scenario() -> None:
        async with serve(silent_websocket, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            url = f"ws://127.0.0.1:{port}/api/client/socket"
            config = client_config(
                url,
                fake_credentials(),
                heartbeat_interval=1.0,
                stable_after=0.5,
                max_retries=1,
            )
            client = MonitorClient(config, Recorder())
            client.join(TOPIC)
            outcome = await asyncio.wait_for(client.run(), WAIT)
        assert outcome.reason is OutcomeReason.RETRIES_EXHAUSTED
        assert client.attempts == 2
        assert "gave up after 2 failed attempt(s)" in outcome.detail

    run(scenario)


def test_a_refused_connection_is_said_in_words() -> None:
    async def scenario() -> None:
        url = f"ws://127.0.0.1:{free_port()}/api/client/socket"
        events = Recorder()
        client = MonitorClient(client_config(url, fake_credentials(), max_retries=1), events)
        outcome = await asyncio.wait_for(client.run(), WAIT)
        assert outcome.reason is OutcomeReason.RETRIES_EXHAUSTED
        waiting = [
            event
            for event in events.events
            if isinstance(event, ConnectionStateChanged)
            and event.state is ConnectionState.RECONNECTING
        ]
        assert [event.detail for event in waiting] == ["connection refused"]
        assert waiting[0].retry_in is not None
        assert outcome.detail == "gave up after 2 failed attempt(s): connection refused"

    run(scenario)
