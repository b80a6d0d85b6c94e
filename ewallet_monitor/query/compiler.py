"""From an expression to a :class:`Query`: its verdict on one row, and its SQL.

Every comparison knows how to test a :class:`~ewallet_monitor.query.facts.Facts` and how
to say the same in SQL over the ``frames`` table. Where SQL cannot be exact the
translation gives two conditions: ``maybe`` (every matching row satisfies it) and
``surely`` (only matching rows satisfy it); the rows between the two are decided in
Python. That is the case for

- ``amount``: SQLite reads integers beyond 64 bits as REALs, so the comparison in SQL is
  made on floats with a margin (1e-9 relative) and the exact one on fractions in Python —
  no new column, and old files need no migration;
- ``~``: one regular-expression dialect everywhere (RE2's, linear time: see
  ``safe_regex.py``), never SQLite's or a later PostgreSQL's; SQL only keeps rows that have
  a value for the field.

``a != b`` means ``not (a == b)``: true for a row without that field. A comparison on a
field the row lacks is false. Text comparisons are exact and case-sensitive, except
``contains``, which ignores the case of ASCII letters (as SQLite's ``lower()`` does).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, NamedTuple, Protocol

from ewallet_monitor.query import sql as q
from ewallet_monitor.query.facts import Facts, ascii_lower
from ewallet_monitor.query.sql import Dialect
from ewallet_monitor.query.syntax import And, Comparison, Node, Not, Or, QueryError, parse
from ewallet_monitor.safe_regex import UnsupportedPattern, compile_search

TEXT_FIELDS = frozenset(q.TEXT_FIELDS)
FIELDS = frozenset({*TEXT_FIELDS, "amount", "time", "age"})
# Fields read from the row's frame (the others come from its header).
_PAYLOAD_FIELDS = frozenset({"status", "consumption", "error", "token", "customer", "request"})
_ORDER_OPS = ("==", "<", "<=", ">", ">=")

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
# ``age op d`` is ``time flipped(op) now - d``.
_FLIPPED = {"==": "==", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_SQL_OP = {"==": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d)?$")
_DURATION_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
# Relative margin of the float prefilter for amounts: SQLite's double arithmetic on
# the subunits and the scale is off by a few 1e-16 at most.
_AMOUNT_MARGIN = 1e-9
_FLOAT_LIMIT = 1e300  # beyond it a double is no guide (inf / inf is NaN)

Regex = Callable[[str], bool]


def compile_regex(pattern: str) -> Regex:
    """The one regular-expression engine of the language: RE2, linear time, so no pattern
    can freeze the window or the store (safe_regex.py). :class:`UnsupportedPattern` says
    why a pattern is refused."""
    return compile_search(pattern)


class Sql(NamedTuple):
    """``maybe`` holds for every matching row, ``surely`` only for matching rows; both are
    0/1, never NULL. When ``exact`` they are the same condition."""

    maybe: str
    maybe_params: tuple[Any, ...]
    surely: str
    surely_params: tuple[Any, ...]
    exact: bool


def _exact(condition: str, params: tuple[Any, ...] = ()) -> Sql:
    return Sql(condition, params, condition, params, True)


class Predicate(Protocol):
    def test(self, facts: Facts) -> bool: ...

    def sql(self, d: Dialect) -> Sql: ...


@dataclass(frozen=True, slots=True)
class _Text:
    field: str
    op: str | None  # None: the field has a value
    value: str
    regex: Regex | None = None

    def test(self, facts: Facts) -> bool:
        values = facts.values(self.field)
        op = self.op
        if op is None:
            return bool(values)
        if op == "~":
            search = self.regex
            return search is not None and any(search(v) for v in values)
        if op == "contains":
            needle = ascii_lower(self.value)
            return any(needle in ascii_lower(v) for v in values)
        compare = _COMPARE[op]
        return any(compare(v, self.value) for v in values)

    def sql(self, d: Dialect) -> Sql:
        field = d.text_fields[self.field]
        present = " OR ".join(f"{e} IS NOT NULL" for e in field.values)
        if self.op is None:
            return _exact(_guard(field.guard, present))
        if self.op == "~":
            return Sql(_guard(field.guard, present), (), "FALSE", (), False)
        if self.op == "contains":
            template, value = d.contains, ascii_lower(self.value)
        else:
            template, value = "{} " + _SQL_OP[self.op] + " ?", self.value
        condition = " OR ".join(template.format(e) for e in field.values)
        return _exact(_guard(field.guard, condition), (value,) * len(field.values))


def _guard(guard: str | None, condition: str) -> str:
    """``condition`` as 0/1, evaluated only where ``guard`` holds (CASE, unlike AND, is
    guaranteed not to evaluate what it skips)."""
    if guard is None:
        return f"coalesce({condition}, FALSE)"
    return f"coalesce(CASE WHEN {guard} THEN {condition} END, FALSE)"


@dataclass(frozen=True, slots=True)
class _Amount:
    op: str | None
    value: Fraction

    def test(self, facts: Facts) -> bool:
        amount = facts.amount
        if amount is None:
            return False
        return True if self.op is None else _COMPARE[self.op](amount, self.value)

    def sql(self, d: Dialect) -> Sql:
        if self.op is None:
            return _exact(_amount_sql(d, "a IS NOT NULL AND s > 0"))
        value = float(self.value)
        margin = abs(value) * _AMOUNT_MARGIN + 1e-300
        low, high = value - margin, value + margin
        units = f"(CAST(a AS {d.real}) / CAST(s AS {d.real}))"
        maybe, maybe_params, surely, surely_params = {
            "==": (f"{units} BETWEEN ? AND ?", (low, high), "FALSE", ()),
            "<": (f"{units} <= ?", (high,), f"{units} < ?", (low,)),
            "<=": (f"{units} <= ?", (high,), f"{units} < ?", (low,)),
            ">": (f"{units} >= ?", (low,), f"{units} > ?", (high,)),
            ">=": (f"{units} >= ?", (low,), f"{units} > ?", (high,)),
        }[self.op]
        # Beyond ~1e300 a double is no guide (inf / inf is NaN): Python decides.
        unknown = f"abs(a) >= {_FLOAT_LIMIT:.0e} OR s >= {_FLOAT_LIMIT:.0e}"
        case = "CASE WHEN a IS NULL OR NOT s > 0 THEN FALSE WHEN {unknown} THEN {u} ELSE {c} END"
        return Sql(
            _amount_sql(d, case.format(unknown=unknown, u="TRUE", c=maybe)),
            maybe_params,
            _amount_sql(d, case.format(unknown=unknown, u="FALSE", c=surely)),
            surely_params,
            False,
        )


def _amount_sql(d: Dialect, condition: str) -> str:
    """``condition`` over ``a`` (subunits) and ``s`` (scale), read once per row (a
    correlated subquery; written inline, each use would read the JSON again). The
    subqueries are named: PostgreSQL before 16 requires it."""
    return (
        f"coalesce((SELECT {condition} FROM (SELECT "
        f"CASE WHEN ok THEN {d.amount_subunits} END AS a, "
        f"CASE WHEN ok THEN {d.amount_scale} END AS s "
        f"FROM (SELECT {d.is_consumption} AS ok) AS row_kind) AS amount), FALSE)"
    )


@dataclass(frozen=True, slots=True)
class _Time:
    op: str | None
    at_ms: int

    def test(self, facts: Facts) -> bool:
        return True if self.op is None else _COMPARE[self.op](facts.at_ms, self.at_ms)

    def sql(self, d: Dialect) -> Sql:
        if self.op is None:
            return _exact("TRUE")
        return _exact(f"coalesce({d.time} {_SQL_OP[self.op]} ?, FALSE)", (self.at_ms,))


@dataclass(frozen=True, slots=True)
class _Not:
    operand: Predicate

    def test(self, facts: Facts) -> bool:
        return not self.operand.test(facts)

    def sql(self, d: Dialect) -> Sql:
        inner = self.operand.sql(d)
        return Sql(
            f"NOT ({inner.surely})",
            inner.surely_params,
            f"NOT ({inner.maybe})",
            inner.maybe_params,
            inner.exact,
        )


@dataclass(frozen=True, slots=True)
class _All:
    operands: tuple[Predicate, ...]

    def test(self, facts: Facts) -> bool:
        return all(p.test(facts) for p in self.operands)

    def sql(self, d: Dialect) -> Sql:
        return _join(" AND ", [p.sql(d) for p in self.operands])


@dataclass(frozen=True, slots=True)
class _Any:
    operands: tuple[Predicate, ...]

    def test(self, facts: Facts) -> bool:
        return any(p.test(facts) for p in self.operands)

    def sql(self, d: Dialect) -> Sql:
        return _join(" OR ", [p.sql(d) for p in self.operands])


def _join(glue: str, parts: list[Sql]) -> Sql:
    return Sql(
        "(" + glue.join(f"({p.maybe})" for p in parts) + ")",
        tuple(v for p in parts for v in p.maybe_params),
        "(" + glue.join(f"({p.surely})" for p in parts) + ")",
        tuple(v for p in parts for v in p.surely_params),
        all(p.exact for p in parts),
    )


@dataclass(frozen=True, slots=True)
class Query:
    """A compiled expression: :meth:`matches` for rows in memory, :meth:`sql` for the
    store (the same verdicts: a property test holds them to it)."""

    text: str
    now: datetime
    fields: frozenset[str]
    _root: Predicate

    @property
    def reads_payload(self) -> bool:
        """True when the verdict needs the row's frame (a consumption field or ``error``)."""
        return bool(self.fields & _PAYLOAD_FIELDS)

    def matches(self, facts: Facts) -> bool:
        return self._root.test(facts)

    def sql(self, dialect: Dialect = q.SQLITE) -> Sql:
        """The SQL over the store's ``frames`` table (aliased ``f``), in ``dialect``:
        ``?`` placeholders, conditions that are booleans (TRUE/FALSE, which SQLite reads
        as 1/0)."""
        return self._root.sql(dialect)


