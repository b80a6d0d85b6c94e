"""The simulator in a background thread with its own asyncio loop.

For callers whose loop is not a plain asyncio one (the GUI on qasync, Qt tests): the
server never shares their loop, and :meth:`SimulatorThread.call` runs a coroutine on the
simulator's loop and returns its result.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, TypeVar

from ewallet_monitor.simulator.config import SimulatorConfig
from ewallet_monitor.simulator.server import Simulator
from ewallet_monitor.simulator.world import World

T = TypeVar("T")

START_TIMEOUT = 10.0


class SimulatorThread:
    """``with SimulatorThread(config) as sim: sim.url; sim.call(coro_fn, *args)``."""

    def __init__(self, config: SimulatorConfig | None = None, *, call_timeout: float = 30.0):
        self.simulator = Simulator(config)
        self.call_timeout = call_timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        """Start the thread and return once the server listens (or raise its error)."""
        self._thread = threading.Thread(target=self._run, name="ewallet-simulator", daemon=True)
        self._thread.start()
        if not self._started.wait(START_TIMEOUT):
            raise RuntimeError("the simulator thread did not start in time")
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            await self.simulator.start()
        except BaseException as exc:
            self._error = exc
            self._started.set()
            return
        self._started.set()
        try:
            await self._stop.wait()
        finally:
            await self.simulator.stop()

    def stop(self) -> None:
        """Stop the server and join the thread."""
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(START_TIMEOUT)
            self._thread = None

    def __enter__(self) -> SimulatorThread:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def call(self, coro_fn: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        """Run ``coro_fn(*args)`` on the simulator's loop; block for its result."""
        if self._loop is None:
            raise RuntimeError("simulator thread not started")
        future = asyncio.run_coroutine_threadsafe(coro_fn(*args), self._loop)
        return future.result(self.call_timeout)

    @property
    def url(self) -> str:
        return self.simulator.url

    @property
    def port(self) -> int:
        return self.simulator.port

    @property
    def world(self) -> World:
        """The data; read it only (the simulator's thread changes it)."""
        return self.simulator.world

    def info(self) -> dict[str, Any]:
        return self.simulator.info()

    def create_consumption(
        self, request_id: str, consumer_index: int = 0, amount: int | None = None
    ) -> dict[str, Any]:
        return self.call(self.simulator.create_consumption, request_id, consumer_index, amount)

    def _on_loop(self, fn: Callable[..., T], *args: Any) -> T:
        """Run the plain function ``fn(*args)`` on the simulator's loop (its state is
        only ever touched there); block for its result."""

        async def apply() -> T:
            return fn(*args)

        return self.call(apply)

    def decisions(self) -> list[tuple[str, str]]:
        """Every approve/reject call the server received: (consumption id, action)."""
        return self._on_loop(lambda: list(self.simulator.runtime.decisions))

    def set_heartbeat_replies(self, enabled: bool) -> None:
        self._on_loop(self.simulator.set_heartbeat_replies, enabled)

    def advance_clock(self, seconds: float) -> None:
        self._on_loop(self.simulator.advance_clock, seconds)

    def crash_channels(self, *topics: str) -> int:
        return self._on_loop(self.simulator.crash_channels, *topics)

    def crash_next_joins(self, count: int = 1, topic: str | None = None) -> None:
        self._on_loop(self.simulator.crash_next_joins, count, topic)

    def expire_token(self, token: str) -> None:
        self._on_loop(self.simulator.expire_token, token)

    def drop_connections(self, code: int = 1011) -> None:
        self.call(self.simulator.drop_connections, code)

    def restart(self) -> None:
        self.call(self.simulator.restart)
