"""The websocket endpoints: authentication at the upgrade, then the frame rules.

Behaves like the eWallet server (docs/protocol-notes.md §2–§5): 403 with an empty body for bad or
missing credentials or a missing ``Accept``; HTTP 200 with ``client:invalid_version`` for
another ``Accept``; heartbeats on ``phoenix``; idle close 1000; 1011 on a malformed frame
and on the ``address:`` / client ``account:`` join defect.
"""

from __future__ import annotations

import logging

from aiohttp import WSMsgType, web

from ewallet_monitor.protocol import errors
from ewallet_monitor.protocol.auth import ACCEPT
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.frames import (
    HEARTBEAT,
    HEARTBEAT_TOPIC,
    PHX_CLOSE,
    PHX_JOIN,
    PHX_LEAVE,
    PHX_REPLY,
    ClientFrame,
    InvalidFrame,
    decode_client_frame,
    encode_server_frame,
)
from ewallet_monitor.simulator.access import AccessError, Surface, may_join
from ewallet_monitor.simulator.hub import Connection
from ewallet_monitor.simulator.runtime import Runtime

log = logging.getLogger("ewallet_monitor.simulator")

TOPIC_KINDS = frozenset(
    {"account", "address", "transaction_request", "transaction_consumption", "user"}
)
CLOSE_NORMAL = 1000
CLOSE_INTERNAL_ERROR = 1011

FORBIDDEN = EWalletError(errors.FORBIDDEN_CHANNEL, "You don't have access to this channel.")
UNMATCHED = EWalletError(errors.CONNECT_ERROR, "unmatched topic")
JOIN_CRASHED = EWalletError(errors.CONNECT_ERROR, "join crashed")


def invalid_version_body() -> dict[str, object]:
    """The envelope for an ``Accept`` that is not the v1 type."""
    return {
        "version": "1",
        "success": False,
        "data": EWalletError(errors.INVALID_VERSION, "Invalid API version").to_json(),
    }


def request_credentials(request: web.Request) -> tuple[str | None, str | None]:
    """(Authorization, Accept) from the ``headers[...]`` query form when present (then the
    real headers are ignored, as the server does), else from the headers. The server's
    WebSocket.update_headers lower-cases the names, so ``headers[authorization]`` and
    ``headers[AUTHORIZATION]`` work too (the last one given wins)."""
    query = request.rel_url.query
    if any(key.startswith("headers[") for key in query):
        named = {
            key[len("headers[") : -1].lower(): value
            for key, value in query.items()
            if key.startswith("headers[") and key.endswith("]")
        }
        return named.get("authorization"), named.get("accept")
    return request.headers.get("Authorization"), request.headers.get("Accept")


