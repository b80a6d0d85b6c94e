"""Supervisor statistics from the store: counts and volumes by token and status, approval
times per operator, expiries and failures by reason, over any time range.

Ten million frames cannot be read through their JSON in two seconds, so the writer keeps
one row per consumption in ``consumption_stats`` (filled in SQL from the frames it has just
inserted, :func:`absorb_frames`; a migration fills it for files written before). A
consumption broadcast on four topics is one row there, so nothing is counted twice. Its
``status_ms`` is when its current status was seen; a range selects consumptions by it.
Triggers keep ``stats_hours`` (per hour, token, status and error code: count and sums),
so a range reads whole hours there and only its partial ends from the consumptions, and
``approval_times`` (each operator's first decision on a consumption and how long it had
waited since first seen).

Amounts are exact: an amount that fits 63 bits is kept as two 32-bit halves whose sums
cannot overflow SQLite's integers; a larger one (an ERC-20 style token) is kept as text
and added in Python. Frames removed by retention keep their consumption's statistics.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from ewallet_monitor.store.records import format_ms

STATS_SCHEMA = """
CREATE TABLE consumption_stats (
    consumption_id TEXT PRIMARY KEY,
    token TEXT,
    scale INTEGER,
    status TEXT NOT NULL,
    error_code TEXT,
    amount_hi INTEGER,
    amount_lo INTEGER,
    amount_text TEXT,
    seen_ms INTEGER NOT NULL,
    status_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX consumption_stats_at ON consumption_stats(
    status_ms, token, status, scale, amount_hi, amount_lo, amount_text, error_code
);
"""
# Version 4 of the schema: the summaries, kept by triggers.
SUMMARY_SCHEMA = """
CREATE INDEX consumption_stats_big ON consumption_stats(status_ms) WHERE amount_text IS NOT NULL;
CREATE INDEX consumption_stats_unread ON consumption_stats(consumption_id)
    WHERE amount_text = '?';
CREATE TABLE stats_hours (
    hour INTEGER NOT NULL,
    token TEXT NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT NOT NULL,
    scale INTEGER,
    consumptions INTEGER NOT NULL,
    amount_hi INTEGER NOT NULL,
    amount_lo INTEGER NOT NULL,
    PRIMARY KEY (hour, token, status, error_code)
) WITHOUT ROWID;
CREATE TRIGGER consumption_stats_added AFTER INSERT ON consumption_stats BEGIN
    INSERT INTO stats_hours VALUES (NEW.status_ms / 3600000, coalesce(NEW.token, ''),
        NEW.status, coalesce(NEW.error_code, ''), NEW.scale, 1, coalesce(NEW.amount_hi, 0),
        coalesce(NEW.amount_lo, 0))
    ON CONFLICT DO UPDATE SET consumptions = consumptions + 1,
        amount_hi = amount_hi + excluded.amount_hi, amount_lo = amount_lo + excluded.amount_lo,
        scale = coalesce(excluded.scale, scale);
END;
CREATE TRIGGER consumption_stats_moved AFTER UPDATE ON consumption_stats BEGIN
    UPDATE stats_hours SET consumptions = consumptions - 1,
        amount_hi = amount_hi - coalesce(OLD.amount_hi, 0),
        amount_lo = amount_lo - coalesce(OLD.amount_lo, 0)
    WHERE hour = OLD.status_ms / 3600000 AND token = coalesce(OLD.token, '')
        AND status = OLD.status AND error_code = coalesce(OLD.error_code, '');
    INSERT INTO stats_hours VALUES (NEW.status_ms / 3600000, coalesce(NEW.token, ''),
        NEW.status, coalesce(NEW.error_code, ''), NEW.scale, 1, coalesce(NEW.amount_hi, 0),
        coalesce(NEW.amount_lo, 0))
    ON CONFLICT DO UPDATE SET consumptions = consumptions + 1,
        amount_hi = amount_hi + excluded.amount_hi, amount_lo = amount_lo + excluded.amount_lo,
        scale = coalesce(excluded.scale, scale);
END;
CREATE TABLE approval_times (
    os_user TEXT NOT NULL,
    profile TEXT NOT NULL,
    consumption_id TEXT NOT NULL,
    decided_ms INTEGER NOT NULL,
    waited_ms INTEGER NOT NULL,
    PRIMARY KEY (os_user, profile, consumption_id)
) WITHOUT ROWID;
CREATE INDEX approval_times_at ON approval_times(decided_ms, os_user, profile, waited_ms);
CREATE TRIGGER audit_decided AFTER INSERT ON audit
WHEN NEW.action IN ('approve', 'reject') BEGIN
    INSERT OR IGNORE INTO approval_times
    SELECT NEW.os_user, NEW.profile, NEW.consumption_id, NEW.at_ms, max(0, NEW.at_ms - seen_ms)
    FROM consumption_stats WHERE consumption_id = NEW.consumption_id;
END
"""
HOUR_MS = 3_600_000
# Decisions already in the audit trail when the tables are made (a migrated file).
FILL_APPROVALS = """
INSERT OR IGNORE INTO approval_times
SELECT a.os_user, a.profile, a.consumption_id, a.at_ms, max(0, a.at_ms - s.seen_ms)
FROM audit AS a JOIN consumption_stats AS s ON s.consumption_id = a.consumption_id
WHERE a.action IN ('approve', 'reject') ORDER BY a.id
"""

_HALF = 1 << 32
_PATHS = (
    "token.symbol",
    "token_id",
    "token.subunit_to_unit",
    "amount",
    "estimated_consumption_amount",
)
# The consumption inside a stored row is a frame's ``data`` or a recovered row's payload.
# One json_extract with every path parses the frame once (SQLite 3.40 keeps no parse);
# the small array it returns is cheap to read.
_VALUES = (
    "CASE kind WHEN 'recovered' THEN json_extract(frame_text(raw), "
    + ", ".join(f"'$.{path}'" for path in _PATHS)
    + ") ELSE json_extract(frame_text(raw), "
    + ", ".join(f"'$.data.{path}'" for path in _PATHS)
    + ") END"
)
_FILL = f"""
INSERT INTO consumption_stats (consumption_id, token, scale, status, error_code,
    amount_hi, amount_lo, amount_text, seen_ms, status_ms)
SELECT consumption_id,
    coalesce(json_extract(v, '$[0]'), json_extract(v, '$[1]')),
    json_extract(v, '$[2]'),
    status, error_code,
    CASE WHEN typeof(a) = 'integer' AND a >= 0 THEN a >> 32 END,
    CASE WHEN typeof(a) = 'integer' AND a >= 0 THEN a & {_HALF - 1} END,
    CASE WHEN typeof(a) = 'real' THEN '?' END,
    at_ms, at_ms
FROM (
    SELECT consumption_id, status, error_code, at_ms, v,
        coalesce(json_extract(v, '$[3]'), json_extract(v, '$[4]')) AS a
    FROM (
        SELECT seq, consumption_id, status, error_code, at_ms, {_VALUES} AS v
        FROM frames
        WHERE seq > ? AND direction = 'in' AND kind IN ('frame', 'recovered')
            AND consumption_id IS NOT NULL AND status IS NOT NULL
            AND event IN ('transaction_consumption_request', 'transaction_consumption_finalized',
                'consumption_recovered')
            {{valid}}
    )
    ORDER BY seq
)
WHERE true
ON CONFLICT (consumption_id) DO UPDATE SET
    token = coalesce(excluded.token, token),
    scale = coalesce(excluded.scale, scale),
    status = excluded.status,
    error_code = excluded.error_code,
    amount_hi = coalesce(excluded.amount_hi, amount_hi),
    amount_lo = coalesce(excluded.amount_lo, amount_lo),
    amount_text = coalesce(excluded.amount_text, amount_text),
    status_ms = excluded.status_ms
WHERE excluded.status != consumption_stats.status
    AND (consumption_stats.status = 'pending' OR excluded.status != 'pending')
"""
_FILL_TRUSTING = _FILL.replace("{valid}", "")
_FILL_CHECKING = _FILL.replace("{valid}", "AND json_valid(frame_text(raw))")
# Amounts beyond 63 bits come out of SQLite's JSON reader as REALs: marked '?' above,
# then read exactly in Python from the newest frame of that consumption.
# Only the rows still to read are in that index: a store of big amounts stays cheap.
_BIG_PENDING = (
    "SELECT consumption_id FROM consumption_stats INDEXED BY consumption_stats_unread "
    "WHERE amount_text = '?'"
)
_BIG_FRAME = (
    "SELECT kind, frame_text(raw) FROM frames WHERE consumption_id = ? AND direction = 'in' "
    "AND status IS NOT NULL ORDER BY seq DESC LIMIT 1"
)


def create_stats_table(connection: sqlite3.Connection) -> None:
    """Schema version 3: the table of one row per consumption (filled by version 4)."""
    for statement in schema_statements(STATS_SCHEMA):
        connection.execute(statement)


# A file at version 3 has its consumptions already: their summary, as the triggers make it.
_FILL_HOURS = """
INSERT INTO stats_hours
SELECT status_ms / 3600000, coalesce(token, ''), status, coalesce(error_code, ''),
    max(scale), count(*), coalesce(sum(amount_hi), 0), coalesce(sum(amount_lo), 0)
FROM consumption_stats GROUP BY 1, 2, 3, 4
"""


def create_summaries(connection: sqlite3.Connection) -> None:
    """Schema version 4: the hourly summary, the approval times and their triggers, filled
    from the consumptions (from every stored frame when there are none yet) and from the
    decisions already in the audit trail."""
    for statement in schema_statements(SUMMARY_SCHEMA):
        connection.execute(statement)
    if connection.execute("SELECT 1 FROM consumption_stats LIMIT 1").fetchone() is None:
        absorb_frames(connection, 0)  # the triggers fill the summary
    else:
        connection.execute(_FILL_HOURS)
    connection.execute(FILL_APPROVALS)


def schema_statements(script: str) -> list[str]:
    """The statements of ``script`` (a trigger's body holds semicolons of its own).
    Not ``executescript``: it would commit the migration's transaction first."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements


def absorb_frames(connection: sqlite3.Connection, after_seq: int) -> None:
    """Fold the frames above ``after_seq`` into ``consumption_stats`` (the writer calls this
    in the transaction that inserted them)."""
    try:
        connection.execute(_FILL_TRUSTING, (after_seq,))
    except sqlite3.OperationalError:
        # A frame that is not JSON after all (every stored frame was decoded, but a
        # redaction could in theory break one): the statement alone was undone; again,
        # checking each frame (a second parse of each, so only when needed).
        connection.execute(_FILL_CHECKING, (after_seq,))
    big = connection.execute(_BIG_PENDING).fetchall()
    for (consumption_id,) in big:
        row = connection.execute(_BIG_FRAME, (consumption_id,)).fetchone()
        amount = _exact_amount(row) if row is not None else None
        connection.execute(
            "UPDATE consumption_stats SET amount_text = ? WHERE consumption_id = ?",
            (None if amount is None else str(amount), consumption_id),
        )


def _exact_amount(row: tuple[str, str]) -> int | None:
    kind, raw = row
    try:
        payload = json.loads(raw)
    except ValueError:
        return None
    data = payload if kind == "recovered" else payload.get("data")
    if not isinstance(data, dict):
        return None
    for key in ("amount", "estimated_consumption_amount"):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None


@dataclass(frozen=True, slots=True)
class TokenStatus:
    """Consumptions of one token that reached one status in the range."""

    token: str
    status: str
    count: int
    subunits: int
    scale: int | None

    @property
    def volume(self) -> Decimal | None:
        """The volume in token units, exact; ``None`` without a known subunit scale."""
        if not self.scale:
            return None
        digits = len(str(self.subunits)) + len(str(self.scale)) + 2
        with localcontext(prec=digits):
            return Decimal(self.subunits) / Decimal(self.scale)


@dataclass(frozen=True, slots=True)
class OperatorTimes:
    """Approval times (request seen → decision) of one operator, in milliseconds."""

    os_user: str
    profile: str
    decisions: int
    p50_ms: int
    p90_ms: int
    max_ms: int


@dataclass(frozen=True, slots=True)
class Statistics:
    """What :func:`statistics` found between ``since_ms`` (inclusive) and ``until_ms``."""

    since_ms: int | None
    until_ms: int | None
    by_token_status: list[TokenStatus] = field(default_factory=list)
    operators: list[OperatorTimes] = field(default_factory=list)
    expiries: int = 0
    failures: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "since_ms": self.since_ms,
            "until_ms": self.until_ms,
            "by_token_status": [
                {
                    "token": row.token,
                    "status": row.status,
                    "count": row.count,
                    "volume": None if row.volume is None else str(row.volume),
                    "subunits": str(row.subunits),
                }
                for row in self.by_token_status
            ],
            "operators": [
                {
                    "os_user": op.os_user,
                    "profile": op.profile,
                    "decisions": op.decisions,
                    "p50_ms": op.p50_ms,
                    "p90_ms": op.p90_ms,
                    "max_ms": op.max_ms,
                }
                for op in self.operators
            ],
            "expiries": self.expiries,
            "failures": self.failures,
        }


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.1f} s"


