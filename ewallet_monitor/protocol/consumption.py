"""A read-only view over a transaction consumption object (docs/protocol-notes.md §6.1).

Servers differ (older ones omit fields, foreign ones add some), so every accessor is
lenient: a missing or mistyped field gives ``None`` rather than an exception, and the
original dict stays available as ``raw`` so nothing is lost.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeGuard

from ewallet_monitor.protocol.amounts import format_amount
from ewallet_monitor.protocol.timestamps import parse_timestamp

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
CONFIRMED = "confirmed"
CANCELLED = "cancelled"
FAILED = "failed"
EXPIRED = "expired"
FINAL_STATUSES = frozenset({REJECTED, CONFIRMED, CANCELLED, FAILED, EXPIRED})
ALL_STATUSES = frozenset({PENDING, APPROVED, *FINAL_STATUSES})


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def is_consumption(data: object) -> TypeGuard[dict[str, Any]]:
    """Whether ``data`` is a consumption object with an id (what ``Consumption.from_data``
    accepts)."""
    if not isinstance(data, dict) or not _str(data.get("id")):
        return False
    return data.get("object") in (None, "transaction_consumption")


def consumption_id_and_status(data: object) -> tuple[str, str] | None:
    """``(id, status)`` when ``data`` is a consumption object with a status, else ``None``;
    as ``Consumption.from_data(data)``'s ``id`` and ``status``, without building the view
    (every received frame is checked)."""
    if not is_consumption(data):
        return None
    status = _str(data.get("status"))
    return None if status is None else (data["id"], status)


# A burst repeats a few prices and tokens: formatting an amount again costs several times a
# lookup. Bounded, keyed by (int subunits, positive int scale, symbol); only called with
# values Consumption has already checked, so a bool never meets an equal int here.
_formatted_amount_cache = functools.lru_cache(maxsize=1024)(format_amount)


@dataclass(frozen=True, slots=True)
class Consumption:
    """Typed access to the fields the monitor shows and decides on."""

    raw: dict[str, Any]

    @classmethod
    def from_data(cls, data: object) -> Consumption | None:
        """``None`` unless ``data`` is a consumption object with an id."""
        if not is_consumption(data):
            return None
        return cls(data)

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def status(self) -> str | None:
        return _str(self.raw.get("status"))

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def amount(self) -> int | None:
        """The consumed amount in subunits; when ``amount`` is null the estimate is real."""
        amount = _int(self.raw.get("amount"))
        if amount is None:
            amount = _int(self.raw.get("estimated_consumption_amount"))
        if amount is None:
            amount = _int(self.raw.get("estimated_request_amount"))
        return amount

    @property
    def token(self) -> dict[str, Any]:
        return _dict(self.raw.get("token"))

    @property
    def token_symbol(self) -> str | None:
        return _str(self.token.get("symbol")) or _str(self.raw.get("token_id"))

    @property
    def subunit_to_unit(self) -> int | None:
        value = _int(self.token.get("subunit_to_unit"))
        return value if value and value > 0 else None

    def formatted_amount(self) -> str:
        """``12.50 USD``; the raw subunits with a note when the token scale is unknown."""
        amount = self.amount
        if amount is None:
            return "(no amount)"
        scale = self.subunit_to_unit
        symbol = self.token_symbol
        if scale is None:
            return f"{amount} subunits {symbol or ''}".rstrip()
        return _formatted_amount_cache(amount, scale, symbol)

    @property
    def user(self) -> dict[str, Any]:
        return _dict(self.raw.get("user"))

    @property
    def account(self) -> dict[str, Any]:
        return _dict(self.raw.get("account"))

    @property
    def consumer_name(self) -> str:
        """Who consumed: a person's name, username, email, provider id, account, or wallet."""
        user = self.user
        for key in ("full_name", "username", "email", "provider_user_id", "id"):
            value = _str(user.get(key))
            if value:
                return value
        account = self.account
        return (
            _str(account.get("name"))
            or _str(self.raw.get("user_id"))
            or _str(self.raw.get("account_id"))
            or _str(self.raw.get("address"))
            or "(unknown consumer)"
        )

    @property
    def address(self) -> str | None:
        return _str(self.raw.get("address"))

    @property
    def transaction_request(self) -> dict[str, Any]:
        return _dict(self.raw.get("transaction_request"))

    @property
    def transaction_request_id(self) -> str | None:
        return _str(self.raw.get("transaction_request_id")) or _str(
            self.transaction_request.get("id")
        )

    @property
    def created_at(self) -> datetime | None:
        return parse_timestamp(self.raw.get("created_at"))

    @property
    def expiration_date(self) -> datetime | None:
        return parse_timestamp(self.raw.get("expiration_date"))

    def related_topics(self) -> list[str]:
        """Topics this consumption is broadcast on, as far as its fields tell."""
        topics: list[str] = []

        def add(topic: object) -> None:
            if isinstance(topic, str) and topic and topic not in topics:
                topics.append(topic)

        add(self.raw.get("socket_topic") or f"transaction_consumption:{self.id}")
        request = self.transaction_request
        add(request.get("socket_topic"))
        if self.transaction_request_id:
            add(f"transaction_request:{self.transaction_request_id}")
        for holder in (self.user, _dict(request.get("user"))):
            add(holder.get("socket_topic"))
        for holder in (self.account, _dict(request.get("account"))):
            add(holder.get("socket_topic"))
        if self.address:
            add(f"address:{self.address}")
        return topics

    def summary(self) -> str:
        """One line for a log: ``12.50 USD · Alice Example · pending``."""
        parts = [self.formatted_amount(), self.consumer_name]
        if self.status:
            parts.append(self.status)
        return " · ".join(parts)