class SocketEndpoint:
    """``GET /api/.../socket`` for one :class:`Surface`."""

    def __init__(self, runtime: Runtime, surface: Surface) -> None:
        self.runtime = runtime
        self.surface = surface

    async def handle(self, request: web.Request) -> web.StreamResponse:
        authorization, accept = request_credentials(request)
        if accept is None:
            return web.Response(status=403)
        if accept != ACCEPT:
            return web.json_response(invalid_version_body())
        try:
            principal = self.runtime.gatekeeper.authenticate(authorization, self.surface)
        except AccessError:
            return web.Response(status=403)
        # No permessage-deflate: the eWallet server (Phoenix 1.3 on Cowboy 1.1) does not
        # negotiate it, and compressing every ~6 KB frame would make the simulator, not
        # the monitor, the limit of a burst.
        ws = web.WebSocketResponse(autoping=True, max_msg_size=1024 * 1024, compress=False)
        if not ws.can_prepare(request).ok:
            return web.Response(status=400, text="websocket upgrade expected")
        await ws.prepare(request)
        connection = Connection(ws, principal, self.surface, request.transport)
        self.runtime.hub.add(connection)
        try:
            await self._serve(connection)
        finally:
            await self.runtime.hub.remove(connection)
        return ws

    async def _serve(self, connection: Connection) -> None:
        ws = connection.ws
        while True:
            try:
                message = await ws.receive(timeout=self.runtime.config.idle_timeout)
            except TimeoutError:
                # No inbound data for the idle timeout: Cowboy closes normally.
                await connection.flush()
                await connection.close(CLOSE_NORMAL)
                return
            if message.type is WSMsgType.TEXT:
                frame = decode_client_frame(message.data)
            elif message.type is WSMsgType.BINARY:
                frame = decode_client_frame(message.data, binary=True)
            else:  # CLOSE, CLOSING, CLOSED, ERROR
                return
            if isinstance(frame, InvalidFrame):
                log.info("malformed frame (%s): closing with 1011", frame.reason)
                await self._crash(connection)
                return
            if not await self._handle(connection, frame):
                return

    async def _crash(self, connection: Connection) -> None:
        """What a crashed socket process looks like to the client: close code 1011."""
        await connection.flush()
        await connection.close(CLOSE_INTERNAL_ERROR)

    async def _handle(self, connection: Connection, frame: ClientFrame) -> bool:
        """Apply one frame; False when the connection was closed."""
        topic, event, ref = frame.topic, frame.event, frame.ref
        if topic == HEARTBEAT_TOPIC and event == HEARTBEAT:
            if self.runtime.heartbeat_replies:
                connection.send(encode_server_frame(topic, PHX_REPLY, ref))
            return True
        kind, sep, ident = topic.partition(":")
        if not sep or kind not in TOPIC_KINDS:
            connection.send(encode_server_frame(topic, PHX_REPLY, ref, error=UNMATCHED))
            return True
        if event == PHX_JOIN:
            return await self._join(connection, frame, kind, ident)
        if topic not in connection.joins:
            connection.send(encode_server_frame(topic, PHX_REPLY, ref, error=UNMATCHED))
            return True
        if event == PHX_LEAVE:
            join_ref = connection.joins[topic]
            self.runtime.hub.unsubscribe(connection, topic)
            connection.send(encode_server_frame(topic, PHX_REPLY, ref))
            connection.send(encode_server_frame(topic, PHX_CLOSE, join_ref, success=False))
        # Any other event on a joined channel: the channels have no handle_in, no reply.
        return True

    async def _join(
        self, connection: Connection, frame: ClientFrame, kind: str, ident: str
    ) -> bool:
        if self.runtime.config.channel_defect and self._hits_defect(kind):
            # The route points at a channel module that no longer exists: the socket
            # process crashes and the whole connection closes with 1011.
            log.info("join %s hits the channel defect: closing with 1011", frame.topic)
            await self._crash(connection)
            return False
        topic, ref = frame.topic, frame.ref
        if not may_join(self.runtime.world, connection.principal, kind, ident):
            connection.send(encode_server_frame(topic, PHX_REPLY, ref, error=FORBIDDEN))
            return True
        if self.runtime.join_crashes(topic):
            # The channel process crashed inside join/3 (Phoenix.Channel.Server answers
            # {:error, %{reason: "join crashed"}}): transient, the socket lives on. An
            # earlier join of the topic on this socket is left as it was.
            connection.send(encode_server_frame(topic, PHX_REPLY, ref, error=JOIN_CRASHED))
            return True
        replaced = topic in connection.joins
        old_ref = connection.joins.get(topic)
        self.runtime.hub.subscribe(connection, topic, ref)
        connection.send(encode_server_frame(topic, PHX_REPLY, ref))
        if replaced:
            # The old channel is shut down; its close comes late, with the old join ref.
            connection.send(encode_server_frame(topic, PHX_CLOSE, old_ref, success=False))
        return True

    def _hits_defect(self, kind: str) -> bool:
        if kind == "address":
            return True
        return kind == "account" and self.surface is not Surface.ADMIN_SOCKET
