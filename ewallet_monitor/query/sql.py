"""The reading rules of :mod:`ewallet_monitor.query.facts`, written for the store's
``frames`` table (aliased ``f``), in SQLite (:data:`SQLITE`, this module) and PostgreSQL
(:data:`~ewallet_monitor.query.sql_pg.POSTGRESQL`): a :class:`Dialect` each.

Each function returns an SQL expression that is NULL when the row has no such value. The
expressions hold no user input (only fixed JSON paths); values always travel as
parameters. A frame's consumption is ``$.data`` of the frame, or the whole text of a
recovered consumption; ``json_valid`` guards every JSON read (an invalid frame's text
is not JSON, and SQLite raises on it).
"""

from __future__ import annotations

from typing import NamedTuple

from ewallet_monitor.query.facts import (
    CUSTOMER_PATHS,
    KIND_FRAME,
    KIND_RECOVERED,
    REQUEST_PATHS,
    TOKEN_PATHS,
)

_BASE = f"(CASE f.kind WHEN '{KIND_RECOVERED}' THEN '$' ELSE '$.data' END)"
# The frame's text, stored compressed or not (store/codec.py registers the function).
_RAW = "frame_text(f.raw)"
_JSON_ROW = f"f.kind IN ('{KIND_FRAME}', '{KIND_RECOVERED}') AND json_valid({_RAW})"


def _path(path: tuple[str, ...]) -> str:
    for key in path:  # fixed names from facts.py; never user text
        if not key.replace("_", "").isalnum():
            raise ValueError(f"unexpected JSON key {key!r}")
    return "'." + ".".join(path) + "'"


def _cons(path: tuple[str, ...]) -> str:
    return f"{_BASE} || {_path(path)}"


# The row carries a consumption object (facts.as_consumption): a non-empty string ``id``
# (so ``data`` is an object) and an ``object`` that is missing, null or the right word.
IS_CONSUMPTION = (
    f"(CASE WHEN {_JSON_ROW} THEN "
    f"json_type({_RAW}, {_cons(('id',))}) = 'text' "
    f"AND json_extract({_RAW}, {_cons(('id',))}) != '' "
    f"AND coalesce(json_extract({_RAW}, {_cons(('object',))}), 'transaction_consumption') "
    "= 'transaction_consumption' ELSE 0 END)"
)
# The row is a frame whose JSON may be read.
IS_FRAME = f"(f.kind = '{KIND_FRAME}' AND json_valid({_RAW}))"


class TextField(NamedTuple):
    """A text field in SQL: its values (NULL when absent), read only where ``guard``
    holds (``None``: always)."""

    guard: str | None
    values: tuple[str, ...]


def _text_at(where: str) -> str:
    return (
        f"(CASE WHEN json_type({_RAW}, {where}) = 'text' "
        f"THEN NULLIF(json_extract({_RAW}, {where}), '') END)"
    )


def _consumption_texts(paths: tuple[tuple[str, ...], ...]) -> TextField:
    return TextField(IS_CONSUMPTION, tuple(_text_at(_cons(path)) for path in paths))


def _integer_at(path: tuple[str, ...]) -> str:
    where = _cons(path)
    return (
        f"(CASE WHEN json_type({_RAW}, {where}) = 'integer' THEN json_extract({_RAW}, {where}) END)"
    )


# The effective amount's subunits and scale, read where IS_CONSUMPTION holds (REALs beyond
# 64 bits: approximate, a prefilter only).
AMOUNT_SUBUNITS = (
    f"coalesce({_integer_at(('amount',))}, {_integer_at(('estimated_consumption_amount',))})"
)
AMOUNT_SCALE = _integer_at(("token", "subunit_to_unit"))

TEXT_FIELDS: dict[str, TextField] = {
    "event": TextField(None, ("NULLIF(f.event, '')",)),
    "topic": TextField(None, ("NULLIF(f.topic, '')",)),
    "direction": TextField(None, ("NULLIF(f.direction, '')",)),
    # The writer fills these columns by the rules of facts.py (indexed: consumption).
    "status": TextField(None, ("f.status",)),
    "consumption": TextField(None, ("f.consumption_id",)),
    "error": TextField(IS_FRAME, (_text_at("'$.error.code'"),)),
    "token": _consumption_texts(TOKEN_PATHS),
    "customer": _consumption_texts(CUSTOMER_PATHS),
    "request": _consumption_texts(REQUEST_PATHS),
}
TIME = "f.at_ms"


class Dialect(NamedTuple):
    """One database's spelling of the reading rules (the same rules, the same verdicts).

    ``contains`` is a template: ``{}`` the text, ``?`` the needle (ASCII-lowered: the match
    ignores the case of ASCII letters only). ``real`` names the double-precision type.
    """

    name: str
    text_fields: dict[str, TextField]
    time: str
    is_consumption: str
    amount_subunits: str
    amount_scale: str
    contains: str
    real: str


SQLITE = Dialect(
    name="sqlite",
    text_fields=TEXT_FIELDS,
    time=TIME,
    is_consumption=IS_CONSUMPTION,
    amount_subunits=AMOUNT_SUBUNITS,
    amount_scale=AMOUNT_SCALE,
    # SQLite's lower() folds ASCII letters only, as the in-memory rule does.
    contains="instr(lower({}), ?) > 0",
    real="REAL",
)
