"""The process transport's two ends: the parent's :class:`WriterLink` and the child's
:func:`serve`, which runs a :class:`~ewallet_monitor.store.writer_loop.WriterLoop` over the
writer its :class:`~ewallet_monitor.store.writer.WriterFactory` opens.

Why a process: the writer's Python work (redaction, rows, parameter binding) holds the GIL
for ~20 µs per frame, and every GIL hand-over between it and the socket's (or the GUI's)
thread costs a context switch. In a process of its own the writer costs the sender ~2 µs
per frame (pickling strings into a pipe); the figures are in docs/benchmarks.md.

Parent → child: batches in the app's pipe codec (:mod:`ewallet_monitor.pipes`) whose items
are a :class:`Control` or any other queued item (events, audit rows) as is.
Child → parent: ``("done", marker_id)``, ``("status", WriterStatus)``,
``("log", levelno, logger_name, message)``, ``("failed", message)``.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import multiprocessing.connection

# Imported now, so multiprocessing's exit handler is registered before the store's (handlers
# run last-registered first): the store stops its writer before multiprocessing ends it.
import multiprocessing.util
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ewallet_monitor.gc_policy import tune_for_streaming
from ewallet_monitor.heap_policy import start_returning_freed_memory
from ewallet_monitor.pipes import dump_items, enlarge_pipe, load_items
from ewallet_monitor.store.items import Marker, MarkerKind, QueueItem
from ewallet_monitor.store.limits import StoreLimits
from ewallet_monitor.store.writer import EventWriter, WriterFactory, WriterStatus
from ewallet_monitor.store.writer_loop import WriterLoop

# Where the OS has no batch scheduling class (see _yield_to_the_application), the child
# lowers its priority by this much (POSIX nice).
WRITER_NICENESS = 10

FLUSH = "flush"
RETENTION = "retention"
STOP = "stop"
SECRETS = "secrets"


@dataclass(frozen=True, slots=True)
class Control:
    """An instruction in the item stream, applied in order with the items around it.

    ``flush``/``retention``/``stop`` are answered with ``("done", marker_id)`` once
    everything before them is committed; ``secrets`` replaces the redacted strings.
    """

    kind: str
    marker_id: int = 0
    secrets: tuple[str, ...] = ()


_KINDS = {MarkerKind.FLUSH: FLUSH, MarkerKind.RETENTION: RETENTION, MarkerKind.STOP: STOP}
_MARKER_KINDS = {kind: marker_kind for marker_kind, kind in _KINDS.items()}


@dataclass(frozen=True, slots=True)
class WriterOptions:
    """What the child opens and runs (pickled by ``spawn``)."""

    factory: WriterFactory
    limits: StoreLimits
    log_level: int


def start_writer(
    options: WriterOptions,
) -> tuple[Any, multiprocessing.connection.Connection, multiprocessing.connection.Connection]:
    """Start the writer process; returns (process, items connection, replies connection)."""
    context = multiprocessing.get_context("spawn")
    items_in, items_out = context.Pipe(duplex=False)
    replies_in, replies_out = context.Pipe(duplex=False)
    enlarge_pipe(items_out.fileno())
    process = context.Process(
        target=serve,
        args=(options, items_in, replies_out),
        name="ewallet-store-writer",
        # Daemonic so a crashed window cannot leave it behind; the store's close (also run
        # at exit, before multiprocessing's own exit handler) stops it properly first.
        daemon=True,
    )
    try:
        process.start()
    finally:
        # Only the child holds these ends now: our exit is its EOF, its exit ours.
        items_in.close()
        replies_out.close()
    return process, items_out, replies_in


@dataclass(frozen=True, slots=True)
class TakenBack:
    """What a lost child leaves to its parent (see :meth:`WriterLink.take_back`)."""

    exit_code: int | None
    unanswered: list[Marker]
    """Markers sent and never answered, in the order they were sent."""
    unsent: list[Any]
    """The batch that could not be sent, back in its queued form and order (markers
    included, secrets left out)."""
    secrets: tuple[str, ...] | None
    """The secrets of a ``secrets`` control among the unsent (the last one), to apply again."""


class WriterLink:
    """The parent's side of a writer process: starts it, sends it batches, and sets the
    ``done`` of each marker it answers.

    One thread (the store's shipper) calls :meth:`control_for`, :meth:`send`,
    :meth:`await_exit` and :meth:`take_back`; the child stores batches in the order they
    are sent. The link's replies thread ("event-store-replies") sets answered markers,
    passes the child's :class:`WriterStatus` to ``on_status``, logs the child's log
    records as the parent's own, and calls ``on_lost`` once the child is gone (exited or
    killed). ``log`` is where the link's own errors go.
    """

    def __init__(
        self,
        options: WriterOptions,
        *,
        on_status: Callable[[WriterStatus], None],
        on_lost: Callable[[], None],
        log: logging.Logger,
    ) -> None:
        self.process, self._items, replies = start_writer(options)
        self._exit_grace = options.limits.exit_grace
        self._on_status = on_status
        self._on_lost = on_lost
        self._log = log
        self._lost = threading.Event()
        self._markers: dict[int, Marker] = {}
        self._marker_ids = itertools.count(1)
        self._listener = threading.Thread(
            target=self._listen, args=(replies,), name="event-store-replies", daemon=True
        )
        self._listener.start()

    @property
    def lost(self) -> bool:
        """The child is gone (its replies ended): nothing sent from now on is stored."""
        return self._lost.is_set()

    def control_for(self, marker: Marker) -> Control:
        """The pipe form of ``marker``, under a new id; its ``done`` is set when the child
        answers (it stays unset if the child never does)."""
        marker_id = next(self._marker_ids)
        self._markers[marker_id] = marker
        return Control(_KINDS[marker.kind], marker_id)

    def send(self, batch: list[Any]) -> bool:
        """Send a batch of pipe items (queued events, :meth:`control_for`, ``secrets``
        controls); False, and nothing sent, once the child is lost."""
        if self._lost.is_set():
            return False
        try:
            self._items.send_bytes(dump_items(batch))
        except (OSError, ValueError):
            return False
        return True

    def await_exit(self) -> None:
        """After the stop was sent: wait for the child to end (it has committed), killing
        it after the limits' ``exit_grace``."""
        process = self.process
        process.join(self._exit_grace)
        if process.is_alive():
            self._log.error("the event store's writer process did not exit; killing it")
            process.kill()
            process.join()
        self._items.close()
        # Waiters of markers the writer never answered get False from their wait.
        self._markers.clear()

    def take_back(self, unsent: list[Any]) -> TakenBack:
        """After a loss (:attr:`lost`, or ``send`` returned False): wait for the child's
        exit, close the items pipe, and give back what it will never answer or store;
        ``unsent`` is the batch that was not sent. Call once; the link is done after."""
        process = self.process
        process.join(self._exit_grace)
        # The replies end with the child: once they have, no late "done" can pop a
        # marker while the unanswered ones are being taken back.
        self._listener.join(self._exit_grace)
        with contextlib.suppress(OSError):
            self._items.close()
        restored: list[Any] = []
        secrets: tuple[str, ...] | None = None
        for item in unsent:
            if type(item) is Control:
                if item.kind == SECRETS:
                    secrets = item.secrets
                else:
                    restored.append(self._markers.pop(item.marker_id))
                continue
            restored.append(item)
        unanswered = [self._markers.pop(marker_id) for marker_id in sorted(self._markers)]
        return TakenBack(process.exitcode, unanswered, restored, secrets)

    def _listen(self, replies: multiprocessing.connection.Connection) -> None:
        """Replies thread: markers done, status, the child's log records, its end."""
        try:
            while True:
                try:
                    reply = replies.recv()
                except (EOFError, OSError):
                    break
                kind = reply[0]
                if kind == "done":
                    marker = self._markers.pop(reply[1], None)
                    if marker is not None:
                        marker.done.set()
                elif kind == "status":
                    self._on_status(reply[1])
                elif kind == "log":
                    logging.getLogger(reply[2]).log(reply[1], "%s", reply[3])
                elif kind == "failed":
                    self._log.error(
                        "the event store's writer process could not start: %s", reply[1]
                    )
        finally:
            replies.close()
            self._lost.set()
            self._on_lost()


