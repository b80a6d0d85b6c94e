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
  waits for the server, which alone decides that a consumption expired.

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
    """Where a card is. ``ACTION_FAILED`` is actionable again and carries a message."""

    PENDING = "pending"
    APPROVING = "approving"
    REJECTING = "rejecting"
    ACTION_FAILED = "action_failed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES

    @property
    def is_actionable(self) -> bool:
        """The cashier may press Approve or Reject."""
        return self in (CardState.PENDING, CardState.ACTION_FAILED)

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
    }
)

_LABELS = {
    CardState.PENDING: "waiting for you",
    CardState.APPROVING: "approving…",
    CardState.REJECTING: "rejecting…",
    CardState.ACTION_FAILED: "not done — try again",
    CardState.CONFIRMED: "confirmed",
    CardState.REJECTED: "rejected",
    CardState.FAILED: "failed",
    CardState.EXPIRED: "expired",
    CardState.CANCELLED: "cancelled by the customer",
}

# Consumption statuses (protocol.md §6.1) that settle a card.
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


# HTTP error codes that say the consumption itself reached a final state on the server.
_HTTP_ERROR_FINAL = {
    errors.CONSUMPTION_EXPIRED: CardState.EXPIRED,
}


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

    def start(self, action: Action) -> ApprovalCard:
        """The cashier pressed Approve or Reject; raises :class:`ActionNotAllowed` if the
        card is in flight or final (at most one action in flight per card)."""
        if not self.is_actionable:
            raise ActionNotAllowed(f"cannot {action.value} a card that is {self.state.value}")
        state = CardState.APPROVING if action is Action.APPROVE else CardState.REJECTING
        return replace(self, state=state, last_action=action, message="", error_code=None)

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
            # "approved" is transient (protocol.md §6): the finalized event will follow.
            return replace(self, consumption=consumption)
        return self._settle(consumption, final, Settlement.HTTP, None, _failure_text(consumption))

    def on_http_error(self, action: Action, code: str, description: str) -> ApprovalCard:
        """The HTTP answer of ``action`` was an eWallet error.

        Codes that mean the consumption is final (expired) settle the card; anything else
        makes it actionable again with the server's description. A final card stays final.
        """
        if self.is_final:
            return self
        final = _HTTP_ERROR_FINAL.get(code)
        if final is None and code.startswith("transaction:"):
            # A failed transfer: the consumption is stored as failed (protocol.md §7).
            final = CardState.FAILED
        if final is not None:
            return replace(
                self,
                state=final,
                settled_by=Settlement.HTTP,
                message=description or code,
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
        """No HTTP answer in time. The action may or may not have happened: the card is
        actionable again, and says so; it is never retried without the cashier."""
        if self.is_final:
            return self
        return replace(
            self,
            state=CardState.ACTION_FAILED,
            message=(
                f"No answer from the server to '{action.value}'. It may still go through: "
                "wait for the confirmation, or try again."
            ),
            error_code="timeout",
        )

    def on_transport_error(self, action: Action, text: str) -> ApprovalCard:
        """The HTTP call could not be made (connection refused, TLS…)."""
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
