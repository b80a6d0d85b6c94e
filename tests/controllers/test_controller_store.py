"""MonitorController with a real store: every event recorded, every action audited."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ewallet_monitor.api import ApiError
from ewallet_monitor.controllers import MonitorController
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.events import ConnectionState, ConnectionStateChanged
from ewallet_monitor.store import EventStore
from tests.conftest import TIME_UNIT
from tests.controllers.test_monitor_controller import RecordingClient, ScriptedApi
from tests.models.samples import CONSUMPTION_ID, REQUEST_TOPIC, at, request_event

SECRET = "controller-canary-4b1e"


@pytest.fixture
def setup(
    qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> Iterator[tuple[MonitorController, EventStore, asyncio.AbstractEventLoop]]:
    store = EventStore(tmp_path / "events.sqlite3", commit_interval=0.02)
    controller = MonitorController(
        ApprovalQueue(linger_ms=60_000),
        client_factory=RecordingClient,
        api_factory=ScriptedApi,
        store=store,
    )
    controller.cashier.profile_name = "till 1"
    yield controller, store, qasync_loop
    qasync_loop.run_until_complete(controller.shutdown())
    store.close()


def connect(controller: MonitorController, loop: asyncio.AbstractEventLoop) -> None:
    async def go() -> None:
        credentials = Credentials(AuthScheme.OMG_CLIENT, "key", SECRET)
        assert controller.connect_to("ws://127.0.0.1:1/api/client/socket", credentials)
        await asyncio.sleep(0)

    loop.run_until_complete(go())


def test_every_event_is_recorded_with_the_secret_redacted(setup: Any, tmp_path: Path) -> None:
    controller, store, loop = setup
    connect(controller, loop)
    controller.handle_event(ConnectionStateChanged(ConnectionState.CONNECTED, at(), detail=SECRET))
    controller.handle_event(request_event())
    assert store.flush(10 * TIME_UNIT)
    assert [f.consumption_id for f in store.search(topic=REQUEST_TOPIC)] == [CONSUMPTION_ID]
    store.close()
    assert SECRET.encode() not in (tmp_path / "events.sqlite3").read_bytes()


def test_an_approval_is_audited_with_the_answer_and_the_profile(setup: Any) -> None:
    controller, store, loop = setup
    connect(controller, loop)
    controller.handle_event(ConnectionStateChanged(ConnectionState.CONNECTED, at()))
    controller.handle_event(request_event())

    async def answer(consumption_id: str) -> dict[str, Any]:
        return {"object": "transaction_consumption", "id": consumption_id, "status": "confirmed"}

    controller.api.answer = answer
    task = controller.cashier.act(CONSUMPTION_ID, "approve")
    assert task is not None
    loop.run_until_complete(task)
    assert store.flush(10 * TIME_UNIT)
    (entry,) = store.audit_entries()
    assert (entry.action, entry.consumption_id, entry.profile) == (
        "approve",
        CONSUMPTION_ID,
        "till 1",
    )
    assert (entry.amount, entry.token, entry.answer_code) == (1250, "USD", "ok")
    assert entry.outcome == "confirmed"  # settled by the HTTP answer


def test_a_refused_rejection_is_audited_with_the_error_code(setup: Any) -> None:
    controller, store, loop = setup
    connect(controller, loop)
    controller.handle_event(request_event())

    async def refuse(_consumption_id: str) -> dict[str, Any]:
        raise ApiError("transaction_consumption:not_owner", "not yours", http_status=200)

    controller.api.answer = refuse
    task = controller.cashier.act(CONSUMPTION_ID, "reject")
    assert task is not None
    loop.run_until_complete(task)
    assert store.flush(10 * TIME_UNIT)
    (entry,) = store.audit_entries()
    assert entry.action == "reject"
    assert entry.answer_code == "transaction_consumption:not_owner"
    assert entry.answer is not None and "not yours" in entry.answer


def test_an_action_without_a_connection_is_audited_as_not_sent(setup: Any) -> None:
    controller, store, loop = setup
    task = controller.cashier.act(CONSUMPTION_ID, "approve")
    assert task is not None
    loop.run_until_complete(task)
    assert store.flush(10 * TIME_UNIT)
    (entry,) = store.audit_entries()
    assert entry.answer_code == "monitor:not_connected"


def test_a_decision_not_sent_because_the_read_showed_it_decided_is_audited(
    setup: Any,
) -> None:
    controller, store, loop = setup
    connect(controller, loop)
    controller.handle_event(request_event())
    api = controller.api
    api.admin = True
    api.stored = {
        "object": "transaction_consumption",
        "id": CONSUMPTION_ID,
        "status": "rejected",
        "rejected_at": "2026-05-01T12:00:00Z",
    }
    task = controller.cashier.act(CONSUMPTION_ID, "approve")
    assert task is not None
    loop.run_until_complete(task)
    assert api.calls == [("get", CONSUMPTION_ID)]
    assert store.flush(10 * TIME_UNIT)
    (entry,) = store.audit_entries()
    assert (entry.action, entry.answer_code) == ("approve", "monitor:not_pending")
    assert entry.answer is not None and "rejected at 2026-05-01T12:00:00Z" in entry.answer
    assert entry.outcome == "rejected"


@pytest.mark.parametrize(
    "limits",
    [
        DEFAULT_LIMITS,
        dataclasses.replace(
            DEFAULT_LIMITS, store_backlog_pause_rows=100, store_backlog_resume_rows=40
        ),
    ],
    ids=["default", "small"],
)
def test_the_client_pauses_its_intake_while_the_store_is_far_behind(
    limits: PipelineLimits,
) -> None:
    class Backlog:
        """A store stand-in whose backlog the test sets."""

        pending = 0

        def record(self, event: Any) -> None: ...
        def set_secrets(self, secrets: Any) -> None: ...
        def record_audit(self, **fields: Any) -> None: ...
        def update_audit_outcome(self, consumption_id: str, outcome: str, **f: Any) -> None: ...

    store = Backlog()
    controller = MonitorController(
        ApprovalQueue(linger_ms=60_000),
        client_factory=RecordingClient,
        api_factory=ScriptedApi,
        store=store,
        limits=limits,
    )
    loop = asyncio.new_event_loop()
    try:
        connect(controller, loop)
        client = controller.client
        assert client.config.limits is limits  # the same limits travel to the client
        paused = client.intake_paused
        seen = []
        pause, resume = limits.store_backlog_pause_rows, limits.store_backlog_resume_rows
        for pending in (0, pause - 1, pause, resume, resume - 1, pause - 1):
            store.pending = pending
            seen.append(paused())
        # Paused at the limit, and (hysteresis) until the backlog is under the resume mark.
        assert seen == [False, False, True, True, False, False]
        loop.run_until_complete(controller.shutdown())
    finally:
        loop.close()