def render(stats: Statistics) -> str:
    """The statistics as plain-text tables (``ewallet-monitor stats``, the dialog)."""
    lines = [
        f"from {format_ms(stats.since_ms) if stats.since_ms is not None else 'the start'}"
        f" to {format_ms(stats.until_ms) if stats.until_ms is not None else 'now'}",
        "",
        f"{'token':<10} {'status':<10} {'count':>9} {'volume':>24}",
    ]
    for row in stats.by_token_status:
        volume = "?" if row.volume is None else f"{row.volume:f}"
        lines.append(f"{row.token or '-':<10} {row.status:<10} {row.count:>9} {volume:>24}")
    lines += ["", f"expiries: {stats.expiries}", "failures by reason:"]
    lines += [f"  {code or '(no code)'}: {count}" for code, count in stats.failures.items()]
    if not stats.failures:
        lines.append("  none")
    lines += [
        "",
        "approval time, request to decision:",
        f"{'os user':<14} {'profile':<14} {'decisions':>9} {'p50':>9} {'p90':>9} {'max':>9}",
    ]
    for op in stats.operators:
        lines.append(
            f"{op.os_user:<14} {op.profile or '-':<14} {op.decisions:>9} "
            f"{_seconds(op.p50_ms):>9} {_seconds(op.p90_ms):>9} {_seconds(op.max_ms):>9}"
        )
    if not stats.operators:
        lines.append("  no decisions")
    return "\n".join(lines)


