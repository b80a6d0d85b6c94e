"""List calls page as the server's paginator does: ``per_page`` capped at 100,
``start_after``/``start_by`` stable paging next to page numbers (docs/protocol-notes.md §7)."""

from typing import Any

from tests.simulator.helpers import error_code, request_id, rpc, run, simulator

ALL = "transaction_consumption.all"
PENDING = {"match_all": [{"field": "status", "comparator": "eq", "value": "pending"}]}


def ok(envelope: dict[str, Any]) -> Any:
    assert envelope["success"] is True, envelope
    return envelope["data"]


def test_per_page_above_100_is_capped_at_100() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            coffee = request_id(sim, "Coffee bar")
            for n in range(105):
                await sim.create_consumption(coffee, n % 4, 100 + n)
            for body in ({"per_page": 1000}, {"per_page": 1000, "start_after": None}):
                page = ok(await rpc(sim, ALL, body, "admin"))
                assert len(page["data"]) == 100
                assert page["pagination"]["per_page"] == 100
                assert page["pagination"]["is_last_page"] is False

    run(scenario)


def test_start_after_pages_do_not_shift_while_consumptions_settle() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            coffee = request_id(sim, "Coffee bar")
            made = [await sim.create_consumption(coffee, 0, 100 + n) for n in range(25)]
            expected = sorted(c["id"] for c in made)
            seen: list[str] = []
            start_after: str | None = None
            pages = 0
            while True:
                body = {**PENDING, "per_page": 10, "start_after": start_after, "start_by": "id"}
                page = ok(await rpc(sim, ALL, body, "admin"))
                pagination = page["pagination"]
                assert set(pagination) == {
                    "per_page",
                    "start_by",
                    "start_after",
                    "is_last_page",
                    "count",
                }
                assert (pagination["start_by"], pagination["start_after"]) == ("id", start_after)
                ids = [c["id"] for c in page["data"]]
                seen += ids
                pages += 1
                if pagination["is_last_page"]:
                    break
                # Settle the first three of this page: page-number paging would now skip
                # three pending consumptions on the next page.
                for consumption_id in ids[:3]:
                    ok(await rpc(sim, "me.approve_transaction_consumption", {"id": consumption_id}))
                start_after = ids[-1]
            assert seen == expected
            assert pages == 3

    run(scenario)


def test_a_start_after_record_that_left_the_filter_starts_the_list_again() -> None:
    async def scenario() -> None:
        # StartAfterPaginator finds the offset inside the filtered query: a record that no
        # longer matches gives offset 0 (it exists, so it is not refused).
        async with simulator() as sim:
            coffee = request_id(sim, "Coffee bar")
            for n in range(6):
                await sim.create_consumption(coffee, 0, 100 + n)
            first = ok(
                await rpc(sim, ALL, {**PENDING, "per_page": 3, "start_after": None}, "admin")
            )
            last = first["data"][-1]["id"]
            ok(await rpc(sim, "me.approve_transaction_consumption", {"id": last}))
            again = ok(
                await rpc(sim, ALL, {**PENDING, "per_page": 3, "start_after": last}, "admin")
            )
            assert [c["id"] for c in again["data"]] == [c["id"] for c in first["data"][:2]] + [
                (await _pending_ids(sim))[2]
            ]

    run(scenario)


async def _pending_ids(sim: Any) -> list[str]:
    body = {**PENDING, "per_page": 100, "start_after": None}
    return [c["id"] for c in ok(await rpc(sim, ALL, body, "admin"))["data"]]


def test_start_after_errors() -> None:
    async def scenario() -> None:
        async with simulator() as sim:
            coffee = request_id(sim, "Coffee bar")
            made = await sim.create_consumption(coffee, 0, 100)
            mixed = {"page": 1, "start_after": made["id"]}
            assert error_code(await rpc(sim, ALL, mixed, "admin")) == "client:invalid_parameter"
            mixed_by = {"page": 1, "start_by": "id"}
            assert error_code(await rpc(sim, ALL, mixed_by, "admin")) == "client:invalid_parameter"
            unknown = {"start_after": "txc_01aaaaaaaaaaaaaaaaaaaaaaaa"}
            assert error_code(await rpc(sim, ALL, unknown, "admin")) == "unauthorized"
            not_allowed = {"start_after": None, "start_by": "amount"}
            assert error_code(await rpc(sim, ALL, not_allowed, "admin")) == (
                "client:invalid_parameter"
            )
            by_date = {"start_after": made["created_at"], "start_by": "created_at"}
            assert ok(await rpc(sim, ALL, by_date, "admin"))["data"] == []

    run(scenario)
