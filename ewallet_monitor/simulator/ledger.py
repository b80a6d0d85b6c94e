"""The consumption lifecycle: consume, approve (transfer at once), reject, cancel, expire.

Pure state changes on the :class:`~ewallet_monitor.simulator.world.World`; each operation
returns an :class:`Outcome` with the events to broadcast (docs/protocol-notes.md §6) and, when the
caller must answer with an error, that error. Broadcasting and timers belong to the server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ewallet_monitor.protocol import errors
from ewallet_monitor.protocol.errors import EWalletError
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, CONSUMPTION_REQUEST
from ewallet_monitor.protocol.timestamps import utc_now
from ewallet_monitor.simulator.objects import JSON, consumption_json
from ewallet_monitor.simulator.world import (
    Consumption,
    Transaction,
    TransactionRequest,
    Wallet,
    World,
)

REQUEST_EXPIRED = "transaction_request:expired"
UNAUTHORIZED_AMOUNT_OVERRIDE = "transaction_request:unauthorized_amount_override"
MAX_CONSUMPTIONS_REASON = "max_consumptions_reached"
MAX_CONSUMPTIONS_DESCRIPTION = (
    "The specified transaction request has reached the allowed amount of consumptions."
)


class LedgerError(Exception):
    """An operation refused before anything changed; ``error`` is what the API answers."""

    def __init__(self, code: str, description: str, messages: dict[str, Any] | None = None):
        super().__init__(f"{code}: {description}")
        self.error = EWalletError(code, description, messages)


@dataclass(frozen=True, slots=True)
class Broadcast:
    """One server event for a set of topics (each topic once)."""

    event: str
    topics: tuple[str, ...]
    data: JSON
    error: EWalletError | None


@dataclass(slots=True)
class Outcome:
    """What an operation did: the consumption after it, events to send, and the error to
    answer with (for example a failed transfer still broadcasts its finalized event)."""

    consumption: Consumption
    broadcasts: list[Broadcast] = field(default_factory=list)
    error: EWalletError | None = None


def _unique(topics: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(topics))


def request_topics(request: TransactionRequest) -> list[str]:
    """Where a request's events go: the request, its wallet, its owner user or account."""
    topics = [request.socket_topic, request.wallet.socket_topic]
    if request.user is not None:
        topics += [request.user.socket_topic, f"user:{request.user.provider_user_id}"]
    if request.account is not None:
        topics.append(request.account.socket_topic)
    return topics


def finalized_topics(consumption: Consumption) -> tuple[str, ...]:
    """The request's topics plus the consumption's and its consumer's, each once."""
    topics = request_topics(consumption.request)
    topics += [consumption.socket_topic, consumption.wallet.socket_topic]
    if consumption.user is not None:
        topics += [consumption.user.socket_topic, f"user:{consumption.user.provider_user_id}"]
    if consumption.account is not None:
        topics.append(consumption.account.socket_topic)
    return _unique(topics)


def expired_error() -> EWalletError:
    return EWalletError(
        errors.CONSUMPTION_EXPIRED, "The specified transaction consumption has expired."
    )


def cancelled_error() -> EWalletError:
    return EWalletError(
        errors.CONSUMPTION_CANCELLED, "The specified transaction consumption has been cancelled."
    )


