"""Reading a consumption before deciding: the server's record, retried while not found."""

from __future__ import annotations

import asyncio
from typing import Any

from ewallet_monitor.api import ApiError, EWalletApi
from ewallet_monitor.client.verify import Reading, read_consumption, read_many
from ewallet_monitor.protocol.errors import UNAUTHORIZED
from ewallet_monitor.protocol.urls import resolve_endpoints
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from tests.reliability.harness import credentials, run


class CommitsLate:
    """An admin API that does not find the consumption for its first ``misses`` reads
    (the request event is sent before the server's commit)."""

    admin = True

    def __init__(self, misses: int) -> None:
        self.misses = misses
        self.reads = 0

    async def get_consumption(self, consumption_id: str) -> dict[str, Any]:
        self.reads += 1
        if self.reads <= self.misses:
            raise ApiError(UNAUTHORIZED, "not found")
        return {"id": consumption_id, "status": "pending"}


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


def test_a_consumption_not_found_yet_is_read_again_until_it_is() -> None:
    api = CommitsLate(misses=3)
    reading = asyncio.run(read_consumption(api, "txc_a", step_s=0.01, sleep=no_wait))
    assert reading.is_pending
    assert api.reads == 4


def test_a_consumption_never_found_is_reported_after_the_patience() -> None:
    api = CommitsLate(misses=10**9)
    reading = asyncio.run(
        read_consumption(api, "txc_a", patience_s=0.05, step_s=0.01, sleep=asyncio.sleep)
    )
    assert reading.consumption is None
    assert not reading.is_pending
    assert "does not find" in reading.failure_text
    assert 1 < api.reads < 10**9


def test_without_patience_not_found_is_reported_at_once() -> None:
    api = CommitsLate(misses=1)
    reading = asyncio.run(read_consumption(api, "txc_a", patience_s=0.0))
    assert reading.error is not None and api.reads == 1


def test_when_names_the_status_and_its_time() -> None:
    reading = Reading("txc_a", {"status": "rejected", "rejected_at": "2026-01-02T10:00:00Z"})
    assert reading.when() == "rejected at 2026-01-02T10:00:00Z"


def test_the_simulators_record_is_what_a_read_returns() -> None:
    async def scenario() -> None:
        async with Simulator(SimulatorConfig(port=0, scenario="quiet")) as sim:
            info = sim.info()
            admin = credentials(info, "admin")
            api = EWalletApi(resolve_endpoints(sim.url, admin.scheme), admin)
            request_id = next(
                r["id"] for r in info["transaction_requests"] if r["require_confirmation"]
            )
            first = await sim.create_consumption(request_id, 0)
            second = await sim.create_consumption(request_id, 0)
            await api.reject(second["id"])
            readings = await read_many(api, [first["id"], second["id"]])
            await api.close()
            assert [r.status for r in readings] == ["pending", "rejected"]

    run(scenario)
