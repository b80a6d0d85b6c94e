"""What the supervisor sees of a shared store, read in one go: every desk, the payments
waiting (with the desks that received them and who claims them), the open claims, the
latest decisions and the statistics. Read-only: nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import psycopg

from ewallet_monitor.protocol.amounts import to_units
from ewallet_monitor.store.postgres.claims import Claim, DeskInfo, list_desks, open_claims
from ewallet_monitor.store.postgres.reader import pg_statistics
from ewallet_monitor.store.stats import Statistics

Connection = psycopg.Connection[tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class WaitingPayment:
    """A consumption still pending in the shared history."""

    consumption_id: str
    amount: str  # exact, in token units, with the token ("25.00 OMG"), or "—"
    seen_at: datetime
    desks: str  # the desks that received it, "Desk 1, Desk 2"
    holder: str  # "Desk 2 (carla), deciding" or ""


@dataclass(frozen=True, slots=True)
class Decision:
    """One audit entry: who did what, where, and how it ended."""

    at: datetime
    desk: str
    os_user: str
    action: str
    consumption_id: str
    amount: str
    answer_code: str
    outcome: str


@dataclass(frozen=True, slots=True)
class SupervisorSnapshot:
    desks: list[DeskInfo]
    waiting: list[WaitingPayment]
    claims: list[Claim]
    decisions: list[Decision]
    statistics: Statistics
    read_at: datetime


def _when(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def _amount(subunits: Any, scale: Any, token: Any) -> str:
    if subunits is None:
        return "—"
    text = str(subunits)
    try:
        units: Decimal | int = (
            to_units(int(subunits), int(scale)) if scale is not None else int(subunits)
        )
        text = f"{units:,}" if isinstance(units, int) else f"{units:,f}"
    except (ValueError, ArithmeticError):
        pass
    return f"{text} {token}" if token else text


def read_snapshot(
    connection: Connection, timeout_s: float = 60.0, limit: int = 500
) -> SupervisorSnapshot:
    """Everything in one read (a repeatable-read transaction: one consistent moment)."""
    with connection.transaction():
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        desks = list_desks(connection, timeout_s)
        claims = open_claims(connection)
        holders = {c.consumption_id: f"{c.desk_name} ({c.os_user}), {c.state}" for c in claims}
        waiting = [
            WaitingPayment(
                consumption_id=row[0],
                amount=_amount(row[1], row[2], row[3]),
                seen_at=_when(int(row[4])),
                desks=row[5] or "",
                holder=holders.get(row[0], ""),
            )
            for row in connection.execute(
                "SELECT s.consumption_id, s.amount, s.scale, s.token, s.seen_ms,"
                " (SELECT string_agg(DISTINCT d.name, ', ') FROM frames f"
                "  JOIN frame_desks fd ON fd.seq = f.seq JOIN desks d USING (desk_id)"
                "  WHERE f.consumption_id = s.consumption_id)"
                " FROM consumption_stats s WHERE s.status = 'pending'"
                " ORDER BY s.seen_ms LIMIT %s",
                (limit,),
            ).fetchall()
        ]
        decisions = [
            Decision(
                at=_when(int(row[0])),
                desk=row[1] or "",
                os_user=row[2] or "",
                action=row[3],
                consumption_id=row[4],
                amount=_amount(row[5], row[9], row[6]),
                answer_code=row[7] or "",
                outcome=row[8] or "",
            )
            for row in connection.execute(
                "SELECT a.at_ms, a.desk, a.os_user, a.action, a.consumption_id, a.amount,"
                " a.token, a.answer_code, a.outcome, s.scale FROM audit a"
                " LEFT JOIN consumption_stats s ON s.consumption_id = a.consumption_id"
                " ORDER BY a.at_ms DESC, a.id DESC LIMIT %s",
                (limit,),
            ).fetchall()
        ]

        def fetch(sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
            return connection.execute(sql, params).fetchall()

        statistics = pg_statistics(fetch, None, None)
    return SupervisorSnapshot(
        desks=desks,
        waiting=waiting,
        claims=claims,
        decisions=decisions,
        statistics=statistics,
        read_at=datetime.now(UTC),
    )


__all__ = ["Decision", "SupervisorSnapshot", "WaitingPayment", "read_snapshot"]
