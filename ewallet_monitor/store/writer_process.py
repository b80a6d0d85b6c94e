"""The event store's writer in a process of its own (``EventStore(..., separate_process=True)``).

Why a process: the writer's Python work (redaction, rows, parameter binding) holds the GIL
for ~20 µs per frame, and every GIL hand-over between it and the socket's (or the GUI's)
thread costs a context switch. Measured on the headless pipeline: the socket thread needed
59 µs of CPU per frame alone and 77–89 µs with the writer thread beside it. In a process of
its own the writer costs the sender ~2 µs per frame (pickling strings into a pipe).

The child runs an ordinary :class:`EventStore` (writer thread) fed from the pipe, so every
storage rule (batches, commit cadence, retention, search index) is the same code. The
parent's side of the pipes is a :class:`WriterLink`, driven by the store's shipper thread.

Parent → child: batches in the app's pipe codec (:mod:`ewallet_monitor.pipes`) whose items
are a :class:`Control` or any other queued object (events, audit rows) as is.
Child → parent: ``("done", marker_id)``, ``("status", last_error, dropped)``,
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
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ewallet_monitor.gc_policy import tune_for_streaming
from ewallet_monitor.heap_policy import start_returning_freed_memory
from ewallet_monitor.pipes import dump_items, enlarge_pipe, load_items

if TYPE_CHECKING:
    from ewallet_monitor.store.event_store import EventStore

# A child that has not exited this long after its stop was acknowledged is killed.
EXIT_GRACE_SECONDS = 5.0
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


@dataclass(frozen=True, slots=True)
class Marker:
    """A point in a store's queue: ``done`` is set once everything queued before it is
    committed; ``retention`` applies retention first; ``stop`` ends the writer.

    Defined here, not in :mod:`event_store`, so the child's feed can queue one without
    importing that module (which imports this one). On the pipe it is a :class:`Control`.
    """

    done: threading.Event
    stop: bool = False
    retention: bool = False


@dataclass(frozen=True, slots=True)
class WriterOptions:
    """What the child's :class:`EventStore` is opened with (pickled by ``spawn``)."""

    path: Path
    retention_days: float | None
    max_bytes: int | None
    secrets: tuple[str, ...]
    commit_interval: float
    batch_rows: int
    retention_interval: float
    busy_timeout: float
    log_level: int

    def store_keywords(self) -> dict[str, Any]:
        """The child's ``EventStore`` keyword arguments (every field but the path and the
        log level)."""
        keywords = {field.name: getattr(self, field.name) for field in fields(self)}
        del keywords["path"], keywords["log_level"]
        return keywords


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
        # Daemonic so a crashed window cannot leave it behind; EventStore.close (also run
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
    passes the child's ``(last_error, dropped)`` to ``on_status``, logs the child's log
    records as the parent's own, and calls ``on_lost`` once the child is gone (exited or
    killed). ``log`` is where the link's own errors go.
    """

    def __init__(
        self,
        options: WriterOptions,
        *,
        on_status: Callable[[str | None, int], None],
        on_lost: Callable[[], None],
        log: logging.Logger,
    ) -> None:
        self.process, self._items, replies = start_writer(options)
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
        kind = STOP if marker.stop else RETENTION if marker.retention else FLUSH
        return Control(kind, marker_id)

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
        it after :data:`EXIT_GRACE_SECONDS`."""
        process = self.process
        process.join(EXIT_GRACE_SECONDS)
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
        process.join(EXIT_GRACE_SECONDS)
        # The replies end with the child: once they have, no late "done" can pop a
        # marker while the unanswered ones are being taken back.
        self._listener.join(EXIT_GRACE_SECONDS)
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
                    self._on_status(reply[1], reply[2])
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
    """The child's writer loop reads the pipe through this (one busy thread: a reader
    thread beside the writer would hand the GIL back and forth for every frame)."""

    # Reading stops while this many items wait to be written, so a steady stream cannot
    # keep the writer from committing and a fast one waits in the pipe (whose fullness
    # the application sees as its own backlog and answers with flow control).
    MAX_QUEUED_ITEMS = 4096

    def __init__(self, items: multiprocessing.connection.Connection, replies: _Replies) -> None:
        self._items = items
        self._replies = replies
        self._ended = False
        self.status: tuple[str | None, int] = (None, 0)

    def __call__(self, store: EventStore, timeout: float) -> None:
        if not self._ended and self._items.poll(timeout):
            while store.pending < self.MAX_QUEUED_ITEMS:
                try:
                    batch = load_items(self._items.recv_bytes())
                except (EOFError, OSError):
                    # The parent is gone (or closed): store what arrived, then stop.
                    self._ended = True
                    store._queue_from_feed([Marker(threading.Event(), stop=True)])
                    break
                received: list[Any] = []
                for item in batch:
                    if type(item) is Control:
                        if item.kind == SECRETS:
                            # Applies to everything not yet written, as set_secrets does.
                            store.set_secrets(item.secrets)
                        else:
                            received.append(self._marker(item))
                    else:
                        received.append(item)
                store._queue_from_feed(received)
                if not self._items.poll(0):
                    break
        elif self._ended and timeout:
            time.sleep(timeout)  # only what is queued is left to write
        self.report(store)

    def report(self, store: EventStore) -> None:
        """Tell the parent the store's (last_error, dropped) when they changed."""
        now = (store.last_error, store.dropped)
        if now != self.status:
            self._replies.send(("status", *now))
            self.status = now

    def _marker(self, control: Control) -> Marker:
        done = _AnsweringEvent(self._replies, control.marker_id)
        return Marker(done, stop=control.kind == STOP, retention=control.kind == RETENTION)


def serve(
    options: WriterOptions,
    items: multiprocessing.connection.Connection,
    reply_connection: multiprocessing.connection.Connection,
) -> None:
    """The child's main: store what arrives until a stop (or the parent's EOF)."""
    # Imported here: the parent imports this module from event_store.
    from ewallet_monitor.store.event_store import EventStore

    _yield_to_the_application()
    replies = _Replies(reply_connection)
    root = logging.getLogger()
    root.handlers[:] = [_ReplyLogHandler(replies)]
    root.setLevel(options.log_level)
    feed = _PipeFeed(items, replies)
    try:
        store = EventStore(
            options.path, **options.store_keywords(), _feed=feed, _on_status=feed.report
        )
    except Exception as exc:
        replies.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    # Received frames wait in the queue by the thousand during a burst: the same
    # collector settings as the processes that stream them.
    tune_for_streaming()
    start_returning_freed_memory()
    store._thread.join()  # the writer loop ends at the stop marker (or the parent's EOF)
    store.close()
    feed.report(store)


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
    "Marker",
    "TakenBack",
    "WriterLink",
    "WriterOptions",
    "serve",
    "start_writer",
]
