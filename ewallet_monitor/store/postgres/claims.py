"""Desks and claims in PostgreSQL: the statements, on a connection the caller owns.

A claim is one row per consumption (server identity + consumption id) saying which desk is
deciding it (migration ``0050_desks_and_claims``). :func:`take_claim` is one
``INSERT … ON CONFLICT DO UPDATE … WHERE`` statement: PostgreSQL locks the row and checks
the condition against its latest version, so of two desks pressing at the same instant
exactly one gets it, the other learns who has it. Rules:

- a desk may take a consumption nobody holds, one released without an outcome, or one
  held (not deciding) by a desk whose heartbeat stopped more than ``timeout_s`` ago;
- its own claim it keeps (a second press, a retry after a refused decision) — and a
  ``deciding`` claim stays ``deciding``;
- a claim released with an outcome is settled: nobody takes it, the caller settles its
  card from :attr:`Claim.outcome` / :attr:`Claim.outcome_data`;
- a ``deciding`` claim (the outcome unknown) is never released by the timeout nor taken
  over: only the outcome releases it (:func:`release_claim`, from any desk that learns it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import psycopg
from psycopg.types.json import Jsonb

ClaimState = Literal["held", "deciding", "released"]
Connection = psycopg.Connection[tuple[Any, ...]]

_CLAIM_COLUMNS = (
    "server, consumption_id, desk_id::text, desk_name, os_user, state, action, outcome, "
    "outcome_data, taken_over_from, takeover_reason"
)


@dataclass(frozen=True, slots=True)
class DeskIdentity:
    """Who a desk is: its id for this run, its name, the OS user, the host, the process."""

    desk_id: str
    name: str
    os_user: str
    host: str
    pid: int
    kind: str  # "window", "headless" or "supervisor"


@dataclass(frozen=True, slots=True)
class DeskInfo:
    """A desk as the others see it; ``alive`` by the database's clock (heartbeat within
    the timeout, not stopped)."""

    desk_id: str
    name: str
    os_user: str
    host: str
    kind: str
    started_at: datetime
    heartbeat_at: datetime
    stopped: bool
    alive: bool
    open_claims: int = 0


@dataclass(frozen=True, slots=True)
class Claim:
    """One consumption's claim as stored."""

    server: str
    consumption_id: str
    desk_id: str
    desk_name: str
    os_user: str
    state: ClaimState
    action: str | None = None
    outcome: str | None = None
    outcome_data: dict[str, Any] | None = None
    taken_over_from: str | None = None
    takeover_reason: str | None = None
    has_data: bool = False

    @property
    def is_open(self) -> bool:
        return self.state != "released"

    @property
    def is_settled(self) -> bool:
        return self.state == "released" and self.outcome is not None

    def holder_text(self) -> str:
        """``being handled at Desk 2 by carla`` (what other desks show)."""
        return f"being handled at {self.desk_name} by {self.os_user}"

    @classmethod
    def from_notify(cls, payload: str) -> Claim | None:
        """A claim from an ``ewallet_claims`` notification's payload (its outcome data is
        not in it: :attr:`has_data` says whether to read it), ``None`` if unreadable."""
        try:
            value = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(value, dict):
            return None
        try:
            return cls(
                server=str(value["server"]),
                consumption_id=str(value["consumption_id"]),
                desk_id=str(value["desk_id"]),
                desk_name=str(value["desk_name"]),
                os_user=str(value["os_user"]),
                state=_state(value["state"]),
                action=_text(value.get("action")),
                outcome=_text(value.get("outcome")),
                taken_over_from=_text(value.get("taken_over_from")),
                takeover_reason=_text(value.get("takeover_reason")),
                has_data=bool(value.get("has_data")),
            )
        except (KeyError, ValueError):
            return None


@dataclass(frozen=True, slots=True)
class ClaimAnswer:
    """What :func:`take_claim` or :func:`take_over` found: ``taken`` True when this desk
    now holds ``claim``; else ``claim`` is the other desk's, or the settled outcome."""

    taken: bool
    claim: Claim


class ClaimRaceLost(Exception):
    """The claim changed between two statements (released or taken meanwhile)."""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _state(value: object) -> ClaimState:
    if value == "held":
        return "held"
    if value == "deciding":
        return "deciding"
    if value == "released":
        return "released"
    raise ValueError(f"unknown claim state {value!r}")


def _claim(row: tuple[Any, ...]) -> Claim:
    data = row[8]
    return Claim(
        server=row[0],
        consumption_id=row[1],
        desk_id=row[2],
        desk_name=row[3],
        os_user=row[4],
        state=_state(row[5]),
        action=row[6],
        outcome=row[7],
        outcome_data=data if isinstance(data, dict) else None,
        taken_over_from=row[9],
        takeover_reason=row[10],
        has_data=isinstance(data, dict),
    )


