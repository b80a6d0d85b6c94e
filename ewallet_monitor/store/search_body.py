"""The text a search matches in a stored frame — its *search body* — for both backends.

What people look a payment up by, and nothing else: the topic and the event, then the
values of the fields listed below wherever they sit in the frame's JSON — ids (``id``,
``*_id``, wallet addresses, the idempotency token), names (user names, full and calling
names, account and token names, token symbols), e-mail addresses, amounts (``amount``,
``*_amount``, in subunits), statuses, error codes and an error's description. Other
values (metadata, descriptions of accounts, timestamps, flags, counts) are not searched:
indexing every value of every nested object made the index bigger than the frames.
An invalid frame is searched in its whole text, after its reason; a text that is not
strict JSON likewise. Values are separated by newlines, which a search text never holds.

SQLite computes the body in SQL through :func:`register`'s ``search_body(topic, event,
reason, raw)`` (``raw`` stored compressed or not); PostgreSQL stores the same text in
``frames.body``. One builder, so both find the same frames.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ewallet_monitor.store import codec

SEARCHED_KEYS = frozenset(
    {
        "id",
        "address",
        "idempotency_token",
        "username",
        "full_name",
        "calling_name",
        "name",
        "symbol",
        "email",
        "amount",
        "status",
        "code",
    }
)
SEARCHED_SUFFIXES = ("_id", "_ids", "_address", "_amount")
# Searched only inside an ``error`` object (an account's description is not).
ERROR_KEYS = frozenset({"description"})
_NL = "\n"


def _reject_constant(name: str) -> Any:
    # NaN / Infinity are not JSON (PostgreSQL's jsonb refuses them too).
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: str) -> tuple[bool, Any]:
    """(is JSON, value); strict JSON only."""
    try:
        return True, json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return False, None


def is_searched(key: str, parent: str | None) -> bool:
    """Whether the value under ``key`` (inside an object under ``parent``) is searched."""
    return (
        key in SEARCHED_KEYS
        or key.endswith(SEARCHED_SUFFIXES)
        or (parent == "error" and key in ERROR_KEYS)
    )


def _collect(value: Any, key: str | None, parent: str | None, out: dict[str, None]) -> None:
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            _collect(inner, inner_key, key, out)
    elif isinstance(value, list):
        # A list's items count as the list's own field (e.g. a list of ids).
        for inner in value:
            _collect(inner, key, parent, out)
    elif key is None or isinstance(value, bool) or value is None:
        return
    elif isinstance(value, str):
        if is_searched(key, parent):
            out[value] = None
    elif isinstance(value, (int, float)) and is_searched(key, parent):
        out[str(value) if isinstance(value, int) else repr(value)] = None


def search_body(
    topic: str,
    event: str,
    reason: str | None,
    text: str,
    parsed: tuple[bool, Any] | None = None,
) -> str:
    """The search body of a frame row. ``reason`` is set for an invalid frame only;
    ``parsed`` is ``parse_json(text)`` when the caller has it already."""
    head = f"{topic}{_NL}{event}{_NL}"
    if reason is not None:
        return f"{head}{reason}{_NL}{text}"
    ok, value = parse_json(text) if parsed is None else parsed
    if not ok:
        return head + text
    values: dict[str, None] = {}
    try:
        _collect(value, None, None, values)
    except RecursionError:
        return head + text
    return head + _NL.join(values)


def _sql_search_body(
    topic: str | None, event: str | None, reason: str | None, raw: str | bytes | None
) -> str:
    return search_body(topic or "", event or "", reason, codec.frame_text(raw) or "")


def register(connection: sqlite3.Connection) -> None:
    """Make ``search_body(topic, event, reason, raw)`` available to the SQL of ``connection``."""
    connection.create_function("search_body", 4, _sql_search_body, deterministic=True)


__all__ = ["is_searched", "parse_json", "register", "search_body"]
