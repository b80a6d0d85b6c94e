"""Reconciliation's parts: reading every page of pending consumptions, which joined
topics one belongs to, and live/recovered dedup."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from ewallet_monitor.protocol.consumption import (
    FINAL_STATUSES,
    PENDING,
    consumption_id_and_status,
)
from ewallet_monitor.protocol.topics import TopicKind, try_parse_topic

# Topic kinds whose pending consumptions can be rebuilt from the admin list.
RECONCILABLE_KINDS = frozenset(
    {
        TopicKind.TRANSACTION_REQUEST,
        TopicKind.USER,
        TopicKind.ACCOUNT,
        TopicKind.ADDRESS,
        TopicKind.TRANSACTION_CONSUMPTION,
    }
)


def is_reconcilable(topic: str) -> bool:
    parsed = try_parse_topic(topic)
    return parsed is not None and parsed.kind in RECONCILABLE_KINDS


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def request_side_topics(consumption: dict[str, Any]) -> set[str]:
    """Topics a ``transaction_consumption_request`` for this consumption is sent to
    (docs/protocol-notes.md §6): the request, its owner user (id and provider id), account and
    wallet address; plus the consumption's own topic."""
    topics: set[str] = set()
    request = _dict(consumption.get("transaction_request"))
    owner = _dict(request.get("user"))
    owner_account = _dict(request.get("account"))

    def add(kind: str, value: object) -> None:
        if isinstance(value, str) and value:
            topics.add(f"{kind}:{value}")

    add("transaction_consumption", consumption.get("id"))
    add("transaction_request", consumption.get("transaction_request_id") or request.get("id"))
    add("user", request.get("user_id") or owner.get("id"))
    add("user", owner.get("provider_user_id"))
    add("account", request.get("account_id") or owner_account.get("id"))
    add("address", request.get("address"))
    return topics


# Consumptions remembered for deduplication; a reconciliation reads at most a few
# thousand pending ones, and without a bound a long burst would grow this forever. Each
# entry costs ~200 bytes: 100,000 of them were a sixth of the engine process's memory.
MAX_SEEN_CONSUMPTIONS = 20_000


class SeenConsumptions:
    """Consumption ids and statuses seen live or recovered, to report each once.

    Keeps the ``max_kept`` most recently first-seen consumptions."""

    def __init__(self, max_kept: int = MAX_SEEN_CONSUMPTIONS) -> None:
        # An OrderedDict: dropping the oldest entry of a plain dict (next(iter(d))) walks
        # over every slot deleted before, which grows with the burst.
        self._statuses: OrderedDict[str, set[str]] = OrderedDict()
        self._max_kept = max_kept

    def note(self, data: object) -> None:
        """Record a frame's ``data`` when it is a consumption."""
        identified = consumption_id_and_status(data)
        if identified is not None:
            consumption_id, status = identified
            statuses = self._statuses.get(consumption_id)
            if statuses is None:
                statuses = self._statuses[consumption_id] = set()
                if len(self._statuses) > self._max_kept:
                    self._statuses.popitem(last=False)
            statuses.add(status)

    def is_known_pending_or_final(self, consumption_id: str) -> bool:
        statuses = self._statuses.get(consumption_id, set())
        return PENDING in statuses or bool(statuses & FINAL_STATUSES)

    def __len__(self) -> int:
        return len(self._statuses)


# The code of the notice that says a reconciliation could not read every page.
RECONCILE_INCOMPLETE = "reconcile_incomplete"
# One list page: (items, pagination) as ``EWalletApi.list_consumptions_after`` answers.
Page = tuple[list[dict[str, Any]], dict[str, Any]]


async def read_every_page(
    page: Callable[[str | None], Awaitable[Page]], max_pages: int
) -> tuple[list[dict[str, Any]], str]:
    """Every item of a ``start_after``-paged list, each once, and why the list is
    incomplete ("" when every page was read).

    ``page(start_after)`` reads the page after that id (``None``: the first). Page numbers
    shift while consumptions settle; a position after a given record does not — except
    that the server looks the start record up among the filtered ones, and one that
    settled meanwhile makes it start the list again: what was read already is skipped.
    """
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    start_after: str | None = None
    previous: list[str] = []
    for _ in range(max_pages):
        items, pagination = await page(start_after)
        named = [(item["id"], item) for item in items if isinstance(item.get("id"), str)]
        ids = [cid for cid, _item in named]
        if ids and ids == previous:
            # The server ignores start_after: it answered the same page again.
            return found, "the server repeated a page (no start_after paging)"
        previous = ids
        for cid, item in named:
            if cid not in seen:
                seen.add(cid)
                found.append(item)
        if not ids or pagination.get("is_last_page", True) is True:
            return found, ""
        start_after = ids[-1]
    return found, f"stopped after {max_pages} page(s) ({len(found)} consumptions read)"
