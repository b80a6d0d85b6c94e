"""The writer loop's waits: it ticks at the commit cadence only while rows arrive."""

from __future__ import annotations

import threading
import time
from collections import deque
from pathlib import Path

from ewallet_monitor.pipeline_limits import DEFAULT_STORE_LIMITS
from ewallet_monitor.store.items import Marker, MarkerKind, QueueItem, WriteItem
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
    # Rows came: a commit interval to see whether more follow (then they are indexed),
    # one size check once they stopped, then idle again; never a tick faster than commits.
    assert after[0] == LIMITS.commit_interval
    assert min(after) >= LIMITS.commit_interval
    assert LIMITS.size_check_interval in after
    assert after[-3:] == [LIMITS.retention_interval] * 3


def test_a_steady_stream_is_committed_once_per_commit_interval_and_a_marker_at_once(
    tmp_path: Path,
) -> None:
    """Rows every 10 ms for 0.6 s: about six writes, not sixty; a flush marker queued in
    the stream is answered without waiting out the interval."""
    queue: deque[QueueItem] = deque()
    events = iter(mixed_events(60))
    writes: list[float] = []
    marker = Marker(threading.Event(), MarkerKind.FLUSH)
    marked_at: list[float] = []
    stopped: list[float] = []
    started = time.monotonic()
    next_row = started

    def wait(timeout: float) -> None:
        nonlocal next_row
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if now >= next_row:
                item = next(events, None)
                if item is None:
                    if not stopped:
                        queue.append(Marker(threading.Event(), MarkerKind.STOP))
                        stopped.append(now)
                else:
                    queue.append(item)
                    next_row += 0.01
                    if now - started > 0.3 and not marker.done.is_set() and marker not in queue:
                        queue.append(marker)
                        marked_at.append(now)
                return
            if now >= deadline:
                return
            time.sleep(min(deadline, next_row) - now)

    writer = SqliteWriterFactory(tmp_path / "events.sqlite3").open()
    real_write = writer.write

    def counting_write(items: list[WriteItem]) -> None:
        writes.append(time.monotonic())
        real_write(items)

    writer.write = counting_write  # type: ignore[method-assign]
    loop = WriterLoop(writer, queue, wait=wait, on_status=lambda _status: None, limits=LIMITS)
    waiter = threading.Thread(target=loop.run)
    waiter.start()
    assert marker.done.wait(5)
    answered = time.monotonic()
    waiter.join(10)
    assert not waiter.is_alive()
    assert 3 <= len(writes) <= 12, writes
    assert answered - marked_at[0] < LIMITS.commit_interval / 2
