"""Races at the API and client level: approve against expiry and against a cancel, the
finalized event against the HTTP answer, and duplicate or out-of-order events. The
server's final state is what the client is told, every time, and events reach the
consumer exactly as the server sent them."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

from ewallet_monitor.api import ApiError, EWalletApi
from ewallet_monitor.client import MonitorClient
from ewallet_monitor.protocol.errors import (
    CONSUMPTION_CANCELLED,
    CONSUMPTION_EXPIRED,
    CONSUMPTION_UNCANCELLABLE,
)
from ewallet_monitor.protocol.events import ChannelState, FrameReceived
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, encode_server_frame
from ewallet_monitor.protocol.timestamps import parse_timestamp, utc_now
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from tests.reliability.fake_socket import TOPIC, FuzzRig
from tests.reliability.harness import (
    UNIT,
    Recorder,
    client_config,
    credentials,
    record_figure,
    run,
    running,
)

ROUNDS = 6


class Desk:
    """A cashier's socket on one confirming request, and API clients for both sides."""

    def __init__(self, sim: Simulator, label: str) -> None:
        info = sim.info()
        self.sim = sim
        self.request_id = next(r["id"] for r in info["transaction_requests"] if r["label"] == label)
        self.topic = f"transaction_request:{self.request_id}"
        cashier = credentials(info, "cashier")
        consumer = credentials(info, "consumer")
        self.events = Recorder()
        self.client = MonitorClient(client_config(sim.url, cashier), self.events)
        self.client.join(self.topic)
        self.cashier_api = EWalletApi(resolve_endpoints(sim.url, cashier.scheme), cashier)
        self.consumer_api = EWalletApi(resolve_endpoints(sim.url, consumer.scheme), consumer)

    def finalized(self, consumption_id: str) -> list[FrameReceived]:
        return [
            e
            for e in self.events.of(FrameReceived)
            if e.frame.event == CONSUMPTION_FINALIZED and e.frame.data.get("id") == consumption_id
        ]

    async def wait_finalized(self, consumption_id: str) -> FrameReceived:
        return await self.events.wait_for(
            FrameReceived,
            lambda e: (
                e.frame.event == CONSUMPTION_FINALIZED and e.frame.data.get("id") == consumption_id
            ),
        )

    async def new_pending(self) -> dict[str, Any]:
        created = await self.sim.create_consumption(self.request_id, 0)
        assert created["status"] == "pending"
        return created

    async def close(self) -> None:
        await self.cashier_api.close()
        await self.consumer_api.close()


async def settle(desk: Desk, consumption_id: str) -> str:
    """Wait for the finalized event; check every one says the server's state. A decision
    refused as cancelled or expired broadcasts the finalized event again (as the server
    does), so there may be two, never one that disagrees."""
    await desk.wait_finalized(consumption_id)
    await asyncio.sleep(UNIT)  # room for a wrong second event to show up
    events = desk.finalized(consumption_id)
    assert 1 <= len(events) <= 2
    final = desk.sim.world.consumptions[consumption_id].status
    assert all(event.frame.data["status"] == final for event in events)
    return final


async def approve_saying(api: EWalletApi, consumption_id: str) -> str:
    """The status the approve answer reports: the consumption's, or "expired" when the
    server refused because it expired first."""
    try:
        answer = await api.approve(consumption_id)
    except ApiError as error:
        refused = error.code
    else:
        return str(answer["status"])
    assert refused == CONSUMPTION_EXPIRED
    return "expired"


def test_approve_racing_expiry_ends_in_the_servers_state() -> None:
    outcomes: Counter[str] = Counter()

    async def scenario() -> None:
        config = SimulatorConfig(port=0, scenario="quiet", consumption_lifetime_ms=400)
        async with Simulator(config) as sim:
            desk = Desk(sim, "Coffee bar")
            async with running(desk.client):
                await desk.events.channel(desk.topic, ChannelState.JOINED)
                for round_ in range(ROUNDS):
                    created = await desk.new_pending()
                    expires = parse_timestamp(created["expiration_date"])
                    assert expires is not None
                    offset = (round_ - ROUNDS / 2) * UNIT / 4  # just before … just after
                    await asyncio.sleep(max(0.0, (expires - utc_now()).total_seconds() + offset))
                    said = await approve_saying(desk.cashier_api, created["id"])
                    final = await settle(desk, created["id"])
                    assert said == final
                    outcomes[final] += 1
            await desk.close()

    run(scenario)
    assert sum(outcomes.values()) == ROUNDS
    record_figure("race_approve_vs_expiry", rounds=ROUNDS, **outcomes)


