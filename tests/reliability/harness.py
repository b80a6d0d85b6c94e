"""Shared pieces of the reliability tests: timings, credentials, a figures log, fakes.

Every wait scales from :data:`UNIT` (seconds), itself scaled by ``EWALLET_TEST_TIME_UNIT``
like the rest of the suite. Figures a test measures (reconnect times, bad frames tried,
canary hits) are appended as JSON lines to ``$EWALLET_RELIABILITY_FIGURES`` when that
variable names a file, so a run can be summarised in docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

from aiohttp import web

from ewallet_monitor.client import ConnectionConfig
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from tests.client.harness import Recorder, credentials, running
from tests.conftest import TIME_UNIT

__all__ = ["Recorder", "credentials", "running"]

UNIT = 0.1 * TIME_UNIT
WAIT = 50 * UNIT

# A secret that must never show anywhere; distinctive so a search cannot miss it.
CANARY = "CANARY-7f3e-never-print-me-91c2"


def record_figure(name: str, **values: Any) -> None:
    """Append one measured figure to the figures file (when one is configured)."""
    path = os.environ.get("EWALLET_RELIABILITY_FIGURES")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"figure": name, **values}) + "\n")


def client_config(url: str, creds: Credentials, **overrides: Any) -> ConnectionConfig:
    """Short timings for loopback tests (the product defaults are ten times longer)."""
    config = ConnectionConfig(
        url=url,
        credentials=creds,
        heartbeat_interval=10 * UNIT,
        join_timeout=10 * UNIT,
        open_timeout=10 * UNIT,
        api_timeout=10 * UNIT,
        backoff_steps=(UNIT / 2, UNIT, 2 * UNIT),
        backoff_jitter=0.2,
        rejoin_steps=(UNIT,),
        defect_window=UNIT,
    )
    return replace(config, **overrides)


def fake_credentials(secret: str = CANARY) -> Credentials:
    return Credentials(AuthScheme.OMG_CLIENT, "fake-api-key", secret)


def run(scenario: Callable[[], Awaitable[None]], limit: float = 300 * UNIT) -> None:
    """Run an async scenario with an overall bound, so nothing can hang the suite."""
    asyncio.run(asyncio.wait_for(scenario(), limit))


def listening_socket() -> socket.socket:
    """A loopback socket listening on a free port: it proves nothing connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    return sock


def connections_seen(sock: socket.socket) -> int:
    """How many connections are waiting on ``sock`` (accepted and closed here)."""
    seen = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return seen
        conn.close()
        seen += 1


@contextlib.asynccontextmanager
async def http_server(
    handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> AsyncIterator[str]:
    """An aiohttp server on a free loopback port answering every path with ``handler``;
    yields its base URL."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