class Ledger:
    """Runs consumptions over a world. ``clock`` gives aware UTC now (tests may fix it)."""

    def __init__(self, world: World, clock: Callable[[], datetime] = utc_now) -> None:
        self.world = world
        self.clock = clock

    # -- creating -------------------------------------------------------------------------
    def consume(
        self,
        request: TransactionRequest,
        wallet: Wallet,
        *,
        idempotency_token: str,
        amount: int | None = None,
        metadata: dict[str, Any] | None = None,
        encrypted_metadata: dict[str, Any] | None = None,
        correlation_id: str | None = None,
    ) -> Outcome:
        """Consume ``request`` from ``wallet``. A known ``idempotency_token`` returns the
        consumption it made, unchanged and without events. Raises :class:`LedgerError`."""
        existing = self.world.find_idempotent(wallet, idempotency_token)
        if existing is not None:
            return Outcome(existing)
        self._check_consumable(request)
        if amount is not None:
            if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
                raise LedgerError(
                    errors.INVALID_PARAMETER,
                    "Invalid parameter provided. `amount` must be a positive integer.",
                )
            if not request.allow_amount_override and amount != request.amount:
                raise LedgerError(
                    UNAUTHORIZED_AMOUNT_OVERRIDE,
                    "The amount for this transaction request cannot be overridden.",
                )
        estimated = amount if amount is not None else request.amount
        if estimated is None:
            raise LedgerError(
                errors.INVALID_PARAMETER,
                "Invalid parameter provided. `amount` is required for transaction "
                "request with no amount.",
            )
        now = self.clock()
        lifetime = request.consumption_lifetime
        consumption = Consumption(
            id=self.world.new_id("txc", now),
            request=request,
            wallet=wallet,
            amount=amount,
            estimated_amount=estimated,
            idempotency_token=idempotency_token,
            created_at=now,
            expiration_date=now + timedelta(milliseconds=lifetime) if lifetime else None,
            metadata=dict(metadata or {}),
            encrypted_metadata=dict(encrypted_metadata or {}),
            correlation_id=correlation_id,
        )
        self.world.add_consumption(consumption)
        if request.require_confirmation:
            event = Broadcast(
                CONSUMPTION_REQUEST,
                _unique(request_topics(request)),
                consumption_json(consumption),
                None,
            )
            return Outcome(consumption, [event])
        return self._approve_and_transfer(consumption, now)

    def _check_consumable(self, request: TransactionRequest) -> None:
        if request.max_consumptions is not None and (
            request.confirmed_count >= request.max_consumptions
        ):
            raise LedgerError(errors.MAX_CONSUMPTIONS_REACHED, MAX_CONSUMPTIONS_DESCRIPTION)
        if request.status != "valid":
            raise LedgerError(REQUEST_EXPIRED, "The specified transaction request has expired.")

    # -- deciding -------------------------------------------------------------------------
    # As the server's TransactionConsumptionConfirmerGate.do_confirm and
    # TransactionConsumptionValidator.validate_before_confirmation: approve and reject do
    # NOT check that the consumption is still pending (docs/simulator.md).
    def approve(self, consumption: Consumption) -> Outcome:
        """Approve and transfer at once: ``confirmed`` (or ``failed``) with ``approved_at``.

        Whatever the status: a rejected consumption is paid; a confirmed one confirms again
        with the same transaction (the transfer's idempotency token is the consumption's);
        a failed one fails again with its transaction's error."""
        refused = self._validate_before_confirmation(consumption)
        if refused is not None:
            return refused
        return self._approve_and_transfer(consumption, self.clock())

    def reject(self, consumption: Consumption) -> Outcome:
        """Record ``rejected`` whatever the status, a confirmed consumption included (its
        money has moved and stays moved)."""
        refused = self._validate_before_confirmation(consumption)
        if refused is not None:
            return refused
        self._set_status(consumption, "rejected")
        consumption.rejected_at = self.clock()
        return self._finalized(consumption)

    def cancel(self, consumption: Consumption) -> Outcome:
        """Cancel a pending consumption (even one past its expiration date: the server's
        ``cancel_for_user`` checks ``cancellable?``, the status only)."""
        if consumption.status != "pending":
            raise LedgerError(
                errors.CONSUMPTION_UNCANCELLABLE,
                "The specified transaction consumption can't be cancelled.",
            )
        self._set_status(consumption, "cancelled")
        consumption.cancelled_at = self.clock()
        return self._finalized(consumption)

    def expire(self, consumption: Consumption) -> Outcome | None:
        """Expire a pending consumption (the expiry timer or job); ``None`` if not pending."""
        if consumption.status != "pending":
            return None
        self._set_status(consumption, "expired")
        consumption.expired_at = self.clock()
        return self._finalized(consumption)

    def due_for_expiry(self, now: datetime) -> list[Consumption]:
        """Pending consumptions whose ``expiration_date`` has passed."""
        return [
            c
            for c in self.world.consumptions.values()
            if c.status == "pending" and c.expiration_date is not None and c.expiration_date <= now
        ]

    def _validate_before_confirmation(self, consumption: Consumption) -> Outcome | None:
        """The server's checks, in its order. A cancelled or expired consumption makes the
        call answer with that error after its finalized event is broadcast again (the
        returned outcome); a used-up request raises. ``None``: go ahead."""
        if consumption.status == "cancelled":
            return self._finalized(consumption, error=cancelled_error())
        request = consumption.request
        if request.status != "valid" and request.expiration_reason == MAX_CONSUMPTIONS_REASON:
            raise LedgerError(errors.MAX_CONSUMPTIONS_REACHED, MAX_CONSUMPTIONS_DESCRIPTION)
        # TransactionConsumption.expire_if_past_expiration_date looks at the date only: a
        # consumption past it is recorded expired whatever its status, confirmed included.
        date = consumption.expiration_date
        if date is not None and date < self.clock() and consumption.status != "expired":
            self._set_status(consumption, "expired")
            consumption.expired_at = self.clock()
        if consumption.status == "expired":
            return self._finalized(consumption, error=expired_error())
        return None

    def _set_status(self, consumption: Consumption, status: str) -> None:
        """Change the status, keeping the request's count of confirmed consumptions (the
        server's ``all_active_for_request``) right."""
        request = consumption.request
        if consumption.status == "confirmed":
            request.live_confirmed -= 1
        if status == "confirmed":
            request.live_confirmed += 1
        consumption.status = status

    def _approve_and_transfer(self, consumption: Consumption, now: datetime) -> Outcome:
        self._set_status(consumption, "approved")
        consumption.approved_at = now
        request = consumption.request
        # TransactionGate.create gets or inserts the transfer by its idempotency token (the
        # consumption's): a second approve finds the first transfer and ends as it did.
        transaction = consumption.transaction
        if transaction is None:
            transaction = self._transfer(consumption, now)
            consumption.transaction = transaction
        if transaction.status == "failed":
            self._set_status(consumption, "failed")
            consumption.failed_at = now
            failure = EWalletError(
                transaction.error_code or errors.INSUFFICIENT_FUNDS,
                transaction.error_description or "",
            )
            return self._finalized(consumption, error=failure)
        self._set_status(consumption, "confirmed")
        consumption.confirmed_at = now
        # TransactionRequest.expire_if_max_consumption recounts the confirmed consumptions
        # after each approval (only then: a reject of a confirmed one leaves the count).
        request.confirmed_count = request.live_confirmed
        request.updated_at = now
        if request.max_consumptions is not None and (
            request.confirmed_count >= request.max_consumptions
        ):
            request.status = "expired"
            request.expiration_reason = MAX_CONSUMPTIONS_REASON
            request.expired_at = now
        return self._finalized(consumption)

    def _transfer(self, consumption: Consumption, now: datetime) -> Transaction:
        """Move the money, or record a failed transfer with the server's error."""
        request = consumption.request
        amount = consumption.estimated_amount
        token = request.token
        if request.type == "send":
            source, destination = request.wallet, consumption.wallet
        else:
            source, destination = consumption.wallet, request.wallet
        available = source.balances.get(token.id, 0)
        transaction = Transaction(
            id=self.world.new_id("txn", now),
            idempotency_token=consumption.idempotency_token,
            from_wallet=source,
            to_wallet=destination,
            amount=amount,
            token=token,
            status="confirmed",
            error_code=None,
            error_description=None,
            created_at=now,
        )
        if available < amount:
            transaction.status = "failed"
            transaction.error_code = errors.INSUFFICIENT_FUNDS
            transaction.error_description = (
                f"The specified wallet ({source.address}) does not contain enough funds. "
                f"Available: {available} {token.id} - Attempted debit: {amount} {token.id}"
            )
            return transaction
        source.balances[token.id] = available - amount
        destination.balances[token.id] = destination.balances.get(token.id, 0) + amount
        return transaction

    def _finalized(self, consumption: Consumption, *, error: EWalletError | None = None) -> Outcome:
        """The finalized event (its error follows from the status, as the server's
        TransactionConsumptionEventHandler builds it); ``error`` is the call's answer."""
        event = Broadcast(
            CONSUMPTION_FINALIZED,
            finalized_topics(consumption),
            consumption_json(consumption),
            event_error(consumption),
        )
        return Outcome(consumption, [event], error)


def event_error(consumption: Consumption) -> EWalletError | None:
    """``None`` for confirmed, rejected and cancelled; the reason for expired and failed."""
    if consumption.status == "expired":
        return expired_error()
    if consumption.status == "failed":
        transaction = consumption.transaction
        if transaction is not None and transaction.error_code is not None:
            return EWalletError(transaction.error_code, transaction.error_description or "")
        return EWalletError(errors.UNKNOWN_ERROR, "An unknown error occured on the server.")
    return None
