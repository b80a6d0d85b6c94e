"""The real window against the real simulator over sockets on port 0.

``cockpit`` starts a quiet simulator (nothing happens on its own: tests create every
consumption) in a background thread and builds the real window on the test's qasync loop.

Each test is an async scenario run by :meth:`Cockpit.run`, which also shuts the
connection down before returning. Why: pytest-qt processes Qt events between test phases,
qasync runs asyncio callbacks from Qt events, and engine code run there (outside
``run_until_complete``) finds no running loop. With the scenario and the shutdown inside
one ``run_until_complete``, no engine code runs outside the loop, as in the app, where the
loop always runs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from ewallet_monitor.app.gui import Assembly, build_window, demo_connection
from ewallet_monitor.protocol.events import ChannelState
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from ewallet_monitor.store import EventStore
from tests.conftest import TIME_UNIT
from tests.windows import delete_window

WAIT_S = 10.0 * TIME_UNIT
# Short timings so reconnects and expiries happen within a test's patience.
FAST_CONFIG: dict[str, Any] = {
    "heartbeat_interval": 1.0 * TIME_UNIT,
    "join_timeout": 3.0 * TIME_UNIT,
    "backoff_steps": (0.2 * TIME_UNIT, 0.4 * TIME_UNIT),
    "backoff_jitter": 0.0,
    "open_timeout": 3.0 * TIME_UNIT,
    "api_timeout": 5.0 * TIME_UNIT,
}


class ManualClock:
    """The decision guard's clock in these tests: time moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def guard_clock(parts: Assembly) -> ManualClock:
    clock = parts.controller.cashier.guard.clock
    assert isinstance(clock, ManualClock)
    return clock


@dataclass
class Cockpit:
    """The window, its parts, and the simulator it talks to."""

    parts: Assembly
    sim: SimulatorThread
    qtbot: Any
    loop: asyncio.AbstractEventLoop

    @property
    def info(self) -> dict[str, Any]:
        return self.sim.info()

    @property
    def cashier_id(self) -> str:
        return str(self.info["credentials"]["cashier"]["user_id"])

    def requests(self, *, confirmation: bool) -> list[dict[str, Any]]:
        return [
            r
            for r in self.info["transaction_requests"]
            if r["owner_user_id"] == self.cashier_id and r["require_confirmation"] is confirmation
        ]

    def run(self, scenario: Callable[[], Awaitable[None]]) -> None:
        """Run ``scenario()`` and then shut the connection down, all on the running loop."""

        async def whole() -> None:
            try:
                await scenario()
            finally:
                await self.parts.controller.shutdown()

        self.loop.run_until_complete(whole())

    async def connect_as_cashier(self) -> None:
        values = demo_connection(self.info, "cashier")
        form = self.parts.window.connection_form
        form.set_values(**values)
        form.submit()
        await self.wait_joined(values["topics"])

    async def until(self, condition: Callable[[], object], within: float = WAIT_S) -> None:
        """Let the loop run until ``condition`` holds; fail after ``within`` seconds."""
        deadline = asyncio.get_running_loop().time() + within
        while not condition():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"condition not met within {within:.1f} s")
            await asyncio.sleep(0.02)

    async def wait_joined(self, topics: list[str]) -> None:
        tree = self.parts.channel_tree
        await self.until(lambda: all(tree.state_of(t) is ChannelState.JOINED for t in topics))

    def consume(self, request_id: str, consumer_index: int = 0) -> dict[str, Any]:
        """Create a consumption on the simulator (its events are already broadcast)."""
        return self.sim.create_consumption(request_id, consumer_index)

    @property
    def clock(self) -> ManualClock:
        return guard_clock(self.parts)

    def look_at(self, consumption_id: str) -> None:
        """Put the payment in focus and let the cashier look at it long enough for the
        decision guard (its dwell and any lock-out) — on the injected clock."""
        self.parts.window.queue_view.select(consumption_id)
        self.parts.window.queue_view.refresh_in_view()
        self.clock.advance(1.0)

    async def pending_card_for(self, request_id: str, *, look: bool = True) -> str:
        """A new payment, waiting; with ``look`` it is in focus and has been seen."""
        consumption = self.consume(request_id)
        consumption_id = str(consumption["id"])
        await self.until(lambda: self.parts.window.queue_view.has_card(consumption_id))
        if look:
            self.look_at(consumption_id)
        return consumption_id


def start_simulator(**overrides: Any) -> SimulatorThread:
    config = SimulatorConfig(port=0, scenario="quiet", seed=7, **overrides)
    sim = SimulatorThread(config)
    sim.start()
    return sim


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Override in a test module (or parametrize) to configure the simulator."""
    return {}


def make_settings(path: Path) -> Settings:
    """Settings in an INI file under ``path`` (never the user's own)."""
    return Settings(QSettings(str(path / "settings.ini"), QSettings.Format.IniFormat))


@contextlib.contextmanager
def shown_window(
    qasync_loop: asyncio.AbstractEventLoop,
    settings: Settings,
    store: EventStore | None = None,
    **options: Any,
) -> Iterator[Assembly]:
    """The app's window with the tests' fast client settings, shown; afterwards its
    controller is shut down and the window closed and deleted (the store, if any, is the
    caller's to close, after this). ``options`` go to ``build_window`` (``demo_mode``…)."""
    options.setdefault("linger_ms", 60_000)
    parts = build_window(settings, flush_interval_ms=10, store=store, **options)
    parts.controller.config_overrides.update(FAST_CONFIG)
    parts.controller.cashier.guard.clock = ManualClock()
    # Not qtbot.addWidget: pytest-qt would close and delete the window before the
    # caller's teardown, while the connection may still deliver events to its models.
    parts.window.show()
    try:
        yield parts
    finally:
        qasync_loop.run_until_complete(parts.controller.shutdown())
        parts.window.quit_without_asking()
        delete_window(parts.window)


@pytest.fixture
def cockpit(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path, sim_options: dict[str, Any]
) -> Iterator[Cockpit]:
    sim = start_simulator(**sim_options)
    try:
        with shown_window(qasync_loop, make_settings(tmp_path)) as parts:
            yield Cockpit(parts, sim, qtbot, qasync_loop)
    finally:
        sim.stop()