# -- desks ----------------------------------------------------------------------------------


def register_desk(connection: Connection, desk: DeskIdentity) -> None:
    connection.execute(
        "INSERT INTO desks (desk_id, name, os_user, host, pid, kind) VALUES (%s,%s,%s,%s,%s,%s)"
        # A row its store's writer made first (kind 'store') becomes this desk's.
        " ON CONFLICT (desk_id) DO UPDATE SET name = excluded.name, os_user = excluded.os_user,"
        " host = excluded.host, pid = excluded.pid, kind = excluded.kind,"
        " heartbeat_at = now(), stopped_at = NULL",
        (desk.desk_id, desk.name, desk.os_user, desk.host, desk.pid, desk.kind),
    )


def beat(connection: Connection, desk: DeskIdentity) -> None:
    """This desk is alive (the database's clock)."""
    connection.execute("UPDATE desks SET heartbeat_at = now() WHERE desk_id = %s", (desk.desk_id,))


def stop_desk(connection: Connection, desk: DeskIdentity) -> None:
    """This desk closes: its ``held`` claims are free at once (``deciding`` ones stay)."""
    with connection.transaction():
        connection.execute(
            "UPDATE claims SET state = 'released', released_at = now(), updated_at = now()"
            " WHERE desk_id = %s AND state = 'held'",
            (desk.desk_id,),
        )
        connection.execute(
            "UPDATE desks SET stopped_at = now() WHERE desk_id = %s", (desk.desk_id,)
        )


def list_desks(connection: Connection, timeout_s: float, recent_s: float = 3600) -> list[DeskInfo]:
    """Desks alive, and those stopped or gone within ``recent_s``; oldest first."""
    rows = connection.execute(
        "SELECT d.desk_id::text, d.name, d.os_user, d.host, d.kind, d.started_at,"
        " d.heartbeat_at, d.stopped_at IS NOT NULL,"
        " d.stopped_at IS NULL AND d.heartbeat_at > now() - make_interval(secs => %s),"
        " (SELECT count(*) FROM claims c WHERE c.desk_id = d.desk_id AND c.state <> 'released')"
        " FROM desks d WHERE d.heartbeat_at > now() - make_interval(secs => %s)"
        " ORDER BY d.started_at, d.desk_id",
        (timeout_s, recent_s),
    ).fetchall()
    return [
        DeskInfo(
            desk_id=r[0],
            name=r[1],
            os_user=r[2],
            host=r[3],
            kind=r[4],
            started_at=r[5],
            heartbeat_at=r[6],
            stopped=bool(r[7]),
            alive=bool(r[8]),
            open_claims=int(r[9]),
        )
        for r in rows
    ]


# -- claims ---------------------------------------------------------------------------------


def take_claim(
    connection: Connection,
    desk: DeskIdentity,
    server: str,
    consumption_id: str,
    action: str,
    timeout_s: float,
) -> ClaimAnswer:
    """Claim ``consumption_id`` for deciding ``action`` now (state ``deciding``).

    One statement, atomic: see the module's rules. The answer says who holds it."""
    row = connection.execute(
        "INSERT INTO claims AS c (server, consumption_id, desk_id, desk_name, os_user, state,"
        " action) VALUES (%(server)s, %(cid)s, %(desk)s, %(name)s, %(user)s, 'deciding',"
        " %(action)s)"
        " ON CONFLICT (server, consumption_id) DO UPDATE SET"
        " desk_id = EXCLUDED.desk_id, desk_name = EXCLUDED.desk_name,"
        " os_user = EXCLUDED.os_user, state = 'deciding', action = EXCLUDED.action,"
        " updated_at = now(), released_at = NULL, outcome = NULL, outcome_data = NULL,"
        " claimed_at = CASE WHEN c.desk_id = EXCLUDED.desk_id AND c.state <> 'released'"
        "   THEN c.claimed_at ELSE now() END,"
        " taken_over_from = CASE WHEN c.desk_id = EXCLUDED.desk_id AND c.state <> 'released'"
        "   THEN c.taken_over_from END,"
        " takeover_reason = CASE WHEN c.desk_id = EXCLUDED.desk_id AND c.state <> 'released'"
        "   THEN c.takeover_reason END"
        " WHERE (c.state = 'released' AND c.outcome IS NULL)"
        " OR (c.desk_id = EXCLUDED.desk_id AND c.state <> 'released')"
        " OR (c.state = 'held' AND NOT EXISTS (SELECT 1 FROM desks d"
        "   WHERE d.desk_id = c.desk_id AND d.stopped_at IS NULL"
        "   AND d.heartbeat_at > now() - make_interval(secs => %(timeout)s)))"
        f" RETURNING {_CLAIM_COLUMNS}",
        {
            "server": server,
            "cid": consumption_id,
            "desk": desk.desk_id,
            "name": desk.name,
            "user": desk.os_user,
            "action": action,
            "timeout": timeout_s,
        },
    ).fetchone()
    if row is not None:
        return ClaimAnswer(True, _claim(row))
    held = get_claim(connection, server, consumption_id)
    if held is None:  # released and deleted in between: cannot happen (rows stay)
        raise ClaimRaceLost(consumption_id)
    return ClaimAnswer(False, held)


