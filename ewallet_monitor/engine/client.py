"""The window's side of the engine process: a ``ConnectionClient`` like ``MonitorClient``.

:class:`EngineClient` runs the socket client (websockets, decoding, session,
reconciliation) in a child process started with ``spawn`` and relays what it reports, so
the window's loop thread only unpickles compact batches. Approve/reject are not its
business: the controller builds the HTTP API itself (``client.interface.connection_api``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from ewallet_monitor.client.config import (
    ConnectionConfig,
    OutcomeReason,
    RunOutcome,
    socket_url,
)
from ewallet_monitor.client.dispatch import OrderedDispatcher
from ewallet_monitor.client.interface import EventCallback, IntakeCheck
from ewallet_monitor.engine.wire import Finished, LogItem
from ewallet_monitor.engine.worker import STOP, EngineSettings, run_engine
from ewallet_monitor.pipes import BatchReader, enlarge_pipe
from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    FrameReceived,
    HeartbeatMeasured,
)
from ewallet_monitor.protocol.timestamps import utc_now
from ewallet_monitor.protocol.topics import parse_topic
from ewallet_monitor.protocol.urls import Endpoints, resolve_endpoints

logger = logging.getLogger(__name__)


# Engine crash codes (``ConnectionStateChanged.code`` and ``RunOutcome.code``).
ENGINE_STOPPED = "engine_stopped"  # the engine process ended without reporting an outcome
ENGINE_FAILED = "engine_failed"  # the engine's run raised; the error was logged

_UNSETTLED = frozenset(
    {ChannelState.JOINING, ChannelState.JOINED, ChannelState.ERRORED, ChannelState.LEAVING}
)


def _current_loop() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        # qasync test harnesses step tasks from Qt outside run_forever (no running loop).
        return asyncio.get_event_loop()


class EngineClient:
    """A ``ConnectionClient`` whose connection runs in its own process.

    Same use as ``MonitorClient``: ``EngineClient(config, on_event)``, ``join``/``leave``/
    ``rejoin`` (a malformed topic raises ``TopicError`` here), ``stop()`` at any time,
    ``await run()`` for the :class:`RunOutcome`. Construction raises ``UrlError`` for an
    unusable URL. ``on_event`` is called on the loop thread that awaits :meth:`run`, in
    order, with every event; received frames arrive as :class:`FrameReceived` with their
    columns and text (their ``frame`` is parsed only if read). When the engine process
    dies, an ``OFFLINE`` state change with code
    :data:`ENGINE_STOPPED` is emitted and :meth:`run` returns ``RETRIES_EXHAUSTED`` (the run
    ended on its own and will not retry). The engine's log records are re-emitted through
    this process's ``logging``, under their own logger names.

    ``stop_timeout``: how long a stopped engine may take before it is terminated;
    ``exit_timeout``: how long an engine that reported its outcome may take to exit.
    """

    def __init__(
        self,
        config: ConnectionConfig,
        on_event: EventCallback | None = None,
        *,
        stop_timeout: float = 10.0,
        exit_timeout: float = 5.0,
    ) -> None:
        self.config = config
        self.stop_timeout = stop_timeout
        self.exit_timeout = exit_timeout
        self.endpoints: Endpoints = resolve_endpoints(config.url, config.credentials.scheme)
        self._secrets = config.credentials.secrets()
        self._state = ConnectionState.OFFLINE
        self._channels: dict[str, ChannelState] = {}
        self._reasons: dict[str, str] = {}
        self._wanted: dict[str, bool] = {}  # topic -> wanted, replayed to each new engine
        self._rtt_ms: float | None = None
        self.attempts = 0
        """Connection attempts the engine made so far (counted from its CONNECTING events)."""
        self._running = False
        self._stop_requested = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._commands: Connection | None = None
        self._process: Any = None  # multiprocessing's SpawnProcess while a run is on
        self._ended: asyncio.Future[None] | None = None
        self._finished: Finished | None = None
        self._stop_deadline: asyncio.TimerHandle | None = None
        # As MonitorClient: in order, events raised by the callback after the current one.
        self._dispatcher = OrderedDispatcher(on_event, logger)
        self.intake_paused: IntakeCheck | None = None
        """Set by the owner: while it returns True (e.g. the event store is far behind),
        no more batches are read from the engine; the engine then stops reading the
        socket, so the server holds the events and memory stays bounded. Asked after each
        read, and every ``config.limits.intake_recheck_seconds`` while paused."""
        self._intake_resume: asyncio.TimerHandle | None = None

    def __repr__(self) -> str:
        return f"EngineClient({self.redacted_url!r}, {self.config.credentials}, {self._state})"

    # ----------------------------------------------------------------- state

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def channels(self) -> dict[str, ChannelState]:
        return dict(self._channels)

    def channel_reason(self, topic: str) -> str:
        return self._reasons.get(topic, "")

    @property
    def rtt_ms(self) -> float | None:
        return self._rtt_ms

    @property
    def redacted_url(self) -> str:
        return redact(socket_url(self.config, self.endpoints), self._secrets)

    @property
    def tls_verified(self) -> bool | None:
        """As ``MonitorClient.tls_verified``."""
        if not self.endpoints.is_tls:
            return None
        return not self.config.insecure

    @property
    def recoverable(self) -> bool:
        """As ``MonitorClient.recoverable``."""
        return self.config.reconcile and self.endpoints.uses_admin_rpcs

    @property
    def pid(self) -> int | None:
        """The engine process's id while a run is on (benchmarks, tests)."""
        process = self._process
        return None if process is None else process.pid

    # ----------------------------------------------------------------- intents

    def join(self, topic: str) -> None:
        """Want a channel (kept across runs). Raises ``TopicError`` if malformed."""
        self._command("join", topic)

    def leave(self, topic: str) -> None:
        self._command("leave", topic)

    def rejoin(self, topic: str) -> None:
        """Join again now, even a REFUSED or FAILED channel."""
        self._command("rejoin", topic)

    def stop(self) -> None:
        """Ask :meth:`run` to stop the engine and return soon. Safe any time; a stop before
        :meth:`run` started makes that run return at once."""
        self._stop_requested = True
        self._send((STOP,))
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._arm_stop_deadline)

    def _command(self, name: str, topic: str) -> None:
        topic = str(parse_topic(topic))
        if name == "leave":
            if topic in self._wanted:
                self._wanted[topic] = False
        else:
            self._wanted[topic] = True
            self._channels.setdefault(topic, ChannelState.CLOSED)
        self._send((name, topic))

    def _send(self, command: tuple[str, ...]) -> None:
        connection = self._commands
        if connection is None:
            return  # no engine yet: the next run starts with the wanted channels
        with contextlib.suppress(OSError):  # the engine is gone; run() is about to say so
            connection.send(command)

    # ----------------------------------------------------------------- run

    async def run(self) -> RunOutcome:
        """Start the engine and relay its events until it ends (stop, refusal, retries
        exhausted, or the engine process dying). Never raises for network trouble."""
        if self._running:
            raise RuntimeError("EngineClient.run() is already running")
        self._running = True
        try:
            if self._stop_requested:
                return RunOutcome(OutcomeReason.STOPPED, "stopped")
            return await self._run_engine()
        finally:
            self._running = False
            # Cleared here, not at the start: a stop() before run() must still stop it.
            self._stop_requested = False

    async def _run_engine(self) -> RunOutcome:
        loop = self._loop = _current_loop()
        context = multiprocessing.get_context("spawn")
        events_in, events_out = context.Pipe(duplex=False)
        commands_in, commands_out = context.Pipe(duplex=False)
        settings = EngineSettings(
            self.config,
            tuple(("join", topic) for topic, wanted in self._wanted.items() if wanted),
            logging.getLogger().getEffectiveLevel(),
        )
        process = context.Process(
            target=run_engine,
            args=(settings, events_out, commands_in),
            name="ewallet-engine",
            daemon=True,
        )
        self._finished = None
        self._ended = loop.create_future()
        fd = events_in.fileno()
        # The engine then writes a whole batch without waiting for the window.
        enlarge_pipe(fd, self.config.limits.pipe_bytes)
        try:
            process.start()
        finally:
            # Only the engine holds the write end now: its exit is our EOF.
            events_out.close()
            commands_in.close()
        self._process = process
        self._commands = commands_out
        if self._stop_requested:  # stop() landed while the process was being started
            self._send((STOP,))
            self._arm_stop_deadline()
        os.set_blocking(fd, False)
        reader = BatchReader()
        loop.add_reader(fd, self._on_readable, fd, reader)
        try:
            await self._ended
        except asyncio.CancelledError:
            self._end_now(process)
            raise
        finally:
            loop.remove_reader(fd)
            if self._intake_resume is not None:
                self._intake_resume.cancel()
                self._intake_resume = None
            self._commands = None
            commands_out.close()
            if self._stop_deadline is not None:
                self._stop_deadline.cancel()
                self._stop_deadline = None
        try:
            exit_code = await self._reap(process)
        finally:
            events_in.close()
            self._process = None
        return self._outcome(exit_code)

    def _outcome(self, exit_code: int | None) -> RunOutcome:
        finished = self._finished
        if finished is not None and finished.outcome is not None:
            return finished.outcome
        if finished is not None:
            detail = f"the connection engine failed: {finished.error}"
            code = ENGINE_FAILED
        else:
            detail = f"the connection engine stopped unexpectedly (exit code {exit_code})"
            code = ENGINE_STOPPED
            logger.error("%s", detail)
        for topic, state in list(self._channels.items()):
            if state in _UNSETTLED:
                self._emit(
                    ChannelStateChanged(
                        topic, ChannelState.CLOSED, utc_now(), "the connection engine stopped"
                    )
                )
        self._emit(
            ConnectionStateChanged(
                ConnectionState.OFFLINE, utc_now(), detail, self.redacted_url, None, code
            )
        )
        return RunOutcome(OutcomeReason.RETRIES_EXHAUSTED, detail, code)

    def _arm_stop_deadline(self) -> None:
        if self._process is None or self._stop_deadline is not None or self._loop is None:
            return
        self._stop_deadline = self._loop.call_later(self.stop_timeout, self._stop_overdue)

    def _stop_overdue(self) -> None:
        process = self._process
        if process is not None and process.is_alive():
            logger.warning("the connection engine did not stop in time; terminating it")
            process.terminate()

    async def _reap(self, process: Any) -> int | None:
        """Wait for the engine to exit (terminate, then kill, when it lingers)."""
        for timeout, end in (
            (self.exit_timeout, process.terminate),
            (1.0, process.kill),
            (1.0, None),
        ):
            if await self._exited(process, timeout):
                break
            if end is not None:
                end()
        code: int | None = process.exitcode
        if code is not None:
            process.close()
        return code

    async def _exited(self, process: Any, within: float) -> bool:
        """True once ``process`` exited (its sentinel turns readable) within ``within`` s."""
        if not process.is_alive():
            return True
        loop = self._loop
        assert loop is not None
        # A future settled by callbacks, not asyncio.wait_for: qasync test harnesses step
        # tasks from Qt outside the running loop, where asyncio's helpers find no loop.
        exited: asyncio.Future[None] = loop.create_future()

        def settle() -> None:
            if not exited.done():
                exited.set_result(None)

        sentinel = process.sentinel
        timer = loop.call_later(within, settle)
        loop.add_reader(sentinel, settle)
        try:
            await exited
        finally:
            timer.cancel()
            loop.remove_reader(sentinel)
        process.join(0.1)
        return not process.is_alive()

    @staticmethod
    def _end_now(process: Any) -> None:
        """Cancelled: end the engine without awaiting anything."""
        if process.is_alive():
            process.terminate()
            process.join(1.0)
        if process.is_alive():
            process.kill()
            process.join(1.0)

    # ----------------------------------------------------------------- reading

    def _on_readable(self, fd: int, reader: BatchReader) -> None:
        """Read what the pipe holds, deliver every complete batch in order. At most
        ``limits.read_per_wake_bytes`` per call, then the window paints (the fd stays
        readable, so the loop calls back at once after)."""
        limits = self.config.limits
        most, chunk = limits.read_per_wake_bytes, limits.read_chunk_bytes
        total = 0
        while total < most:
            try:
                data = os.read(fd, chunk)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._on_eof(reader)
                return
            total += len(data)
            for batch in reader.feed(data):
                self._deliver(batch)
            if self._should_pause_intake():
                self._pause_intake(fd, reader)
                return

    def _should_pause_intake(self) -> bool:
        paused = self.intake_paused
        return paused is not None and not self._stop_requested and paused()

    def _pause_intake(self, fd: int, reader: BatchReader) -> None:
        loop = self._loop
        assert loop is not None
        loop.remove_reader(fd)
        self._intake_resume = loop.call_later(
            self.config.limits.intake_recheck_seconds, self._resume_intake_when_ready, fd, reader
        )

    def _resume_intake_when_ready(self, fd: int, reader: BatchReader) -> None:
        loop = self._loop
        assert loop is not None
        if self._ended is None or self._ended.done():
            return  # the run is over
        if self._should_pause_intake():
            self._intake_resume = loop.call_later(
                self.config.limits.intake_recheck_seconds,
                self._resume_intake_when_ready,
                fd,
                reader,
            )
            return
        self._intake_resume = None
        loop.add_reader(fd, self._on_readable, fd, reader)

    def _on_eof(self, reader: BatchReader) -> None:
        if reader.pending_bytes:
            logger.error("the connection engine's last batch was cut short")
        ended = self._ended
        if ended is not None and not ended.done():
            ended.set_result(None)

    def _deliver(self, batch: list[Any]) -> None:
        # One dispatcher call per batch; the items are turned into events as it takes them,
        # so logs and the outcome keep their place among the events.
        self._dispatcher.emit_many(self._events_of(batch))

    def _events_of(self, batch: list[Any]) -> Iterator[Any]:
        """The events of ``batch`` in order; log items and the outcome are handled on the
        way (they are not events)."""
        for item in batch:
            if type(item) is FrameReceived:  # nearly every item
                yield item
            elif isinstance(item, LogItem):
                self._log(item)
            elif isinstance(item, Finished):
                self._finished = item
            else:
                self._mirror(item)
                yield item

    def _mirror(self, event: Any) -> None:
        if isinstance(event, ConnectionStateChanged):
            self._state = event.state
            if event.state is ConnectionState.CONNECTING:
                self.attempts += 1
        elif isinstance(event, ChannelStateChanged):
            self._channels[event.topic] = event.state
            self._reasons[event.topic] = event.reason
        elif isinstance(event, HeartbeatMeasured):
            self._rtt_ms = event.rtt_ms

    def _log(self, item: LogItem) -> None:
        target = logging.getLogger(item.name)
        if not target.isEnabledFor(item.levelno):
            return
        record = target.makeRecord(
            item.name,
            item.levelno,
            item.pathname,
            item.lineno,
            item.message,
            (),  # already formatted: no % arguments
            None,
            item.func_name,
        )
        record.created = item.created
        record.msecs = (item.created - int(item.created)) * 1000
        record.exc_text = item.exc_text
        record.threadName = f"engine:{item.thread_name}"
        record.processName = "ewallet-engine"
        record.process = item.process
        target.handle(record)

    def _emit(self, event: Any) -> None:
        if type(event) is not FrameReceived:
            self._mirror(event)
        self._dispatcher.emit(event)


__all__ = ["ENGINE_FAILED", "ENGINE_STOPPED", "EngineClient"]