def test_approve_racing_a_cancel_ends_in_the_servers_state() -> None:
    outcomes: Counter[str] = Counter()

    async def scenario() -> None:
        async with Simulator(SimulatorConfig(port=0, scenario="quiet")) as sim:
            desk = Desk(sim, "Coffee bar")
            async with running(desk.client):
                await desk.events.channel(desk.topic, ChannelState.JOINED)
                for round_ in range(ROUNDS):
                    created = await desk.new_pending()
                    calls = [
                        desk.cashier_api.approve(created["id"]),
                        desk.consumer_api.cancel(created["id"]),
                    ]
                    if round_ % 2:
                        calls.reverse()
                    answers = await asyncio.gather(*calls, return_exceptions=True)
                    won = [a for a in answers if isinstance(a, dict)]
                    lost = [a for a in answers if isinstance(a, ApiError)]
                    assert len(won) == 1 and len(lost) == 1, answers
                    # Cancel refuses a confirmed consumption; approve answers a cancelled
                    # one with :cancelled (the server has no pending check for approve).
                    assert lost[0].code in (CONSUMPTION_UNCANCELLABLE, CONSUMPTION_CANCELLED)
                    final = await settle(desk, created["id"])
                    assert won[0]["status"] == final
                    outcomes[final] += 1
            await desk.close()

    run(scenario)
    record_figure("race_approve_vs_cancel", rounds=ROUNDS, **outcomes)


def test_the_finalized_event_and_the_approve_answer_agree_in_either_order() -> None:
    order: Counter[str] = Counter()

    async def scenario() -> None:
        async with Simulator(SimulatorConfig(port=0, scenario="quiet")) as sim:
            desk = Desk(sim, "Coffee bar")
            async with running(desk.client):
                await desk.events.channel(desk.topic, ChannelState.JOINED)
                for _ in range(ROUNDS):
                    created = await desk.new_pending()
                    answer = await desk.cashier_api.approve(created["id"])
                    seen_first = bool(desk.finalized(created["id"]))
                    order["event_first" if seen_first else "answer_first"] += 1
                    final = await settle(desk, created["id"])
                    assert answer["status"] == final
            await desk.close()

    run(scenario)
    record_figure("finalized_vs_http_answer", rounds=ROUNDS, **order)


def test_duplicate_and_out_of_order_events_arrive_as_sent(tmp_path: Path) -> None:
    def event(name: str, consumption_id: str, status: str) -> str:
        data = {"object": "transaction_consumption", "id": consumption_id, "status": status}
        return encode_server_frame(TOPIC, name, None, data)

    request = "transaction_consumption_request"
    sent = [
        event(CONSUMPTION_FINALIZED, "txc_a", "confirmed"),  # before its request
        event(request, "txc_a", "pending"),
        event(CONSUMPTION_FINALIZED, "txc_a", "confirmed"),
        event(CONSUMPTION_FINALIZED, "txc_a", "confirmed"),  # the same, twice
        event(request, "txc_b", "pending"),
        event(CONSUMPTION_FINALIZED, "txc_b", "expired"),
        event(request, "txc_b", "pending"),  # a stale request after the final state
        event(CONSUMPTION_FINALIZED, "txc_b", "rejected"),  # a contradicting final state
    ]
    with FuzzRig(tmp_path, heartbeat_interval=600.0) as rig:
        # match_messages checks one event per message, in the order sent, text unchanged.
        assert rig.deliver(sent) == ["frame"] * len(sent)
        assert rig.store is not None and rig.store.flush()
        assert len(rig.store.search(consumption_id="txc_a")) == 4
        assert len(rig.store.search(consumption_id="txc_b")) == 4
