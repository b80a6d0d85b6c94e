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
- a flood of payments never freezes the window: cards are built in slices of at most
  :data:`CARD_SLICE_MS` of work per turn of the event loop, the rest on the next turns
  (a customer can create payments faster than a card is built).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from ewallet_monitor.client.verify import Reading, read_consumption, read_many
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.decision_guard import DecisionGuard, GuardTimings
from ewallet_monitor.protocol.approval import Action, ActionNotAllowed, ApprovalCard, CardState
from ewallet_monitor.protocol.consumption import Consumption
from ewallet_monitor.protocol.events import FrameDigest

log = logging.getLogger(__name__)

# Audit answer codes of actions the monitor did not send to the server.
NOT_SENT_NOT_CONNECTED = "monitor:not_connected"
NOT_SENT_UNKNOWN = "monitor:not_in_queue"
NOT_SENT_NOT_ALLOWED = "monitor:not_allowed"
NOT_SENT_NOT_PENDING = "monitor:not_pending"  # a read showed it decided, or could not tell
# Work spent building cards in one turn of the event loop before the rest waits a turn.
CARD_SLICE_MS = 10


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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.store = store
        # The connection profile the audit trail names ("" for none, "demo" in demo mode).
        self.profile_name = ""
        self._api = api
        self._is_live = is_live
        self._spawn = spawn
        self.guard = DecisionGuard(queue.card, timings=timings, belongs=queue.is_from_target)
        self.guard_decisions = True
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
        elif now - self._slice_started > CARD_SLICE_MS / 1000:
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
        budget = CARD_SLICE_MS / 1000
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

    def on_finalized(self, data: dict[str, Any], error_code: str | None, description: str) -> None:
        card = self.queue.on_finalized(data, error_code, description)
        if card is not None and card.is_final:
            self.consumption_finalized.emit(card.id, card.state.value)

    def on_finalized_digest(self, digest: FrameDigest, *, announce: bool) -> None:
        """A finalized event's digest; ``announce`` False when nobody listens to
        :attr:`consumption_finalized` (checking costs less than emitting to nobody, on
        every frame of a burst)."""
        state = self.queue.on_finalized_digest(digest)
        consumption_id = digest.consumption_id
        if announce and state is not None and consumption_id is not None and state.is_final:
            self.consumption_finalized.emit(consumption_id, state.value)

    # -- decisions ---------------------------------------------------------------------------------

    def decide(self, consumption_id: str, action: str) -> asyncio.Task[None] | None:
        """The cashier's Approve / Reject from the window: only if the guard admits it
        (else :attr:`decision_refused` says why, and nothing is sent or audited)."""
        if self.guard_decisions:
            reason = self.guard.admit(consumption_id, Action(action))
            if reason is not None:
                self.decision_refused.emit(consumption_id, reason)
                return None
        return self.act(consumption_id, action)

    def act(self, consumption_id: str, action: str) -> asyncio.Task[None] | None:
        """Start ``"approve"`` or ``"reject"`` without the guard's timing rules (the card's
        own state still refuses one in flight or final); returns the task."""
        if action not in (Action.APPROVE.value, Action.REJECT.value):
            self.error_reported.emit(
                self.tr("Unknown action {action}.").format(action=repr(action)), ""
            )
            return None
        return self._spawn(action, self._act, consumption_id, Action(action))

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

    async def _act(self, consumption_id: str, action: Action) -> None:
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
        try:
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
        self._finish_action(consumption_id, action)
        card = queue.card(consumption_id)
        if card is not None and card.state is CardState.OUTCOME_UNKNOWN and admin:
            # The finalized event may never come (socket down): ask the server.
            self._spawn("verify", self._verify, [consumption_id])

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
        # By id: reading every row's card would parse every row kept from a digest.
        return self.queue.history.card_for(consumption_id)


__all__ = ["CashierController", "target_key"]
