"""CPU per received frame, stage by stage: ``python -m benchmarks.frame_stages [N]``.

Each stage of a received frame's way through the app's processes, on ``N`` realistic 4 KB
consumption frames (``store.bench.consumption_frame_json``), in CPU time
(``time.process_time``, best of three), so a busy machine's neighbours weigh less than in
the wall-clock benchmarks:

- ``engine_us``: lean decoding, the ``FrameReceived`` columns, pickling 256-item batches;
- ``window_us``: unpickling the batches, the event log's row of each frame;
- ``to_writer_us``: the window's re-pickling for the store writer (64 items a message);
- ``writer_us``: the writer's unpickling and row encoding (no SQLite).
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from benchmarks.common import emit_result
from ewallet_monitor.gc_policy import tune_for_streaming
from ewallet_monitor.models.event_log import record_from_event
from ewallet_monitor.pipes import dump_items, load_items
from ewallet_monitor.protocol.events import FrameReceived
from ewallet_monitor.protocol.frames import ServerFrame, decode_server_frame
from ewallet_monitor.store.bench import consumption_frame_json
from ewallet_monitor.store.rows import RowBatch, add_event

ENGINE_BATCH = 256
WRITER_BATCH = 64


def measure(count: int) -> dict[str, float]:
    """The per-frame CPU of each stage, in microseconds."""
    rng = random.Random(3)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    texts = [
        json.dumps(consumption_frame_json(i, rng, start), separators=(",", ":"))
        for i in range(count)
    ]

    def engine() -> list[bytes]:
        blobs: list[bytes] = []
        batch: list[FrameReceived] = []
        for text in texts:
            frame = decode_server_frame(text, lean=True)
            assert isinstance(frame, ServerFrame)
            batch.append(FrameReceived(frame, start))
            if len(batch) == ENGINE_BATCH:
                blobs.append(dump_items(batch))
                batch = []
        if batch:
            blobs.append(dump_items(batch))
        return blobs

    blobs = engine()

    def window() -> None:
        for blob in blobs:
            for item in load_items(blob):
                record_from_event(0, item)

    def to_writer() -> list[bytes]:
        out: list[bytes] = []
        for blob in blobs:
            items = load_items(blob)
            for first in range(0, len(items), WRITER_BATCH):
                out.append(dump_items(items[first : first + WRITER_BATCH]))
        return out

    writer_blobs = to_writer()

    def writer() -> None:
        batch = RowBatch.empty()
        for blob in writer_blobs:
            for item in load_items(blob):
                add_event(batch, item, ())

    def per_frame(stage: Callable[[], object]) -> float:
        best = float("inf")
        for _ in range(3):
            began = time.process_time()
            stage()
            best = min(best, time.process_time() - began)
        return round(best / count * 1e6, 2)

    return {
        "engine_us": per_frame(engine),
        "window_us": per_frame(window),
        "to_writer_us": per_frame(to_writer),
        "writer_us": per_frame(writer),
    }


def main(argv: list[str]) -> None:
    tune_for_streaming()
    count = int(argv[1]) if len(argv) > 1 else 20_000
    emit_result({"frames": count, **measure(count)})


if __name__ == "__main__":
    main(sys.argv)
