"""How queued items reach the writer: in a thread of this process, or in a process of its
own. Both are a :class:`WriterTransport`; the store's queue sees nothing else of them.

A transport takes items from the queue it is given (a ``deque`` the store appends to from
any thread), runs a :class:`~ewallet_monitor.store.writer_loop.WriterLoop` over a writer
its :class:`~ewallet_monitor.store.writer.WriterFactory` opens, and reports the writer's
:class:`~ewallet_monitor.store.writer.WriterStatus`. When a writer process is lost,
:class:`ProcessTransport` puts back in front of the queue what it never had stored and
calls ``on_lost``: the store then swaps in a :class:`ThreadTransport` on the same queue.
"""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from ewallet_monitor.store.items import Marker, MarkerKind, QueueItem
from ewallet_monitor.store.limits import StoreLimits
from ewallet_monitor.store.writer import WriterFactory, WriterStatus
from ewallet_monitor.store.writer_loop import WriterLoop
from ewallet_monitor.store.writer_process import (
    SECRETS,
    Control,
    WriterLink,
    WriterOptions,
)

log = logging.getLogger("ewallet_monitor.store.event_store")


class WriterTransport(Protocol):
    """Carries the queue's items to a writer and its status back."""

    @property
    def alive(self) -> bool:
        """The writer runs (False once it stopped at a stop marker, or was lost)."""
        ...

    def queued(self, length: int) -> None:
        """Items were appended; the queue now holds ``length``. Cheap: called per record."""
        ...

    def wake(self) -> None:
        """A marker was appended: take it now."""
        ...

    def set_secrets(self, secrets: tuple[str, ...]) -> None:
        """Redact these from everything not yet written."""
        ...

    def join(self, timeout: float) -> bool:
        """After a stop marker: wait until the writer has stopped; False on timeout."""
        ...


class ThreadTransport:
    """The writer loop in a thread of this process ("event-store-writer").

    Opens the writer at once, so a database that cannot be used raises here.
    """

    def __init__(
        self,
        factory: WriterFactory,
        queue: collections.deque[QueueItem],
        *,
        on_status: Callable[[WriterStatus], None],
        limits: StoreLimits,
    ) -> None:
        self._writer = factory.open()
        self._queue = queue
        self._batch_rows = limits.batch_rows
        self._wake = threading.Event()
        self._loop = WriterLoop(
            self._writer, queue, wait=self._wait, on_status=on_status, limits=limits
        )
        self._thread = threading.Thread(
            target=self._loop.run, name="event-store-writer", daemon=True
        )
        self._thread.start()

    @property
    def writer(self) -> object:
        """The writer this thread runs (for tests of its settings)."""
        return self._writer

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def queued(self, length: int) -> None:
        # is_set() takes no lock; set() does, and the writer holds it while it waits.
        if length >= self._batch_rows and not self._wake.is_set():
            self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def set_secrets(self, secrets: tuple[str, ...]) -> None:
        # One assignment, read by the writer at its next batch.
        self._writer.set_secrets(secrets)

    def join(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _wait(self, timeout: float) -> None:
        self._wake.wait(timeout)
        self._wake.clear()


class ProcessTransport:
    """The writer loop in a child process, fed through a pipe by a shipper thread here
    ("event-store-shipper"). The child opens its own writer from ``factory`` (pickled).

    ``on_lost(message)`` is called on the shipper thread once the child is gone before a
    stop, after what it never stored has been put back in front of the queue (markers it
    never answered first, in order, then what was not sent).
    """

    def __init__(
        self,
        factory: WriterFactory,
        queue: collections.deque[QueueItem],
        *,
        on_status: Callable[[WriterStatus], None],
        on_lost: Callable[[str], None],
        limits: StoreLimits,
    ) -> None:
        self._queue = queue
        self._limits = limits
        self._on_lost = on_lost
        self._wake_event = threading.Event()
        # Set by the shipper when it sleeps with nothing queued: the next item queued
        # wakes it (otherwise it would tick ship_interval with nothing to send).
        self.idle = False
        self._secrets: tuple[str, ...] | None = None
        self._secrets_lock = threading.Lock()
        options = WriterOptions(
            factory=factory, limits=limits, log_level=logging.getLogger().getEffectiveLevel()
        )
        self._link = WriterLink(options, on_status=on_status, on_lost=self._wake_event.set, log=log)
        self._thread = threading.Thread(target=self._ship, name="event-store-shipper", daemon=True)
        self._thread.start()

    @property
    def pid(self) -> int | None:
        """The writer process's id."""
        pid: int | None = self._link.process.pid
        return pid

    @property
    def process(self) -> Any:
        """The writer process (a ``multiprocessing`` process)."""
        return self._link.process

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def queued(self, length: int) -> None:
        if self.idle or (length >= self._limits.batch_rows and not self._wake_event.is_set()):
            self.wake()

    def wake(self) -> None:
        self.idle = False
        self._wake_event.set()

    def set_secrets(self, secrets: tuple[str, ...]) -> None:
        # Sent ahead of everything still queued, as the thread applies them at once.
        with self._secrets_lock:
            self._secrets = secrets
        self.wake()

    def join(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _take_secrets(self) -> list[Any]:
        with self._secrets_lock:
            secrets, self._secrets = self._secrets, None
        return [] if secrets is None else [Control(SECRETS, secrets=secrets)]

    def _ship(self) -> None:
        """Shipper thread: send what is queued to the writer process, in order."""
        queue = self._queue
        link = self._link
        interval = self._limits.ship_interval
        max_items = self._limits.ship_max_items
        timeout: float | None = interval
        while True:
            self._wake_event.wait(timeout)
            self._wake_event.clear()
            batch: list[Any] = self._take_secrets()
            if not queue and not batch and not link.lost:
                # A whole interval with nothing to send: sleep until something is queued.
                self.idle = True
                if not queue:  # queued before the flag was seen: ship it now
                    timeout = None
                    continue
            self.idle = False
            timeout = interval
            stop = False
            while (queue or batch) and not stop:
                if queue:
                    item = queue.popleft()
                    if isinstance(item, Marker):
                        batch.append(link.control_for(item))
                        stop = item.kind is MarkerKind.STOP
                    else:
                        batch.append(item)
                if len(batch) >= max_items or stop or not queue:
                    if not link.send(batch):
                        self._lost(batch)
                        return
                    batch = []
            if link.lost and not stop:
                self._lost([])
                return
            if stop:
                link.await_exit()
                return

    def _lost(self, unsent: list[Any]) -> None:
        taken = self._link.take_back(unsent)
        # Back in front of the queue, in order: the markers sent and never answered (what
        # preceded them is written again, so their waiters are released after it), then
        # what was not sent (its markers where they were).
        self._queue.extendleft(reversed([*taken.unanswered, *taken.unsent]))
        self._on_lost(
            f"the event store's writer process stopped unexpectedly (exit code "
            f"{taken.exit_code}); writing from the application's process, the events of "
            "its last moments may be missing"
        )


__all__ = ["ProcessTransport", "ThreadTransport", "WriterTransport"]
