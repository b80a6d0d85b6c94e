"""This desk among the others, on the GUI thread: the claims and the desks list of the
shared PostgreSQL store as Qt signals, and the claim calls as coroutines.

:class:`DeskBridge` owns a :class:`~ewallet_monitor.store.postgres.desks.DeskLink`; what
its threads hear (a claim taken, released, taken over; the desks) arrives here through
a queued signal, updates :attr:`DeskBridge.claims`, and is announced. The claim calls
run on a worker thread (``asyncio.to_thread``) and answer ``None`` when the database
cannot be reached: the cashier is then asked before acting unclaimed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from ewallet_monitor.store.postgres.claims import Claim, ClaimAnswer, DeskInfo
from ewallet_monitor.store.postgres.desks import DeskLink, DesksUnreachable

log = logging.getLogger(__name__)


class DeskBridge(QObject):
    """Signals (all on this object's thread):

    - ``claim_changed(Claim)``: a claim as now stored (any desk's, this one's too);
    - ``claims_reset()``: :attr:`claims` was replaced by a fresh read (after a reconnect);
    - ``desks_changed(list[DeskInfo])``: the desks, this one included;
    - ``reachability_changed(bool)``: whether claims can be taken now.
    """

    claim_changed = Signal(object)
    claims_reset = Signal()
    desks_changed = Signal(object)
    reachability_changed = Signal(bool)
    # From the link's threads to this object's thread.
    _claim_arrived = Signal(object)
    _snapshot_arrived = Signal(object)
    _desks_arrived = Signal(object)
    _reachability_arrived = Signal(bool)

    def __init__(self, link: DeskLink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.claims: dict[tuple[str, str], Claim] = {}
        self.desks: list[DeskInfo] = []
        self._reachable = link.reachable
        queued = Qt.ConnectionType.QueuedConnection
        self._claim_arrived.connect(self._on_claim, queued)
        self._snapshot_arrived.connect(self._on_snapshot, queued)
        self._desks_arrived.connect(self._on_desks, queued)
        self._reachability_arrived.connect(self._on_reachable, queued)
        link.on_claim = self._claim_arrived.emit
        link.on_snapshot = self._snapshot_arrived.emit
        link.on_desks = self._desks_arrived.emit
        link.on_reachable = self._reachability_arrived.emit

    # -- who is here -------------------------------------------------------------------------

    @property
    def desk_id(self) -> str:
        return self.link.identity.desk_id

    @property
    def desk_name(self) -> str:
        return self.link.identity.name

    @property
    def reachable(self) -> bool:
        return self._reachable

    def others(self) -> list[DeskInfo]:
        return [d for d in self.desks if d.desk_id != self.desk_id]

    def holder_elsewhere(self, server: str, consumption_id: str) -> Claim | None:
        """The open claim of another desk on this consumption, as last heard."""
        claim = self.claims.get((server, consumption_id))
        if claim is None or not claim.is_open or claim.desk_id == self.desk_id:
            return None
        return claim

    def has_open(self, server: str, consumption_id: str) -> bool:
        claim = self.claims.get((server, consumption_id))
        return claim is not None and claim.is_open

    # -- claim calls (coroutines; None: the database cannot be reached) ---------------------

    async def claim(self, server: str, consumption_id: str, action: str) -> ClaimAnswer | None:
        try:
            answer = await asyncio.to_thread(self.link.claim, server, consumption_id, action)
        except DesksUnreachable:
            return None
        self._note(answer.claim)
        return answer

    async def take_over(self, server: str, consumption_id: str, reason: str) -> ClaimAnswer | None:
        try:
            answer = await asyncio.to_thread(self.link.take_over, server, consumption_id, reason)
        except DesksUnreachable:
            return None
        self._note(answer.claim)
        return answer

    async def hold_again(self, server: str, consumption_id: str) -> bool:
        try:
            await asyncio.to_thread(self.link.hold_again, server, consumption_id)
        except DesksUnreachable:
            return False
        return True

    async def release(
        self,
        server: str,
        consumption_id: str,
        outcome: str,
        outcome_data: dict[str, Any] | None = None,
    ) -> bool:
        try:
            return await asyncio.to_thread(
                self.link.release, server, consumption_id, outcome, outcome_data
            )
        except DesksUnreachable:
            # The outcome is known to the server; another desk, or this one's next try
            # (the finalized event), releases it.
            return False

    def close(self) -> None:
        self.link.on_claim = self.link.on_snapshot = None
        self.link.on_desks = self.link.on_reachable = None
        self.link.close()

    # -- from the link's threads ---------------------------------------------------------------

    def _note(self, claim: Claim) -> None:
        key = (claim.server, claim.consumption_id)
        self.claims[key] = claim
        self.claim_changed.emit(claim)

    def _on_claim(self, claim: Claim) -> None:
        self._note(claim)

    def _on_snapshot(self, claims: list[Claim]) -> None:
        self.claims = {(c.server, c.consumption_id): c for c in claims}
        self.claims_reset.emit()

    def _on_desks(self, desks: list[DeskInfo]) -> None:
        self.desks = list(desks)
        self.desks_changed.emit(self.desks)

    def _on_reachable(self, reachable: bool) -> None:
        if reachable != self._reachable:
            self._reachable = reachable
            self.reachability_changed.emit(reachable)


__all__ = ["DeskBridge"]
