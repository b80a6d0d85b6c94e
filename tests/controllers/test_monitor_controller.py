"""MonitorController: events to models and signals, intents to coroutines, races settled.

The engine is replaced by small named fakes (a client that records joins and an API whose
answers a test scripts); the models are the real ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from ewallet_monitor.api import ApiError, ApiTimeout
from ewallet_monitor.api.errors import CONNECTION_FAILED
from ewallet_monitor.controllers import MonitorController
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.channel_tree import ChannelTreeModel
from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.protocol.approval import CardState, Settlement
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.errors import CONSUMPTION_EXPIRED, UNAUTHORIZED, EWalletError
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    GapRecorded,
    HeartbeatMeasured,
)
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.protocol.urls import resolve_endpoints
from tests.models.samples import (
    CONSUMPTION_ID,
    REQUEST_TOPIC,
    at,
    consumption,
    finalized_event,
    received,
    request_event,
)

Answer = Callable[[str], Awaitable[dict[str, Any]]]


class ScriptedApi:
    """Answers approve/reject with whatever coroutine the test put in ``answer`` (the
    controller's ``api_factory``: built from each connection's config)."""

    def __init__(self, config: Any = None) -> None:
        self.config = config
        self.calls: list[tuple[str, str]] = []
        self.answer: Answer | None = None
        self.closed = False
        self.admin = False
        self.stored: dict[str, Any] | None = None  # what a read answers (admin only)

    async def get_consumption(self, consumption_id: str) -> dict[str, Any]:
        self.calls.append(("get", consumption_id))
        if self.stored is None:
            raise ApiError(UNAUTHORIZED, "not found")
        return self.stored

    async def _call(self, action: str, consumption_id: str) -> dict[str, Any]:
        self.calls.append((action, consumption_id))
        assert self.answer is not None
        return await self.answer(consumption_id)

    async def approve(self, consumption_id: str) -> dict[str, Any]:
        return await self._call("approve", consumption_id)

    async def reject(self, consumption_id: str) -> dict[str, Any]:
        return await self._call("reject", consumption_id)

    async def close(self) -> None:
        self.closed = True


class RecordingClient:
    """A client that never connects: it records joins and waits to be stopped. Like the
    real ones it raises ``UrlError`` for an unusable URL."""

    def __init__(self, config: Any, on_event: Callable[[Any], None]) -> None:
        resolve_endpoints(config.url, config.credentials.scheme)
        self.config = config
        self.on_event = on_event
        self.intake_paused: Callable[[], bool] | None = None
        self.joined: list[str] = []
        self._stopped = asyncio.Event()

    def join(self, topic: str) -> None:
        self.joined.append(topic)

    def leave(self, topic: str) -> None:
        self.joined.remove(topic)

    def rejoin(self, topic: str) -> None:
        self.joined.append(topic)

    def stop(self) -> None:
        self._stopped.set()

    async def run(self) -> str:
        await self._stopped.wait()
        return "stopped"


@pytest.fixture
def parts(qasync_loop: asyncio.AbstractEventLoop) -> dict[str, Any]:
    queue = ApprovalQueue(linger_ms=60_000)
    controller = MonitorController(
        queue,
        event_log=EventLogModel(flush_interval_ms=10),
        channel_tree=ChannelTreeModel(),
        client_factory=RecordingClient,
        api_factory=ScriptedApi,
    )
    credentials = Credentials(AuthScheme.OMG_CLIENT, "key", "secret")

    async def connect() -> None:
        # Started inside the running loop: pytest-qt processes Qt events between test
        # phases, and a task's first step taken there would find no running loop.
        url = "ws://127.0.0.1:1/api/client/socket"
        assert controller.connect_to(url, credentials, [REQUEST_TOPIC])
        await asyncio.sleep(0)

    qasync_loop.run_until_complete(connect())
    yield {"controller": controller, "queue": queue, "loop": qasync_loop}
    qasync_loop.run_until_complete(controller.shutdown())


def live(controller: MonitorController) -> None:
    controller.handle_event(ConnectionStateChanged(ConnectionState.CONNECTED, at()))


def run(parts: dict[str, Any], awaitable: Awaitable[Any]) -> Any:
    return parts["loop"].run_until_complete(awaitable)


def test_topics_are_joined_when_connecting(parts: dict[str, Any]) -> None:
    assert parts["controller"].client.joined == [REQUEST_TOPIC]


def test_each_connection_gets_an_api_of_its_own_config_and_the_last_is_closed(
    parts: dict[str, Any],
) -> None:
    """The HTTP API is built by the controller from each start's config, never taken from
    the client; a new connection closes the previous one's, and shutdown the last."""
    controller = parts["controller"]
    first = controller.api
    assert isinstance(first, ScriptedApi)
    assert first.config is controller.config
    assert not hasattr(controller.client, "api")
    credentials = Credentials(AuthScheme.OMG_CLIENT, "other-key", "other-secret")

    async def reconnect() -> None:
        assert controller.connect_to("ws://127.0.0.1:2/api/client/socket", credentials)
        await asyncio.sleep(0)
        await asyncio.sleep(0)

    run(parts, reconnect())
    second = controller.api
    assert second is not first and second.config is controller.config
    assert second.config.credentials.key == "other-key"
    assert first.closed and not second.closed
    run(parts, controller.shutdown())
    assert second.closed


