"""The shared PostgreSQL store's benchmark: ``python -m benchmarks.postgres [--quick]``.

- ``search_ms_1m_pg`` (target < 300): the slowest of the SQLite benchmark's text searches
  (newest 500 matches, best of three each, as the history view asks) over one million
  realistic consumption frames (~4.3 KB each, every one with its own ids) written through
  the store's own writer (keyed rows, ``COPY``, the trigram index kept up as it goes).
- ``desks_events_per_s`` (target ≥ 1000, 0 lost): four headless desks
  (``ewallet-monitor listen --store postgresql://…``, four processes, each its own data
  folder and desk name) joined to the same topic of one simulator streaming 1,000 events/s
  (``--scenario burst --count N --rate 1000``): the same stream four times, stored once.
  The rate is the events stored per second from the first to the last stored; ``lost`` the
  events the simulator sent that are not in ``frames``; ``duplicated`` the rows beyond one
  per event; ``per_desk`` how many each desk received (the burst starts when the first
  desk has joined, so a desk joining a moment later misses the first events: counted from
  the last desk's first event, every desk must have them all).

The full run uses 1,000,000 frames and a 60-second stream; ``--quick`` 100,000 frames and a
15-second stream (and says so in ``counts``). The server is a private one started with
``initdb``/``pg_ctl`` in a temporary folder (tests/pg_server.py), or ``--store URL``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from benchmarks.common import REPO, child_env, python, simulator_server
from ewallet_monitor.store.bench import consumption_frame_json, received
from ewallet_monitor.store.postgres.migrations import migrate
from ewallet_monitor.store.postgres.reader import PostgresReader
from ewallet_monitor.store.postgres.rows import KeyMaker, PgRows, keyed_frame, legacy_desk_id
from ewallet_monitor.store.postgres.url import parse_store_url
from ewallet_monitor.store.postgres.writer import write_rows
from ewallet_monitor.store.rows import RowBatch, add_event

BENCH_DESK_ID = legacy_desk_id("bench")

COUNTS = {
    "full": {"search_rows": 1_000_000, "stream_seconds": 60},
    "quick": {"search_rows": 100_000, "stream_seconds": 15},
    # The test suite checks that every key comes out (tests/store_pg/test_benchmark.py).
    "tiny": {"search_rows": 2_000, "stream_seconds": 2},
}
LOAD_BATCH = 5000
DESKS = 4
STREAM_RATE = 1000


def log(text: str) -> None:
    print(f"[postgres bench] {text}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def database(url: str | None) -> Iterator[str]:
    """``url``, or a fresh database on a private server started for the run."""
    if url:
        yield url
        return
    sys.path.insert(0, str(REPO))
    from tests.pg_server import start_server

    server = start_server()
    try:
        name = server.fresh_database()
        yield server.dsn(name)
    finally:
        server.cleanup()


def load(dsn: str, rows: int, *, bulk: bool, first_index: int = 0) -> dict[str, float]:
    """Write ``rows`` consumption frames through the store's writer: rows/s, and with
    ``bulk`` the seconds the trigram index took to build after (a live index costs ~1 ms
    of server time per 4.3 KB frame here; building it once is far cheaper)."""
    rng = random.Random(6 + first_index)
    keys = KeyMaker()
    start = datetime(2024, 5, 1, tzinfo=UTC)
    if bulk:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("DROP INDEX IF EXISTS frames_body_trgm")
            conn.execute("ALTER TABLE frames DISABLE TRIGGER frames_absorbed")
    began = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        for first in range(first_index, rows, LOAD_BATCH):
            batch = RowBatch.empty()
            for index in range(first, min(rows, first + LOAD_BATCH)):
                when = start + timedelta(milliseconds=index * 10)
                add_event(batch, received(consumption_frame_json(index, rng, when), when), ())
            write_rows(
                conn,
                PgRows(frames=[keyed_frame(keys, "bench", BENCH_DESK_ID, r) for r in batch.frames]),
            )
            if (first // LOAD_BATCH) % 20 == 0:
                done = first + LOAD_BATCH
                log(f"loaded {done:,} rows ({done / (time.perf_counter() - began):,.0f}/s)")
    loaded = time.perf_counter()
    result = {"load_rows_per_s": round((rows - first_index) / (loaded - began))}
    with psycopg.connect(dsn, autocommit=True) as conn:
        if bulk:
            log("building the trigram index")
            conn.execute("SET maintenance_work_mem = '1GB'")
            conn.execute("CREATE INDEX frames_body_trgm ON frames USING gin (body gin_trgm_ops)")
            conn.execute("ALTER TABLE frames ENABLE TRIGGER frames_absorbed")
            result["index_build_s"] = round(time.perf_counter() - loaded, 1)
        conn.execute("VACUUM ANALYZE frames")
    return result


def search(dsn: str) -> dict[str, Any]:
    pool: ConnectionPool[psycopg.Connection[tuple[Any, ...]]] = ConnectionPool(
        dsn, min_size=1, max_size=1, open=True
    )
    try:
        reader = PostgresReader(pool, parse_store_url(dsn))
        with pool.connection() as conn:
            (total,) = conn.execute("SELECT count(*) FROM frames").fetchone() or (0,)
            middle = conn.execute(
                "SELECT consumption_id FROM frames ORDER BY seq OFFSET %s LIMIT 1",
                (int(total) // 2,),
            ).fetchone()
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        consumption_id = str(middle[0]) if middle else "txc_"
        queries = {
            "consumption_id_fragment": consumption_id[-12:],
            "common_name": "Okafor",
            "absent_word": "no-such-value-anywhere",
            "email": "carla.cashier@shop",
        }
        timings: dict[str, float] = {}
        hits: dict[str, int] = {}
        for name, text in queries.items():
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                found = reader.search(text=text, limit=500)
                best = min(best, time.perf_counter() - started)
            timings[name] = round(best * 1000, 2)
            hits[name] = len(found)
    finally:
        pool.close()
    return {
        "rows": int(total),
        "database_mb": round(int(size[0]) / 1e6) if size else None,
        "search_ms": max(timings.values()),
        "queries_ms": timings,
        "hits": hits,
    }


def desks(dsn: str, seconds: int, work: Path, rate: int = STREAM_RATE) -> dict[str, Any]:
    """Four headless desks on one stream; see the module docstring."""
    count = seconds * rate
    arguments = ["--scenario", "burst", "--count", str(count), "--rate", str(rate)]
    with simulator_server(arguments) as sim:
        cashier = sim.info["credentials"]["cashier"]
        env = child_env(EWALLET_SECRET=cashier["authentication_token"])
        processes = []
        for n in range(DESKS):
            command = [
                python(), "-m", "ewallet_monitor", "listen",
                "--url", sim.info["url"], "--auth", "OMGClient", "--key", cashier["api_key"],
                "--channel", sim.cashier_topic, "--store", dsn,
                "--desk", f"desk-{n + 1}", "--data-dir", str(work / f"desk-{n + 1}"), "--quiet",
            ]  # fmt: skip
            processes.append(
                subprocess.Popen(
                    command,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                    cwd=REPO,
                )
            )
        try:
            finished = sim.wait_finished(seconds * 4 + 120)
            log(f"stream sent: {finished}")
            # Let the desks write what they received (at most a few commit intervals).
            deadline = time.monotonic() + 120
            with psycopg.connect(dsn, autocommit=True) as conn:
                while time.monotonic() < deadline:
                    (stored,) = conn.execute(
                        "SELECT count(*) FROM frames WHERE event = "
                        "'transaction_consumption_finalized'"
                    ).fetchone() or (0,)
                    if stored >= count:
                        break
                    time.sleep(0.5)
                time.sleep(2.0)  # the desks' last copies into frame_desks
        finally:
            for process in processes:
                process.send_signal(signal.SIGINT)
            errors = []
            for process in processes:
                try:
                    _out, err = process.communicate(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    _out, err = process.communicate()
                errors.append((process.returncode, err[-500:]))
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT count(*), count(DISTINCT (raw::jsonb #>> '{data,metadata,burst_seq}')), "
            "min(at_ms), max(at_ms) FROM frames WHERE event = 'transaction_consumption_finalized'"
        ).fetchone()
        per_desk = dict(
            conn.execute(
                "SELECT k.name, count(*) FROM frame_desks d JOIN desks k USING (desk_id) "
                "JOIN frames f USING (seq) "
                "WHERE f.event = 'transaction_consumption_finalized' GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        late = conn.execute(
            "SELECT max(first) FROM (SELECT d.desk_id, "
            "min((f.raw::jsonb #>> '{data,metadata,burst_seq}')::int) AS first "
            "FROM frame_desks d JOIN frames f USING (seq) "
            "WHERE f.event = 'transaction_consumption_finalized' GROUP BY 1) AS firsts"
        ).fetchone()
        after_all_joined = conn.execute(
            "SELECT count(*) FROM frame_desks d JOIN frames f USING (seq) "
            "WHERE f.event = 'transaction_consumption_finalized' "
            "AND (f.raw::jsonb #>> '{data,metadata,burst_seq}')::int >= %s",
            ((late[0] if late and late[0] is not None else 0),),
        ).fetchone()
    assert rows is not None
    stored, distinct, first_ms, last_ms = rows
    span = max((last_ms - first_ms) / 1000, 1e-3) if stored else 0.0
    all_joined_from = int(late[0]) if late and late[0] is not None else 0
    expected_after = (count - all_joined_from) * DESKS
    return {
        "stream_rate": rate,
        "events_sent": count,
        "stored": int(stored),
        "distinct": int(distinct),
        "lost": count - int(distinct),
        "duplicated": int(stored) - int(distinct),
        "events_per_s": round(int(stored) / span, 1) if span else 0.0,
        "per_desk": {str(k): int(v) for k, v in per_desk.items()},
        "all_joined_from_seq": all_joined_from,
        "missing_after_all_joined": expected_after
        - int(after_all_joined[0] if after_all_joined else 0),
        "desk_exits": [code for code, _err in errors],
        "desk_errors": [err for code, err in errors if code != 0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.postgres")
    parser.add_argument("--quick", action="store_true", help="100,000 rows, a 15 s stream")
    parser.add_argument("--tiny", action="store_true", help="tiny counts (the tests' check)")
    parser.add_argument("--store", metavar="URL", help="an existing (empty) database")
    parser.add_argument("--only", choices=("search", "desks"), help="run one part")
    parser.add_argument("--json", metavar="PATH", help="also write the result there")
    parser.add_argument(
        "--loaded",
        type=int,
        default=0,
        metavar="N",
        help="with --store: the database already holds the first N frames (a run cut short, "
        "or searches measured again): load the rest only",
    )
    parser.add_argument(
        "--rate", type=int, default=STREAM_RATE, help="the stream's events/s (default 1000)"
    )
    args = parser.parse_args(argv)
    mode = "tiny" if args.tiny else "quick" if args.quick else "full"
    counts = COUNTS[mode]
    result: dict[str, Any] = {
        "mode": mode,
        "counts": counts,
        "cpus": os.cpu_count(),
        # A shared machine's load is part of every figure.
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    with database(args.store) as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            migrate(conn)
        if args.only in (None, "desks"):
            with tempfile.TemporaryDirectory(prefix="ewallet-desks-") as work:
                log(f"{DESKS} headless desks, {counts['stream_seconds']} s at {args.rate}/s")
                stream = desks(dsn, counts["stream_seconds"], Path(work), args.rate)
            result["desks"] = stream
            result["desks_events_per_s"] = stream["events_per_s"]
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("TRUNCATE frames, frame_desks, consumption_stats CASCADE")
        if args.only in (None, "search"):
            log(f"loading {counts['search_rows']:,} frames")
            bulk = mode == "full"
            if args.loaded >= counts["search_rows"]:
                result["load"] = {"skipped": f"the database holds {args.loaded:,} frames"}
            else:
                result["load"] = load(
                    dsn, counts["search_rows"], bulk=bulk, first_index=args.loaded
                )
                result["load"]["index"] = (
                    "built after the load" if bulk else "kept up while loading"
                )
            result["search"] = search(dsn)
            result["search_ms_1m_pg"] = result["search"]["search_ms"]
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
