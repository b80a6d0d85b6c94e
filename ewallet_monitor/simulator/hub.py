"""Live sockets, their subscriptions, and broadcasting with pre-encoded frames.

Each connection has one writer task draining a buffer of ready frame texts, so a broadcast
never awaits per socket: it encodes the event's ``data`` once, builds one frame text per
topic that has subscribers, and appends it to each subscriber's buffer.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web

from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.simulator.access import Principal, Surface

log = logging.getLogger(__name__)

# A socket that lets this many frames pile up unread is closed (1011), as a crashed
# channel process would be, instead of letting the simulator's memory grow without bound.
MAX_BUFFERED_FRAMES = 200_000
# A socket fed whole pre-encoded frames (a replayed burst) is written to until this many
# bytes wait unread, then polled every WIRE_POLL seconds until they drop below it (a
# megabyte lasts a reader of 1,000 frames/s ~160 ms; a faster poll costs the simulator CPU).
WIRE_BUFFER_LIMIT = 1 << 20
WIRE_POLL = 0.005
# An RPC answer waits at most this long for its events to be written to a slow socket.
FLUSH_TIMEOUT = 2.0


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@functools.lru_cache(maxsize=4096)
def _json_name(value: str | None) -> str:
    """A topic, event or ref as JSON text. Cached: a burst sends the same few names in
    every frame, and three ``json.dumps`` calls were a fifth of the simulator's time."""
    return _dumps(value)


def frame_with_encoded_data(
    topic: str,
    event: str,
    ref: str | None,
    data_text: str,
    error: EWalletError | None = None,
    success: bool | None = None,
) -> str:
    """The same text as ``encode_server_frame`` but with ``data`` already JSON text, so one
    event sent to many topics is encoded once."""
    ok = (error is None) if success is None else success
    return (
        f'{{"success":{"true" if ok else "false"},"version":"1","data":{data_text},'
        f'"error":{"null" if error is None else _dumps(error.to_json())},'
        f'"topic":{_json_name(topic)},"event":{_json_name(event)},"ref":{_json_name(ref)}}}'
    )