class _Replies:
    """The child's end of the replies pipe, shared by its two threads (a lock keeps their
    messages whole); a parent that is gone is ignored."""

    def __init__(self, connection: multiprocessing.connection.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    def send(self, message: tuple[Any, ...]) -> None:
        with self._lock, contextlib.suppress(OSError, ValueError):
            self._connection.send(message)


class _ReplyLogHandler(logging.Handler):
    """Sends the child's log records to the parent, which logs them as its own."""

    def __init__(self, replies: _Replies) -> None:
        super().__init__()
        self._replies = replies

    def emit(self, record: logging.LogRecord) -> None:
        self._replies.send(("log", record.levelno, record.name, record.getMessage()))


class _AnsweringEvent(threading.Event):
    """A marker's event that, once set (what preceded it is committed), tells the parent."""

    def __init__(self, replies: _Replies, marker_id: int) -> None:
        super().__init__()
        self._replies = replies
        self._marker_id = marker_id

    def set(self) -> None:
        super().set()
        self._replies.send(("done", self._marker_id))


class _PipeFeed:
    """The child's writer loop waits through this: it reads the pipe into the loop's queue
    (one busy thread: a reader thread beside the writer would hand the GIL back and forth
    for every frame)."""

    def __init__(
        self,
        items: multiprocessing.connection.Connection,
        replies: _Replies,
        queue: deque[QueueItem],
        writer: EventWriter,
        max_queued: int,
    ) -> None:
        self._items = items
        self._replies = replies
        self._queue = queue
        self._writer = writer
        # Reading stops while this many items wait to be written, so a steady stream
        # cannot keep the writer from committing and a fast one waits in the pipe (whose
        # fullness the application sees as its own backlog and answers with flow control).
        self._max_queued = max_queued
        self._ended = False

    def __call__(self, timeout: float) -> None:
        if not self._ended and self._items.poll(timeout):
            queue = self._queue
            while len(queue) < self._max_queued:
                try:
                    batch = load_items(self._items.recv_bytes())
                except (EOFError, OSError):
                    # The parent is gone (or closed): store what arrived, then stop.
                    self._ended = True
                    queue.append(Marker(threading.Event(), MarkerKind.STOP))
                    break
                received: list[QueueItem] = []
                for item in batch:
                    if type(item) is Control:
                        if item.kind == SECRETS:
                            # Applies to everything not yet written, as in the thread.
                            self._writer.set_secrets(item.secrets)
                        else:
                            received.append(self._marker(item))
                    else:
                        received.append(item)
                queue.extend(received)
                if not self._items.poll(0):
                    break
        elif self._ended and timeout:
            time.sleep(timeout)  # only what is queued is left to write

    def report(self, status: WriterStatus) -> None:
        """Tell the parent the writer's status (called by the loop when it changes)."""
        self._replies.send(("status", status))

    def _marker(self, control: Control) -> Marker:
        done = _AnsweringEvent(self._replies, control.marker_id)
        return Marker(done, _MARKER_KINDS[control.kind])


def serve(
    options: WriterOptions,
    items: multiprocessing.connection.Connection,
    reply_connection: multiprocessing.connection.Connection,
) -> None:
    """The child's main: store what arrives until a stop (or the parent's EOF)."""
    _yield_to_the_application()
    replies = _Replies(reply_connection)
    root = logging.getLogger()
    root.handlers[:] = [_ReplyLogHandler(replies)]
    root.setLevel(options.log_level)
    try:
        writer = options.factory.open()
    except Exception as exc:
        replies.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    queue: deque[QueueItem] = deque()
    feed = _PipeFeed(items, replies, queue, writer, options.limits.child_max_queued)
    loop = WriterLoop(writer, queue, wait=feed, on_status=feed.report, limits=options.limits)
    # Received frames wait in the queue by the thousand during a burst: the same
    # collector settings as the processes that stream them.
    tune_for_streaming()
    start_returning_freed_memory()
    loop.run()  # ends at the stop marker (or the parent's EOF), the writer closed


def _yield_to_the_application() -> None:
    """Let the socket and the window run first when they wake up, without starving the
    writer. On Linux the child runs in the batch scheduling class (SCHED_BATCH): its fair
    share of the CPU, but it never preempts a process that wakes up. Elsewhere on POSIX it
    lowers its priority by WRITER_NICENESS; on Windows it keeps the normal priority.

    Measured on 2 cores: at nice +10 a writer that fell behind in a
    burst got the CPU only once flow control had stopped the rest (the intake paused 21-26
    s of 46), so one core idled; in the batch class 7-9 s, and the window took
    8,790-9,724 instead of 6,914-7,999 frames/s. At 1000 events/s send → table p99 stayed
    under 100 ms (68-89 against 56-88).
    """
    setscheduler = getattr(os, "sched_setscheduler", None)
    batch = getattr(os, "SCHED_BATCH", None)
    if setscheduler is not None and batch is not None:
        with contextlib.suppress(OSError):
            setscheduler(0, batch, os.sched_param(0))
            return
    nice = getattr(os, "nice", None)
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(WRITER_NICENESS)


__all__ = [
    "Control",
    "TakenBack",
    "WriterLink",
    "WriterOptions",
    "serve",
    "start_writer",
]
