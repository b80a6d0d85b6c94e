"""The engine process: a :class:`MonitorClient` on a plain asyncio loop, sending batches.

Started by :class:`ewallet_monitor.engine.EngineClient` with the ``spawn`` start method,
which imports this module afresh in a new interpreter: keep its imports to the client and
protocol layers (no Qt, no app), so the engine starts fast and small.

Everything the client emits is queued as it is (a received frame travels as its text and
columns) on the loop thread and batched: a batch leaves when ``limits.batch_items`` items
wait or ``limits.batch_delay_seconds`` after the first one arrived (the connection's
``PipelineLimits``). A sender thread writes the batches to the pipe, so a window that
reads slowly never stalls the socket reading (the queue in between is unbounded; the pipe
write releases the GIL).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from ewallet_monitor.client.config import ConnectionConfig
from ewallet_monitor.client.monitor import MonitorClient
from ewallet_monitor.engine.wire import Finished, LogItem
from ewallet_monitor.gc_policy import tune_for_streaming
from ewallet_monitor.heap_policy import start_returning_freed_memory
from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits
from ewallet_monitor.pipes import encode_batch, write_all
from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.events import MonitorEvent, MonitorNotice
from ewallet_monitor.protocol.timestamps import utc_now

logger = logging.getLogger(__name__)

STOP = "stop"
COMMANDS = ("join", "leave", "rejoin")


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """What the engine process starts with (pickled by ``spawn``)."""

    config: ConnectionConfig
    commands: tuple[tuple[str, str], ...]  # (join|leave|rejoin, topic), applied in order
    log_level: int = logging.WARNING


class Outbox:
    """Batches wire items on the loop thread; a sender thread writes them to ``fd``."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        fd: int,
        on_congested: Callable[[bool], None] | None = None,
        limits: PipelineLimits = DEFAULT_LIMITS,
    ) -> None:
        """``on_congested(True)`` is called on the loop thread when
        ``limits.max_waiting_batches`` batches wait in front of the pipe (the window is
        not reading: its store fell behind), ``on_congested(False)`` once fewer than
        ``limits.resume_below_batches`` do."""
        self._loop = loop
        self._batch_items = limits.batch_items
        self._batch_delay = limits.batch_delay_seconds
        self._max_waiting = limits.max_waiting_batches
        self._resume_below = limits.resume_below_batches
        self._on_congested = on_congested
        self._congested = False
        self._loop_thread = threading.get_ident()
        self._fd = fd
        self._items: list[Any] = []
        self._timer: asyncio.TimerHandle | None = None
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_all, name="engine-sender", daemon=True)
        self._sender.start()
        self.broken = False
        """True once a write failed (the window is gone)."""

    def add(self, item: Any) -> None:
        """Queue one item (loop thread only)."""
        items = self._items
        items.append(item)
        if len(items) >= self._batch_items:
            self.flush()
        elif len(items) == 1:
            self._timer = self._loop.call_later(self._batch_delay, self.flush)

    def add_from_any_thread(self, item: Any) -> None:
        """Queue one item from whichever thread (log records)."""
        if threading.get_ident() == self._loop_thread:
            self.add(item)
            return
        try:
            self._loop.call_soon_threadsafe(self.add, item)
        except RuntimeError:  # the loop is closed: send it alone
            self._queue.put(encode_batch([item]))

    def flush(self) -> None:
        """Hand the waiting items to the sender as one batch."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._items:
            return
        items, self._items = self._items, []
        try:
            data = encode_batch(items)
        except Exception:
            data = encode_batch([_picklable(item) for item in items])
        self._queue.put(data)
        if (
            not self._congested
            and self._on_congested is not None
            and self._queue.qsize() >= self._max_waiting
        ):
            self._congested = True
            self._on_congested(True)

    def _drained(self) -> None:
        # Loop thread, called soon after the sender saw the queue low.
        if self._congested and self._queue.qsize() < self._resume_below:
            self._congested = False
            if self._on_congested is not None:
                self._on_congested(False)

    def close(self) -> None:
        """Send what waits and wait until the sender wrote everything."""
        self.flush()
        self._queue.put(None)
        self._sender.join()

    def _send_all(self) -> None:
        while (data := self._queue.get()) is not None:
            if self.broken:
                continue
            try:
                write_all(self._fd, data)
            except OSError:
                # The window closed its end: nobody reads any more. The command pipe's EOF
                # stops the client; until then batches are dropped here.
                self.broken = True
            if self._congested and self._queue.qsize() < self._resume_below:
                with contextlib.suppress(RuntimeError):  # the loop is closed
                    self._loop.call_soon_threadsafe(self._drained)


def _picklable(item: Any) -> Any:
    """``item`` if it pickles alone, else a notice saying it could not be sent."""
    try:
        encode_batch([item])
    except Exception as exc:
        return MonitorNotice(
            f"an engine event could not be sent to the window ({type(item).__name__}: "
            f"{type(exc).__name__})",
            utc_now(),
            level="error",
        )
    return item


class ForwardingHandler(logging.Handler):
    """Sends every log record of the engine process to the window as a :class:`LogItem`,
    formatted and redacted here (the window's own filter redacts it again)."""

    def __init__(self, outbox: Outbox, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self._outbox = outbox
        self._secrets = secrets
        self._formatter = logging.Formatter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            exc_text = record.exc_text
            if record.exc_info and record.exc_info[0] is not None:
                exc_text = self._formatter.formatException(record.exc_info)
            if record.stack_info:
                exc_text = f"{exc_text}\n{record.stack_info}" if exc_text else record.stack_info
            item = LogItem(
                name=record.name,
                levelno=record.levelno,
                message=redact(record.getMessage(), self._secrets),
                exc_text=redact(exc_text, self._secrets) if exc_text else None,
                created=record.created,
                pathname=record.pathname,
                lineno=record.lineno,
                func_name=record.funcName,
                thread_name=record.threadName,
                process=record.process or 0,
            )
            self._outbox.add_from_any_thread(item)
        except Exception:
            self.handleError(record)


class Engine:
    """One run of the monitor client inside the engine process."""

    def __init__(self, settings: EngineSettings, events: Connection, commands: Connection) -> None:
        self.settings = settings
        self._events = events
        self._commands = commands
        self._secrets = settings.config.credentials.secrets()
        self._client: MonitorClient | None = None
        self._outbox: Outbox | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def main(self) -> None:
        loop = self._loop = asyncio.get_running_loop()
        outbox = self._outbox = Outbox(
            loop, self._events.fileno(), self._on_congested, self.settings.config.limits
        )
        handler = ForwardingHandler(outbox, self._secrets)
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(self.settings.log_level)
        finished: Finished
        try:
            client = self._client = MonitorClient(self.settings.config, self._on_event)
            for command in self.settings.commands:
                self._apply(command)
            threading.Thread(
                target=self._read_commands, name="engine-commands", daemon=True
            ).start()
            finished = Finished(await client.run())
        except Exception as exc:
            logger.exception("the connection engine failed")
            finished = Finished(None, redact(f"{type(exc).__name__}: {exc}", self._secrets))
        finally:
            root.removeHandler(handler)
        outbox.add(finished)
        outbox.close()

    def _on_congested(self, congested: bool) -> None:
        client = self._client
        if client is None:
            return
        if congested:
            client.pause_reading()
        else:
            client.resume_reading()

    def _on_event(self, event: MonitorEvent) -> None:
        outbox = self._outbox
        assert outbox is not None
        # A received frame pickles as its text and columns (FrameReceived.__reduce__).
        outbox.add(event)

    def _apply(self, command: tuple[str, ...]) -> None:
        client = self._client
        if client is None:
            return
        try:
            if command[0] == STOP:
                client.stop()
            elif command[0] in COMMANDS:
                getattr(client, command[0])(command[1])
            else:
                logger.error("unknown engine command %r", command[0])
        except Exception:
            logger.exception("engine command %r failed", command[0])

    def _read_commands(self) -> None:
        """Blocking reads of the command pipe; its EOF (the window is gone) means stop."""
        loop = self._loop
        assert loop is not None
        while True:
            try:
                command = self._commands.recv()
            except (EOFError, OSError):
                command = (STOP,)
            try:
                loop.call_soon_threadsafe(self._apply, command)
            except RuntimeError:  # the loop is closed: the run is over
                return
            if command[0] == STOP:
                return


def run_engine(settings: EngineSettings, events: Connection, commands: Connection) -> None:
    """The engine process's entry point (the ``target`` of the spawned process)."""
    # The window decides when the engine ends: a Ctrl-C in a terminal reaches the whole
    # process group and must not kill the engine under the window's feet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Every decoded frame is dozens of short-lived dicts: the default collector thresholds
    # would cost the engine about half its throughput (see gc_policy).
    tune_for_streaming()
    start_returning_freed_memory()
    try:
        asyncio.run(Engine(settings, events, commands).main())
    finally:
        # The window sees EOF now, even if something keeps this process alive a moment.
        # (The command pipe stays open: the command thread may still be blocked reading it.)
        events.close()


__all__ = ["EngineSettings", "Outbox", "run_engine"]
