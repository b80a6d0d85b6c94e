"""The consumption lifecycle: consume, approve (transfer at once), reject, cancel, expire.

Pure state changes on the :class:`~ewallet_monitor.simulator.world.World`; each operation
returns an :class:`Outcome` with the events to broadcast (protocol.md §6) and, when the
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
            raise LedgerError(
                errors.MAX_CONSUMPTIONS_REACHED,
                "The specified transaction request has reached the allowed amount of consumptions.",
            )
        if request.status != "valid":
            raise LedgerError(REQUEST_EXPIRED, "The specified transaction request has expired.")

    # -- deciding -------------------------------------------------------------------------
    def approve(self, consumption: Consumption) -> Outcome:
        """Approve and transfer at once: ``confirmed`` (or ``failed``) with ``approved_at``."""
        expired = self._refuse_unless_pending(consumption)
        if expired is not None:
            return expired
        self._check_consumable(consumption.request)
        return self._approve_and_transfer(consumption, self.clock())

    def reject(self, consumption: Consumption) -> Outcome:
        expired = self._refuse_unless_pending(consumption)
        if expired is not None:
            return expired
        consumption.status = "rejected"
        consumption.rejected_at = self.clock()
        return self._finalized(consumption, None)

    def cancel(self, consumption: Consumption) -> Outcome:
        expired = self._refuse_unless_pending(consumption)
        if expired is not None:
            return expired
        consumption.status = "cancelled"
        consumption.cancelled_at = self.clock()
        return self._finalized(consumption, None)

    def expire(self, consumption: Consumption) -> Outcome | None:
        """Expire a pending consumption (the expiry timer or job); ``None`` if not pending."""
        if consumption.status != "pending":
            return None
        consumption.status = "expired"
        consumption.expired_at = self.clock()
        return self._finalized(consumption, expired_error())

    def due_for_expiry(self, now: datetime) -> list[Consumption]:
        """Pending consumptions whose ``expiration_date`` has passed."""
        return [
            c
            for c in self.world.consumptions.values()
            if c.status == "pending" and c.expiration_date is not None and c.expiration_date <= now
        ]

    def _refuse_unless_pending(self, consumption: Consumption) -> Outcome | None:
        """Raise for a consumption already final; expire one past its date (the call then
        answers ``transaction_consumption:expired`` after the expiry event is sent)."""
        if consumption.status == "expired":
            raise LedgerError(expired_error().code, expired_error().description)
        if consumption.status != "pending":
            raise LedgerError(
                errors.CONSUMPTION_NOT_PENDING,
                f"The transaction consumption is {consumption.status}; "
                "only a pending consumption can be changed.",
            )
        date = consumption.expiration_date
        if date is not None and date <= self.clock():
            outcome = self.expire(consumption)
            assert outcome is not None
            return outcome
        return None

    def _approve_and_transfer(self, consumption: Consumption, now: datetime) -> Outcome:
        consumption.status = "approved"
        consumption.approved_at = now
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
        consumption.transaction = transaction
        if available < amount:
            description = (
                f"The specified wallet ({source.address}) does not contain enough funds. "
                f"Available: {available} {token.id} - Attempted debit: {amount} {token.id}"
            )
            transaction.status = "failed"
            transaction.error_code = "insufficient_funds"
            transaction.error_description = description
            consumption.status = "failed"
            consumption.failed_at = now
            failure = EWalletError(errors.INSUFFICIENT_FUNDS, description)
            outcome = self._finalized(consumption, failure)
            outcome.error = failure
            return outcome
        source.balances[token.id] = available - amount
        destination.balances[token.id] = destination.balances.get(token.id, 0) + amount
        consumption.status = "confirmed"
        consumption.confirmed_at = now
        request.confirmed_count += 1
        request.updated_at = now
        if request.max_consumptions is not None and (
            request.confirmed_count >= request.max_consumptions
        ):
            request.status = "expired"
            request.expiration_reason = "max_consumptions_reached"
            request.expired_at = now
        return self._finalized(consumption, None)

    def _finalized(self, consumption: Consumption, error: EWalletError | None) -> Outcome:
        event = Broadcast(
            CONSUMPTION_FINALIZED,
            finalized_topics(consumption),
            consumption_json(consumption),
            error,
        )
        outcome = Outcome(consumption, [event])
        if error is not None and error.code == errors.CONSUMPTION_EXPIRED:
            outcome.error = error
        return outcome
