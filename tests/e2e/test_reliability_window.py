"""Reliability of the real window, against real servers on loopback.

Crashes become a non-modal banner and a log entry and the window carries on; races between
the cashier, the consumer and the server's clock always end in the server's final state;
a hanging approve times out without a second request; a killed server is rejoined with a
gap row; bad frames become ``invalid`` rows while good ones keep arriving; bad input at
the connection form sends nothing; a canary secret never reaches any file; TLS
verification off is shown.

Figures (timer lateness, race outcomes, reconnect times) are printed with a ``FIGURE``
prefix (``pytest -s``) and summarised in docs/reliability-window.md.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import gc
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest
from aiohttp import web
from PySide6.QtCore import Qt, QTimer
from websockets.asyncio.server import Server, ServerConnection, serve

from ewallet_monitor.api import EWalletApi
from ewallet_monitor.app.crash import CrashHandler, uninstall_crash_handler
from ewallet_monitor.app.gui import Assembly, build_window, demo_connection, install_crash_reporting
from ewallet_monitor.app.logging_setup import LOG_FILE_NAME, LoggingSetup, configure_logging
from ewallet_monitor.models.event_log import KindRole
from ewallet_monitor.protocol.approval import CardState
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.events import (
    ChannelState,
    ConnectionState,
    FrameReceived,
    InvalidFrameReceived,
)
from ewallet_monitor.protocol.frames import (
    CONSUMPTION_FINALIZED,
    CONSUMPTION_REQUEST,
    InvalidFrame,
    decode_server_frame,
    encode_server_frame,
)
from ewallet_monitor.protocol.timestamps import utc_now
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from ewallet_monitor.store import EventStore
from ewallet_monitor.ui.export_dialog import CSV, EVENTS, NDJSON, SCOPE_ALL
from tests.conftest import TIME_UNIT
from tests.e2e.conftest import (
    FAST_CONFIG,
    WAIT_S,
    Cockpit,
    make_settings,
    shown_window,
    start_simulator,
)
from tests.e2e.test_cashier_window import approve_now
from tests.windows import delete_window

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
CANARY = "CANARY-window-5d1c-never-print-me"
WRONG_CANARY = "CANARY-window-refused-0b7e-never-print-me"
RACE_REPEATS = 6


def figure(name: str, **values: Any) -> None:
    """Print one measured figure (collected for docs/reliability-window.md)."""
    print(f"FIGURE {name} {json.dumps(values, sort_keys=True)}", flush=True)


# -- background servers ---------------------------------------------------------------------


class BackgroundLoop:
    """An asyncio loop on its own thread, for servers that must not share the window's."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = WAIT_S) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        async def cancel_rest() -> None:
            rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in rest:
                task.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        with contextlib.suppress(Exception):
            self.call(cancel_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(WAIT_S)
        self.loop.close()


class ApiProxy:
    """A loopback HTTP server in front of the simulator's RPC API.

    ``mode``: ``"pass"`` forwards, ``"hang"`` never answers, ``"hold"`` forwards at once
    but keeps the answer until :meth:`release`; ``only`` (a word in the rpc name, e.g.
    ``"approve"``) limits hang and hold to those calls. :attr:`calls` lists ``(rpc, id)``
    of every request that reached it, so tests count what the window really sent.
    """

    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/")
        self.mode = "pass"
        self.only = ""
        self.calls: list[tuple[str, str]] = []
        self.forwarded = 0
        self._background = BackgroundLoop()
        self._released: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.port = self._background.call(self._start())

    async def _start(self) -> int:
        self._released = asyncio.Event()
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        return int(self._runner.addresses[0][1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hold(self) -> None:
        """From now on keep each answer until :meth:`release`."""

        async def reset() -> None:
            self._released = asyncio.Event()

        self._background.call(reset())
        self.mode = "hold"

    def release(self) -> None:
        assert self._released is not None
        self._background.loop.call_soon_threadsafe(self._released.set)

    def count(self, rpc_suffix: str, consumption_id: str) -> int:
        return sum(
            1 for rpc, cid in self.calls if rpc.endswith(rpc_suffix) and cid == consumption_id
        )

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        try:
            consumption_id = str(json.loads(body).get("id", ""))
        except (ValueError, AttributeError):
            consumption_id = ""
        rpc = request.path.rsplit("/", 1)[-1]
        self.calls.append((rpc, consumption_id))
        mode = self.mode if self.only in rpc else "pass"
        if mode == "hang":
            await asyncio.Event().wait()  # never answers
        headers = {
            key: value
            for key, value in request.headers.items()
            if key.lower() in ("authorization", "accept", "content-type")
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.target + request.path, data=body, headers=headers) as answer,
        ):
            payload = await answer.read()
            status = answer.status
            content_type = answer.headers.get("Content-Type", "application/json")
        self.forwarded += 1
        if mode == "hold":
            assert self._released is not None
            await self._released.wait()
        return web.Response(body=payload, status=status, headers={"Content-Type": content_type})

    def stop(self) -> None:
        if self._runner is not None:
            with contextlib.suppress(Exception):
                self._background.call(self._runner.cleanup())
        self._background.stop()


def point_api_at(assembly: Assembly, proxy: ApiProxy) -> None:
    """Send the window's RPCs through ``proxy`` (the socket still goes to the server)."""
    api = assembly.controller.api
    path = api.endpoints.api_url.split("/api/", 1)[1]
    api.endpoints = dataclasses.replace(api.endpoints, api_url=f"{proxy.url}/api/{path}")


class FakeSocketServer:
    """A raw ``websockets`` server on port 0 that accepts any credentials, answers joins
    and heartbeats with ok replies, and sends whatever :meth:`push` is given, as given."""

    def __init__(self) -> None:
        self._background = BackgroundLoop()
        self.connections: list[ServerConnection] = []
        self.joins = 0
        self._server: Server | None = self._background.call(self._start())

    async def _start(self) -> Server:
        return await serve(
            self._handle, "127.0.0.1", 0, max_size=None, compression=None, close_timeout=0.2
        )

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def _handle(self, connection: ServerConnection) -> None:
        self.connections.append(connection)
        with contextlib.suppress(Exception):
            async for message in connection:
                frame = json.loads(message)
                if frame.get("event") == "phx_join":
                    self.joins += 1
                await connection.send(
                    encode_server_frame(frame["topic"], "phx_reply", frame.get("ref"))
                )

    async def push(self, *messages: str | bytes) -> None:
        """Send ``messages`` in order to the latest connection (awaited without blocking
        the window's loop, which must keep reading meanwhile)."""
        connection = self.connections[-1]

        async def send_all() -> None:
            for message in messages:
                with contextlib.suppress(Exception):
                    await connection.send(message)

        future = asyncio.run_coroutine_threadsafe(send_all(), self._background.loop)
        await asyncio.wrap_future(future)

    def stop(self) -> None:
        if self._server is not None:
            server = self._server

            async def close() -> None:
                server.close()
                await server.wait_closed()

            with contextlib.suppress(Exception):
                self._background.call(close(), timeout=2.0)
        self._background.stop()


class LatenessProbe:
    """A 10 ms precise Qt timer; the worst lateness of its ticks (ms). Report only."""

    INTERVAL_MS = 10

    def __init__(self) -> None:
        self.worst_ms = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - self.INTERVAL_MS)
        self._last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()


# -- fixtures ----------------------------------------------------------------------------------


@dataclasses.dataclass
class Reporting:
    handler: CrashHandler
    logging: LoggingSetup
    log_dir: Path

    @property
    def log_text(self) -> str:
        for handler in self.logging.handlers:
            handler.flush()
        return "".join(
            path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(self.log_dir.glob(f"{LOG_FILE_NAME}*"))
        )


@contextlib.contextmanager
def crash_reporting(
    assembly: Assembly, loop: asyncio.AbstractEventLoop, log_dir: Path
) -> Iterator[Reporting]:
    """The composition root's crash handling and log file, on the test's window and loop."""
    setup = configure_logging(log_dir=log_dir, level=10)
    handler = install_crash_reporting(assembly.window, loop)
    try:
        yield Reporting(handler, setup, log_dir)
    finally:
        uninstall_crash_handler()
        setup.close()


@pytest.fixture
def reporting(cockpit: Cockpit, tmp_path: Path) -> Iterator[Reporting]:
    with crash_reporting(cockpit.parts, cockpit.loop, tmp_path / "logs") as reporting:
        yield reporting


async def settle(seconds: float) -> None:
    await asyncio.sleep(seconds * TIME_UNIT)


async def approve_and_confirm(cockpit: Cockpit) -> str:
    """Create a consumption, approve it in the window, wait until it is confirmed."""
    request = cockpit.requests(confirmation=True)[0]
    consumption_id = await cockpit.pending_card_for(request["id"])
    approve_now(cockpit, consumption_id)
    queue = cockpit.parts.queue
    await cockpit.until(lambda: queue.card(consumption_id).state is CardState.CONFIRMED)
    return consumption_id


def banner_texts(assembly: Assembly) -> tuple[str, str]:
    banner = assembly.window.error_banner
    return banner.summary, banner.detail


# -- 1. crash handling ---------------------------------------------------------------------------


def test_an_exception_in_a_qt_slot_is_logged_shown_and_the_window_carries_on(
    cockpit: Cockpit, reporting: Reporting
) -> None:
    window = cockpit.parts.window

    def broken_slot() -> None:
        raise ValueError("injected failure in a Qt slot")

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        QTimer.singleShot(0, window, broken_slot)
        await cockpit.until(lambda: window.error_banner.isVisible())
        summary, detail = banner_texts(cockpit.parts)
        assert "Unexpected error" in summary
        assert "injected failure in a Qt slot" in summary
        # Non-modal: no dialog, the details are one click away.
        assert window.isEnabled()
        assert not window.error_banner.details.isVisible()
        window.error_banner.details_button.click()
        assert window.error_banner.details.isVisible()
        assert "broken_slot" in detail
        assert str(reporting.log_dir) in detail
        # Still usable: events arrive and approve works.
        await approve_and_confirm(cockpit)

    cockpit.run(scenario)
    log = reporting.log_text
    assert "unexpected error in the main thread" in log
    assert "injected failure in a Qt slot" in log
    assert "broken_slot" in log  # the traceback is in the file


def test_an_exception_in_an_asyncio_task_or_callback_is_shown_and_logged(
    cockpit: Cockpit, reporting: Reporting
) -> None:
    window = cockpit.parts.window

    async def failing_task() -> None:
        raise RuntimeError("injected failure in an asyncio task")

    def failing_callback() -> None:
        raise KeyError("injected failure in a loop callback")

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        # A task nobody awaits: the loop reports it once the task is collected.
        task = asyncio.get_running_loop().create_task(failing_task())
        await asyncio.wait([task])
        del task
        gc.collect()
        await cockpit.until(lambda: "asyncio task" in window.error_banner.summary)
        assert "asyncio loop" in window.error_banner.summary
        window.error_banner.dismiss()
        asyncio.get_running_loop().call_soon(failing_callback)
        await cockpit.until(lambda: "loop callback" in window.error_banner.summary)
        assert window.error_banner.isVisible()
        await approve_and_confirm(cockpit)

    cockpit.run(scenario)
    log = reporting.log_text
    assert "injected failure in an asyncio task" in log
    assert "injected failure in a loop callback" in log


def test_an_exception_in_another_thread_reaches_the_banner_on_the_window_thread(
    cockpit: Cockpit, reporting: Reporting
) -> None:
    window = cockpit.parts.window

    def worker() -> None:
        raise OSError("injected failure in a worker thread")

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        thread = threading.Thread(target=worker, name="injected-worker")
        thread.start()
        thread.join(WAIT_S)
        await cockpit.until(lambda: "worker thread" in window.error_banner.summary)
        assert "thread injected-worker" in window.error_banner.summary
        await approve_and_confirm(cockpit)

    cockpit.run(scenario)
    assert "injected failure in a worker thread" in reporting.log_text
    assert reporting.handler.reports[-1].source == "thread injected-worker"


def test_the_controllers_task_errors_still_go_to_the_banner(cockpit: Cockpit) -> None:
    """Tasks the controller starts are guarded: their errors are banners, not crashes."""
    window = cockpit.parts.window

    async def scenario() -> None:
        await cockpit.connect_as_cashier()

        async def broken() -> None:
            raise ZeroDivisionError("injected failure in a controller task")

        task = cockpit.parts.controller._spawn("injected", broken)
        await asyncio.wait([task])
        assert "Something went wrong" in window.error_banner.summary
        assert "injected failure" in window.error_banner.detail
        await approve_and_confirm(cockpit)

    cockpit.run(scenario)


# -- 2. races ------------------------------------------------------------------------------------


def finalized_seen(assembly: Assembly, consumption_id: str) -> bool:
    event_log = assembly.event_log
    event_log.flush()
    return any(
        event_log.record_at(row).event == CONSUMPTION_FINALIZED
        and event_log.record_at(row).consumption_id == consumption_id
        for row in range(event_log.rowCount())
    )


async def settled_in_servers_state(cockpit: Cockpit, consumption_id: str) -> str:
    """Wait until the server's finalized event has arrived and no action is in flight,
    then check the card says what the server stored. Returns that state."""
    parts = cockpit.parts
    await cockpit.until(
        lambda: (
            finalized_seen(parts, consumption_id)
            and not parts.controller.tasks() - {parts.controller._run_task}
        )
    )
    card = parts.queue.card(consumption_id)
    assert card is not None
    server_status = cockpit.sim.world.consumptions[consumption_id].status
    assert card.is_final
    assert card.state.value == server_status
    widget = parts.window.queue_view.card_widget(consumption_id)
    assert widget is not None
    assert widget.approve_button.isHidden()
    return server_status


@pytest.mark.parametrize("sim_options", [{"consumption_lifetime_ms": 300, "expiry_mode": "timer"}])
def test_approve_racing_the_expiry_ends_in_the_servers_state(
    cockpit: Cockpit, sim_options: dict[str, Any]
) -> None:
    rng = random.Random(20240701)
    outcomes: list[str] = []

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        cockpit.parts.window.queue_view.set_threshold("")
        for _ in range(RACE_REPEATS):
            created = time.monotonic()
            consumption_id = await cockpit.pending_card_for(request["id"])
            # Click somewhere around the expiry: before, at or just after it.
            click_at = created + rng.uniform(0.2, 0.4)
            await asyncio.sleep(max(0.0, click_at - time.monotonic()))
            widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
            assert widget is not None
            widget.approve_button.click()  # does nothing once the card is final
            outcomes.append(await settled_in_servers_state(cockpit, consumption_id))

    cockpit.run(scenario)
    figure("race_expiry", outcomes=outcomes)
    assert set(outcomes) <= {"confirmed", "expired"}


def consumer_api(cockpit: Cockpit) -> EWalletApi:
    consumer = cockpit.info["credentials"]["consumer"]
    credentials = Credentials(
        AuthScheme.OMG_CLIENT, consumer["api_key"], consumer["authentication_token"]
    )
    return EWalletApi(resolve_endpoints(cockpit.sim.url, AuthScheme.OMG_CLIENT), credentials)


def test_approve_racing_the_consumers_cancel_ends_in_the_servers_state(
    cockpit: Cockpit,
) -> None:
    rng = random.Random(7001)
    outcomes: list[str] = []

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        request = cockpit.requests(confirmation=True)[0]
        cockpit.parts.window.queue_view.set_threshold("")
        consumer = consumer_api(cockpit)
        try:
            for _ in range(RACE_REPEATS):
                consumption_id = await cockpit.pending_card_for(request["id"])
                widget = cockpit.parts.window.queue_view.card_widget(consumption_id)
                assert widget is not None

                async def cancel(cid: str = consumption_id) -> None:
                    await asyncio.sleep(rng.uniform(0, 0.03))
                    with contextlib.suppress(Exception):  # loses the race: an error answer
                        await consumer.cancel(cid)

                async def click(button: Any = widget.approve_button) -> None:
                    await asyncio.sleep(rng.uniform(0, 0.03))
                    button.click()

                await asyncio.gather(cancel(), click())
                outcomes.append(await settled_in_servers_state(cockpit, consumption_id))
        finally:
            await consumer.close()

    cockpit.run(scenario)
    figure("race_cancel", outcomes=outcomes)
    assert set(outcomes) <= {"confirmed", "cancelled"}


def history_card(parts: Assembly, consumption_id: str) -> Any:
    """The settled card in the approval history (after any batch it is waiting in)."""
    history = parts.queue.history
    flush = getattr(history, "flush", None)
    if callable(flush):  # the history may batch inserts during a burst
        flush()
    return parts.controller.cashier._history_card(consumption_id)


def capture_frames(cockpit: Cockpit, consumption_id: str) -> dict[str, str]:
    """The raw text of the request and finalized frames the window got for a consumption."""
    frames: dict[str, str] = {}
    event_log = cockpit.parts.event_log
    event_log.flush()
    for row in range(event_log.rowCount()):
        record = event_log.record_at(row)
        if record.consumption_id == consumption_id and record.event not in frames:
            frames[record.event] = json.dumps(record.payload)
    return frames


def test_duplicate_and_out_of_order_events_end_in_the_servers_state(cockpit: Cockpit) -> None:
    """Real frames, fed again and in every seeded order under fresh ids."""
    rng = random.Random(4242)
    parts = cockpit.parts

    def feed(text: str) -> None:
        decoded = decode_server_frame(text)
        assert not isinstance(decoded, InvalidFrame)
        parts.controller.handle_event(FrameReceived(decoded, utc_now()))

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        consumption_id = await approve_and_confirm(cockpit)
        await cockpit.until(lambda: finalized_seen(parts, consumption_id))
        frames = capture_frames(cockpit, consumption_id)
        request, finalized = frames[CONSUMPTION_REQUEST], frames[CONSUMPTION_FINALIZED]
        # Duplicates of what already settled change nothing.
        for text in (request, finalized, request):
            feed(text)
        assert parts.queue.card(consumption_id).state is CardState.CONFIRMED
        # The same events under fresh ids, duplicated and shuffled; a finalized before its
        # request must never leave a pending card behind.
        for number in range(RACE_REPEATS * 2):
            fresh = f"txc_01race{number:021d}"
            inputs = [request, request, finalized, finalized]
            rng.shuffle(inputs)
            for text in inputs:
                feed(text.replace(consumption_id, fresh))
            card = parts.queue.card(fresh) or history_card(parts, fresh)
            assert card is not None, inputs
            assert card.state is CardState.CONFIRMED
        assert parts.queue.pending_count == 0
        # The waiting count is announced at most every 100 ms.
        await cockpit.until(lambda: parts.window.status.pending_label.text() == "0 waiting")

    cockpit.run(scenario)


def test_a_finalized_event_before_the_http_answer_settles_the_card(cockpit: Cockpit) -> None:
    """The proxy keeps the approve's answer until the finalized event has been shown."""
    proxy = ApiProxy(cockpit.sim.url)
    parts = cockpit.parts
    order: list[str] = []
    parts.controller.cashier.consumption_finalized.connect(lambda cid, state: order.append("event"))
    parts.controller.cashier.action_finished.connect(
        lambda cid, action, state: order.append("answer")
    )

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        point_api_at(parts, proxy)
        for _ in range(3):
            order.clear()
            proxy.hold()
            request = cockpit.requests(confirmation=True)[0]
            consumption_id = await cockpit.pending_card_for(request["id"])
            approve_now(cockpit, consumption_id)
            await cockpit.until(lambda cid=consumption_id: finalized_seen(parts, cid))
            card = parts.queue.card(consumption_id)
            assert card is not None
            assert card.state is CardState.CONFIRMED  # settled while the answer waits
            assert set(order) == {"event"}  # (once per joined topic it arrived on)
            proxy.release()
            await cockpit.until(lambda: "answer" in order)
            assert parts.queue.card(consumption_id).state is CardState.CONFIRMED
            assert cockpit.sim.world.consumptions[consumption_id].status == "confirmed"

    try:
        cockpit.run(scenario)
    finally:
        proxy.stop()


# -- 3. network faults -----------------------------------------------------------------------------


def test_a_hanging_approve_times_out_and_is_never_sent_twice_unasked(cockpit: Cockpit) -> None:
    timeout = 0.5 * TIME_UNIT
    cockpit.parts.controller.config_overrides["api_timeout"] = timeout
    proxy = ApiProxy(cockpit.sim.url)
    parts = cockpit.parts

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        point_api_at(parts, proxy)
        proxy.mode = "hang"
        request = cockpit.requests(confirmation=True)[0]
        consumption_id = await cockpit.pending_card_for(request["id"])
        approve_now(cockpit, consumption_id)
        widget = parts.window.queue_view.card_widget(consumption_id)
        assert widget is not None
        await cockpit.until(lambda: "Approving" in widget.state_label.text())
        assert not widget.approve_button.isEnabled()
        widget.approve_button.click()  # pressed again while in flight: ignored
        started = time.monotonic()
        queue = parts.queue
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.OUTCOME_UNKNOWN)
        waited = time.monotonic() - started
        assert "No answer from the server" in widget.message_label.text()
        assert widget.message_label.isVisible()
        assert widget.state_label.text() == "Outcome unknown"
        assert widget.approve_button.isEnabled()  # may be repeated, after a warning
        assert not widget.reject_button.isEnabled()  # could record a paid one rejected
        # Nobody asked again: no second request, however long we wait.
        await settle(4 * timeout)
        assert proxy.count("approve_transaction_consumption", consumption_id) == 1
        assert queue.card(consumption_id).state is CardState.OUTCOME_UNKNOWN
        # The cashier asks again, reads the warning and confirms; the server answers.
        proxy.mode = "pass"
        cockpit.clock.advance(1.0)  # past the lock-out after the first decision
        widget.approve_button.click()
        assert widget.is_confirming
        assert "does not check" in widget.confirm_label.text()
        assert proxy.count("approve_transaction_consumption", consumption_id) == 1
        widget.confirm_yes.click()
        await cockpit.until(lambda: queue.card(consumption_id).state is CardState.CONFIRMED)
        assert proxy.count("approve_transaction_consumption", consumption_id) == 2
        figure("hanging_approve", api_timeout_s=timeout, shown_after_s=round(waited, 3))

    try:
        cockpit.run(scenario)
    finally:
        proxy.stop()


