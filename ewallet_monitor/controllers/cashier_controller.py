"""The cashier's path: the queue of cards, the decisions, and their audit trail.

:class:`CashierController` takes the consumption events :class:`MonitorController` routes
to it, keeps the :class:`ApprovalQueue`, and turns the cashier's decisions into HTTP calls
on the current connection's API. Rules it keeps:

- every decision from the window goes through the one :class:`DecisionGuard` (card in
  focus and in view long enough, not already on its way, from this server, not right after
  another decision); nothing is ever retried without the cashier asking;
- cards belong to the connection target (server URL and credential identity) they came
  from: when the target changes, the old server's waiting cards leave the queue as *left
  undecided* and can no longer be acted on;
- no decision goes out for a consumption not known to be pending (the server does not
  check): with admin credentials the consumption is read first (``client.verify``), and
  every open card is read again after a reconnect and after a decision whose answer never
  came; with client credentials a reconnect marks the open cards *not verified*;
- an approval while the socket is down still goes over HTTP, but :attr:`action_warned`
  says the live confirmation cannot arrive;
- with a ``store``, every approve/reject triggered goes to the audit trail (time, OS user,
  profile, action, consumption, amount, token, the server's answer; the outcome fills in
  when the card settles);
- with a shared store (``claims``, a :class:`ClaimGate`), a decision first claims the
  consumption for this desk: one held by another desk is refused (*being handled at
  Desk 2 by carla*) unless taken over explicitly (:meth:`take_over`, audited with its
  reason); when the database cannot be reached, :attr:`claim_unavailable` asks the window
  to ask the cashier before acting unclaimed. The claim is released with the outcome
  (the answer, or the finalized event, at any desk), kept while the outcome is unknown,
  and a decision made at another desk settles the card here at once;
- a flood of payments never freezes the window: cards are built in slices of at most
  ``card_slice_ms`` (``PipelineLimits``) of work per turn of the event loop, the rest on
  the next turns (a customer can create payments faster than a card is built).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from ewallet_monitor.client.verify import Reading, read_consumption, read_many
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.decision_guard import DecisionGuard, GuardTimings
from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits
from ewallet_monitor.protocol.approval import Action, ActionNotAllowed, ApprovalCard, CardState
from ewallet_monitor.protocol.consumption import Consumption
from ewallet_monitor.protocol.events import FrameReceived

if TYPE_CHECKING:  # psycopg is loaded only with a shared store
    from ewallet_monitor.store.postgres.claims import Claim, ClaimAnswer

log = logging.getLogger(__name__)

# Audit answer codes of actions the monitor did not send to the server.
NOT_SENT_NOT_CONNECTED = "monitor:not_connected"
NOT_SENT_UNKNOWN = "monitor:not_in_queue"
NOT_SENT_NOT_ALLOWED = "monitor:not_allowed"
NOT_SENT_NOT_PENDING = "monitor:not_pending"  # a read showed it decided, or could not tell
NOT_SENT_CLAIMED_ELSEWHERE = "monitor:claimed_elsewhere"  # another desk is deciding it
NOT_SENT_NO_CLAIM = "monitor:claim_unavailable"  # the shared database cannot be reached
# Audit codes of the claim's own entries (action "take_over" / "act_unclaimed").
TAKEN_OVER = "monitor:taken_over"
TAKE_OVER_REFUSED = "monitor:take_over_refused"
ACTED_UNCLAIMED = "monitor:unclaimed"


class DecisionApi(Protocol):
    """The HTTP calls a decision needs (``api.EWalletApi``); ``admin`` APIs can also read
    a consumption (``client.verify``)."""

    admin: bool

    async def approve(self, consumption_id: str) -> dict[str, Any]: ...

    async def reject(self, consumption_id: str) -> dict[str, Any]: ...

    async def get_consumption(self, consumption_id: str) -> dict[str, Any]: ...


class AuditRecorder(Protocol):
    """Where audit entries go (``store.EventStore``); never blocks."""

    def record_audit(
        self,
        *,
        action: str,
        consumption_id: str,
        answer: object = None,
        answer_code: str | None = None,
        amount: int | None = None,
        token: str | None = None,
        profile: str = "",
        at: datetime | None = None,
    ) -> None:
        """``answer``: the server's JSON envelope (a dict) or its text."""
        ...

    def update_audit_outcome(
        self, consumption_id: str, outcome: str, *, code: str | None = None
    ) -> None: ...


