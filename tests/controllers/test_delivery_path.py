"""The burst delivery path (engine batch → dispatcher → controller → models) keeps its
order and its signals while doing less per frame."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from ewallet_monitor.client.dispatch import OrderedDispatcher
from ewallet_monitor.controllers import MonitorController
from ewallet_monitor.models.approval_queue import (
    ApprovalQueue,
    _settled_state_and_finality,
    settled_state,
)
from ewallet_monitor.models.channel_tree import ChannelTreeModel
from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, encode_server_frame
from tests.models.frame_corpus import from_engine, from_text
from tests.models.samples import REQUEST_TOPIC, T0, consumption

log = logging.getLogger(__name__)


def finalized_frame(consumption_id: str, status: str = "confirmed") -> FrameReceived:
    data = consumption(status)
    data["id"] = consumption_id
    return from_engine(
        from_text(encode_server_frame(REQUEST_TOPIC, CONSUMPTION_FINALIZED, None, data))
    )


def test_emit_many_delivers_what_the_callback_causes_before_the_next_event() -> None:
    seen: list[str] = []
    dispatcher: OrderedDispatcher

    def callback(event: str) -> None:
        seen.append(event)
        if event == "b":  # as join() would, from inside the callback
            dispatcher.emit("b-caused-1")
            dispatcher.emit_many(["b-caused-2"])

    dispatcher = OrderedDispatcher(callback, log)
    dispatcher.emit_many(iter(["a", "b", "c"]))
    dispatcher.emit("d")
    assert seen == ["a", "b", "b-caused-1", "b-caused-2", "c", "d"]


def test_emit_many_logs_a_failing_callback_and_goes_on(caplog: Any) -> None:
    seen: list[int] = []

    def callback(event: int) -> None:
        if event == 2:
            raise RuntimeError("boom")
        seen.append(event)

    with caplog.at_level(logging.ERROR):
        OrderedDispatcher(callback, log).emit_many([1, 2, 3])
    assert seen == [1, 3]
    assert "callback failed on int" in caplog.text


def test_the_settled_state_cache_agrees_with_the_rule() -> None:
    for status in (None, "", "pending", "approved", "confirmed", "rejected", "failed", "x"):
        for code in (None, "transaction:insufficient_funds", "consumption:expired"):
            state, final = _settled_state_and_finality(status, code)
            assert state is settled_state(status, code)
            assert final is state.is_final


def test_consumption_finalized_fires_only_while_something_listens(
    qasync_loop: asyncio.AbstractEventLoop,
) -> None:
    queue = ApprovalQueue(linger_ms=60_000, clock=lambda: T0)
    event_log = EventLogModel(flush_interval_ms=10_000)
    tree = ChannelTreeModel()
    kinds: list[str] = []
    controller = MonitorController(
        queue, event_log=event_log, channel_tree=tree, kind_sinks=[kinds.append]
    )
    said: list[tuple[str, str]] = []
    controller.handle_event(finalized_frame("txc_before"))

    def listener(consumption_id: str, state: str) -> None:
        said.append((consumption_id, state))

    controller.cashier.consumption_finalized.connect(listener)
    controller.handle_event(finalized_frame("txc_during"))
    controller.handle_event(finalized_frame("txc_during"))  # already archived: no signal
    controller.cashier.consumption_finalized.disconnect(listener)
    controller.handle_event(finalized_frame("txc_after", "rejected"))

    assert said == [("txc_during", "confirmed")]
    # Everything else went on regardless of the listener.
    assert kinds == ["finalized"] * 4
    assert controller.frames_received == 4
    assert event_log.flush() == 4
    queue.history.flush()
    assert queue.history.rowCount() == 3
    assert [queue.history.card_at(row).id for row in range(3)] == [
        "txc_after",
        "txc_during",
        "txc_before",
    ]
    assert queue.history.card_at(0).state.value == "rejected"
