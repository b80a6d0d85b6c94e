"""Supervisor statistics over ten million stored events: ``python -m benchmarks.stats [DB]``.

Builds the store directly in SQLite (a recursive CTE, no Python per row): ten million
frames, five per consumption (the request on two topics, the finalized event on three)
over 23 days, three tokens, confirmed/failed/expired/rejected, and 200 000 audit decisions
by five operators. It then folds the frames into ``consumption_stats`` with the writer's
own statement (``absorb_frames``; the fill time is reported) and times
:func:`~ewallet_monitor.store.stats.statistics` over the whole range, one week and one
day. ``stats_ms_10m`` is the slowest of the three (best of three runs each).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.common import emit_result
from ewallet_monitor.store.schema import migrate
from ewallet_monitor.store.stats import (
    FILL_APPROVALS,
    STATS_SCHEMA,
    absorb_frames,
    schema_statements,
    statistics,
)

EVENTS = int(os.environ.get("STATS_BENCH_EVENTS", "10000000"))
PER_CONSUMPTION = 5
DECISIONS = 200_000
BASE_MS = 1_714_557_600_000  # 2024-05-01T10:00:00Z
DAY_MS = 86_400_000

_FRAMES = f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
INSERT INTO frames (at_ms, direction, kind, topic, event, ref, consumption_id, status,
    error_code, reason, raw)
SELECT at_ms, 'in', 'frame', topic, event, NULL, cid, status, code, NULL,
    json_object('topic', topic, 'event', event, 'ref', NULL, 'success', code IS NULL,
        'error', CASE WHEN code IS NULL THEN NULL ELSE json_object('code', code) END,
        'data', json_object('object', 'transaction_consumption', 'id', cid, 'status', status,
            'amount', 1000 + k % 997 * 100000,
            'token_id', 'tok_' || sym, 'token', json_object('id', 'tok_' || sym,
                'symbol', sym, 'subunit_to_unit', 100000000)))
FROM (
    SELECT k, j, printf('txc_%026d', k) AS cid,
        {BASE_MS} + k * 1000 + j * 10 + CASE WHEN j >= 2 THEN 30000 ELSE 0 END AS at_ms,
        CASE k % 3 WHEN 0 THEN 'BTC' WHEN 1 THEN 'OMG' ELSE 'ETH' END AS sym,
        CASE WHEN j < 2 THEN 'pending' ELSE CASE k % 10 WHEN 7 THEN 'failed'
            WHEN 8 THEN 'expired' WHEN 9 THEN 'rejected' ELSE 'confirmed' END END AS status,
        CASE WHEN j < 2 THEN NULL WHEN k % 10 = 7 THEN
            CASE k % 20 WHEN 7 THEN 'transaction:insufficient_funds'
                ELSE 'transaction:same_address' END
            WHEN k % 10 = 8 AND j >= 2 THEN 'transaction_consumption:expired' END AS code,
        CASE j WHEN 0 THEN 'user:usr_1' WHEN 1 THEN 'transaction_request:txr_1'
            WHEN 2 THEN 'user:usr_1' WHEN 3 THEN 'transaction_request:txr_1'
            ELSE 'transaction_consumption:' || printf('txc_%026d', k) END AS topic,
        CASE WHEN j < 2 THEN 'transaction_consumption_request'
            ELSE 'transaction_consumption_finalized' END AS event
    FROM (SELECT i / {PER_CONSUMPTION} AS k, i % {PER_CONSUMPTION} AS j FROM n)
)
"""
_AUDIT = f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
INSERT INTO audit (at_ms, os_user, profile, action, consumption_id)
SELECT {BASE_MS} + k * 1000 + 2000 + (k * 7919) % 25000, 'op' || (k % 5), 'desk' || (k % 2),
    CASE WHEN k % 10 = 9 THEN 'reject' ELSE 'approve' END, printf('txc_%026d', k)
FROM (SELECT i * ? AS k FROM n)
"""


def build(path: Path) -> float:
    """Fill ``path`` with the benchmark's store; returns the seconds the stats fill took."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")
    migrate(connection)
    consumptions = EVENTS // PER_CONSUMPTION
    connection.execute("BEGIN")
    connection.execute(_FRAMES, (EVENTS,))
    connection.execute("COMMIT")
    started = time.perf_counter()
    connection.execute("BEGIN")
    absorb_frames(connection, 0)
    connection.execute("COMMIT")
    fill = time.perf_counter() - started
    # After the frames, as in the app: a decision follows its request.
    connection.execute("BEGIN")
    connection.execute(_AUDIT, (DECISIONS, consumptions // DECISIONS))
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()
    return fill


def _upgrade(path: Path) -> float:
    """A file built by an earlier version of this benchmark (``consumption_stats`` only):
    add the summaries from its consumptions, as the writer's triggers would have."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'stats_hours'").fetchone():
            return 0.0
        started = time.perf_counter()
        connection.execute("BEGIN")
        for statement in schema_statements(STATS_SCHEMA):
            if "consumption_stats(" in statement and "CREATE INDEX consumption_stats_at" in (
                statement
            ):
                continue  # already there
            if statement.startswith("CREATE TABLE consumption_stats"):
                continue
            connection.execute(statement)
        connection.execute(
            "INSERT INTO stats_hours SELECT status_ms / 3600000, coalesce(token, ''), status, "
            "coalesce(error_code, ''), max(scale), count(*), coalesce(sum(amount_hi), 0), "
            "coalesce(sum(amount_lo), 0) FROM consumption_stats GROUP BY 1, 2, 3, 4"
        )
        connection.execute(FILL_APPROVALS)
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
        return time.perf_counter() - started
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path, nargs="?", help="reuse or create this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.database or Path(scratch) / "events.sqlite3"
        began = time.perf_counter()
        fill = build(path) if not path.exists() else _upgrade(path)
        build_s = time.perf_counter() - began
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        (frames,) = connection.execute("SELECT count(*) FROM frames").fetchone()
        last = BASE_MS + (EVENTS // PER_CONSUMPTION) * 1000
        ranges = {
            "all": (None, None),
            "week": (last - 7 * DAY_MS, last),
            "day": (last - 10 * DAY_MS, last - 9 * DAY_MS),
        }
        timings: dict[str, float] = {}
        for name, (since, until) in ranges.items():
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                found = statistics(connection, since, until)
                best = min(best, time.perf_counter() - started)
            timings[name] = round(best * 1000, 1)
            assert found.by_token_status or name != "all"
        connection.close()
    emit_result(
        {
            "stats_ms_10m": max(timings.values()),
            "stats_ms_by_range": timings,
            "frames": frames,
            "stats_fill_s": round(fill, 1),
            "build_s": round(build_s, 1),
        }
    )


if __name__ == "__main__":
    main()
