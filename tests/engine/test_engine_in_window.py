"""The engine as the window uses it: the real controller on a qasync loop (its pipe read
through a QSocketNotifier), the simulator in a background thread."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ewallet_monitor.client import OutcomeReason
from ewallet_monitor.controllers import MonitorController
from ewallet_monitor.engine import ENGINE_STOPPED, EngineClient
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.protocol.events import ConnectionState
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from tests.client.harness import WAIT, confirming_request, credentials, fast_config

WAIT_MS = int(WAIT * 1000)


@pytest.fixture
def simulator() -> Iterator[SimulatorThread]:
    with SimulatorThread(SimulatorConfig(port=0, scenario="quiet")) as sim:
        yield sim


def test_the_controller_runs_on_the_engine_and_hears_of_its_death(
    qasync_loop: asyncio.AbstractEventLoop, qtbot: QtBot, simulator: SimulatorThread
) -> None:
    info = simulator.info()
    request = confirming_request(info)
    topic = f"transaction_request:{request['id']}"
    controller = MonitorController(ApprovalQueue(), client_factory=EngineClient)
    outcomes: list[Any] = []
    controller.run_finished.connect(outcomes.append)
    config = fast_config(simulator.url, credentials(info, "cashier"))

    async def start() -> None:
        assert controller.start(config, [topic])

    qasync_loop.run_until_complete(start())
    client = controller.client
    assert isinstance(client, EngineClient)
    qtbot.waitUntil(lambda: client.channel_reason(topic) == "joined", timeout=WAIT_MS)
    with qtbot.waitSignal(controller.cashier.consumption_requested, timeout=WAIT_MS) as requested:
        simulator.call(simulator.simulator.create_consumption, request["id"])
    card = controller.approval_queue.card(requested.args[0])
    assert card is not None and not card.is_final
    assert controller.frames_received >= 1
    assert client.pid is not None
    os.kill(client.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=WAIT_MS)
    qasync_loop.run_until_complete(controller.shutdown())
    assert outcomes[0].reason is OutcomeReason.RETRIES_EXHAUSTED
    assert controller.state is ConnectionState.OFFLINE
    assert controller.last_status is not None and controller.last_status.code == ENGINE_STOPPED