def get_claim(connection: Connection, server: str, consumption_id: str) -> Claim | None:
    row = connection.execute(
        f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE server = %s AND consumption_id = %s",
        (server, consumption_id),
    ).fetchone()
    return None if row is None else _claim(row)


def open_claims(connection: Connection, server: str | None = None) -> list[Claim]:
    """Every claim not released (of one server, or all)."""
    where = "state <> 'released'" + (" AND server = %s" if server is not None else "")
    params: tuple[str, ...] = (server,) if server is not None else ()
    rows = connection.execute(
        f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE {where} ORDER BY claimed_at", params
    ).fetchall()
    return [_claim(row) for row in rows]


def hold_again(
    connection: Connection, desk: DeskIdentity, server: str, consumption_id: str
) -> None:
    """This desk's decision definitely did not happen (refused, not sent): ``held``."""
    connection.execute(
        "UPDATE claims SET state = 'held', updated_at = now()"
        " WHERE server = %s AND consumption_id = %s AND desk_id = %s AND state = 'deciding'",
        (server, consumption_id, desk.desk_id),
    )


def release_claim(
    connection: Connection,
    server: str,
    consumption_id: str,
    outcome: str,
    outcome_data: dict[str, Any] | None = None,
) -> bool:
    """The outcome is known (any desk may say so): the claim is released with it.
    False when there was no open claim."""
    row = connection.execute(
        "UPDATE claims SET state = 'released', released_at = now(), updated_at = now(),"
        " outcome = %s, outcome_data = %s WHERE server = %s AND consumption_id = %s"
        " AND state <> 'released' RETURNING 1",
        (outcome, None if outcome_data is None else Jsonb(outcome_data), server, consumption_id),
    ).fetchone()
    return row is not None


def take_over(
    connection: Connection,
    desk: DeskIdentity,
    server: str,
    consumption_id: str,
    reason: str,
) -> ClaimAnswer:
    """Take another desk's ``held`` claim (explicit, with a reason; the caller audits it).
    Refused for a ``deciding`` claim: its outcome is not known."""
    row = connection.execute(
        "UPDATE claims AS c SET desk_id = %(desk)s, desk_name = %(name)s, os_user = %(user)s,"
        " state = 'held', action = NULL, claimed_at = now(), updated_at = now(),"
        " taken_over_from = c.desk_name || ' (' || c.os_user || ')',"
        " takeover_reason = %(reason)s"
        " WHERE server = %(server)s AND consumption_id = %(cid)s AND state = 'held'"
        " AND desk_id <> %(desk)s"
        f" RETURNING {_CLAIM_COLUMNS}",
        {
            "desk": desk.desk_id,
            "name": desk.name,
            "user": desk.os_user,
            "reason": reason,
            "server": server,
            "cid": consumption_id,
        },
    ).fetchone()
    if row is not None:
        return ClaimAnswer(True, _claim(row))
    held = get_claim(connection, server, consumption_id)
    if held is None:
        raise ClaimRaceLost(consumption_id)
    return ClaimAnswer(held.desk_id == desk.desk_id and held.is_open, held)


def sweep_stale(connection: Connection, timeout_s: float) -> int:
    """Release the ``held`` claims of desks whose heartbeat stopped ``timeout_s`` ago (so
    every desk sees them free); ``deciding`` claims stay. Returns how many."""
    rows = connection.execute(
        "UPDATE claims AS c SET state = 'released', released_at = now(), updated_at = now()"
        " WHERE c.state = 'held' AND NOT EXISTS (SELECT 1 FROM desks d"
        " WHERE d.desk_id = c.desk_id AND d.stopped_at IS NULL"
        " AND d.heartbeat_at > now() - make_interval(secs => %s)) RETURNING 1",
        (timeout_s,),
    ).fetchall()
    return len(rows)


__all__ = [
    "Claim",
    "ClaimAnswer",
    "ClaimRaceLost",
    "ClaimState",
    "DeskIdentity",
    "DeskInfo",
    "beat",
    "get_claim",
    "hold_again",
    "list_desks",
    "open_claims",
    "register_desk",
    "release_claim",
    "stop_desk",
    "sweep_stale",
    "take_claim",
    "take_over",
]
