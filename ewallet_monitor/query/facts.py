"""What a filter reads of one event: the row's header, and its consumption on demand.

One set of reading rules for every place a filter runs (the live log, History, export):
the same rules, written in SQL, are in :mod:`ewallet_monitor.query.sql`, and a property
test checks that both agree. The consumption is read from the frame only when a filter
asks for one of its fields, so ``event == "phx_reply"`` costs no JSON decoding.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

# Row kinds, as ``frames.kind`` stores them.
KIND_FRAME = "frame"  # ``payload`` is the whole frame
KIND_RECOVERED = "recovered"  # ``payload`` is the consumption itself
KIND_OTHER = "other"  # a row the monitor made (gap, state change, invalid input): no payload

CONSUMPTION_TOPIC_PREFIX = "transaction_consumption:"

# Where each multi-valued text field looks inside the consumption, in order.
TOKEN_PATHS: tuple[tuple[str, ...], ...] = (("token", "symbol"), ("token_id",), ("token", "id"))
CUSTOMER_PATHS: tuple[tuple[str, ...], ...] = (
    ("user", "full_name"),
    ("user", "username"),
    ("user", "email"),
    ("user", "provider_user_id"),
    ("user", "id"),
    ("user_id",),
)
REQUEST_PATHS: tuple[tuple[str, ...], ...] = (
    ("transaction_request_id",),
    ("transaction_request", "id"),
)

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, as SQLite's ``lower()`` does (so both agree)."""
    return text.translate(_ASCII_LOWER)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _at(data: dict[str, Any], path: tuple[str, ...]) -> object:
    value: object = data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def as_consumption(data: object) -> dict[str, Any] | None:
    """``data`` when it is a consumption object (a dict with a non-empty string ``id`` and
    ``object`` missing, null or ``"transaction_consumption"``), else ``None``."""
    if not isinstance(data, dict) or _text(data.get("id")) is None:
        return None
    if data.get("object") not in (None, "transaction_consumption"):
        return None
    return data


def texts(
    consumption: dict[str, Any] | None, paths: tuple[tuple[str, ...], ...]
) -> tuple[str, ...]:
    """The non-empty strings at ``paths``, duplicates removed, in path order."""
    if consumption is None:
        return ()
    found: list[str] = []
    for path in paths:
        value = _text(_at(consumption, path))
        if value is not None and value not in found:
            found.append(value)
    return tuple(found)


def effective_subunits(consumption: dict[str, Any] | None) -> tuple[int, int] | None:
    """(subunits, subunit_to_unit) of the effective amount: ``amount``, else
    ``estimated_consumption_amount``; ``None`` without an integer amount or a positive
    integer ``token.subunit_to_unit``."""
    if consumption is None:
        return None
    subunits = _integer(consumption.get("amount"))
    if subunits is None:
        subunits = _integer(consumption.get("estimated_consumption_amount"))
    scale = _integer(_at(consumption, ("token", "subunit_to_unit")))
    if subunits is None or scale is None or scale <= 0:
        return None
    return subunits, scale


def effective_amount(consumption: dict[str, Any] | None) -> Fraction | None:
    """The effective amount in token units, exactly (see :func:`effective_subunits`)."""
    parts = effective_subunits(consumption)
    return None if parts is None else Fraction(*parts)


class Facts:
    """One row as a filter sees it.

    ``load`` returns the row's payload (see the ``KIND_*`` constants) and is called at
    most once, the first time a consumption field is asked for. When the payload is gone
    (``load`` is ``None``: a live row whose frame text was let go), ``consumption_id`` and
    ``status`` given here are all that is known of the consumption.
    """

    __slots__ = (
        "_consumption",
        "_error",
        "_load",
        "_loaded",
        "_status",
        "at_ms",
        "consumption_id",
        "direction",
        "event",
        "kind",
        "topics",
    )

    def __init__(
        self,
        at_ms: int,
        direction: str,
        kind: str,
        topics: tuple[str, ...],
        event: str,
        load: Callable[[], Any] | None,
        *,
        consumption_id: str | None = None,
        status: str | None = None,
    ) -> None:
        self.at_ms = at_ms
        self.direction = direction
        self.kind = kind
        self.topics = tuple(topic for topic in topics if topic)
        self.event = event
        self._load = load
        self._loaded = load is None
        self._consumption: dict[str, Any] | None = None
        self._error: str | None = None
        self.consumption_id = consumption_id
        self._status = status
        if load is None and consumption_id is None and kind == KIND_FRAME:
            self._id_from_topic()

    def _id_from_topic(self) -> None:
        for topic in self.topics:
            if topic.startswith(CONSUMPTION_TOPIC_PREFIX):
                self.consumption_id = topic[len(CONSUMPTION_TOPIC_PREFIX) :] or None
                return

    def _read(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        load, self._load = self._load, None
        payload = load() if load is not None else None
        if self.kind == KIND_RECOVERED:
            self._consumption = as_consumption(payload)
        elif self.kind == KIND_FRAME and isinstance(payload, dict):
            self._consumption = as_consumption(payload.get("data"))
            error = payload.get("error")
            self._error = _text(error.get("code")) if isinstance(error, dict) else None
        consumption = self._consumption
        self.consumption_id = None
        self._status = None
        if consumption is not None:
            self.consumption_id = consumption["id"]
            self._status = _text(consumption.get("status"))
        if self.consumption_id is None and self.kind == KIND_FRAME:
            self._id_from_topic()

    @property
    def consumption(self) -> dict[str, Any] | None:
        self._read()
        return self._consumption

    def values(self, field: str) -> tuple[str, ...]:
        """The text values of a text field (empty when the row has none)."""
        if field == "event":
            return (self.event,) if self.event else ()
        if field == "topic":
            return self.topics
        if field == "direction":
            return (self.direction,) if self.direction else ()
        self._read()
        if field == "status":
            return (self._status,) if self._status else ()
        if field == "consumption":
            return (self.consumption_id,) if self.consumption_id else ()
        if field == "error":
            return (self._error,) if self._error else ()
        if field == "token":
            return texts(self._consumption, TOKEN_PATHS)
        if field == "customer":
            return texts(self._consumption, CUSTOMER_PATHS)
        if field == "request":
            return texts(self._consumption, REQUEST_PATHS)
        raise KeyError(field)

    @property
    def amount(self) -> Fraction | None:
        self._read()
        return effective_amount(self._consumption)
