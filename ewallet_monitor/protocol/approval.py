"""The approval card: what the cashier sees of one consumption, as a pure state machine.

A card starts from a ``transaction_consumption_request`` event (or a pending consumption
recovered over HTTP) and ends in one of the server's final states. Inputs arrive in any
order and may repeat; these rules make the result independent of that:

- a final state never goes back to pending or to an action in flight;
- a finalized event settles the card whatever is in flight: when it arrives before the
  HTTP answer, it wins, and the answer that follows changes nothing;
- an HTTP error after a final state does not undo it;
- a final state learnt from an HTTP answer may be corrected by a later finalized event
  (the event is the server's broadcast of the stored state); one learnt from an event is
  never changed;
- the local clock only *hints* at expiry ("expiring…"): the card stays actionable and
  waits for the server, which alone decides that a consumption expired;
- the server does not check that a consumption is still pending before an approve or a
  reject (docs/protocol-notes.md §6.2: approving a rejected one pays it, rejecting a confirmed one
  records it rejected after the money moved). So a decision whose answer never came
  leaves the card ``OUTCOME_UNKNOWN`` (Reject disabled; Approve only after a read shows
  it pending, or after the cashier acknowledged the warning), and a card that waited
  across an outage nobody could read is *not verified* (acting asks first).

Every transition returns a new :class:`ApprovalCard`; nothing here does I/O.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ewallet_monitor.protocol import errors
from ewallet_monitor.protocol.consumption import Consumption


class CardState(enum.Enum):
    """Where a card is. ``ACTION_FAILED`` is actionable again and carries a message;
    ``OUTCOME_UNKNOWN``: a decision was sent and its answer never came (it may have gone
    through); ``USED_UP`` is final: the request reached ``max_consumptions`` and the server
    refuses every decision on it."""

    PENDING = "pending"
    APPROVING = "approving"
    REJECTING = "rejecting"
    ACTION_FAILED = "action_failed"
    OUTCOME_UNKNOWN = "outcome_unknown"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    USED_UP = "used_up"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES

    @property
    def is_actionable(self) -> bool:
        """The cashier may press Approve or Reject (or only Approve: see
        :meth:`ApprovalCard.can_start`)."""
        return self in (CardState.PENDING, CardState.ACTION_FAILED, CardState.OUTCOME_UNKNOWN)

    @property
    def in_flight(self) -> bool:
        return self in (CardState.APPROVING, CardState.REJECTING)

    @property
    def label(self) -> str:
        return _LABELS[self]


FINAL_STATES = frozenset(
    {
        CardState.CONFIRMED,
        CardState.REJECTED,
        CardState.FAILED,
        CardState.EXPIRED,
        CardState.CANCELLED,
        CardState.USED_UP,
    }
)

_LABELS = {
    CardState.PENDING: "waiting for you",
    CardState.APPROVING: "approving…",
    CardState.REJECTING: "rejecting…",
    CardState.ACTION_FAILED: "not done — try again",
    CardState.OUTCOME_UNKNOWN: "outcome unknown",
    CardState.CONFIRMED: "confirmed",
    CardState.REJECTED: "rejected",
    CardState.FAILED: "failed",
    CardState.EXPIRED: "expired",
    CardState.CANCELLED: "cancelled by the customer",
    CardState.USED_UP: "request used up",
}

# Consumption statuses (docs/protocol-notes.md §6.1) that settle a card.
_FINAL_FOR_STATUS = {
    "confirmed": CardState.CONFIRMED,
    "rejected": CardState.REJECTED,
    "failed": CardState.FAILED,
    "expired": CardState.EXPIRED,
    "cancelled": CardState.CANCELLED,
}


class Action(enum.Enum):
    APPROVE = "approve"
    REJECT = "reject"


class Settlement(enum.Enum):
    """How a final state was learnt; an event outranks an HTTP answer."""

    EVENT = "event"
    HTTP = "http"


class ActionNotAllowed(ValueError):
    """The card cannot take this action now (in flight or already final)."""


# HTTP error codes that say the consumption can no longer be decided (docs/protocol-notes.md §6.2).
_HTTP_ERROR_FINAL = {
    errors.CONSUMPTION_EXPIRED: CardState.EXPIRED,
    errors.CONSUMPTION_CANCELLED: CardState.CANCELLED,
    errors.MAX_CONSUMPTIONS_REACHED: CardState.USED_UP,
}
_HTTP_ERROR_TEXT = {
    errors.CONSUMPTION_EXPIRED: "The server says it expired before the decision.",
    errors.CONSUMPTION_CANCELLED: "The customer cancelled it before the decision.",
    errors.MAX_CONSUMPTIONS_REACHED: (
        "The request reached its maximum number of consumptions: the server refuses to "
        "approve or reject this one."
    ),
}

UNVERIFIED_TEXT = (
    "Not verified since the outage: while the connection was down it may have been "
    "approved, rejected or cancelled elsewhere, and these credentials cannot read it."
)
_NOT_CHECKED_TEXT = (
    "The server does not check that a consumption is still pending: approving one that "
    "was rejected meanwhile pays it; rejecting one that was confirmed records it rejected "
    "although the money moved."
)


@dataclass(frozen=True, slots=True)
class ApprovalCard:
    """One consumption awaiting (or past) the cashier's decision.

    ``message`` is the text to show under the state: the server's reason for a failure,
    or why an action did not go through. ``error_code`` is the eWallet code behind it.
    """

    consumption: Consumption
    state: CardState = CardState.PENDING
    recovered: bool = False
    message: str = ""
    error_code: str | None = None
    settled_by: Settlement | None = None
    last_action: Action | None = None
    # Waited across an outage and could not be read since (client credentials).
    unverified: bool = False
    # The cashier confirmed the warning of :meth:`warning` for the next action.
    acknowledged: bool = False
    # OUTCOME_UNKNOWN only: a read since showed the consumption still pending.
    checked: bool = False

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_request(cls, data: dict[str, Any], *, recovered: bool = False) -> ApprovalCard:
        """A card for a consumption request (live or recovered).

        A consumption that is already final (seen late) starts in its final state.
        """
        consumption = Consumption.from_data(data)
        if consumption is None:
            raise ValueError("not a consumption object with an id")
        card = cls(consumption=consumption, recovered=recovered)
        final = _FINAL_FOR_STATUS.get(consumption.status or "")
        if final is not None:
            return replace(card, state=final, settled_by=Settlement.EVENT)
        return card

    # -- read-only helpers ----------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.consumption.id

    @property
    def is_final(self) -> bool:
        return self.state.is_final

    @property
    def is_actionable(self) -> bool:
        return self.state.is_actionable

    def can_start(self, action: Action) -> bool:
        """Whether ``action`` may be started now (perhaps after a warning): both on a
        waiting card. When the outcome of a decision is unknown only that decision may be
        repeated (approving a confirmed consumption returns the same transaction); the
        other stays disabled, even after a read shows it pending, since the lost request
        may still land: a reject after an approve that went through records it rejected
        after it paid, an approve after a reject that went through pays it."""
        if self.state is CardState.OUTCOME_UNKNOWN:
            return action is (self.last_action or Action.APPROVE)
        return self.state.is_actionable

    def warning(self, action: Action) -> str | None:
        """What the cashier must read and confirm before ``action``, or ``None``."""
        if not self.can_start(action):
            return None
        reasons = []
        if self.state is CardState.OUTCOME_UNKNOWN and not self.checked:
            last = (self.last_action or action).value
            reasons.append(f"The answer to the last '{last}' never came: it may have gone through.")
        if self.unverified:
            reasons.append(UNVERIFIED_TEXT)
        if not reasons:
            return None
        return " ".join([*reasons, _NOT_CHECKED_TEXT])

    def seconds_left(self, now: datetime) -> float | None:
        """Seconds until ``expiration_date`` by the local clock (negative once past)."""
        expires = self.consumption.expiration_date
        if expires is None:
            return None
        return (expires - now).total_seconds()

    def is_expiring(self, now: datetime) -> bool:
        """The local clock says the expiration date passed while the server has not yet
        said so (its expiry job runs once a minute): show "expiring…", do not settle."""
        left = self.seconds_left(now)
        return left is not None and left <= 0 and not self.is_final

    # -- inputs ---------------------------------------------------------------------------

    def on_request(self, data: dict[str, Any], *, recovered: bool = False) -> ApprovalCard:
        """A request event or recovered pending for a card we already have.

        Duplicates refresh the data of a card still waiting; they never reopen a final
        card nor interrupt an action in flight.
        """
        consumption = Consumption.from_data(data)
        if consumption is None or consumption.id != self.id:
            return self
        if self.is_final:
            return self
        final = _FINAL_FOR_STATUS.get(consumption.status or "")
        if final is not None:
            return replace(self, consumption=consumption, state=final, settled_by=Settlement.EVENT)
        return replace(self, consumption=consumption, recovered=self.recovered and recovered)

    def acknowledge(self) -> ApprovalCard:
        """The cashier confirmed :meth:`warning`: the next :meth:`start` may go ahead."""
        if self.is_final or self.state.in_flight:
            return self
        return replace(self, acknowledged=True)

    def start(self, action: Action) -> ApprovalCard:
        """The cashier pressed Approve or Reject; raises :class:`ActionNotAllowed` if the
        card is in flight or final (at most one action in flight per card), if
        :meth:`can_start` says no, or if a :meth:`warning` was not acknowledged."""
        if not self.can_start(action):
            raise ActionNotAllowed(f"cannot {action.value} a card that is {self.state.value}")
        warning = self.warning(action)
        if warning is not None and not self.acknowledged:
            raise ActionNotAllowed(f"{action.value} needs the cashier's confirmation: {warning}")
        state = CardState.APPROVING if action is Action.APPROVE else CardState.REJECTING
        return replace(
            self,
            state=state,
            last_action=action,
            message="",
            error_code=None,
            acknowledged=False,
        )

    def on_gap(self) -> ApprovalCard:
        """The socket was down and the consumption cannot be read: mark it not verified."""
        if self.is_final:
            return self
        return replace(self, unverified=True, acknowledged=False)

    def on_read(self, data: object) -> ApprovalCard:
        """The server's record, read (``transaction_consumption.get``) while no action was
        in flight. Pending: the card waits for the cashier again, verified; final: it
        settles (a later finalized event may still correct it)."""
        if self.is_final or self.state.in_flight:
            return self
        consumption = Consumption.from_data(data)
        if consumption is None or consumption.id != self.id:
            return self
        status = consumption.status or ""
        if status == "pending":
            if self.state is CardState.OUTCOME_UNKNOWN:
                verb = (self.last_action or Action.APPROVE).value
                return replace(
                    self,
                    consumption=consumption,
                    unverified=False,
                    checked=True,
                    message=f"Checked with the server: still pending. '{verb}' may be tried again.",
                )
            return replace(self, consumption=consumption, unverified=False)
        final = _FINAL_FOR_STATUS.get(status)
        if final is None:
            return replace(self, consumption=consumption)  # "approved": the event follows
        return self._settle(consumption, final, Settlement.HTTP, None, _failure_text(consumption))

    def on_read_failed(self, text: str) -> ApprovalCard:
        """A read could not tell the consumption's state (not found, server down)."""
        if self.is_final or self.state.in_flight:
            return self
        return replace(self, message=f"Could not verify with the server: {text}")

    def on_http_ok(self, action: Action, data: object) -> ApprovalCard:
        """The HTTP answer of ``action`` was a success; ``data`` is the consumption after it."""
        if self.is_final:
            # The finalized event (broadcast before the answer) already settled it.
            return self
        consumption = Consumption.from_data(data)
        if consumption is None or consumption.id != self.id:
            # A success without a readable consumption: wait for the finalized event.
            return self
        final = _FINAL_FOR_STATUS.get(consumption.status or "")
        if final is None:
            # "approved" is transient (docs/protocol-notes.md §6): the finalized event will follow.
            return replace(self, consumption=consumption)
        return self._settle(consumption, final, Settlement.HTTP, None, _failure_text(consumption))

    def on_http_error(
        self, action: Action, code: str, description: str, http_status: int | None = None
    ) -> ApprovalCard:
        """The HTTP answer of ``action`` was an eWallet error.

        Codes that mean the consumption can no longer be decided (expired, cancelled, the
        request used up, a failed transfer) settle the card with the reason. HTTP 500 is a
        crash of the server mid-action (the client API also gives it for someone else's
        consumption): the outcome is unknown. Anything else makes the card actionable
        again with the server's description. A final card stays final.
        """
        if self.is_final:
            return self
        if http_status is not None and http_status >= 500:
            return self._unknown(
                action,
                f"The server failed while handling '{action.value}' (HTTP {http_status}, "
                f"{description or code}): it may or may not have gone through.",
                code,
            )
        final = _HTTP_ERROR_FINAL.get(code)
        if final is None and code.startswith("transaction:"):
            # A failed transfer: the consumption is stored as failed (docs/protocol-notes.md §7).
            final = CardState.FAILED
        if final is not None:
            return replace(
                self,
                state=final,
                settled_by=Settlement.HTTP,
                message=_HTTP_ERROR_TEXT.get(code, description or code),
                error_code=code,
            )
        verb = action.value
        return replace(
            self,
            state=CardState.ACTION_FAILED,
            message=f"Could not {verb}: {description or code}",
            error_code=code,
        )

    def on_http_timeout(self, action: Action) -> ApprovalCard:
        """No HTTP answer in time. The action may or may not have happened: the outcome is
        unknown; the card waits for the finalized event or a read, and is never retried
        without the cashier."""
        return self._unknown(
            action,
            f"No answer from the server to '{action.value}': it may have gone through. "
            "Waiting for the server's confirmation.",
            "timeout",
        )

    def on_connection_lost(self, action: Action, text: str) -> ApprovalCard:
        """The connection broke after the request was sent: the outcome is unknown."""
        return self._unknown(
            action,
            f"The connection broke during '{action.value}' ({text}): it may have gone "
            "through. Waiting for the server's confirmation.",
            "connection_lost",
        )

    def on_transport_error(self, action: Action, text: str) -> ApprovalCard:
        """The HTTP call could not be made (connection refused, TLS…): nothing was sent."""
        if self.is_final:
            return self
        return replace(
            self,
            state=CardState.ACTION_FAILED,
            message=f"Could not reach the server to {action.value}: {text}",
            error_code="network",
        )

    def on_finalized(
        self, data: object, error_code: str | None = None, description: str = ""
    ) -> ApprovalCard:
        """A ``transaction_consumption_finalized`` event for this consumption.

        The state comes from the consumption's status, or from the error code when the
        status is missing (``transaction_consumption:expired`` → expired, any other error
        → failed). A card already settled by an event is not changed.
        """
        if self.is_final and self.settled_by is Settlement.EVENT:
            return self
        consumption = Consumption.from_data(data)
        if consumption is not None and consumption.id != self.id:
            return self
        consumption = consumption or self.consumption
        final = _FINAL_FOR_STATUS.get(consumption.status or "")
        if final is None:
            if error_code == errors.CONSUMPTION_EXPIRED:
                final = CardState.EXPIRED
            elif error_code:
                final = CardState.FAILED
            elif consumption.status == "approved":
                return replace(self, consumption=consumption)
            else:
                # A finalized event with neither a final status nor an error: unreadable,
                # keep the card as it is rather than guess.
                return self
        message = description or _failure_text(consumption)
        if final is CardState.EXPIRED and not description:
            message = "The request expired before it was approved."
        return self._settle(consumption, final, Settlement.EVENT, error_code, message)

    # -- internals ------------------------------------------------------------------------

    def _unknown(self, action: Action, message: str, code: str) -> ApprovalCard:
        if self.is_final:
            return self
        return replace(
            self,
            state=CardState.OUTCOME_UNKNOWN,
            last_action=action,
            message=message,
            error_code=code,
            acknowledged=False,
            checked=False,
        )

    def _settle(
        self,
        consumption: Consumption,
        final: CardState,
        settled_by: Settlement,
        error_code: str | None,
        message: str,
    ) -> ApprovalCard:
        if final not in (CardState.FAILED, CardState.EXPIRED):
            message, error_code = "", None
        return replace(
            self,
            consumption=consumption,
            state=final,
            settled_by=settled_by,
            message=message,
            error_code=error_code,
        )


def _failure_text(consumption: Consumption) -> str:
    """The server's reason for a failed consumption, from its transaction if present."""
    transaction = consumption.raw.get("transaction")
    if isinstance(transaction, dict):
        description = transaction.get("error_description")
        code = transaction.get("error_code")
        if isinstance(description, str) and description:
            return description
        if isinstance(code, str) and code:
            return code
    return ""
