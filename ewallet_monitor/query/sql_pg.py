"""The reading rules of :mod:`ewallet_monitor.query.facts` for the PostgreSQL store's
``frames`` table (aliased ``f``): the :data:`POSTGRESQL` dialect of :mod:`.sql`.

The frame's text is ``f.raw``; ``f.json_ok`` says it is JSON that ``jsonb`` can hold, so
every JSON read is guarded by it and reads ``f.raw::jsonb``. Integers are ``numeric``
(exact at any size). No fragment holds a ``?`` or user input: the store turns the
compiler's ``?`` placeholders into psycopg's.
"""

from __future__ import annotations

from ewallet_monitor.query.facts import (
    CUSTOMER_PATHS,
    KIND_FRAME,
    KIND_RECOVERED,
    REQUEST_PATHS,
    TOKEN_PATHS,
)
from ewallet_monitor.query.sql import Dialect, TextField

_DOC = "(f.raw::jsonb)"
_BASE = f"(CASE f.kind WHEN '{KIND_RECOVERED}' THEN {_DOC} ELSE {_DOC} -> 'data' END)"
_JSON_ROW = f"(f.kind IN ('{KIND_FRAME}', '{KIND_RECOVERED}') AND f.json_ok)"
_ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _keys(path: tuple[str, ...]) -> str:
    for key in path:  # fixed names from facts.py; never user text
        if not key.replace("_", "").isalnum():
            raise ValueError(f"unexpected JSON key {key!r}")
    return "'{" + ",".join(path) + "}'"


def _cons(path: tuple[str, ...]) -> str:
    return f"({_BASE} #> {_keys(path)})"


def _text(at: str) -> str:
    return f"(CASE WHEN jsonb_typeof({at}) = 'string' THEN NULLIF({at} #>> '{{}}', '') END)"


def _integer(at: str) -> str:
    # A JSON integer: a number written without a fraction or an exponent.
    return (
        f"(CASE WHEN jsonb_typeof({at}) = 'number' AND ({at})::text !~ '[.eE]' "
        f"THEN ({at} #>> '{{}}')::numeric END)"
    )


IS_CONSUMPTION = (
    f"(CASE WHEN {_JSON_ROW} THEN "
    f"jsonb_typeof({_cons(('id',))}) = 'string' "
    f"AND {_cons(('id',))} #>> '{{}}' <> '' "
    f"AND coalesce({_cons(('object',))} #>> '{{}}', 'transaction_consumption') "
    "= 'transaction_consumption' ELSE FALSE END)"
)
IS_FRAME = f"(f.kind = '{KIND_FRAME}' AND f.json_ok)"


def _consumption_texts(paths: tuple[tuple[str, ...], ...]) -> TextField:
    return TextField(IS_CONSUMPTION, tuple(_text(_cons(path)) for path in paths))


TEXT_FIELDS: dict[str, TextField] = {
    "event": TextField(None, ("NULLIF(f.event, '')",)),
    "topic": TextField(None, ("NULLIF(f.topic, '')",)),
    "direction": TextField(None, ("NULLIF(f.direction, '')",)),
    "status": TextField(None, ("f.status",)),
    "consumption": TextField(None, ("f.consumption_id",)),
    "error": TextField(IS_FRAME, (_text(f"({_DOC} #> '{{error,code}}')"),)),
    "token": _consumption_texts(TOKEN_PATHS),
    "customer": _consumption_texts(CUSTOMER_PATHS),
    "request": _consumption_texts(REQUEST_PATHS),
}

POSTGRESQL = Dialect(
    name="postgresql",
    text_fields=TEXT_FIELDS,
    time="f.at_ms",
    is_consumption=IS_CONSUMPTION,
    amount_subunits=(
        f"coalesce({_integer(_cons(('amount',)))}, "
        f"{_integer(_cons(('estimated_consumption_amount',)))})"
    ),
    amount_scale=_integer(_cons(("token", "subunit_to_unit"))),
    # translate(), not lower(): only ASCII letters fold, whatever the database's locale.
    contains=f"strpos(translate({{}}, '{_ASCII_UPPER}', '{_ASCII_UPPER.lower()}'), ?) > 0",
    real="double precision",
)
