"""Reading every page of pending consumptions with start_after paging."""

from __future__ import annotations

import asyncio
from typing import Any

from ewallet_monitor.client.reconcile import Page, read_every_page


class StartAfterList:
    """Pending consumptions paged as the server's StartAfterPaginator does: the page
    starts after the start record's position among the *pending* ones (position 0 —
    the start of the list — when it is no longer pending). ``settle_after_page`` makes
    consumptions settle between two reads, as cashiers do while the monitor catches up."""

    def __init__(self, count: int, per_page: int) -> None:
        self.pending = [f"txc_{n:03d}" for n in range(count)]
        self.per_page = per_page
        self.reads = 0
        self.settle_after_page: dict[int, list[str]] = {}

    async def page(self, start_after: str | None) -> Page:
        offset = 0
        if start_after is not None and start_after in self.pending:
            offset = self.pending.index(start_after) + 1
        chunk = self.pending[offset : offset + self.per_page]
        self.reads += 1
        for settled in self.settle_after_page.get(self.reads, []):
            self.pending.remove(settled)
        is_last = offset + self.per_page >= len(self.pending) + len(
            self.settle_after_page.get(self.reads, [])
        )
        items: list[dict[str, Any]] = [{"id": cid, "status": "pending"} for cid in chunk]
        return items, {"is_last_page": is_last, "count": len(items)}


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def test_every_page_is_read() -> None:
    server = StartAfterList(count=7, per_page=2)
    found, incomplete = asyncio.run(read_every_page(server.page, max_pages=100))
    assert ids(found) == server.pending
    assert incomplete == ""
    assert server.reads == 4


def test_consumptions_settling_meanwhile_skip_none_of_the_others() -> None:
    server = StartAfterList(count=7, per_page=2)
    everyone = list(server.pending)
    # After the first page, the first two settle: page numbers would now skip two.
    server.settle_after_page[1] = ["txc_000", "txc_001"]
    # After the second page, its last one (the next start record) settles: the server
    # starts the list again, and what was read already is skipped.
    server.settle_after_page[2] = ["txc_003"]
    found, incomplete = asyncio.run(read_every_page(server.page, max_pages=100))
    assert incomplete == ""
    still_pending = set(everyone) - {"txc_000", "txc_001", "txc_003"}
    assert still_pending <= set(ids(found))
    assert len(ids(found)) == len(set(ids(found)))  # each once


def test_stopping_at_the_page_limit_says_so() -> None:
    server = StartAfterList(count=10, per_page=2)
    found, incomplete = asyncio.run(read_every_page(server.page, max_pages=3))
    assert len(found) == 6
    assert incomplete == "stopped after 3 page(s) (6 consumptions read)"


def test_a_server_that_ignores_start_after_is_noticed() -> None:
    async def same_page(_start_after: str | None) -> Page:
        return [{"id": "txc_a"}, {"id": "txc_b"}], {"is_last_page": False}

    found, incomplete = asyncio.run(read_every_page(same_page, max_pages=100))
    assert ids(found) == ["txc_a", "txc_b"]
    assert "repeated a page" in incomplete
