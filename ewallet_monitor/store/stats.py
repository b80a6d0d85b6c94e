"""Supervisor statistics from the store: counts and volumes by token and status, approval
times per operator, expiries and failures by reason, over any time range.

Ten million frames cannot be read through their JSON in two seconds, so the writer keeps
one row per consumption in ``consumption_stats`` (filled in SQL from the frames it has just
inserted, :func:`absorb_frames`; a migration fills it for files written before). A
consumption broadcast on four topics is one row there, so nothing is counted twice. Its
``status_ms`` is when its current status was seen; a range selects consumptions by it.

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
)
"""

_HALF = 1 << 32
# The consumption inside a stored row: a frame's ``data``, or a recovered row's payload.
_FILL = f"""
INSERT INTO consumption_stats (consumption_id, token, scale, status, error_code,
    amount_hi, amount_lo, amount_text, seen_ms, status_ms)
SELECT consumption_id,
    coalesce(json_extract(c, '$.token.symbol'), json_extract(c, '$.token_id')),
    json_extract(c, '$.token.subunit_to_unit'),
    status, error_code,
    CASE WHEN typeof(a) = 'integer' AND a >= 0 THEN a >> 32 END,
    CASE WHEN typeof(a) = 'integer' AND a >= 0 THEN a & {_HALF - 1} END,
    CASE WHEN typeof(a) = 'real' THEN '?' END,
    at_ms, at_ms
FROM (
    SELECT consumption_id, status, error_code, at_ms, c,
        coalesce(json_extract(c, '$.amount'), json_extract(c, '$.estimated_consumption_amount'))
            AS a
    FROM (
        SELECT seq, consumption_id, status, error_code, at_ms,
            CASE kind WHEN 'recovered' THEN raw ELSE json_extract(raw, '$.data') END AS c
        FROM frames
        WHERE seq > ? AND direction = 'in' AND kind IN ('frame', 'recovered')
            AND consumption_id IS NOT NULL AND status IS NOT NULL
            AND event IN ('transaction_consumption_request', 'transaction_consumption_finalized',
                'consumption_recovered')
            AND json_valid(raw)
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
# Amounts beyond 63 bits come out of SQLite's JSON reader as REALs: marked '?' above,
# then read exactly in Python from the newest frame of that consumption.
_BIG_PENDING = "SELECT consumption_id FROM consumption_stats WHERE amount_text = '?'"
_BIG_FRAME = (
    "SELECT kind, raw FROM frames WHERE consumption_id = ? AND direction = 'in' "
    "AND status IS NOT NULL ORDER BY seq DESC LIMIT 1"
)


def create_stats_table(connection: sqlite3.Connection) -> None:
    """Create ``consumption_stats`` and fill it from every stored frame (a migration)."""
    for statement in STATS_SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    absorb_frames(connection, 0)


def absorb_frames(connection: sqlite3.Connection, after_seq: int) -> None:
    """Fold the frames above ``after_seq`` into ``consumption_stats`` (the writer calls this
    in the transaction that inserted them)."""
    connection.execute(_FILL, (after_seq,))
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
    range, and for decisions (approve/reject in the audit trail) made in it."""
    where, params = _range("status_ms", since_ms, until_ms)
    groups: dict[tuple[str, str], list[Any]] = {}
    rows = connection.execute(
        "SELECT coalesce(token, ''), status, max(scale), count(*), coalesce(sum(amount_hi), 0), "
        "coalesce(sum(amount_lo), 0) FROM consumption_stats" + where + " GROUP BY 1, 2",
        params,
    ).fetchall()
    for token, status, scale, count, hi, lo in rows:
        # Integer sums of 32-bit halves: exact up to two billion consumptions.
        groups[(token, status)] = [count, int(hi) * _HALF + int(lo), scale]
    big_where = where + (" AND " if where else " WHERE ") + "amount_text IS NOT NULL"
    for token, status, text in connection.execute(
        "SELECT coalesce(token, ''), status, amount_text FROM consumption_stats" + big_where,
        params,
    ):
        if text and text.isdigit():
            groups.setdefault((token, status), [0, 0, None])[1] += int(text)
    by_token_status = [
        TokenStatus(token, status, int(count), subunits, scale)
        for (token, status), (count, subunits, scale) in sorted(groups.items())
    ]
    expiries = sum(row.count for row in by_token_status if row.status == "expired")
    failure_where = where + (" AND " if where else " WHERE ") + "status = 'failed'"
    failures = {
        code: count
        for code, count in connection.execute(
            "SELECT coalesce(error_code, ''), count(*) FROM consumption_stats"
            + failure_where
            + " GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        )
    }
    return Statistics(
        since_ms,
        until_ms,
        by_token_status,
        _operator_times(connection, since_ms, until_ms),
        expiries,
        failures,
    )


def _operator_times(
    connection: sqlite3.Connection, since_ms: int | None, until_ms: int | None
) -> list[OperatorTimes]:
    where, params = _range("audit.at_ms", since_ms, until_ms)
    condition = where + (" AND " if where else " WHERE ") + "action IN ('approve', 'reject')"
    # The first decision per consumption and operator: a retried click is not a second
    # approval time.
    rows = connection.execute(
        "SELECT os_user, profile, min(audit.at_ms) - s.seen_ms FROM audit "
        "JOIN consumption_stats AS s ON s.consumption_id = audit.consumption_id"
        + condition
        + " GROUP BY os_user, profile, audit.consumption_id",
        params,
    ).fetchall()
    per: dict[tuple[str, str], list[int]] = {}
    for os_user, profile, waited in rows:
        per.setdefault((os_user, profile), []).append(max(0, int(waited)))
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
