"""The event store's writer in a process of its own (``EventStore(..., separate_process=True)``).

Why a process: the writer's Python work (redaction, rows, parameter binding) holds the GIL
for ~20 µs per frame, and every GIL hand-over between it and the socket's (or the GUI's)
thread costs a context switch. Measured on the headless pipeline: the socket thread needed
59 µs of CPU per frame alone and 77–89 µs with the writer thread beside it. In a process of
its own the writer costs the sender ~1 µs per frame (pickling strings into a pipe).

The child runs an ordinary :class:`EventStore` (writer thread) fed from the pipe, so every
storage rule (batches, commit cadence, retention, search index) is the same code.

Parent → child: pickled lists whose items are a :class:`FrameDigest`'s fields as a plain
tuple, a :class:`Control`, or any other queued object (events, audit rows) as is.
Child → parent: ``("done", marker_id)``, ``("status", last_error, dropped)``,
``("log", levelno, logger_name, message)``, ``("failed", message)``.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection

# Imported now, so multiprocessing's exit handler is registered before the store's (handlers
# run last-registered first): the store stops its writer before multiprocessing ends it.
import multiprocessing.util
import os
import pickle
import threading
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ewallet_monitor.gc_policy import tune_for_streaming
from ewallet_monitor.pipes import enlarge_pipe
from ewallet_monitor.protocol.events import FrameDigest

PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL
# A child that has not exited this long after its stop was acknowledged is killed.
EXIT_GRACE_SECONDS = 5.0
# The child lowers its CPU priority by this much (POSIX nice): when the cores are busy the
# socket and the window run first, and the writer works in what they leave (the
# application's flow control bounds its backlog). Measured at 1000 events/s on 2 cores,
# where the search index keeps the writer ~40 % busy: send → table p99 83-91 -> 71-77 ms.
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


def to_wire(item: Any) -> Any:
    """The pipe form of a queued item: a digest as a plain tuple (a named tuple would
    pickle a reference to its class with every row); anything else unchanged."""
    return tuple(item) if type(item) is FrameDigest else item


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

    def __call__(self, store: Any, timeout: float) -> None:
        if not self._ended and self._items.poll(timeout):
            queue = store._queue
            make_digest = FrameDigest._make
            while len(queue) < self.MAX_QUEUED_ITEMS:
                try:
                    batch = pickle.loads(self._items.recv_bytes())
                except (EOFError, OSError):
                    # The parent is gone (or closed): store what arrived, then stop.
                    self._ended = True
                    queue.append(_marker(threading.Event(), stop=True))
                    break
                for item in batch:
                    if type(item) is tuple:
                        queue.append(make_digest(item))
                    elif type(item) is Control:
                        self._apply(store, item)
                    else:
                        queue.append(item)
                if not self._items.poll(0):
                    break
        elif self._ended and timeout:
            time.sleep(timeout)  # only what is queued is left to write
        self.status = _report_status(store, self.status, self._replies)

    def _apply(self, store: Any, control: Control) -> None:
        if control.kind == SECRETS:
            store.set_secrets(control.secrets)
            return
        done = _AnsweringEvent(self._replies, control.marker_id)
        store._queue.append(
            _marker(done, stop=control.kind == STOP, retention=control.kind == RETENTION)
        )


def _marker(done: threading.Event, *, stop: bool = False, retention: bool = False) -> Any:
    from ewallet_monitor.store.event_store import _Marker

    return _Marker(done, stop=stop, retention=retention)


def serve(
    options: WriterOptions,
    items: multiprocessing.connection.Connection,
    reply_connection: multiprocessing.connection.Connection,
) -> None:
    """The child's main: store what arrives until a stop (or the parent's EOF)."""
    # Imported here: the parent imports this module from event_store.
    from ewallet_monitor.store.event_store import EventStore

    _lower_priority()
    replies = _Replies(reply_connection)
    root = logging.getLogger()
    root.handlers[:] = [_ReplyLogHandler(replies)]
    root.setLevel(options.log_level)
    feed = _PipeFeed(items, replies)
    try:
        store = EventStore(options.path, **options.store_keywords(), _feed=feed)
    except Exception as exc:
        replies.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    # Digests (tuples) wait in the queue by the thousand during a burst: the same
    # collector settings as the processes that stream them.
    tune_for_streaming()
    store._thread.join()  # the writer loop ends at the stop marker (or the parent's EOF)
    store.close()
    _report_status(store, feed.status, replies)


def _lower_priority() -> None:
    """Yield the CPU to the application (see WRITER_NICENESS); where there is no nice
    (Windows) the child keeps the normal priority."""
    nice = getattr(os, "nice", None)
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(WRITER_NICENESS)


def _report_status(
    store: Any, last: tuple[str | None, int], replies: _Replies
) -> tuple[str | None, int]:
    now = (store.last_error, store.dropped)
    if now != last:
        replies.send(("status", *now))
    return now


__all__ = ["Control", "WriterOptions", "serve", "start_writer", "to_wire"]