class Connection:
    """One websocket: who it is, what it joined (topic → join ref), and its send buffer."""

    def __init__(
        self,
        ws: web.WebSocketResponse,
        principal: Principal,
        surface: Surface,
        transport: asyncio.BaseTransport | None = None,
    ):
        self.ws = ws
        self._transport = transport if isinstance(transport, asyncio.WriteTransport) else None
        self.principal = principal
        self.surface = surface
        self.joins: dict[str, str | None] = {}
        self._buffer: list[str] = []
        self._wakeup = asyncio.Event()
        self._drained = asyncio.Event()
        self._drained.set()
        self._writer: asyncio.Task[None] | None = None
        self.sent = 0
        """Frames handed to the transport so far (delivery accounting in tests)."""

    @property
    def queued(self) -> int:
        """Frames waiting in this socket's buffer."""
        return len(self._buffer)

    def start(self) -> None:
        self._writer = asyncio.get_running_loop().create_task(self._write_loop())

    def send(self, text: str) -> None:
        """Queue one frame text; it goes out in order with every other frame."""
        if self.ws.closed:
            return
        self._buffer.append(text)
        self._drained.clear()
        self._wakeup.set()
        if len(self._buffer) > MAX_BUFFERED_FRAMES:
            log.warning(
                "closing a socket that stopped reading (%d frames queued)", MAX_BUFFERED_FRAMES
            )
            self._buffer.clear()
            asyncio.get_running_loop().create_task(self.close(1011))

    async def _write_loop(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self._buffer:
                batch, self._buffer = self._buffer, []
                try:
                    for text in batch:
                        await self.ws.send_str(text)
                        self.sent += 1
                except (ConnectionError, RuntimeError):
                    # The peer went away mid-batch; the reader side notices and cleans up.
                    self._buffer.clear()
                    break
            self._drained.set()

    async def send_wire(self, data: bytes, frames: int) -> None:
        """Write ``frames`` complete websocket frames (header and payload, already encoded)
        after every queued frame, in one write; waits while the peer has not read
        ``WIRE_BUFFER_LIMIT`` bytes (the reader sets the pace)."""
        transport = self._transport
        if transport is None or transport.is_closing() or self.ws.closed:
            raise ConnectionError("socket closed")
        if self._buffer:
            await self.flush()
        transport.write(data)
        self.sent += frames
        while transport.get_write_buffer_size() > WIRE_BUFFER_LIMIT:
            if transport.is_closing():
                raise ConnectionError("socket closed")
            await asyncio.sleep(WIRE_POLL)

    async def flush(self) -> None:
        """Wait (at most ``FLUSH_TIMEOUT``) until every queued frame has been handed to the
        transport."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._drained.wait(), FLUSH_TIMEOUT)

    async def close(self, code: int) -> None:
        """Close now with ``code`` (frames still queued are dropped)."""
        self._buffer.clear()
        self._drained.set()
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.ws.close(code=code)

    async def stop_writer(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer


class Hub:
    """All live connections and the topic → subscribers index."""

    def __init__(self) -> None:
        self.connections: set[Connection] = set()
        self._subscribers: dict[str, set[Connection]] = {}
        # Set on every join (a counted burst waits on it for its first reader).
        self.subscribed = asyncio.Event()

    def add(self, connection: Connection) -> None:
        self.connections.add(connection)
        connection.start()

    async def remove(self, connection: Connection) -> None:
        self.connections.discard(connection)
        for topic in list(connection.joins):
            self.unsubscribe(connection, topic)
        await connection.stop_writer()

    def subscribe(self, connection: Connection, topic: str, join_ref: str | None) -> None:
        connection.joins[topic] = join_ref
        self._subscribers.setdefault(topic, set()).add(connection)
        self.subscribed.set()

    def unsubscribe(self, connection: Connection, topic: str) -> None:
        connection.joins.pop(topic, None)
        subscribers = self._subscribers.get(topic)
        if subscribers is not None:
            subscribers.discard(connection)
            if not subscribers:
                del self._subscribers[topic]

    def has_subscribers(self, topics: Iterable[str]) -> bool:
        return any(topic in self._subscribers for topic in topics)

    def broadcast(
        self,
        event: str,
        topics: Iterable[str],
        data: Any,
        error: EWalletError | None,
        *,
        data_text: str | None = None,
    ) -> set[Connection]:
        """Send ``event`` with ``ref: null`` on every topic; return the sockets reached."""
        reached: set[Connection] = set()
        for topic in topics:
            subscribers = self._subscribers.get(topic)
            if not subscribers:
                continue
            if data_text is None:
                data_text = _dumps(data)
            text = frame_with_encoded_data(topic, event, None, data_text, error)
            for connection in subscribers:
                connection.send(text)
                reached.add(connection)
        return reached

    def subscribers_of(self, topic: str) -> frozenset[Connection]:
        """The sockets that joined ``topic`` now."""
        return frozenset(self._subscribers.get(topic, ()))

    def subscribed_topics(self) -> list[str]:
        """Topics with at least one subscriber, in a stable order."""
        return sorted(self._subscribers)

    def crash_channel(self, topic: str, frame: Callable[[str | None], str]) -> int:
        """The channel process of ``topic`` dies on every socket that joined it: each gets
        ``frame(join_ref)`` and no longer receives the topic's events until it rejoins.
        Returns how many sockets were told."""
        crashed = list(self._subscribers.get(topic, ()))
        for connection in crashed:
            connection.send(frame(connection.joins.get(topic)))
            self.unsubscribe(connection, topic)
        return len(crashed)

    async def close_all(self, code: int) -> None:
        await asyncio.gather(*(c.close(code) for c in list(self.connections)))