def _range(column: str, since_ms: int | None, until_ms: int | None) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if since_ms is not None:
        parts.append(f"{column} >= ?")
        params.append(since_ms)
    if until_ms is not None:
        parts.append(f"{column} < ?")
        params.append(until_ms)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def percentile(sorted_values: list[int], fraction: float) -> int:
    """The nearest-rank percentile of ascending ``sorted_values`` (not empty)."""
    rank = max(1, -(-round(fraction * 100) * len(sorted_values) // 100))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def statistics(
    connection: sqlite3.Connection, since_ms: int | None = None, until_ms: int | None = None
) -> Statistics:
    """The supervisor's figures for consumptions whose current status was seen in the
    range, and for decisions (first approve/reject per operator) made in it.

    Whole hours come from ``stats_hours`` (a few rows per hour, kept by triggers); only
    the partial hours at the range's ends are read from ``consumption_stats``."""
    groups: dict[tuple[str, str, str], list[Any]] = {}

    def fold(rows: list[tuple[Any, ...]]) -> None:
        for token, status, code, scale, count, hi, lo in rows:
            group = groups.setdefault((token, status, code), [0, 0, None])
            group[0] += int(count)
            group[1] += int(hi) * _HALF + int(lo)
            group[2] = group[2] or scale

    first_hour = None if since_ms is None else -(-since_ms // HOUR_MS)
    last_hour = None if until_ms is None else until_ms // HOUR_MS
    if first_hour is not None and last_hour is not None and first_hour >= last_hour:
        fold(_exact_rows(connection, since_ms, until_ms))  # less than two hours
    else:
        where, params = _range("hour", first_hour, last_hour)
        fold(
            connection.execute(
                "SELECT token, status, error_code, max(scale), sum(consumptions), "
                "sum(amount_hi), sum(amount_lo) FROM stats_hours" + where + " GROUP BY 1, 2, 3",
                params,
            ).fetchall()
        )
        if first_hour is not None:
            fold(_exact_rows(connection, since_ms, first_hour * HOUR_MS))
        if last_hour is not None:
            fold(_exact_rows(connection, last_hour * HOUR_MS, until_ms))
    where, params = _range("status_ms", since_ms, until_ms)
    big_where = where + (" AND " if where else " WHERE ") + "amount_text IS NOT NULL"
    for token, status, code, text in connection.execute(
        "SELECT coalesce(token, ''), status, coalesce(error_code, ''), amount_text "
        "FROM consumption_stats INDEXED BY consumption_stats_big" + big_where,
        params,
    ):
        if text and text.isdigit():
            groups.setdefault((token, status, code), [0, 0, None])[1] += int(text)
    by_status: dict[tuple[str, str], list[Any]] = {}
    failures: dict[str, int] = {}
    for (token, status, code), (count, subunits, scale) in groups.items():
        if count <= 0 and subunits == 0:
            continue  # an hour whose consumptions all moved on to a later status
        merged = by_status.setdefault((token, status), [0, 0, None])
        merged[0] += count
        merged[1] += subunits
        merged[2] = merged[2] or scale
        if status == "failed" and count > 0:
            failures[code] = failures.get(code, 0) + count
    by_token_status = [
        TokenStatus(token, status, count, subunits, scale)
        for (token, status), (count, subunits, scale) in sorted(by_status.items())
        if count > 0
    ]
    expiries = sum(row.count for row in by_token_status if row.status == "expired")
    ordered = dict(sorted(failures.items(), key=lambda item: (-item[1], item[0])))
    return Statistics(
        since_ms,
        until_ms,
        by_token_status,
        _operator_times(connection, since_ms, until_ms),
        expiries,
        ordered,
    )


def _exact_rows(
    connection: sqlite3.Connection, since_ms: int | None, until_ms: int | None
) -> list[tuple[Any, ...]]:
    where, params = _range("status_ms", since_ms, until_ms)
    return connection.execute(
        "SELECT coalesce(token, ''), status, coalesce(error_code, ''), max(scale), count(*), "
        "coalesce(sum(amount_hi), 0), coalesce(sum(amount_lo), 0) "
        "FROM consumption_stats INDEXED BY consumption_stats_at" + where + " GROUP BY 1, 2, 3",
        params,
    ).fetchall()


def _operator_times(
    connection: sqlite3.Connection, since_ms: int | None, until_ms: int | None
) -> list[OperatorTimes]:
    where, params = _range("decided_ms", since_ms, until_ms)
    per: dict[tuple[str, str], list[int]] = {}
    for os_user, profile, waited in connection.execute(
        "SELECT os_user, profile, waited_ms FROM approval_times INDEXED BY approval_times_at"
        + where,
        params,
    ):
        per.setdefault((os_user, profile), []).append(int(waited))
    result = []
    for (os_user, profile), times in sorted(per.items()):
        times.sort()
        result.append(
            OperatorTimes(
                os_user,
                profile,
                len(times),
                percentile(times, 0.5),
                percentile(times, 0.9),
                times[-1],
            )
        )
    return result
