"""The reading rules of :mod:`ewallet_monitor.query.facts`, written for the store's
``frames`` table (aliased ``f``).

Each function returns an SQL expression that is NULL when the row has no such value. The
expressions hold no user input (only fixed JSON paths); values always travel as
parameters. A frame's consumption is ``$.data`` of the frame, or the whole text of a
recovered consumption; ``json_valid`` guards every JSON read (an invalid frame's text
is not JSON, and SQLite raises on it).
"""

from __future__ import annotations

from ewallet_monitor.query.facts import (
    CUSTOMER_PATHS,
    KIND_FRAME,
    KIND_RECOVERED,
    REQUEST_PATHS,
    TOKEN_PATHS,
)

_BASE = f"(CASE f.kind WHEN '{KIND_RECOVERED}' THEN '$' ELSE '$.data' END)"
_JSON_ROW = f"f.kind IN ('{KIND_FRAME}', '{KIND_RECOVERED}') AND json_valid(f.raw)"


def _path(path: tuple[str, ...]) -> str:
    for key in path:  # fixed names from facts.py; never user text
        if not key.replace("_", "").isalnum():
            raise ValueError(f"unexpected JSON key {key!r}")
    return "'." + ".".join(path) + "'"


def _cons(path: tuple[str, ...]) -> str:
    return f"{_BASE} || {_path(path)}"


# The row carries a consumption object (facts.as_consumption).
IS_CONSUMPTION = (
    f"({_JSON_ROW} AND json_type(f.raw, {_BASE}) = 'object' "
    f"AND json_type(f.raw, {_cons(('id',))}) = 'text' "
    f"AND json_extract(f.raw, {_cons(('id',))}) != '' "
    f"AND coalesce(json_type(f.raw, {_cons(('object',))}), 'null') IN ('null', 'text') "
    f"AND coalesce(json_extract(f.raw, {_cons(('object',))}), 'transaction_consumption') "
    "= 'transaction_consumption')"
)


def _guarded(condition: str, value: str) -> str:
    # CASE, unlike AND, is guaranteed not to evaluate ``value`` when ``condition`` fails.
    return f"(CASE WHEN {condition} THEN {value} END)"


def consumption_text(path: tuple[str, ...]) -> str:
    """A non-empty string of the consumption at ``path``."""
    where = _cons(path)
    return _guarded(
        f"{IS_CONSUMPTION} AND json_type(f.raw, {where}) = 'text'",
        f"NULLIF(json_extract(f.raw, {where}), '')",
    )


def consumption_integer(path: tuple[str, ...]) -> str:
    """An integer of the consumption at ``path`` (a REAL beyond 64 bits: approximate)."""
    where = _cons(path)
    return _guarded(
        f"{IS_CONSUMPTION} AND json_type(f.raw, {where}) = 'integer'",
        f"json_extract(f.raw, {where})",
    )


ERROR_CODE = _guarded(
    f"f.kind = '{KIND_FRAME}' AND json_valid(f.raw) AND json_type(f.raw, '$.error.code') = 'text'",
    "NULLIF(json_extract(f.raw, '$.error.code'), '')",
)

# The effective amount's subunits and scale (approximate beyond 2**53: a prefilter only).
AMOUNT_SUBUNITS = (
    f"coalesce({consumption_integer(('amount',))}, "
    f"{consumption_integer(('estimated_consumption_amount',))})"
)
AMOUNT_SCALE = consumption_integer(("token", "subunit_to_unit"))

# Text fields: the expressions whose values the field has (any may match).
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("NULLIF(f.event, '')",),
    "topic": ("NULLIF(f.topic, '')",),
    "direction": ("NULLIF(f.direction, '')",),
    # The writer fills these columns by the rules of facts.py (indexed: consumption).
    "status": ("f.status",),
    "consumption": ("f.consumption_id",),
    "error": (ERROR_CODE,),
    "token": tuple(consumption_text(path) for path in TOKEN_PATHS),
    "customer": tuple(consumption_text(path) for path in CUSTOMER_PATHS),
    "request": tuple(consumption_text(path) for path in REQUEST_PATHS),
}
TIME = "f.at_ms"
