"""Text search over ten million stored events: ``python -m benchmarks.search_10m ROWS DIR``.

Builds a database of ``ROWS`` events in ``DIR`` through the store's writer directly
(:class:`SqliteWriter`, in batches as the writer loop hands them), fills its search index,
then times the text searches of ``benchmarks/search.py`` (best of three, newest 500
matches) through an :class:`EventStore`. ``search_ms`` is the slowest of them.

Before building it measures the bytes per row on a small sample and checks that ``DIR``
has twice what the full database needs; if not it emits ``{"skipped": reason}``.
The database is deleted at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import emit_result
from benchmarks.search import bytes_per_event, time_queries
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, CONSUMPTION_REQUEST, ServerFrame
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.bench import consumption_frame_json
from ewallet_monitor.store.reader import EventReader
from ewallet_monitor.store.writer import Load, SqliteWriter, SqliteWriterFactory

SAMPLE_ROWS = 20_000
# Batch size of a busy writer loop.
BATCH = 1000
TEMPLATES = 2000
# One consumption's events, as the simulator sends them: the request, its confirmation,
# its finalization.
STAGES = (
    (CONSUMPTION_REQUEST, "pending"),
    (CONSUMPTION_FINALIZED, "confirmed"),
    (CONSUMPTION_FINALIZED, None),  # the template's own final status
)
GB = 1e9


def _scrambled(number: int) -> str:
    """13 ULID characters, distinct for distinct ``number``s below 2**64 (an odd multiplier
    permutes them): ids as varied as real ones, for the id-fragment search (zero-padded
    counters share their trigrams with every row)."""
    value = (number * _MULTIPLIER) & _MASK
    return "".join(_ULID_ALPHABET[(value >> shift) & 31] for shift in _SHIFTS)


_ULID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_MULTIPLIER = 0x9E3779B97F4A7C15
_MASK = 2**64 - 1
_SHIFTS = tuple(range(60, -1, -5))


def frames(n: int, start: datetime) -> Iterator[FrameReceived]:
    """``n`` events, several per consumption, from pre-encoded templates: each consumption
    gets a fresh id and order note by substitution (a json.dumps per row would dominate)."""
    rng = random.Random(10)
    bases = [consumption_frame_json(i, rng, start) for i in range(TEMPLATES)]
    variants: list[list[tuple[str, str, str, str]]] = []
    for index, base in enumerate(bases):
        final_status = base["data"]["status"]
        stages = []
        for event, status in STAGES:
            payload = json.loads(json.dumps(base))
            payload["event"] = event
            payload["data"]["status"] = status or final_status
            text = json.dumps(payload, separators=(",", ":"))
            text = text.replace(f'"order {index}"', '"order @@"')
            stages.append((text, payload["topic"], event, payload["data"]["status"]))
        variants.append(stages)
    ids = [base["data"]["id"] for base in bases]
    for row in range(n):
        consumption, stage = divmod(row, len(STAGES))
        template = consumption % TEMPLATES
        text, topic, event, status = variants[template][stage]
        new_id = ids[template][:17] + _scrambled(consumption)
        raw = text.replace(ids[template], new_id).replace("@@", str(consumption))
        frame = ServerFrame(
            topic=topic,
            event=event,
            ref=None,
            data={"object": "transaction_consumption", "id": new_id, "status": status},
            success=True,
            error=None,
            raw=raw,
        )
        yield FrameReceived(frame=frame, at=start + timedelta(milliseconds=row))


def build(path: Path, rows: int) -> dict[str, float]:
    """Write ``rows`` events through the writer, then index them all; the two durations."""
    writer: SqliteWriter = SqliteWriterFactory(path).open()
    try:
        began = time.perf_counter()
        batch: list[FrameReceived] = []
        for event in frames(rows, datetime(2024, 5, 1, tzinfo=UTC)):
            batch.append(event)
            if len(batch) >= BATCH:
                writer.write(batch)
                batch = []
        if batch:
            writer.write(batch)
        built = time.perf_counter() - began
        began = time.perf_counter()
        # An idle writer loop's background rounds, back to back, until nothing is left.
        while writer.maintain(time.monotonic() + 1.0, Load.IDLE, lambda: False) <= 0:
            pass
        indexed = time.perf_counter() - began
    finally:
        writer.close()
    return {"build_s": built, "index_s": indexed}


def file_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def sample_bytes_per_row(directory: Path, rows: int = SAMPLE_ROWS) -> float:
    """Bytes per row of a small database built the same way."""
    with tempfile.TemporaryDirectory(prefix="search10m-sample-", dir=directory) as scratch:
        path = Path(scratch) / "sample.sqlite3"
        build(path, rows)
        return file_bytes(path) / rows


def disk_check(rows: int, bytes_per_row: float, free: int, directory: Path) -> str | None:
    """Why the run cannot go on (``None`` when ``free`` is twice the bytes needed)."""
    needed = rows * bytes_per_row
    if free >= 2 * needed:
        return None
    return (
        f"needs {2 * needed / GB:.1f} GB free (2 × {needed / GB:.1f} GB), "
        f"{directory} has {free / GB:.1f} GB"
    )


def search(path: Path) -> dict[str, Any]:
    store = EventStore(path)
    try:
        timings, hits = time_queries(store, path)
        reader = store.reader
        assert isinstance(reader, EventReader)  # an SQLite store's
        backlog = reader.index_backlog()
    finally:
        store.close()
    return {
        "search_ms": max(timings.values()),
        "queries_ms": timings,
        "hits": hits,
        "index_backlog": backlog,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    directory: Path = args.directory
    directory.mkdir(parents=True, exist_ok=True)
    per_row = sample_bytes_per_row(directory, min(SAMPLE_ROWS, max(args.rows, 1)))
    free = shutil.disk_usage(directory).free
    disk = {
        "sample_bytes_per_row": round(per_row, 1),
        "needed_bytes": round(args.rows * per_row),
        "free_bytes": free,
    }
    reason = disk_check(args.rows, per_row, free, directory)
    if reason is not None:
        emit_result({"rows": args.rows, "skipped": reason, "search_ms": None, **disk})
        return
    path = directory / "search-10m.sqlite3"
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    try:
        times = build(path, args.rows)
        size = file_bytes(path)
        found = search(path)
        sizes = bytes_per_event(path, args.rows)
    finally:
        if not args.keep:
            for part in path.parent.glob(path.name + "*"):
                part.unlink()
    emit_result(
        {
            "rows": args.rows,
            "build_s": round(times["build_s"], 1),
            "build_rows_per_s": round(args.rows / times["build_s"]),
            "index_s": round(times["index_s"], 1),
            "index_rows_per_s": round(args.rows / max(times["index_s"], 1e-6)),
            "db_bytes": size,
            "bytes_per_row": round(size / args.rows, 1),
            **sizes,
            **found,
            "disk": disk,
        }
    )


if __name__ == "__main__":
    main()
