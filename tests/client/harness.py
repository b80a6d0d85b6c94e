"""Shared pieces of the client and CLI tests: short timings, an event recorder, creds."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from ewallet_monitor.client import ConnectionConfig, RunOutcome
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    MonitorEvent,
)

# Every timing in these tests scales from this one unit (seconds).
UNIT = 0.1
WAIT = 50 * UNIT  # how long a test waits for something that should happen

E = TypeVar("E")


def credentials(info: dict[str, Any], who: str) -> Credentials:
    """Credentials of the simulator's ``cashier``, ``consumer`` or ``admin``."""
    entry = info["credentials"][who]
    if who == "admin":
        return Credentials(AuthScheme.OMG_PROVIDER, entry["access_key"], entry["secret_key"])
    return Credentials(AuthScheme.OMG_CLIENT, entry["api_key"], entry["authentication_token"])


def fast_config(url: str, creds: Credentials, **overrides: Any) -> ConnectionConfig:
    config = ConnectionConfig(
        url=url,
        credentials=creds,
        heartbeat_interval=30 * UNIT,
        join_timeout=20 * UNIT,
        open_timeout=20 * UNIT,
        api_timeout=20 * UNIT,
        backoff_steps=(UNIT / 2,),
        backoff_jitter=0.0,
        rejoin_steps=(UNIT,),
        defect_window=UNIT,
    )
    return replace(config, **overrides)


def confirming_request(info: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in info["transaction_requests"] if r["require_confirmation"])


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Recorder:
    """Collects events in order; ``wait_for`` polls until one matches."""

    def __init__(self) -> None:
        self.events: list[MonitorEvent] = []

    def __call__(self, event: MonitorEvent) -> None:
        self.events.append(event)

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    async def wait_for(
        self, kind: type[E], predicate: Callable[[E], bool] = lambda e: True, after: int = 0
    ) -> E:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while loop.time() < deadline:
            for event in self.events[after:]:
                if isinstance(event, kind) and predicate(event):
                    return event
            await asyncio.sleep(UNIT / 10)
        raise AssertionError(f"no matching {kind.__name__} in {self.events!r}"[:4000])

    async def channel(self, topic: str, state: ChannelState, after: int = 0) -> str:
        event = await self.wait_for(
            ChannelStateChanged, lambda e: e.topic == topic and e.state is state, after
        )
        return event.reason

    async def connection(self, state: ConnectionState, after: int = 0) -> ConnectionStateChanged:
        return await self.wait_for(ConnectionStateChanged, lambda e: e.state is state, after)

    def count_connected(self) -> int:
        return sum(
            1 for e in self.of(ConnectionStateChanged) if e.state is ConnectionState.CONNECTED
        )


class Runnable(Protocol):
    """A ``MonitorClient`` or anything run the same way (``EngineClient``)."""

    async def run(self) -> RunOutcome: ...

    def stop(self) -> None: ...


@contextlib.asynccontextmanager
async def running(client: Runnable) -> AsyncIterator[asyncio.Task[RunOutcome]]:
    """Run the client in a task; stop it and wait for run() to return on exit."""
    task = asyncio.create_task(client.run())
    try:
        yield task
    finally:
        client.stop()
        await asyncio.wait_for(task, WAIT)
