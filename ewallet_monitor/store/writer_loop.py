"""The writer's loop: take what is queued, write it in batches, give the writer time for
background work between commits, answer markers. Shared by both transports.

The loop owns the timing (commit cadence, retries, the arrival rate that tells the writer
how busy the stream is) and nothing of the database: that is the
:class:`~ewallet_monitor.store.writer.EventWriter`'s.
"""

from __future__ import annotations

import collections
import logging
import time
from collections.abc import Callable
from dataclasses import replace

from ewallet_monitor.pipeline_limits import StoreLimits
from ewallet_monitor.store.items import Marker, MarkerKind, QueueItem, WriteItem
from ewallet_monitor.store.writer import EventWriter, Load, TransientWriteError, WriterStatus

log = logging.getLogger("ewallet_monitor.store.event_store")


class WriterLoop:
    """Runs ``writer`` over ``queue`` until a stop marker.

    ``wait(timeout)`` returns when items may have been queued or ``timeout`` passed (the
    thread transport waits on an event; the writer process reads its pipe into ``queue``).
    ``on_status`` is told every change of :class:`WriterStatus`, also while a refused
    write is being retried.
    """

    def __init__(
        self,
        writer: EventWriter,
        queue: collections.deque[QueueItem],
        *,
        wait: Callable[[float], None],
        on_status: Callable[[WriterStatus], None],
        limits: StoreLimits,
    ) -> None:
        self._writer = writer
        self._queue = queue
        self._wait = wait
        self._on_status = on_status
        self._limits = limits
        # Unknown until the first write: its result is always reported (a store that
        # swapped transports clears the loss message once writing works again).
        self._status: WriterStatus | None = None
        # The writer's own view as last seen: a change of it (a database lost or back
        # during background work) is reported without waiting for a write.
        self._own = writer.status()
        if self._own != WriterStatus():
            on_status(self._own)  # e.g. opened with its database unreachable
        self._busy = False  # the last drain wrote rows
        self._last_write = -float("inf")  # time.monotonic() of the last drain that wrote
        self._arrival_rate = 0.0  # rows per second over the last rate window
        self._window_rows = 0
        self._window_start = time.monotonic()

    def run(self) -> None:
        """Write until a stop marker has been reached (the writer is then closed)."""
        background_due = 0.0  # seconds until the writer's background work wants a turn
        limits = self._limits
        interval = limits.commit_interval
        quiet_drains = 0
        while True:
            if quiet_drains == 0:
                timeout = interval
            elif quiet_drains == 1:
                # Once after the stream stopped: the size check its last rows may be due.
                timeout = limits.size_check_interval
            else:
                # Nothing queued: only age retention is due on its own.
                timeout = limits.retention_interval
            self._wait(min(timeout, background_due))
            self._gather(interval)
            if self._drain():
                return
            quiet_drains = 0 if self._busy else quiet_drains + 1
            background_due = self._background(time.monotonic() + interval)
            if background_due <= 0:
                # Leave room for records to gather: a commit per few rows costs more.
                self._wait(min(0.01, interval))

    def _gather(self, interval: float) -> None:
        """While rows stream in, let them gather so there is one commit per ``interval``
        (a commit per few rows costs more than the rows); a marker or a full batch is
        written at once."""
        queue = self._queue
        deadline = self._last_write + interval
        batch_rows = self._limits.batch_rows
        while queue and len(queue) < batch_rows:
            left = deadline - time.monotonic()
            if left <= 0 or any(type(item) is Marker for item in queue):
                return
            self._wait(left)

    def _drain(self) -> bool:
        """Write what is queued now (not what arrives meanwhile, so a steady stream
        cannot starve background work); True when a stop marker was reached."""
        queue = self._queue
        batch_rows = self._limits.batch_rows
        budget = len(queue)
        self._busy = budget > 0
        if self._busy:
            self._last_write = time.monotonic()
        self._note_arrivals(budget)
        while budget > 0 and queue:
            items: list[WriteItem] = []
            markers: list[Marker] = []
            while queue and budget > 0 and len(items) < batch_rows:
                item = queue.popleft()
                budget -= 1
                if isinstance(item, Marker):
                    markers.append(item)
                    # Everything before the marker must be committed before it is set.
                    break
                items.append(item)
            if items:
                self._write_with_retry(items)
            for marker in markers:
                if marker.kind is MarkerKind.RETENTION:
                    self._retention()
                if marker.kind is MarkerKind.STOP:
                    self._writer.close()
                    marker.done.set()
                    return True
                marker.done.set()
        return False

    def _retention(self) -> None:
        try:
            self._writer.apply_retention()
        except TransientWriteError as exc:
            log.warning("event store retention failed: %s", exc)
            self._set_status(str(exc))

    def _note_arrivals(self, rows: int) -> None:
        self._window_rows += rows
        now = time.monotonic()
        elapsed = now - self._window_start
        if elapsed >= self._limits.rate_window:
            self._arrival_rate = self._window_rows / elapsed
            self._window_rows = 0
            self._window_start = now

    def _write_with_retry(self, items: list[WriteItem]) -> None:
        while True:
            try:
                self._writer.write(items)
            except TransientWriteError as exc:
                # Locked by another process, disk full, I/O error: keep the rows and retry.
                log.warning("event store write failed, retrying: %s", exc)
                self._set_status(str(exc))
                time.sleep(self._limits.write_retry_delay)
                continue
            self._set_status(None)
            return

    def _set_status(self, last_error: str | None) -> None:
        status = self._own = self._writer.status()
        if last_error is not None:
            status = replace(status, last_error=last_error)
        if status != self._status:
            self._status = status
            self._on_status(status)

    def _background(self, deadline: float) -> float:
        """One turn of the writer's background work; the seconds until it wants the next."""
        limits = self._limits
        queue = self._queue
        if not self._busy:
            load = Load.IDLE
        elif (
            len(queue) >= limits.index_only_below_queued
            or self._arrival_rate > limits.burst_rows_per_s
        ):
            load = Load.BURST
        else:
            load = Load.STREAMING
        try:
            due = self._writer.maintain(deadline, load, lambda: len(queue) >= limits.batch_rows)
        except TransientWriteError as exc:
            log.warning("event store background step failed: %s", exc)
            self._set_status(str(exc))
            return limits.write_retry_delay
        own = self._writer.status()
        if own != self._own:
            self._own = own
            self._set_status(None)
        return due


__all__ = ["WriterLoop", "WriterStatus"]
