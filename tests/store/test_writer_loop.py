"""The writer loop's waits: it ticks at the commit cadence only while rows arrive."""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path

from ewallet_monitor.pipeline_limits import DEFAULT_STORE_LIMITS
from ewallet_monitor.store.items import Marker, MarkerKind, QueueItem
from ewallet_monitor.store.writer import SqliteWriterFactory
from ewallet_monitor.store.writer_loop import WriterLoop, WriterStatus
from tests.store.samples import mixed_events

LIMITS = DEFAULT_STORE_LIMITS


def waits_around(db_path: Path, arrive_at: int, stop_at: int) -> list[float]:
    """The timeouts a real SQLite writer's loop waits with, records queued at the
    ``arrive_at``-th wait and a stop at the ``stop_at``-th."""
    queue: deque[QueueItem] = deque()
    timeouts: list[float] = []

    def wait(timeout: float) -> None:
        timeouts.append(timeout)
        if len(timeouts) == arrive_at:
            queue.extend(mixed_events(5))
        if len(timeouts) == stop_at:
            queue.append(Marker(threading.Event(), MarkerKind.STOP))

    def on_status(status: WriterStatus) -> None:
        assert status.last_error is None

    writer = SqliteWriterFactory(db_path).open()
    WriterLoop(writer, queue, wait=wait, on_status=on_status, limits=LIMITS).run()
    return timeouts


def test_an_idle_writer_waits_for_the_next_record_and_ticks_again_when_rows_arrive(
    tmp_path: Path,
) -> None:
    timeouts = waits_around(tmp_path / "events.sqlite3", arrive_at=8, stop_at=16)
    before, after = timeouts[:8], timeouts[8:]
    # Idle from the start: after the opening steps, only age retention wakes it.
    assert before[-3:] == [LIMITS.retention_interval] * 3
    assert LIMITS.commit_interval not in before
    # Rows came: their indexing without waiting, one size check once they stopped, then
    # idle again.
    assert after[0] < LIMITS.commit_interval
    assert LIMITS.size_check_interval in after
    assert after[-3:] == [LIMITS.retention_interval] * 3