def compile_query(text: str, *, now: datetime | None = None, zone: tzinfo | None = None) -> Query:
    """Parse and check ``text``; :class:`QueryError` says where it is wrong.

    ``now`` (aware; default: the clock) is what ``age`` counts from and which day a time
    without a date falls on; ``zone`` is the zone of times without ``Z`` or an offset
    (default: the machine's).
    """
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    fields: set[str] = set()
    root = _build(parse(text, FIELDS), moment, zone, fields)
    return Query(text, moment, frozenset(fields), root)


def _build(node: Node, now: datetime, zone: tzinfo | None, fields: set[str]) -> Predicate:
    if isinstance(node, Not):
        return _Not(_build(node.operand, now, zone, fields))
    if isinstance(node, And):
        return _All(tuple(_build(n, now, zone, fields) for n in node.operands))
    if isinstance(node, Or):
        return _Any(tuple(_build(n, now, zone, fields) for n in node.operands))
    fields.add(node.field)
    if node.op == "!=":
        return _Not(_leaf(node, "==", now, zone))
    return _leaf(node, node.op, now, zone)


def _leaf(node: Comparison, op: str | None, now: datetime, zone: tzinfo | None) -> Predicate:
    field, value = node.field, node.value
    if op is None or value is None:
        if field in TEXT_FIELDS:
            return _Text(field, None, "")
        if field == "amount":
            return _Amount(None, Fraction(0))
        return _Time(None, 0)
    if field in TEXT_FIELDS:
        if op == "~":
            try:
                return _Text(field, op, value, compile_regex(value))
            except UnsupportedPattern as exc:
                raise QueryError(str(exc), node.value_column, "a regular expression") from exc
        return _Text(field, op, value)
    if op not in _ORDER_OPS:
        raise QueryError(
            f"{field} cannot be compared with {op!r}",
            node.op_column,
            "one of == != < <= > >=",
        )
    if field == "amount":
        return _Amount(op, _number(value, node.value_column))
    if field == "time":
        return _Time(op, _moment(value, now, zone, node.value_column))
    # age: milliseconds before now
    now_ms = _epoch_ms(now)
    return _Time(_FLIPPED[op], now_ms - _duration(value, node.value_column))


