"""Read a consumption before deciding on it (admin API), as the server does not check.

The eWallet's approve and reject do not check that a consumption is still pending
(docs/protocol-notes.md §6.2): approving a rejected one pays it, rejecting a confirmed one
records it rejected after the money moved. With admin credentials the monitor therefore reads the
consumption (``transaction_consumption.get``) before every decision and after every
reconnect. The client API has no read: there the card's own knowledge is all there is.

The request event is broadcast inside the consume's database transaction, before the
commit (docs/protocol-notes.md §6.2): a read issued the instant it arrives may not find the
consumption yet, so "not found" is retried for a short while before it counts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ewallet_monitor.api.errors import ApiError
from ewallet_monitor.protocol.consumption import PENDING
from ewallet_monitor.protocol.errors import UNAUTHORIZED

# How long "not found" is retried (the event precedes the server's commit), and how often.
NOT_FOUND_PATIENCE_S = 2.0
NOT_FOUND_STEP_S = 0.2
# Reads after a reconnect run a few at a time: enough to be quick, few enough that a
# long queue does not hammer the server that just came back.
PARALLEL_READS = 4


class ConsumptionReader(Protocol):
    """What a read needs of the HTTP API (``api.EWalletApi``)."""

    @property
    def admin(self) -> bool: ...

    async def get_consumption(self, consumption_id: str) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Reading:
    """The outcome of one read: the consumption as stored, or why it could not be read."""

    consumption_id: str
    consumption: dict[str, Any] | None = None
    error: ApiError | None = None

    @property
    def status(self) -> str | None:
        if self.consumption is None:
            return None
        status = self.consumption.get("status")
        return status if isinstance(status, str) else None

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING

    @property
    def failure_text(self) -> str:
        """Why the state is not known ("" when it is)."""
        if self.consumption is not None:
            return ""
        error = self.error
        if error is None:
            return "no answer"
        if error.code == UNAUTHORIZED:
            return "the server does not find this consumption (or it is not yours)"
        return f"{error.code}: {error.description}" if error.description else error.code

    def when(self) -> str:
        """``status`` and the time it got there (``rejected at 2026-…``), for one line."""
        consumption = self.consumption or {}
        status = self.status or "unknown"
        stamp = consumption.get(f"{status}_at") or consumption.get("confirmed_at")
        return f"{status} at {stamp}" if isinstance(stamp, str) and stamp else status


async def read_consumption(
    api: ConsumptionReader,
    consumption_id: str,
    *,
    patience_s: float = NOT_FOUND_PATIENCE_S,
    step_s: float = NOT_FOUND_STEP_S,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> Reading:
    """Read one consumption; "not found" is retried for ``patience_s`` (0: no retry).

    Never raises :class:`ApiError`: the failure is in the :class:`Reading`.
    """
    deadline = time.monotonic() + patience_s
    while True:
        try:
            return Reading(consumption_id, await api.get_consumption(consumption_id))
        except ApiError as error:
            if error.code != UNAUTHORIZED or time.monotonic() + step_s > deadline:
                return Reading(consumption_id, error=error)
        await sleep(step_s)


async def read_many(api: ConsumptionReader, consumption_ids: Iterable[str]) -> list[Reading]:
    """:func:`read_consumption` of each id (no not-found patience: these were announced
    long ago), a few at a time, in the order given."""
    gate = asyncio.Semaphore(PARALLEL_READS)

    async def one(consumption_id: str) -> Reading:
        async with gate:
            return await read_consumption(api, consumption_id, patience_s=0.0)

    return list(await asyncio.gather(*(one(cid) for cid in consumption_ids)))


__all__ = ["ConsumptionReader", "Reading", "read_consumption", "read_many"]
