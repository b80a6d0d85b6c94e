"""Text search over a store filled by the GUI run: ``python -m benchmarks.search DB``.

Opens the database with an :class:`EventStore` (whose writer finishes the search index in
the background), waits until the index has caught up, then times text searches (best of
three each, newest 500 matches, as the history view asks). ``search_ms`` is the slowest
of the text queries.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path
from typing import Any

from benchmarks.common import emit_result
from ewallet_monitor.store import EventStore

INDEX_TIMEOUT = 1800.0


def queries(database: Path) -> dict[str, dict[str, Any]]:
    """A rare id fragment, a name on many rows, a word in no row, an amount."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        middle = connection.execute(
            "SELECT consumption_id FROM frames WHERE consumption_id IS NOT NULL "
            "ORDER BY seq LIMIT 1 OFFSET (SELECT count(*) / 2 FROM frames)"
        ).fetchone()
    finally:
        connection.close()
    consumption_id = middle[0] if middle else "txc_"
    return {
        "consumption_id_fragment": {"text": consumption_id[-12:]},
        "common_name": {"text": "Okafor"},
        "absent_word": {"text": "no-such-value-anywhere"},
        "email": {"text": "carla.cashier@shop"},
    }


def time_queries(store: EventStore, database: Path) -> tuple[dict[str, float], dict[str, int]]:
    """Each of :func:`queries` through ``store``: the best of three in ms, and its hits."""
    timings: dict[str, float] = {}
    hits: dict[str, int] = {}
    for name, query in queries(database).items():
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            found = store.search(**query)
            best = min(best, time.perf_counter() - started)
        timings[name] = round(best * 1000, 2)
        hits[name] = len(found)
    return timings, hits


def bytes_per_event(database: Path, rows: int) -> dict[str, float | None]:
    """The file's bytes per stored event, the search index (FTS5 tables) apart from the
    data (frames, their indexes, statistics, the rest); ``None`` without SQLite's dbstat."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        sizes = connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.Error:
        return {"db_data_bytes_per_event": None, "db_index_bytes_per_event": None}
    finally:
        connection.close()
    index = sum(size for name, size in sizes if name.startswith("frames_fts"))
    data = sum(size for _name, size in sizes) - index
    per = max(rows, 1)
    return {
        "db_data_bytes_per_event": round(data / per, 1),
        "db_index_bytes_per_event": round(index / per, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    args = parser.parse_args()
    store = EventStore(args.database)
    try:
        rows = store.count()
        began = time.perf_counter()
        deadline = time.monotonic() + INDEX_TIMEOUT
        while store.reader.index_backlog() and time.monotonic() < deadline:
            time.sleep(0.25)
        index_wait = time.perf_counter() - began
        timings, hits = time_queries(store, args.database)
        backlog = store.reader.index_backlog()
    finally:
        store.close()
    sizes = bytes_per_event(args.database, rows)
    emit_result(
        {
            "rows": rows,
            "index_wait_s": round(index_wait, 1),
            "index_backlog": backlog,
            "search_ms": max(timings.values()),
            "queries_ms": timings,
            "hits": hits,
            **sizes,
        }
    )


if __name__ == "__main__":
    main()
