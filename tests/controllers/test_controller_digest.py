"""MonitorController fed digests (the engine process) settles cards, fills the history,
counts and signals exactly as when fed the parsed frames of the same events.

Every scenario runs twice, once with :class:`FrameReceived` events and once with their
digests, on real models; the transcripts (signals, cards, history, counts, log rows) must
be equal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from ewallet_monitor.api import ApiError
from ewallet_monitor.controllers import MonitorController
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.channel_tree import ChannelTreeModel
from ewallet_monitor.models.event_log import Column, EventLogModel
from ewallet_monitor.protocol.approval import CardState, Settlement
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.errors import UNAUTHORIZED
from ewallet_monitor.protocol.events import (
    ConnectionState,
    ConnectionStateChanged,
    FrameDigest,
    FrameReceived,
    MonitorEvent,
)
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, encode_server_frame
from ewallet_monitor.protocol.timestamps import utc_now
from tests.controllers.test_monitor_controller import RecordingClient, ScriptedApi
from tests.models.digest_corpus import corpus, digest_of, from_text
from tests.models.samples import CONSUMPTION_ID, REQUEST_TOPIC, at, consumption, request_event

MODES = ("received", "digest")


@dataclass
class Rig:
    """One controller on real models, and what it said."""

    mode: str
    controller: MonitorController
    queue: ApprovalQueue
    log: EventLogModel
    tree: ChannelTreeModel
    loop: asyncio.AbstractEventLoop
    said: list[tuple[Any, ...]] = field(default_factory=list)
    topics_seen: set[str] = field(default_factory=set)

    def feed(self, event: FrameReceived) -> None:
        """``event`` as this rig's engine would hand it over."""
        self.topics_seen.add(event.frame.topic)
        sent: MonitorEvent = digest_of(event) if self.mode == "digest" else event
        self.controller.handle_event(sent)

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


def make_rig(mode: str, loop: asyncio.AbstractEventLoop, now: datetime) -> Rig:
    # One instant for both rigs: the history shows settled times to the second, and the
    # second could tick over between the two otherwise.
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
    rig = Rig(mode, controller, queue, log, tree, loop)
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
def rigs(qasync_loop: asyncio.AbstractEventLoop) -> Iterator[dict[str, Rig]]:
    now = utc_now()
    made = {mode: make_rig(mode, qasync_loop, now) for mode in MODES}
    yield made
    for rig in made.values():
        qasync_loop.run_until_complete(rig.controller.shutdown())


def same_in_both(rigs: dict[str, Rig], scenario: Callable[[Rig], None]) -> dict[str, Any]:
    """Run ``scenario`` on both rigs; their transcripts must be equal. Returns one."""
    transcripts = {}
    for mode, rig in rigs.items():
        scenario(rig)
        transcripts[mode] = rig.transcript()
    assert transcripts["digest"] == transcripts["received"]
    return transcripts["digest"]


def finalized(status: str, consumption_id: str = CONSUMPTION_ID) -> FrameReceived:
    data = consumption(status, consumption_id=consumption_id)
    return from_text(encode_server_frame(REQUEST_TOPIC, CONSUMPTION_FINALIZED, None, data))


def test_the_digest_rig_really_gets_digests(rigs: dict[str, Rig]) -> None:
    seen: list[Any] = []
    rigs["digest"].controller.event_log = type("Sink", (), {"append": seen.append})()
    rigs["digest"].feed(request_event())
    assert [type(event) for event in seen] == [FrameDigest]


def test_a_whole_corpus_stream_gives_the_same_window(rigs: dict[str, Rig]) -> None:
    def scenario(rig: Rig) -> None:
        for _name, event in corpus():
            rig.feed(event)

    transcript = same_in_both(rigs, scenario)
    assert transcript["frames_received"] == len(corpus())
    assert ("requested", CONSUMPTION_ID) in transcript["said"]
    assert transcript["counts"][REQUEST_TOPIC] > 0
    assert transcript["counts"]["phoenix"] == 0  # heartbeat replies are not counted


