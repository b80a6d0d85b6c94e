"""A tiny raw ``websockets`` server that plays an eWallet socket badly on purpose, and a
rig that keeps it and a real :class:`MonitorClient` (feeding a real ``listen`` printer and
a real :class:`EventStore`) running on a background loop, so property-based tests can push
thousands of messages through one live connection."""

from __future__ import annotations

import asyncio
import io
import json
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from websockets.asyncio.server import Server, ServerConnection, serve

from ewallet_monitor.app.listen_command import LinePrinter
from ewallet_monitor.client import MonitorClient, RunOutcome
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    FrameReceived,
    InvalidFrameReceived,
    MonitorEvent,
)
from ewallet_monitor.protocol.frames import encode_server_frame
from ewallet_monitor.store import EventStore
from tests.reliability.harness import UNIT, WAIT, client_config, fake_credentials

T = TypeVar("T")

TOPIC = "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w"
SENTINEL_EVENT = "reliability_sentinel"

Message = str | bytes


class FakeSocketServer:
    """Answers every join and heartbeat with an ok ``phx_reply``; :meth:`push` sends raw
    messages, exactly as given, to the latest connection."""

    def __init__(self) -> None:
        self.connections: list[ServerConnection] = []
        self.connected = asyncio.Event()
        self._server: Server | None = None

    async def start(self) -> None:
        self._server = await serve(self._handle, "127.0.0.1", 0, max_size=None)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def _handle(self, connection: ServerConnection) -> None:
        self.connections.append(connection)
        self.connected.set()
        async for message in connection:
            frame = json.loads(message)
            await connection.send(encode_server_frame(frame["topic"], "phx_reply", frame["ref"]))

    async def push(self, *messages: Message) -> None:
        connection = self.connections[-1]
        for message in messages:
            await connection.send(message)


def sentinel(number: int) -> str:
    return encode_server_frame(TOPIC, SENTINEL_EVENT, None, {"n": number})


class FuzzRig:
    """Server + client + printer + store on a background loop; :meth:`deliver` pushes
    messages and returns the monitor events they caused, once a sentinel frame sent after
    them has arrived (so a freeze or a lost connection fails the caller)."""

    def __init__(self, tmp: Path, **config: Any) -> None:
        self.server = FakeSocketServer()
        self.events: list[MonitorEvent] = []
        self.stdout = io.StringIO()
        self.stderr = io.StringIO()
        self.tmp = tmp
        self.config_overrides = config
        self.store: EventStore | None = None
        self.pushed = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._sentinels = 0
        self._client: MonitorClient | None = None
        self._run: asyncio.Task[RunOutcome] | None = None

    def __enter__(self) -> FuzzRig:
        self._thread.start()
        self.call(self._start())
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.call(self._stop())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(WAIT)
            self._loop.close()
            if self.store is not None:
                self.store.close()

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(WAIT * 2)

    async def _start(self) -> None:
        await self.server.start()
        credentials = fake_credentials()
        self.store = EventStore(self.tmp / "events.sqlite3", secrets=credentials.secrets())
        printer = LinePrinter(self.stdout, self.stderr, credentials.secrets())

        def on_event(event: MonitorEvent) -> None:
            self.events.append(event)
            printer(event)
            assert self.store is not None
            self.store.record(event)

        config = client_config(self.server.url, credentials, **self.config_overrides)
        self._client = MonitorClient(config, on_event)
        self._client.join(TOPIC)
        self._run = asyncio.get_running_loop().create_task(self._client.run())
        await self._wait(
            lambda: any(
                isinstance(e, ChannelStateChanged) and e.state is ChannelState.JOINED
                for e in self.events
            )
        )

    async def _stop(self) -> None:
        if self._client is not None and self._run is not None:
            self._client.stop()
            await asyncio.wait_for(self._run, WAIT)
        await self.server.stop()

    async def _wait(self, condition: Any) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while not condition():
            if loop.time() > deadline:
                raise AssertionError(f"timed out; last events: {self.events[-5:]!r}"[:3000])
            await asyncio.sleep(UNIT / 20)

    def deliver(self, messages: list[Message]) -> list[str]:
        """Push ``messages`` then a sentinel; return, per message, ``"frame"`` or
        ``"invalid"``: what the monitor made of it. Fails when a message produced no
        event, two events, or events out of order."""
        return self.call(self._deliver(messages))

    async def _deliver(self, messages: list[Message]) -> list[str]:
        self._sentinels += 1
        number = self._sentinels
        start = len(self.events)
        await self.server.push(*messages, sentinel(number))
        self.pushed += len(messages)

        def is_sentinel(event: MonitorEvent) -> bool:
            return (
                isinstance(event, FrameReceived)
                and event.frame.event == SENTINEL_EVENT
                and isinstance(event.frame.data, dict)
                and event.frame.data.get("n") == number
            )

        await self._wait(lambda: any(is_sentinel(e) for e in self.events[start:]))
        window: list[MonitorEvent] = []
        for event in self.events[start:]:
            if is_sentinel(event):
                break
            if isinstance(event, FrameReceived | InvalidFrameReceived):
                window.append(event)
        return match_messages(messages, window)

    def connections_made(self) -> int:
        return sum(
            1
            for e in self.events
            if isinstance(e, ConnectionStateChanged) and e.state is ConnectionState.CONNECTED
        )


def match_messages(messages: list[Message], window: list[MonitorEvent]) -> list[str]:
    """Pair each pushed message with the one event it caused, in order. Replies of the
    fake server (to joins the client sent meanwhile) are skipped."""
    outcomes: list[str] = []
    events = iter(window)
    for index, message in enumerate(messages):
        for event in events:
            if isinstance(event, InvalidFrameReceived):
                outcomes.append("invalid")
                break
            assert isinstance(event, FrameReceived)
            if isinstance(message, str) and event.frame.raw == message:
                outcomes.append("frame")
                break
            if event.frame.event == "phx_reply":
                continue  # the fake server's own reply
            raise AssertionError(f"message {index} {message!r:.200} got {event!r:.400}")
        else:
            raise AssertionError(f"message {index} {message!r:.200} produced no event")
    leftover = [e for e in events if not (isinstance(e, FrameReceived) and e.frame.is_reply)]
    assert not leftover, f"events nobody pushed: {leftover!r:.1000}"
    return outcomes