class SimulatorProcess:
    """``ewallet-monitor simulator`` in its own process, so it can be killed (SIGKILL)."""

    def __init__(self, port: int = 0) -> None:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ewallet_monitor",
                "simulator",
                "--port",
                str(port),
                "--scenario",
                "quiet",
                "--seed",
                "7",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(5)
            raise RuntimeError("the simulator did not start")
        self.info: dict[str, Any] = json.loads(line)
        self.port = int(self.info["url"].rsplit(":", 1)[1])

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(WAIT_S)
        if self.process.stdout is not None:
            self.process.stdout.close()


def test_a_killed_and_restarted_server_is_rejoined_with_a_gap_row(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    parts = build_window(make_settings(tmp_path), linger_ms=60_000, flush_interval_ms=10)
    parts.controller.config_overrides.update(FAST_CONFIG)
    parts.window.show()
    server = SimulatorProcess()
    states: list[ConnectionState] = []
    texts: list[str] = []
    status = parts.window.status

    def on_status(event: Any) -> None:
        states.append(event.state)
        texts.append(status.connection_text)

    parts.controller.status_changed.connect(on_status)
    values = demo_connection(server.info, "cashier")
    tree = parts.channel_tree

    async def until(condition: Callable[[], object]) -> None:
        deadline = time.monotonic() + WAIT_S
        while not condition():
            assert time.monotonic() < deadline, "condition not met in time"
            await asyncio.sleep(0.02)

    async def scenario() -> None:
        nonlocal server
        form = parts.window.connection_form
        form.set_values(**values)
        form.submit()
        joined = lambda: all(tree.state_of(t) is ChannelState.JOINED for t in values["topics"])  # noqa: E731
        await until(joined)
        for _ in range(2):
            states.clear()
            server.kill()
            await until(lambda: ConnectionState.RECONNECTING in states)
            assert any("Reconnecting" in text for text in texts)
            await settle(0.3)
            back = time.monotonic()
            server = SimulatorProcess(server.port)
            await until(lambda: states[-1] is ConnectionState.CONNECTED and joined())
            figure("kill_restart_rejoin", seconds=round(time.monotonic() - back, 3))
            assert "Connected" in status.connection_text
        parts.event_log.flush()
        gaps = [
            parts.event_log.record_at(row)
            for row in range(parts.event_log.rowCount())
            if parts.event_log.record_at(row).kind == "gap"
        ]
        assert len(gaps) == 2
        assert "events broadcast meanwhile are lost" in gaps[-1].summary
        assert values["topics"][0] in gaps[-1].summary

    try:
        qasync_loop.run_until_complete(_then_shutdown(parts, scenario))
    finally:
        server.kill()
        delete_window(parts.window)


async def _then_shutdown(
    parts: Assembly, scenario: Callable[[], Coroutine[Any, Any, None]]
) -> None:
    try:
        await scenario()
    finally:
        await parts.controller.shutdown()


# -- 4. bad input from the server ------------------------------------------------------------------

TOPIC = "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1q2w"
GOOD_EVENT = "reliability_window_sentinel"
MAX_FRAME = 256 * 1024  # the window's limit in this test (the product's is 1 MiB)


def good(number: int) -> str:
    return encode_server_frame(TOPIC, GOOD_EVENT, None, {"n": number})


def bad_corpus(rng: random.Random) -> list[tuple[str, str | bytes]]:
    valid = good(-1)
    return [
        ("random bytes, binary frame", rng.randbytes(64)),
        ("invalid UTF-8, binary frame", b"\xff\xfe\xfd\xc3\x28"),
        ("a valid frame in a binary frame", valid.encode()),
        ("random text", "".join(chr(rng.randrange(32, 0x2FF)) for _ in range(80))),
        ("every byte value as text", bytes(range(256)).decode("latin-1")),
        ("empty text", ""),
        ("truncated JSON", valid[: len(valid) // 2]),
        ("trailing comma", valid[:-1] + ",}"),
        ("JSON array of frames", f"[{valid},{valid}]"),
        ("JSON number", "42"),
        ("JSON null", "null"),
        ("missing topic", json.dumps({"event": "x", "ref": None})),
        ("topic is a number", valid.replace(json.dumps(TOPIC), "7")),
        ("integer of 100000 digits", valid.replace('"n":-1', '"n":' + "9" * 100_000)),
        ("100000 nested arrays", "[" * 100_000 + "]" * 100_000),
        ("20000 nested objects", '{"a":' * 20_000 + "1" + "}" * 20_000),
        ("over the frame size limit", valid.replace('"n":-1', '"n":"' + "x" * MAX_FRAME + '"')),
    ]


@pytest.fixture
def fake_server() -> Iterator[FakeSocketServer]:
    server = FakeSocketServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def window_parts(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> Iterator[Assembly]:
    with shown_window(qasync_loop, make_settings(tmp_path)) as parts:
        yield parts


def rows_of(parts: Assembly, kind: str, event: str | None = None) -> int:
    parts.event_log.flush()
    return sum(
        1
        for row in range(parts.event_log.rowCount())
        if parts.event_log.record_at(row).kind == kind
        and (event is None or parts.event_log.record_at(row).event == event)
    )


def test_bad_frames_become_invalid_rows_and_good_frames_still_arrive(
    window_parts: Assembly, fake_server: FakeSocketServer, qasync_loop: asyncio.AbstractEventLoop
) -> None:
    parts = window_parts
    parts.controller.config_overrides["max_frame_bytes"] = MAX_FRAME
    corpus = bad_corpus(random.Random(99))
    probe = LatenessProbe()

    async def until(condition: Callable[[], object]) -> None:
        deadline = time.monotonic() + WAIT_S
        while not condition():
            assert time.monotonic() < deadline, "condition not met in time"
            await asyncio.sleep(0.02)

    async def scenario() -> None:
        form = parts.window.connection_form
        form.set_values(
            url=fake_server.url,
            scheme=AuthScheme.OMG_CLIENT,
            key="fake-key",
            secret="fake-secret",
            topics=[TOPIC],
        )
        form.submit()
        await until(lambda: parts.channel_tree.state_of(TOPIC) is ChannelState.JOINED)
        probe.worst_ms = 0.0
        for number, (_name, message) in enumerate(corpus):
            await fake_server.push(message, good(number))
        await fake_server.push(encode_server_frame(TOPIC, "some_future_event", None, {"new": 1}))
        # The unknown event was pushed last: once its row is there, everything before it is.
        await until(lambda: rows_of(parts, "other", "some_future_event") == 1)
        assert rows_of(parts, "other", GOOD_EVENT) == len(corpus)
        assert rows_of(parts, "invalid") == len(corpus)
        # A message over the socket's own limit closes the connection: one more invalid row,
        # a reconnect, and good frames arrive again.
        joins = fake_server.joins
        await fake_server.push("x" * (MAX_FRAME * 8 + 1))
        await until(lambda: fake_server.joins > joins)
        await until(lambda: parts.channel_tree.state_of(TOPIC) is ChannelState.JOINED)
        await fake_server.push(good(len(corpus)))
        await until(lambda: rows_of(parts, "other", GOOD_EVENT) == len(corpus) + 1)
        assert rows_of(parts, "invalid") == len(corpus) + 1
        # Every invalid row is visible in the table (not hidden as housekeeping).
        view = parts.window.event_log_view
        shown = [view.proxy.index(row, 0).data(KindRole) for row in range(view.proxy.rowCount())]
        assert shown.count("invalid") == len(corpus) + 1
        assert probe.ticks > 0  # the window's own timers kept running

    try:
        qasync_loop.run_until_complete(_then_shutdown(parts, scenario))
    finally:
        probe.stop()
    figure(
        "bad_frames_window",
        bad_frames=len(corpus) + 1,
        timer_lateness_worst_ms=round(probe.worst_ms, 1),
    )


def test_invalid_frames_fed_to_the_controller_are_rows_and_nothing_breaks(
    cockpit: Cockpit,
) -> None:
    """The controller's own path for what the client could not decode, mid-session."""
    rng = random.Random(5)
    parts = cockpit.parts

    async def scenario() -> None:
        await cockpit.connect_as_cashier()
        corpus = bad_corpus(rng)
        for _name, message in corpus:
            text = message if isinstance(message, str) else message.decode("latin-1")
            decoded = decode_server_frame(message, binary=isinstance(message, bytes))
            invalid = decoded if isinstance(decoded, InvalidFrame) else InvalidFrame("?", text)
            parts.controller.handle_event(InvalidFrameReceived(invalid, utc_now()))
        assert rows_of(parts, "invalid") == len(corpus)
        assert not parts.window.error_banner.isVisible()
        await approve_and_confirm(cockpit)

    cockpit.run(scenario)


# -- 5. bad input from the user ----------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A listening socket on port 0 that must see no connection."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def assert_no_connection(sock: socket.socket) -> None:
    try:
        connection, _address = sock.accept()
    except BlockingIOError:
        return  # nobody knocked
    connection.close()
    raise AssertionError("the window opened a connection")


USER_MISTAKES: list[tuple[str, dict[str, Any], str]] = [
    ("url", {"url": "ftp://127.0.0.1:{port}"}, "not supported"),
    ("url", {"url": "127.0.0.1:{port}"}, ""),
    ("url", {"url": "http://:{port}"}, ""),
    ("url", {"url": "  "}, ""),
    ("key", {"key": ""}, "API key is empty"),
    ("secret", {"secret": ""}, "is empty"),
    ("secret", {"secret": " \t "}, "is empty"),
    ("secret", {"secret": "token "}, "blanks around it"),
    ("topics", {"topics": ["user:"]}, "Line 1"),
    ("topics", {"topics": ["user:usr_x", "wallet:abc"]}, "Line 2: unknown channel kind"),
    ("topics", {"topics": ["transaction_request:txc_01cbfg9qtdken61agxhx6wvj9h"]}, "txc_"),
]


@pytest.mark.parametrize(("field", "change", "words"), USER_MISTAKES)
def test_a_user_mistake_is_named_at_its_field_and_nothing_is_sent(
    window_parts: Assembly,
    listener: socket.socket,
    qasync_loop: asyncio.AbstractEventLoop,
    field: str,
    change: dict[str, Any],
    words: str,
) -> None:
    parts = window_parts
    port = listener.getsockname()[1]
    values: dict[str, Any] = {
        "url": f"http://127.0.0.1:{port}",
        "scheme": AuthScheme.OMG_CLIENT,
        "key": "api-key",
        "secret": "token",
        "topics": ["user:usr_01cbfg9qtdken61agxhx6wvj9h"],
    }
    values.update({k: v.format(port=port) if isinstance(v, str) else v for k, v in change.items()})
    form = parts.window.connection_form

    async def scenario() -> None:
        form.set_values(**values)
        form.connect_button.click()
        await settle(0.3)

    qasync_loop.run_until_complete(scenario())
    text = form.error_text(field)
    assert text, f"no error at {field}"
    assert words in text
    assert all(form.error_text(other) == "" for other in form.errors if other != field)
    assert parts.controller.client is None
    assert not parts.controller.is_running
    assert "Offline" in parts.window.status.connection_text
    assert_no_connection(listener)


def test_plain_ws_to_another_host_asks_and_no_sends_nothing(
    window_parts: Assembly, listener: socket.socket, qasync_loop: asyncio.AbstractEventLoop
) -> None:
    parts = window_parts
    form = parts.window.connection_form
    built: list[Any] = []
    parts.controller._client_factory = lambda config, on_event: built.append(config)

    async def scenario() -> None:
        form.set_values(
            url="ws://192.0.2.10:4000",  # TEST-NET-1: never reached
            scheme=AuthScheme.OMG_CLIENT,
            key="api-key",
            secret="token",
        )
        form.connect_button.click()
        assert form.insecure_box.isVisibleTo(form)
        assert "192.0.2.10 is reached without encryption" in form.insecure_label.text()
        form.insecure_cancel.click()
        await settle(0.3)

    qasync_loop.run_until_complete(scenario())
    assert built == []
    assert parts.controller.client is None
    assert not form.insecure_box.isVisibleTo(form)
    assert_no_connection(listener)


# -- 6. secrets ----------------------------------------------------------------------------------------


def secret_forms(key: str, secret: str) -> list[str]:
    pair = base64.b64encode(f"{key}:{secret}".encode()).decode()
    return [secret, pair]


@pytest.fixture
def stored_cockpit(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> Iterator[tuple[Cockpit, EventStore]]:
    sim = start_simulator()
    sim.world.cashier.auth_token = CANARY  # the cashier's real secret is the canary
    store = EventStore(tmp_path / "events.sqlite3", commit_interval=0.02)
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), store) as parts:
            yield Cockpit(parts, sim, qtbot, qasync_loop), store
    finally:
        store.close()
        sim.stop()


def test_a_canary_secret_reaches_no_file_report_or_output(
    stored_cockpit: tuple[Cockpit, EventStore],
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    cockpit, store = stored_cockpit
    window = cockpit.parts.window
    values = demo_connection(cockpit.info, "cashier")
    key = values["key"]
    reports: list[Any] = []

    def crash_with_canary() -> None:
        raise ValueError(f"injected failure holding the secret {CANARY} and {WRONG_CANARY}")

    async def scenario() -> None:
        form = window.connection_form
        # Refused first: a wrong secret (itself a canary).
        form.set_values(**{**values, "secret": WRONG_CANARY})
        form.submit()
        await cockpit.until(lambda: cockpit.parts.controller.state is ConnectionState.REFUSED)
        await cockpit.until(lambda: window.error_banner.isVisible())
        # Then the right one: connect, approve.
        form.set_values(**{**values, "secret": CANARY})
        form.submit()
        await cockpit.wait_joined(values["topics"])
        await approve_and_confirm(cockpit)
        # A crash whose message holds both secrets.
        QTimer.singleShot(0, window, crash_with_canary)
        await cockpit.until(lambda: "injected failure" in window.error_banner.summary)
        reports.append(banner_texts(cockpit.parts))
        store.flush(5.0)
        export = window.show_export()
        assert export is not None
        for what, fmt, name in (
            (EVENTS, CSV, "events.csv"),
            (EVENTS, NDJSON, "events.ndjson"),
            ("audit", CSV, "audit.csv"),
        ):
            finished: list[bool] = []
            export.export_finished.connect(lambda ok, _text, sink=finished: sink.append(ok))
            export.set_choice(what=what, fmt=fmt, scope=SCOPE_ALL, path=tmp_path / name)
            assert export.start_export()
            await cockpit.until(lambda sink=finished: sink)
            assert finished == [True]
        window.save_settings()

    with crash_reporting(cockpit.parts, cockpit.loop, tmp_path / "logs") as reporting:
        cockpit.run(scenario)
        crash_reports = [f"{r.summary}\n{r.details}" for r in reporting.handler.reports]
    store.close()
    out, err = capfd.readouterr()
    written = {
        str(path.relative_to(tmp_path)): path.read_bytes()
        for path in tmp_path.rglob("*")
        if path.is_file()
    }
    expected = {"settings.ini", "events.sqlite3", "events.csv", "events.ndjson", "audit.csv"}
    assert expected <= set(written)
    assert f"logs/{LOG_FILE_NAME}" in written
    assert b"injected failure holding the secret" in written[f"logs/{LOG_FILE_NAME}"]
    assert crash_reports
    places = {
        **{name: content.decode("utf-8", "replace") for name, content in written.items()},
        "crash reports": "\n".join(crash_reports),
        "banner": "\n".join(f"{s}\n{d}" for s, d in reports),
        "stdout": out,
        "stderr": err,
    }
    hits = [
        (form, place)
        for form in [*secret_forms(key, CANARY), *secret_forms(key, WRONG_CANARY)]
        for place, text in places.items()
        if form in text
    ]
    figure("canary_window", places=len(places), hits=len(hits))
    assert hits == []


def notice_rows(parts: Assembly, words: str) -> int:
    parts.event_log.flush()
    return sum(
        1
        for row in range(parts.event_log.rowCount())
        if parts.event_log.record_at(row).kind == "notice"
        and words in parts.event_log.record_at(row).summary
    )


@pytest.fixture
def tls_simulator(tmp_path: Path) -> Iterator[tuple[SimulatorThread, Path]]:
    from tests.reliability.certificates import make_certificates

    certificates = make_certificates(tmp_path)
    sim = SimulatorThread(
        SimulatorConfig(port=0, scenario="quiet", seed=7, ssl_context=certificates.server_context())
    )
    sim.start()
    try:
        yield sim, certificates.ca
    finally:
        sim.stop()


@pytest.mark.parametrize(
    ("verify", "use_ca", "connects", "warning_shown"),
    [(False, False, True, True), (True, True, True, False), (True, False, False, False)],
    ids=["verification-off", "verified-with-ca", "untrusted-refused"],
)
def test_tls_verification_off_is_shown_in_the_status_bar(
    window_parts: Assembly,
    tls_simulator: tuple[SimulatorThread, Path],
    qasync_loop: asyncio.AbstractEventLoop,
    verify: bool,
    use_ca: bool,
    connects: bool,
    warning_shown: bool,
) -> None:
    parts = window_parts
    sim, ca = tls_simulator
    info = sim.info()
    values = demo_connection(info, "cashier")
    assert info["client_socket"].startswith("wss://")
    window = parts.window

    async def until(condition: Callable[[], object]) -> None:
        deadline = time.monotonic() + WAIT_S
        while not condition():
            assert time.monotonic() < deadline, "condition not met in time"
            await asyncio.sleep(0.02)

    async def scenario() -> None:
        form = window.connection_form
        form.set_values(**values, verify_tls=verify, cafile=str(ca) if use_ca else "")
        form.submit()
        if connects:
            topics = values["topics"]
            await until(
                lambda: all(parts.channel_tree.state_of(t) is ChannelState.JOINED for t in topics)
            )
        else:
            await until(lambda: parts.controller.state is ConnectionState.REFUSED)
            assert "certificate" in window.error_banner.summary.lower()
        assert window.status.tls_label.isVisibleTo(window) is warning_shown
        if warning_shown:
            assert "TLS verification OFF" in window.status.tls_label.text()
            # The event log says it too, once per connection.
            await until(lambda: notice_rows(parts, "verification is off"))
        else:
            assert not notice_rows(parts, "verification is off")

    qasync_loop.run_until_complete(_then_shutdown(parts, scenario))


def test_the_app_writes_its_log_file_under_the_data_dir(tmp_path: Path) -> None:
    """The composition root itself (``app.gui.main``) sets up the log file and the crash
    handler: a short demo run leaves DIR/logs/ewallet-monitor.log behind."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("EWALLET_MONITOR_LOG_DIR", None)  # --data-dir decides
    result = subprocess.run(
        [
            *(sys.executable, "-m", "ewallet_monitor.app.main"),
            *("--demo", "--quit-after", "1500", "--data-dir", str(tmp_path)),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60 * TIME_UNIT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    log_file = tmp_path / "logs" / LOG_FILE_NAME
    assert log_file.exists()
    assert "sim_demo_cashier_token" not in log_file.read_text(encoding="utf-8")