def test_a_url_the_client_refuses_leaves_no_api_behind(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    credentials = Credentials(AuthScheme.OMG_CLIENT, "key", "secret")
    assert not controller.connect_to("ftp://example.com", credentials)
    assert controller.api is None and controller.client is None


def test_a_request_makes_a_card_and_says_so(parts: dict[str, Any], qtbot: Any) -> None:
    controller = parts["controller"]
    with qtbot.waitSignal(controller.cashier.consumption_requested) as signal:
        controller.handle_event(request_event())
    assert signal.args == [CONSUMPTION_ID]
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.PENDING
    assert controller.frames_received == 1


def test_a_duplicate_request_is_announced_once(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    announced: list[str] = []
    controller.cashier.consumption_requested.connect(announced.append)
    controller.handle_event(request_event())
    controller.handle_event(request_event())
    assert announced == [CONSUMPTION_ID]


def test_a_recovered_pending_makes_a_recovered_card(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    controller.handle_event(ConsumptionRecovered(consumption(), REQUEST_TOPIC, at()))
    assert parts["queue"].card(CONSUMPTION_ID).recovered


def test_a_finalized_event_settles_the_card_and_says_so(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    settled: list[tuple[str, str]] = []
    controller.cashier.consumption_finalized.connect(
        lambda cid, state: settled.append((cid, state))
    )
    controller.handle_event(request_event())
    controller.handle_event(finalized_event("rejected"))
    assert settled == [(CONSUMPTION_ID, "rejected")]


def test_a_failed_finalized_event_keeps_the_servers_reason(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    controller.handle_event(request_event())
    error = EWalletError("transaction:insufficient_funds", "The wallet lacks funds")
    controller.handle_event(
        received(REQUEST_TOPIC, CONSUMPTION_FINALIZED, data=consumption("failed"), error=error)
    )
    card = parts["queue"].card(CONSUMPTION_ID)
    assert card.state is CardState.FAILED
    assert card.message == "The wallet lacks funds"


def test_state_channel_and_heartbeat_events_reach_signals_and_models(
    parts: dict[str, Any],
) -> None:
    controller = parts["controller"]
    states: list[Any] = []
    rtts: list[float] = []
    controller.status_changed.connect(states.append)
    controller.heartbeat_measured.connect(rtts.append)
    live(controller)
    controller.handle_event(ChannelStateChanged(REQUEST_TOPIC, ChannelState.JOINED, at()))
    controller.handle_event(HeartbeatMeasured(12.5, at()))
    assert [s.state for s in states] == [ConnectionState.CONNECTED]
    assert controller.is_live and controller.ever_connected
    assert controller.channel_tree.state_of(REQUEST_TOPIC) is ChannelState.JOINED
    assert rtts == [12.5]


def test_approve_settles_on_the_http_answer(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())

    async def confirmed(_cid: str) -> dict[str, Any]:
        return consumption("confirmed")

    controller.api.answer = confirmed
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    card = parts["queue"].card(CONSUMPTION_ID)
    assert card.state is CardState.CONFIRMED
    assert card.settled_by is Settlement.HTTP


def test_a_finalized_event_before_the_http_answer_wins(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())

    async def event_first_then_error(_cid: str) -> dict[str, Any]:
        # The server broadcasts the finalized event before answering (docs/protocol-notes.md §6).
        controller.handle_event(finalized_event("confirmed"))
        raise ApiError(UNAUTHORIZED, "late and wrong")

    controller.api.answer = event_first_then_error
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    card = parts["queue"].card(CONSUMPTION_ID)
    assert card.state is CardState.CONFIRMED
    assert card.settled_by is Settlement.EVENT


def test_a_timeout_makes_the_card_actionable_and_nothing_is_retried(
    parts: dict[str, Any],
) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())

    async def timeout(_cid: str) -> dict[str, Any]:
        raise ApiTimeout("http:timeout", "no answer")

    api = controller.api
    api.answer = timeout
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    card = parts["queue"].card(CONSUMPTION_ID)
    assert card.state is CardState.OUTCOME_UNKNOWN
    assert "may have gone through" in card.message
    run(parts, asyncio.sleep(0.05))
    assert api.calls == [("approve", CONSUMPTION_ID)]
    # Reject is refused outright; a second approve needs the cashier's acknowledgement.
    run(parts, controller.cashier.act(CONSUMPTION_ID, "reject"))
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    assert api.calls == [("approve", CONSUMPTION_ID)]
    parts["queue"].acknowledge(CONSUMPTION_ID)
    api.answer = confirmed_answer
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    assert api.calls == [("approve", CONSUMPTION_ID)] * 2
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.CONFIRMED


async def confirmed_answer(_cid: str) -> dict[str, Any]:
    return consumption("confirmed")


def admin(controller: MonitorController, stored: dict[str, Any] | None) -> ScriptedApi:
    """Make the fake API an admin one whose read answers ``stored`` (None: not found)."""
    api: ScriptedApi = controller.api
    api.admin = True
    api.stored = stored
    return api


def test_with_admin_credentials_a_decided_consumption_is_read_and_nothing_is_sent(
    parts: dict[str, Any],
) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())
    api = admin(controller, consumption("rejected"))
    api.answer = confirmed_answer
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    assert api.calls == [("get", CONSUMPTION_ID)]  # approving it would have paid it
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.REJECTED


def test_with_admin_credentials_a_pending_consumption_is_read_then_decided(
    parts: dict[str, Any],
) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())
    api = admin(controller, consumption("pending"))
    api.answer = confirmed_answer
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    assert api.calls == [("get", CONSUMPTION_ID), ("approve", CONSUMPTION_ID)]
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.CONFIRMED


def test_with_admin_credentials_an_unreadable_consumption_is_not_decided(
    parts: dict[str, Any],
) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())
    api = admin(controller, None)
    api.answer = confirmed_answer
    run(parts, controller.cashier.act(CONSUMPTION_ID, "reject"))
    assert ("reject", CONSUMPTION_ID) not in api.calls
    card = parts["queue"].card(CONSUMPTION_ID)
    assert card.state is CardState.PENDING
    assert "Could not verify" in card.message


def test_after_a_gap_admin_credentials_read_every_open_card(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())
    api = admin(controller, consumption("confirmed"))
    controller.handle_event(GapRecorded(at(), at(), (REQUEST_TOPIC,), True, at()))
    run(parts, asyncio.sleep(0.05))
    assert api.calls == [("get", CONSUMPTION_ID)]
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.CONFIRMED


def test_after_a_gap_client_credentials_ask_before_any_decision(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())
    controller.handle_event(GapRecorded(at(), at(), (REQUEST_TOPIC,), False, at()))
    card = parts["queue"].card(CONSUMPTION_ID)
    assert card.unverified
    api = controller.api
    api.answer = confirmed_answer
    run(parts, controller.cashier.act(CONSUMPTION_ID, "reject"))
    assert api.calls == []
    parts["queue"].acknowledge(CONSUMPTION_ID)
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    assert api.calls == [("approve", CONSUMPTION_ID)]


def test_an_expired_answer_settles_expired(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())

    async def expired(_cid: str) -> dict[str, Any]:
        raise ApiError(CONSUMPTION_EXPIRED, "expired")

    controller.api.answer = expired
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.EXPIRED


def test_a_network_failure_says_the_server_was_not_reached(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())

    async def unreachable(_cid: str) -> dict[str, Any]:
        raise ApiError(CONNECTION_FAILED, "connection refused")

    controller.api.answer = unreachable
    run(parts, controller.cashier.act(CONSUMPTION_ID, "reject"))
    card = parts["queue"].card(CONSUMPTION_ID)
    assert card.state is CardState.ACTION_FAILED
    assert "Could not reach the server" in card.message


def test_only_one_action_is_in_flight_per_consumption(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())
    release = asyncio.Event()

    async def slow(_cid: str) -> dict[str, Any]:
        await release.wait()
        return consumption("confirmed")

    api = controller.api
    api.answer = slow
    errors: list[str] = []
    controller.error_reported.connect(lambda summary, _detail: errors.append(summary))
    first = controller.cashier.act(CONSUMPTION_ID, "approve")
    second = controller.cashier.act(CONSUMPTION_ID, "approve")
    run(parts, asyncio.sleep(0.05))
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.APPROVING
    release.set()
    run(parts, asyncio.gather(first, second))
    assert api.calls == [("approve", CONSUMPTION_ID)]
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.CONFIRMED


def test_approving_while_the_socket_is_down_warns(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    controller.handle_event(request_event())
    warnings: list[str] = []
    controller.cashier.action_warned.connect(lambda _cid, text: warnings.append(text))

    async def confirmed(_cid: str) -> dict[str, Any]:
        return consumption("confirmed")

    controller.api.answer = confirmed
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    assert warnings and "confirmation cannot arrive" in warnings[0]


def test_an_action_from_the_event_log_makes_a_card_first(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)

    async def rejected(_cid: str) -> dict[str, Any]:
        return consumption("rejected")

    controller.api.answer = rejected
    run(parts, controller.cashier.act_on_consumption("reject", consumption()))
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.REJECTED


def test_an_exception_in_a_task_goes_to_the_error_handler(parts: dict[str, Any]) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())

    async def broken(_cid: str) -> dict[str, Any]:
        raise RuntimeError("bug")

    controller.api.answer = broken
    run(parts, controller.cashier.act(CONSUMPTION_ID, "approve"))
    # Not an ApiError: the card is actionable again with the text of the failure.
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.ACTION_FAILED

    reports: list[tuple[str, str]] = []
    controller.error_reported.connect(lambda summary, detail: reports.append((summary, detail)))

    async def crash() -> None:
        raise ValueError("boom")

    run(parts, controller._spawn("test", crash))
    assert reports and "boom" in reports[0][1]


def test_a_decision_task_is_kept_until_it_ends(
    parts: dict[str, Any],
) -> None:
    controller = parts["controller"]
    live(controller)
    controller.handle_event(request_event())

    async def confirmed(_cid: str) -> dict[str, Any]:
        return consumption("confirmed")

    controller.api.answer = confirmed

    async def press() -> None:
        task = controller.cashier.act(CONSUMPTION_ID, "approve")
        assert task in controller.tasks()
        await task

    run(parts, press())
    assert parts["queue"].card(CONSUMPTION_ID).state is CardState.CONFIRMED


def test_an_unusable_url_is_reported_not_raised(qasync_loop: asyncio.AbstractEventLoop) -> None:
    controller = MonitorController(ApprovalQueue())
    reports: list[str] = []
    controller.error_reported.connect(lambda summary, _detail: reports.append(summary))
    credentials = Credentials(AuthScheme.OMG_CLIENT, "key", "secret")
    assert not controller.connect_to("ftp://example.com", credentials)
    assert reports == ["This server address cannot be used."]
    assert not controller.is_running


def test_stop_ends_the_run_task_and_reports_it(parts: dict[str, Any], qtbot: Any) -> None:
    controller = parts["controller"]
    outcomes: list[Any] = []
    controller.run_finished.connect(outcomes.append)
    controller.stop()
    run(parts, controller.shutdown())
    assert outcomes == ["stopped"]
    assert not controller.is_running