def _number(text: str, column: int) -> Fraction:
    if _NUMBER.match(text.strip()):
        try:
            return Fraction(Decimal(text.strip()))
        except (InvalidOperation, ValueError):
            pass
    raise QueryError(f"{text!r} is not a number", column, "a number of token units, like 0.5")


def _duration(text: str, column: int) -> int:
    match = _DURATION.match(text.strip())
    if match is None:
        raise QueryError(
            f"{text!r} is not a duration", column, "a duration: seconds, or 500ms, 90s, 5m, 2h, 1d"
        )
    number, unit = match.groups()
    ms = Decimal(number) * _DURATION_MS[unit or "s"]
    return int(ms.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)


def _epoch_ms(moment: datetime) -> int:
    # As the store counts: whole milliseconds, floored.
    return (moment - _EPOCH) // _MILLISECOND


def _moment(text: str, now: datetime, zone: tzinfo | None, column: int) -> int:
    stripped = text.strip()
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(stripped)
    except ValueError:
        if ":" in stripped:
            try:
                clock = time.fromisoformat(stripped)
            except ValueError:
                clock = None
            if clock is not None:
                moment = _today_at(clock, now, zone)
    if moment is None:
        raise QueryError(
            f"{text!r} is not a time",
            column,
            "a time: 10:00, 10:00:30Z, 2024-05-01, 2024-05-01T10:00:00+02:00",
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
    return _epoch_ms(moment)


def _today_at(clock: time, now: datetime, zone: tzinfo | None) -> datetime:
    if clock.tzinfo is not None:
        return datetime.combine(now.astimezone(clock.tzinfo).date(), clock)
    if zone is not None:
        return datetime.combine(now.astimezone(zone).date(), clock, tzinfo=zone)
    # The machine's zone: a naive datetime's astimezone() reads it as local time.
    return datetime.combine(now.astimezone().date(), clock).astimezone()
