"""MonitorController fed received frames as the engine process sends them (columns and
text, not parsed) settles cards, fills the history, counts and signals, on real models,
and parses a frame only when a card needs its whole consumption.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from ewallet_monitor.api import ApiError
from ewallet_monitor.controllers import MonitorController
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.channel_tree import ChannelTreeModel
from ewallet_monitor.models.event_log import Column, EventLogModel
from ewallet_monitor.protocol import events as events_module
from ewallet_monitor.protocol.approval import CardState, Settlement
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.errors import UNAUTHORIZED
from ewallet_monitor.protocol.events import (
    ConnectionState,
    ConnectionStateChanged,
    FrameReceived,
)
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, encode_server_frame
from ewallet_monitor.protocol.timestamps import utc_now
from tests.controllers.test_monitor_controller import RecordingClient, ScriptedApi
from tests.models.frame_corpus import corpus, from_engine, from_text
from tests.models.samples import CONSUMPTION_ID, REQUEST_TOPIC, at, consumption, request_event


@dataclass
class Rig:
    """One controller on real models, and what it said."""

    controller: MonitorController
    queue: ApprovalQueue
    log: EventLogModel
    tree: ChannelTreeModel
    loop: asyncio.AbstractEventLoop
    said: list[tuple[Any, ...]] = field(default_factory=list)
    topics_seen: set[str] = field(default_factory=set)

    def feed(self, event: FrameReceived) -> None:
        """``event`` as the engine process hands it over."""
        self.topics_seen.add(event.topic)
        self.controller.handle_event(from_engine(event))

    def transcript(self) -> dict[str, Any]:
        self.log.flush()
        self.queue.history.flush()
        history = self.queue.history
        cards = self.queue.cards()
        return {
            "said": self.said,
            "frames_received": self.controller.frames_received,
            "cards": cards,
            "card_states": [(c.id, c.state, c.settled_by, c.message) for c in cards],
            "history": [
                [history.index(row, column).data() for column in range(history.columnCount())]
                for row in range(history.rowCount())
            ],
            "history_cards": [history.card_at(row) for row in range(history.rowCount())],
            "log": [
                [self.log.index(row, column).data() for column in Column]
                + [self.log.record_at(row).kind]
                for row in range(self.log.rowCount())
            ],
            "counts": {topic: self.tree.event_count(topic) for topic in self.topics_seen},
        }


def make_rig(loop: asyncio.AbstractEventLoop, now: datetime) -> Rig:
    queue = ApprovalQueue(linger_ms=60_000, clock=lambda: now)
    log = EventLogModel(flush_interval_ms=10_000)
    tree = ChannelTreeModel()
    controller = MonitorController(
        queue,
        event_log=log,
        channel_tree=tree,
        client_factory=RecordingClient,
        api_factory=ScriptedApi,
    )
    rig = Rig(controller, queue, log, tree, loop)
    controller.cashier.consumption_requested.connect(
        lambda cid: rig.said.append(("requested", cid))
    )
    controller.cashier.consumption_finalized.connect(
        lambda cid, state: rig.said.append(("finalized", cid, state))
    )
    controller.cashier.action_finished.connect(
        lambda cid, action, state: rig.said.append(("action", cid, action, state))
    )
    controller.event_received.connect(lambda: rig.said.append(("event",)))

    async def connect() -> None:
        credentials = Credentials(AuthScheme.OMG_CLIENT, "key", "secret")
        assert controller.connect_to("ws://127.0.0.1:1/api/client/socket", credentials)
        await asyncio.sleep(0)

    loop.run_until_complete(connect())
    controller.handle_event(ConnectionStateChanged(ConnectionState.CONNECTED, at()))
    return rig


@pytest.fixture
def rig(qasync_loop: asyncio.AbstractEventLoop) -> Iterator[Rig]:
    made = make_rig(qasync_loop, utc_now())
    yield made
    qasync_loop.run_until_complete(made.controller.shutdown())


def finalized(status: str, consumption_id: str = CONSUMPTION_ID) -> FrameReceived:
    data = consumption(status, consumption_id=consumption_id)
    return from_text(encode_server_frame(REQUEST_TOPIC, CONSUMPTION_FINALIZED, None, data))


def test_the_rig_gets_frames_as_the_engine_sends_them(rig: Rig) -> None:
    seen: list[Any] = []
    rig.controller.event_log = type("Sink", (), {"append": seen.append})()
    rig.feed(request_event())
    assert [type(event) for event in seen] == [FrameReceived]
    # Columns and text only: the controller parsed it for the card (a request), once.
    assert seen[0].consumption_id == CONSUMPTION_ID and seen[0].raw


def test_a_whole_corpus_stream_fills_the_window(rig: Rig) -> None:
    for _name, event in corpus():
        rig.feed(event)
    transcript = rig.transcript()
    # Every frame listed (after the connection's row); error replies and closes too.
    assert [row[1] for row in transcript["log"]] == ["—"] + ["in"] * len(corpus())
    assert transcript["frames_received"] == len(corpus())
    assert ("requested", CONSUMPTION_ID) in transcript["said"]
    assert transcript["counts"][REQUEST_TOPIC] > 0
    assert transcript["counts"]["phoenix"] == 0  # heartbeat replies are not counted


def test_approve_then_the_finalized_event(rig: Rig) -> None:
    controller = rig.controller
    rig.feed(request_event())

    async def confirmed(_cid: str) -> dict[str, Any]:
        return consumption("confirmed")

    controller.api.answer = confirmed
    task = controller.cashier.act(CONSUMPTION_ID, "approve")
    assert task is not None
    rig.loop.run_until_complete(task)
    rig.feed(finalized("confirmed"))

    transcript = rig.transcript()
    (card,) = transcript["cards"]
    # The event, arriving after the answer, outranks it (protocol.approval.Settlement).
    assert card.state is CardState.CONFIRMED and card.settled_by is Settlement.EVENT
    assert ("action", CONSUMPTION_ID, "approve", "confirmed") in transcript["said"]


def test_the_finalized_event_before_the_http_answer_wins(rig: Rig) -> None:
    controller = rig.controller
    rig.feed(request_event())

    async def event_first_then_error(_cid: str) -> dict[str, Any]:
        rig.feed(finalized("confirmed"))
        raise ApiError(UNAUTHORIZED, "late and wrong")

    controller.api.answer = event_first_then_error
    task = controller.cashier.act(CONSUMPTION_ID, "approve")
    assert task is not None
    rig.loop.run_until_complete(task)

    transcript = rig.transcript()
    (card,) = transcript["cards"]
    assert card.state is CardState.CONFIRMED and card.settled_by is Settlement.EVENT
    assert transcript["said"].count(("finalized", CONSUMPTION_ID, "confirmed")) == 2


def test_settled_consumptions_without_cards_fill_the_history(rig: Rig) -> None:
    for index, status in enumerate(["confirmed", "rejected", "expired", "approved"] * 30):
        rig.feed(finalized(status, f"txc_{index:03d}"))
    rig.feed(finalized("confirmed", "txc_000"))  # a duplicate: already archived

    transcript = rig.transcript()
    assert len(transcript["history"]) == 90  # "approved" is not final
    assert transcript["history"][0][-1] == "txc_118"
    assert sum(1 for s in transcript["said"] if s[0] == "finalized") == 90


def test_an_archived_consumption_is_found_by_id_for_the_audit(rig: Rig) -> None:
    rig.feed(finalized("confirmed", "txc_a"))
    rig.queue.history.flush()
    card = rig.controller.cashier._history_card("txc_a")
    assert card is not None and card.state is CardState.CONFIRMED
    assert rig.controller.cashier._history_card("txc_none") is None


def test_only_requests_and_awaited_finalized_events_are_parsed(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    original = events_module.decode_server_frame

    def counting(raw: str | bytes, **options: bool) -> Any:
        decoded = original(raw, **options)
        parsed.append(getattr(decoded, "event", "?"))
        return decoded

    monkeypatch.setattr(events_module, "decode_server_frame", counting)
    for index in range(200):  # a burst of consumptions nobody had to approve
        rig.feed(finalized("confirmed", f"txc_{index:03d}"))
    for name, event in corpus():
        if event.event != CONSUMPTION_FINALIZED and "request" not in name:
            rig.feed(event)  # replies, heartbeats, closes, unreadable errors
    assert parsed == []
    rig.feed(request_event())  # a card needs the whole consumption
    rig.feed(finalized("rejected"))  # its card waits for this one
    assert parsed == ["transaction_consumption_request", CONSUMPTION_FINALIZED]
    card = rig.queue.card(CONSUMPTION_ID)
    assert card is not None and card.state is CardState.REJECTED
