"""Raw-wire helpers for the simulator tests: plain ``websockets`` and ``aiohttp`` clients,
never the project's own client. Every wait is scaled from :data:`UNIT`."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol

import aiohttp
from websockets.asyncio.client import ClientConnection, connect

from ewallet_monitor.simulator import Simulator, SimulatorConfig

UNIT = 0.05  # seconds; every timeout in these tests is a multiple of it
ACCEPT = "application/vnd.omisego.v1+json"
RECV_TIMEOUT = 40 * UNIT


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(scenario(), 200 * UNIT))


def config(**changes: Any) -> SimulatorConfig:
    values: dict[str, Any] = {"port": 0, "scenario": "quiet"}
    values.update(changes)
    return SimulatorConfig(**values)


@asynccontextmanager
async def simulator(**changes: Any) -> AsyncIterator[Simulator]:
    async with Simulator(config(**changes)) as sim:
        yield sim


def authorization(scheme: str, left: str, right: str) -> str:
    return f"{scheme} {base64.b64encode(f'{left}:{right}'.encode()).decode()}"


class HasInfo(Protocol):
    def info(self) -> dict[str, Any]: ...


def creds(sim: HasInfo, who: str = "cashier") -> dict[str, str]:
    """Headers for ``who``: cashier, consumer, admin (OMGProvider) or admin_user (OMGAdmin)."""
    item = sim.info()["credentials"][who]
    if item["scheme"] == "OMGClient":
        value = authorization("OMGClient", item["api_key"], item["authentication_token"])
    elif item["scheme"] == "OMGProvider":
        value = authorization("OMGProvider", item["access_key"], item["secret_key"])
    else:
        value = authorization("OMGAdmin", item["user_id"], item["authentication_token"])
    return {"Authorization": value, "Accept": ACCEPT}


def socket_url(sim: Simulator, who: str) -> str:
    info = sim.info()
    return str(info["admin_socket"] if who.startswith("admin") else info["client_socket"])


@asynccontextmanager
async def ws_connect(
    sim: Simulator, who: str = "cashier", url: str | None = None
) -> AsyncIterator[ClientConnection]:
    async with connect(
        url or socket_url(sim, who), additional_headers=creds(sim, who), max_queue=None
    ) as ws:
        yield ws


async def send(
    ws: ClientConnection, topic: str, event: str, ref: str | None, data: Any = None
) -> None:
    await ws.send(json.dumps({"topic": topic, "event": event, "ref": ref, "data": data or {}}))


async def recv(ws: ClientConnection, within: float = RECV_TIMEOUT) -> dict[str, Any]:
    text = await asyncio.wait_for(ws.recv(), within)
    assert isinstance(text, str)
    frame: dict[str, Any] = json.loads(text)
    return frame


async def join(ws: ClientConnection, topic: str, ref: str = "j1") -> dict[str, Any]:
    await send(ws, topic, "phx_join", ref)
    return await recv(ws)


async def join_ok(ws: ClientConnection, topic: str, ref: str = "j1") -> None:
    reply = await join(ws, topic, ref)
    assert reply["success"] is True, reply


async def silent(ws: ClientConnection, duration: float = 4 * UNIT) -> bool:
    """True when nothing arrives for ``duration``."""
    try:
        await asyncio.wait_for(ws.recv(), duration)
    except TimeoutError:
        return True
    return False


async def rpc(
    sim: Simulator,
    name: str,
    body: Any = None,
    who: str = "cashier",
    headers: dict[str, str] | None = None,
    api: str | None = None,
    status: int = 200,
) -> dict[str, Any]:
    """POST an RPC; assert the HTTP status (200, even for errors) and return the envelope."""
    if api is None:
        api = "admin" if who.startswith("admin") else "client"
    sent = headers if headers is not None else creds(sim, who)
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{sim.url}/api/{api}/{name}",
            data=json.dumps(body if body is not None else {}),
            headers={**sent, "Content-Type": ACCEPT},
        ) as response,
    ):
        assert response.status == status
        envelope: dict[str, Any] = json.loads(await response.text())
        return envelope


def error_code(envelope: dict[str, Any]) -> str:
    assert envelope["success"] is False, envelope
    assert envelope["version"] == "1"
    assert envelope["data"]["object"] == "error"
    return str(envelope["data"]["code"])


def request_id(sim: Simulator, label: str) -> str:
    return next(r.id for r in sim.world.requests if r.label == label)