class ClaimGate(Protocol):
    """The claims of the shared store (``controllers.desk_bridge.DeskBridge``); the
    coroutines answer ``None`` when the database cannot be reached."""

    def holder_elsewhere(self, server: str, consumption_id: str) -> Claim | None: ...

    def has_open(self, server: str, consumption_id: str) -> bool: ...

    async def claim(self, server: str, consumption_id: str, action: str) -> ClaimAnswer | None: ...

    async def take_over(
        self, server: str, consumption_id: str, reason: str
    ) -> ClaimAnswer | None: ...

    async def hold_again(self, server: str, consumption_id: str) -> bool: ...

    async def release(
        self,
        server: str,
        consumption_id: str,
        outcome: str,
        outcome_data: dict[str, Any] | None = None,
    ) -> bool: ...


Spawner = Callable[..., "asyncio.Task[None]"]


def target_key(url: str, scheme: str, key: str) -> str:
    """The identity of a connection target: the server's URL and who we are there (the
    public half of the credentials; never the secret)."""
    return f"{url}\n{scheme}\n{key}"


class CashierController(QObject):
    """The cashier's queue and decisions.

    ``api`` returns the current connection's API (``None`` when not connected); ``is_live``
    whether finalized events can arrive now; ``spawn`` starts a kept, guarded task (the
    monitor controller's). ``guard_decisions`` False leaves only the card's own state as
    a check (scripts and the controller's own tests act without a window).
    """

    consumption_requested = Signal(str)  # id of a new card (live or recovered)
    consumption_finalized = Signal(str, str)  # id, final state value
    action_started = Signal(str, str)  # id, action
    action_finished = Signal(str, str, str)  # id, action, resulting card state
    action_warned = Signal(str, str)  # id, warning text (socket down…)
    decision_refused = Signal(str, str)  # id, why (guard)
    claim_unavailable = Signal(str, str)  # id, action: ask before acting unclaimed
    claim_noted = Signal(str, str)  # id, who handles it elsewhere ("" for nobody else)
    error_reported = Signal(str, str)  # summary, technical detail

    def __init__(
        self,
        queue: ApprovalQueue,
        *,
        api: Callable[[], DecisionApi | None],
        is_live: Callable[[], bool],
        spawn: Spawner,
        store: AuditRecorder | None = None,
        timings: GuardTimings | None = None,
        limits: PipelineLimits = DEFAULT_LIMITS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.store = store
        self._slice_seconds = limits.card_slice_ms / 1000
        # The connection profile the audit trail names ("" for none, "demo" in demo mode).
        self.profile_name = ""
        self._api = api
        self._is_live = is_live
        self._spawn = spawn
        self.guard = DecisionGuard(queue.card, timings=timings, belongs=queue.is_from_target)
        self.guard_decisions = True
        # The shared store's claims (None: the SQLite profile, one desk alone).
        self.claims: ClaimGate | None = None
        self._intake: deque[tuple[dict[str, Any], bool]] = deque()
        self._slice_started: float | None = None
        self._drain_timer = QTimer(self)
        self._drain_timer.setSingleShot(True)
        self._drain_timer.setInterval(0)
        self._drain_timer.timeout.connect(self._drain_intake)

    # -- the connection target --------------------------------------------------------------------

    def set_target(self, key: str) -> list[str]:
        """The connection now goes to ``key`` (:func:`target_key`); returns the ids of the
        old server's waiting cards that left the queue undecided."""
        left = self.queue.set_target(key)
        if self.guard.shown_id in left:
            self.guard.shown(None)
        return left

    # -- consumption events (routed by the monitor controller) ----------------------------

    @property
    def waiting_intake(self) -> int:
        """Requests received whose card is not built yet (the next turns build them)."""
        return len(self._intake)

    def on_request(self, data: dict[str, Any], *, recovered: bool) -> None:
        """A request event or a recovered pending consumption: its card now, or on the next
        turn of the loop when this turn has already built cards for a slice."""
        if self._intake:
            self._intake.append((data, recovered))
            return
        now = time.perf_counter()
        if self._slice_started is None:
            self._slice_started = now
            QTimer.singleShot(0, self, self._end_slice)
        elif now - self._slice_started > self._slice_seconds:
            self._intake.append((data, recovered))
            self._drain_timer.start()
            return
        self._build_card(data, recovered=recovered)

    def flush_intake(self) -> None:
        """Build every card still waiting now."""
        self._drain_timer.stop()
        while self._intake:
            data, recovered = self._intake.popleft()
            self._build_card(data, recovered=recovered)

    def _end_slice(self) -> None:
        self._slice_started = None

    def _drain_intake(self) -> None:
        started = time.perf_counter()
        budget = self._slice_seconds
        while self._intake and time.perf_counter() - started <= budget:
            data, recovered = self._intake.popleft()
            self._build_card(data, recovered=recovered)
        if self._intake:
            self._drain_timer.start()

    def _build_card(self, data: dict[str, Any], *, recovered: bool) -> None:
        known = Consumption.from_data(data)
        if known is None:
            return
        existed = self.queue.card(known.id) is not None
        card = self.queue.on_request(data, recovered=recovered)
        if card is not None and not existed and not card.is_final:
            self.consumption_requested.emit(card.id)

    def on_finalized(self, received: FrameReceived, *, announce: bool) -> None:
        """A finalized event; ``announce`` False when nobody listens to
        :attr:`consumption_finalized` (checking costs less than emitting to nobody, on
        every frame of a burst)."""
        state = self.queue.on_finalized_frame(received)
        consumption_id = received.consumption_id
        settled = consumption_id is not None and state is not None and state.is_final
        if self.claims is not None and settled and consumption_id is not None:
            # The outcome is known here: free the claim, at whichever desk it was taken.
            card = self.queue.card(consumption_id) or self._history_card(consumption_id)
            if card is not None:
                self._release_claim_of(card)
        if announce and state is not None and consumption_id is not None and state.is_final:
            self.consumption_finalized.emit(consumption_id, state.value)

    # -- decisions ---------------------------------------------------------------------------------

    def decide(
        self, consumption_id: str, action: str, *, unclaimed: bool = False
    ) -> asyncio.Task[None] | None:
        """The cashier's Approve / Reject from the window: only if the guard admits it
        and no other desk holds the payment (else :attr:`decision_refused` says why, and
        nothing is sent or audited). ``unclaimed``: the cashier was asked and agreed to
        act although no claim can be taken (the shared database is unreachable)."""
        if self.guard_decisions:
            reason = self.claim_refusal(consumption_id) or self.guard.admit(
                consumption_id, Action(action)
            )
            if reason is not None:
                self.decision_refused.emit(consumption_id, reason)
                return None
        return self.act(consumption_id, action, unclaimed=unclaimed)

    def act(
        self, consumption_id: str, action: str, *, unclaimed: bool = False
    ) -> asyncio.Task[None] | None:
        """Start ``"approve"`` or ``"reject"`` without the guard's timing rules (the card's
        own state still refuses one in flight or final, and a claim is still taken);
        returns the task."""
        if action not in (Action.APPROVE.value, Action.REJECT.value):
            self.error_reported.emit(
                self.tr("Unknown action {action}.").format(action=repr(action)), ""
            )
            return None
        return self._spawn(action, self._act, consumption_id, Action(action), unclaimed)

    # -- claims (a shared store) ---------------------------------------------------------------

    @property
    def server(self) -> str:
        """The identity claims are keyed by: the connection target (:func:`target_key`)."""
        return self.queue.target or ""

    def holder_text(self, consumption_id: str) -> str:
        """``being handled at Desk 2 by carla`` while another desk holds it, else ""."""
        if self.claims is None:
            return ""
        claim = self.claims.holder_elsewhere(self.server, consumption_id)
        return "" if claim is None else claim.holder_text()

    def claim_refusal(self, consumption_id: str) -> str | None:
        """Why this desk may not decide now because another one holds the payment."""
        text = self.holder_text(consumption_id)
        if not text:
            return None
        return self.tr("This payment is {holder}: take it over to decide here.").format(holder=text)

    def on_claim_changed(self, claim: Claim) -> None:
        """A claim changed at some desk (the bridge's signal): say who handles the card,
        and settle it when another desk's decision ended it."""
        if claim.server != self.server:
            return
        consumption_id = claim.consumption_id
        self.claim_noted.emit(consumption_id, self.holder_text(consumption_id))
        if claim.is_settled:
            self._settle_from_claim(claim)

    def on_claims_reset(self) -> None:
        """The claims were read afresh: every open card's note again."""
        for card in self.queue.open_cards():
            self.claim_noted.emit(card.id, self.holder_text(card.id))

    def _settle_from_claim(self, claim: Claim) -> None:
        card = self.queue.card(claim.consumption_id)
        if card is None or card.is_final or card.state.in_flight or claim.outcome is None:
            return
        # The deciding desk's answer is the server's record; without it, this card's
        # consumption with the outcome as its status.
        data = claim.outcome_data or {**card.consumption.raw, "status": claim.outcome}
        self.queue.on_read(claim.consumption_id, data)
        settled = self.queue.card(claim.consumption_id)
        if settled is not None and settled.is_final:
            self.consumption_finalized.emit(claim.consumption_id, settled.state.value)

    def take_over(self, consumption_id: str, reason: str) -> asyncio.Task[None] | None:
        """Take the payment from the desk holding it (the cashier gave ``reason``)."""
        if self.claims is None:
            return None
        if not reason.strip():
            self.decision_refused.emit(
                consumption_id, self.tr("Say why you take this payment over.")
            )
            return None
        return self._spawn("take_over", self._take_over, consumption_id, reason.strip())

    async def _take_over(self, consumption_id: str, reason: str) -> None:
        claims = self.claims
        if claims is None:
            return
        before = claims.holder_elsewhere(self.server, consumption_id)
        answer = await claims.take_over(self.server, consumption_id, reason)
        held_by = before.holder_text() if before is not None else ""
        if answer is None:
            self.decision_refused.emit(
                consumption_id,
                self.tr("The shared database cannot be reached: nothing can be taken over."),
            )
            return
        audit = {"reason": reason, "from": answer.claim.taken_over_from or held_by}
        if answer.taken:
            self._audit_entry("take_over", consumption_id, TAKEN_OVER, audit)
        else:
            audit["held"] = answer.claim.holder_text()
            audit["state"] = answer.claim.state
            self._audit_entry("take_over", consumption_id, TAKE_OVER_REFUSED, audit)
            if answer.claim.state == "deciding":
                why = self.tr(
                    "Not taken over: a decision from {desk} is on its way and its outcome "
                    "is not known yet."
                ).format(desk=answer.claim.desk_name)
            else:
                why = self.tr("Not taken over: it is no longer held by another desk.")
            self.decision_refused.emit(consumption_id, why)
        self.claim_noted.emit(consumption_id, self.holder_text(consumption_id))

    def _release_claim_of(self, card: ApprovalCard) -> None:
        """The outcome is known here: release the claim (when one is open, at any desk)."""
        claims = self.claims
        if claims is None or not claims.has_open(self.server, card.id):
            return
        self._spawn(
            "release",
            claims.release,
            self.server,
            card.id,
            card.state.value,
            dict(card.consumption.raw),
        )

    async def _after_claimed(self, consumption_id: str) -> None:
        """This desk's decision ended: release the claim with the outcome, keep it while
        the outcome is unknown, hold it again when nothing happened."""
        claims = self.claims
        if claims is None:
            return
        card = self.queue.card(consumption_id) or self._history_card(consumption_id)
        if card is None:
            return
        if card.is_final:
            await claims.release(
                self.server, consumption_id, card.state.value, dict(card.consumption.raw)
            )
        elif card.state in (CardState.PENDING, CardState.ACTION_FAILED):
            await claims.hold_again(self.server, consumption_id)
        # OUTCOME_UNKNOWN, or in flight until the finalized event: stays "deciding".

    def ensure_card(self, data: dict[str, Any]) -> str | None:
        """The card id for a consumption seen elsewhere (the event log's detail pane),
        making the card if it has none, so it settles like any other."""
        consumption = Consumption.from_data(data)
        if consumption is None:
            return None
        self.flush_intake()
        if self.queue.card(consumption.id) is None:
            self._build_card(data, recovered=False)
        return consumption.id if self.queue.card(consumption.id) else None

    def act_on_consumption(self, action: str, data: dict[str, Any]) -> asyncio.Task[None] | None:
        """:meth:`act` on a consumption that may have no card yet."""
        consumption_id = self.ensure_card(data)
        return None if consumption_id is None else self.act(consumption_id, action)

    async def _act(self, consumption_id: str, action: Action, unclaimed: bool = False) -> None:
        queue = self.queue
        guard = self.guard
        triggered_at = datetime.now(UTC)
        api = self._api()
        if api is None:
            self._audit(consumption_id, action, triggered_at, NOT_SENT_NOT_CONNECTED)
            self.error_reported.emit(
                self.tr("Not connected: connect to a server before approving or rejecting."), ""
            )
            return
        if guard.on_its_way(consumption_id):
            return  # pressed twice: one decision is already on its way (read or call)
        if queue.card(consumption_id) is None:
            self._audit(consumption_id, action, triggered_at, NOT_SENT_UNKNOWN)
            self.error_reported.emit(self.tr("This consumption is not in the approval queue."), "")
            return
        admin = bool(getattr(api, "admin", False))
        guard.begin(consumption_id)
        claimed = False
        try:
            if self.claims is not None:
                claimed = await self._claim_first(consumption_id, action, triggered_at, unclaimed)
                if not claimed and not unclaimed:
                    return
            if admin and not await self._read_shows_pending(
                api, consumption_id, action, triggered_at
            ):
                return
            try:
                queue.start(consumption_id, action)
            except ActionNotAllowed as exc:
                self._audit(consumption_id, action, triggered_at, NOT_SENT_NOT_ALLOWED, str(exc))
                self.error_reported.emit(
                    self.tr("This consumption cannot be changed now."), str(exc)
                )
                return
            if not self._is_live():
                self.action_warned.emit(
                    consumption_id,
                    self.tr(
                        "The live connection is down: the server's confirmation cannot arrive "
                        "until it is back. The answer to this request is all you will see."
                    ),
                )
            self.action_started.emit(consumption_id, action.value)
            try:
                call = api.approve if action is Action.APPROVE else api.reject
                data = await call(consumption_id)
            except Exception as exc:
                self._audit_error(consumption_id, action, triggered_at, exc)
                self._on_action_error(consumption_id, action, exc)
            else:
                self._audit(consumption_id, action, triggered_at, "ok", data)
                queue.on_http_ok(consumption_id, action, data)
        finally:
            guard.end(consumption_id)
            if claimed:
                await self._after_claimed(consumption_id)
        self._finish_action(consumption_id, action)
        card = queue.card(consumption_id)
        if card is not None and card.state is CardState.OUTCOME_UNKNOWN and admin:
            # The finalized event may never come (socket down): ask the server.
            self._spawn("verify", self._verify, [consumption_id])

    async def _claim_first(
        self, consumption_id: str, action: Action, at: datetime, unclaimed: bool
    ) -> bool:
        """Claim the payment for this desk; False (audited, and said) when another desk
        holds it, it was settled elsewhere, or no claim can be taken (then, unless the
        cashier already agreed to act ``unclaimed``, :attr:`claim_unavailable` asks)."""
        claims = self.claims
        assert claims is not None
        answer = await claims.claim(self.server, consumption_id, action.value)
        if answer is None:
            if unclaimed:
                self._audit_entry(action.value, consumption_id, ACTED_UNCLAIMED, None, at)
            else:
                self._audit(consumption_id, action, at, NOT_SENT_NO_CLAIM)
                self.claim_unavailable.emit(consumption_id, action.value)
            return False
        if answer.taken:
            return True
        claim = answer.claim
        if claim.is_settled:
            self._audit(consumption_id, action, at, NOT_SENT_NOT_PENDING, {"status": claim.outcome})
            self._settle_from_claim(claim)
            return False
        self._audit(
            consumption_id,
            action,
            at,
            NOT_SENT_CLAIMED_ELSEWHERE,
            {"desk": claim.desk_name, "os_user": claim.os_user, "state": claim.state},
        )
        self.claim_noted.emit(consumption_id, claim.holder_text())
        self.decision_refused.emit(
            consumption_id,
            self.tr("This payment is {holder}: take it over to decide here.").format(
                holder=claim.holder_text()
            ),
        )
        return False

    def _finish_action(self, consumption_id: str, action: Action) -> None:
        card = self.queue.card(consumption_id) or self._history_card(consumption_id)
        state = card.state.value if card is not None else ""
        self.action_finished.emit(consumption_id, action.value, state)
        if card is not None and card.is_final:
            self._audit_outcome(consumption_id, card)
            self.consumption_finalized.emit(consumption_id, state)

    # -- reading before deciding -------------------------------------------------------------

    async def _read_shows_pending(
        self, api: DecisionApi, consumption_id: str, action: Action, triggered_at: datetime
    ) -> bool:
        """Read the consumption (admin API) and apply what it says; False, with an audit
        entry of the decision not sent, unless it is still pending."""
        card = self.queue.card(consumption_id)
        if card is None or not card.can_start(action):
            return True  # start() refuses it, with the reason
        reading = await read_consumption(api, consumption_id)
        self._apply_reading(reading)
        if reading.is_pending:
            return True
        answer = {"status": reading.status, "reason": reading.failure_text or reading.when()}
        self._audit(consumption_id, action, triggered_at, NOT_SENT_NOT_PENDING, answer)
        self._finish_action(consumption_id, action)
        return False

    def _apply_reading(self, reading: Reading) -> None:
        queue = self.queue
        consumption_id = reading.consumption_id
        if reading.consumption is not None:
            queue.on_read(consumption_id, reading.consumption)
        else:
            queue.on_read_failed(consumption_id, reading.failure_text)
        card = queue.card(consumption_id)
        if card is not None and card.is_final:
            self._audit_outcome(consumption_id, card)
            self.consumption_finalized.emit(consumption_id, card.state.value)

    async def _verify(self, consumption_ids: list[str]) -> None:
        """Read these consumptions and settle the cards decided elsewhere."""
        api = self._api()
        if api is None or not consumption_ids:
            return
        for reading in await read_many(api, consumption_ids):
            self._apply_reading(reading)

    def after_gap(self) -> None:
        """The socket was down: finalized events may have been missed. With admin
        credentials read every open card; without, mark them not verified."""
        api = self._api()
        if api is not None and getattr(api, "admin", False):
            open_ids = [card.id for card in self.queue.open_cards()]
            self._spawn("verify", self._verify, open_ids)
        else:
            self.queue.on_gap()

    def _on_action_error(self, consumption_id: str, action: Action, exc: Exception) -> None:
        from ewallet_monitor.api import ApiError, ApiTimeout
        from ewallet_monitor.api.errors import CONNECTION_FAILED, CONNECTION_LOST

        queue = self.queue
        if isinstance(exc, ApiTimeout):
            queue.on_http_timeout(consumption_id, action)
        elif isinstance(exc, ApiError) and exc.code == CONNECTION_FAILED:
            queue.on_transport_error(consumption_id, action, exc.description or exc.code)
        elif isinstance(exc, ApiError) and exc.code == CONNECTION_LOST:
            queue.on_connection_lost(consumption_id, action, exc.description or exc.code)
        elif isinstance(exc, ApiError):
            queue.on_http_error(consumption_id, action, exc.code, exc.description, exc.http_status)
        else:
            queue.on_transport_error(consumption_id, action, str(exc) or type(exc).__name__)

    # -- the audit trail -----------------------------------------------------------------------

    def _audit(
        self,
        consumption_id: str,
        action: Action,
        at: datetime,
        answer_code: str,
        answer: Any = None,
    ) -> None:
        """One audit entry for an action the operator triggered (sent or not)."""
        if self.store is None:
            return
        card = self.queue.card(consumption_id) or self._history_card(consumption_id)
        consumption = card.consumption if card is not None else None
        try:
            self.store.record_audit(
                action=action.value,
                consumption_id=consumption_id,
                answer=answer,
                answer_code=answer_code,
                amount=consumption.amount if consumption is not None else None,
                token=consumption.token_symbol if consumption is not None else None,
                profile=self.profile_name,
                at=at,
            )
        except Exception:
            log.exception("the audit entry could not be queued")

    def _audit_entry(
        self,
        action: str,
        consumption_id: str,
        answer_code: str,
        answer: Any,
        at: datetime | None = None,
    ) -> None:
        """One audit entry that is not a decision sent (a take-over, acting unclaimed)."""
        if self.store is None:
            return
        card = self.queue.card(consumption_id) or self._history_card(consumption_id)
        consumption = card.consumption if card is not None else None
        try:
            self.store.record_audit(
                action=action,
                consumption_id=consumption_id,
                answer=answer,
                answer_code=answer_code,
                amount=consumption.amount if consumption is not None else None,
                token=consumption.token_symbol if consumption is not None else None,
                profile=self.profile_name,
                at=at or datetime.now(UTC),
            )
        except Exception:
            log.exception("the audit entry could not be queued")

    def _audit_error(
        self, consumption_id: str, action: Action, at: datetime, exc: Exception
    ) -> None:
        code = getattr(exc, "code", None)
        description = getattr(exc, "description", None)
        if not isinstance(code, str):
            code, description = "monitor:error", str(exc) or type(exc).__name__
        answer = {"code": code, "description": description}
        status = getattr(exc, "http_status", None)
        if status is not None:
            answer["http_status"] = status
        self._audit(consumption_id, action, at, code, answer)

    def _audit_outcome(self, consumption_id: str, card: ApprovalCard) -> None:
        """The final state the HTTP answer settled (the finalized event, when stored,
        has already filled it in: the store only fills outcomes still missing)."""
        if self.store is None:
            return
        code = card.error_code
        try:
            self.store.update_audit_outcome(
                consumption_id,
                card.state.value,
                code=code if isinstance(code, str) else None,
            )
        except Exception:
            log.exception("the audit outcome could not be queued")

    def _history_card(self, consumption_id: str) -> ApprovalCard | None:
        # By id: reading every row's card would parse every row kept as its frame.
        return self.queue.history.card_for(consumption_id)


__all__ = ["CashierController", "ClaimGate", "target_key"]