def test_approve_then_the_finalized_event(rigs: dict[str, Rig]) -> None:
    def scenario(rig: Rig) -> None:
        controller = rig.controller
        rig.feed(request_event())

        async def confirmed(_cid: str) -> dict[str, Any]:
            return consumption("confirmed")

        controller.api.answer = confirmed
        task = controller.cashier.act(CONSUMPTION_ID, "approve")
        assert task is not None
        rig.loop.run_until_complete(task)
        rig.feed(finalized("confirmed"))

    transcript = same_in_both(rigs, scenario)
    (card,) = transcript["cards"]
    # The event, arriving after the answer, outranks it (protocol.approval.Settlement).
    assert card.state is CardState.CONFIRMED and card.settled_by is Settlement.EVENT
    assert ("action", CONSUMPTION_ID, "approve", "confirmed") in transcript["said"]


def test_the_finalized_event_before_the_http_answer_wins(rigs: dict[str, Rig]) -> None:
    def scenario(rig: Rig) -> None:
        controller = rig.controller
        rig.feed(request_event())

        async def event_first_then_error(_cid: str) -> dict[str, Any]:
            rig.feed(finalized("confirmed"))
            raise ApiError(UNAUTHORIZED, "late and wrong")

        controller.api.answer = event_first_then_error
        task = controller.cashier.act(CONSUMPTION_ID, "approve")
        assert task is not None
        rig.loop.run_until_complete(task)

    transcript = same_in_both(rigs, scenario)
    (card,) = transcript["cards"]
    assert card.state is CardState.CONFIRMED and card.settled_by is Settlement.EVENT
    assert transcript["said"].count(("finalized", CONSUMPTION_ID, "confirmed")) == 2


def test_settled_consumptions_without_cards_fill_the_history(rigs: dict[str, Rig]) -> None:
    def scenario(rig: Rig) -> None:
        for index, status in enumerate(["confirmed", "rejected", "expired", "approved"] * 30):
            rig.feed(finalized(status, f"txc_{index:03d}"))
        rig.feed(finalized("confirmed", "txc_000"))  # a duplicate: already archived

    transcript = same_in_both(rigs, scenario)
    assert len(transcript["history"]) == 90  # "approved" is not final
    assert transcript["history"][0][-1] == "txc_118"
    assert sum(1 for s in transcript["said"] if s[0] == "finalized") == 90


def test_an_archived_consumption_is_found_by_id_for_the_audit(rigs: dict[str, Rig]) -> None:
    rig = rigs["digest"]
    rig.feed(finalized("confirmed", "txc_a"))
    rig.queue.history.flush()
    card = rig.controller.cashier._history_card("txc_a")
    assert card is not None and card.state is CardState.CONFIRMED
    assert rig.controller.cashier._history_card("txc_none") is None


def test_only_requests_and_awaited_finalized_events_are_parsed(
    rigs: dict[str, Rig], monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    original = FrameDigest.frame

    def counting(self: FrameDigest) -> Any:
        parsed.append(self.event)
        return original(self)

    monkeypatch.setattr(FrameDigest, "frame", counting)
    rig = rigs["digest"]
    for index in range(200):  # a burst of consumptions nobody had to approve
        rig.feed(finalized("confirmed", f"txc_{index:03d}"))
    for name, event in corpus():
        if event.frame.event != CONSUMPTION_FINALIZED and "request" not in name:
            rig.feed(event)  # replies, heartbeats, closes, unreadable errors
    assert parsed == []
    rig.feed(request_event())  # a card needs the whole consumption
    rig.feed(finalized("rejected"))  # its card waits for this one
    assert parsed == ["transaction_consumption_request", CONSUMPTION_FINALIZED]
    card = rig.queue.card(CONSUMPTION_ID)
    assert card is not None and card.state is CardState.REJECTED
