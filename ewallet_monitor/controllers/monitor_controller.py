"""The bridge between the asyncio engine and the Qt side, for one connection at a time.

:class:`MonitorController` owns the :class:`MonitorClient` and its run task, forwards every
:class:`MonitorEvent` to the models, re-emits what widgets care about as Qt signals, and
turns the operator's intents (join, leave…) into coroutines on the same loop. The
cashier's path (queue, decisions, audit) is :attr:`MonitorController.cashier`, a
:class:`~ewallet_monitor.controllers.cashier_controller.CashierController` it feeds.

Rules it keeps:
- every task it starts is referenced until it ends, and any exception in one goes to
  :attr:`error_reported` (one handler, shown as a non-modal banner), never to the void;
- with a :attr:`store` (an ``EventStore``), every monitor event is recorded in it (the
  cashier's audit trail goes there too). The session's secrets are handed to the store on
  every connect so they are redacted from everything it writes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QMetaMethod, QObject, Signal

from ewallet_monitor.controllers.cashier_controller import (
    AuditRecorder,
    CashierController,
    DecisionApi,
    target_key,
)
from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.decision_guard import GuardTimings
from ewallet_monitor.pipeline_limits import DEFAULT_LIMITS, PipelineLimits
from ewallet_monitor.protocol.auth import Credentials
from ewallet_monitor.protocol.events import (
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    GapRecorded,
    HeartbeatMeasured,
    MonitorEvent,
)
from ewallet_monitor.protocol.frames import (
    CONSUMPTION_FINALIZED,
    CONSUMPTION_REQUEST,
    HEARTBEAT_TOPIC,
)

if TYPE_CHECKING:  # the client package pulls in websockets: imported when first connecting
    from ewallet_monitor.client.config import ConnectionConfig, RunOutcome
    from ewallet_monitor.client.interface import ClientFactory, ConnectionClient

log = logging.getLogger(__name__)


class EventSink(Protocol):
    """Anything that takes every monitor event (the event log model)."""

    def append(self, event: MonitorEvent) -> object:
        """The event's row (its ``kind`` feeds ``kind_sinks``), or None."""
        ...


class EventRecorder(AuditRecorder, Protocol):
    """Where events and audit entries are kept (``store.EventStore``); never blocks."""

    def record(self, event: MonitorEvent) -> None: ...

    def set_secrets(self, secrets: Iterable[str]) -> None: ...

    @property
    def pending(self) -> int:
        """Items queued and not yet handed to the writer (flow control reads it)."""
        ...


class ChannelSink(Protocol):
    def on_channel_state(self, event: ChannelStateChanged) -> None: ...

    def count_event(self, topic: str) -> None: ...


class ConnectionApi(DecisionApi, Protocol):
    """The HTTP API of one connection (``api.EWalletApi``): decisions, and its session."""

    async def close(self) -> None: ...


ApiFactory = Callable[["ConnectionConfig"], ConnectionApi]


def _default_client_factory(
    config: ConnectionConfig, on_event: Callable[[MonitorEvent], None]
) -> ConnectionClient:
    # The socket, decoding and session run in their own process: on the GUI thread they
    # took the interpreter lock from painting, and the window reached ~2,000 events/s.
    # The window receives frames as their columns and text: it parses only what it shows.
    from ewallet_monitor.engine import EngineClient

    return EngineClient(config, on_event=on_event)


def _default_api_factory(config: ConnectionConfig) -> ConnectionApi:
    from ewallet_monitor.client.interface import connection_api

    return connection_api(config)


class MonitorController(QObject):
    """One connection's engine, seen from Qt.

    Collaborators are optional so tests can pass only what they watch. ``kind_sinks`` are
    called with the event log's row kind of each event (rates, live chart).
    ``client_factory`` builds the connection's client and ``api_factory`` its HTTP API
    (approve, reject, reads), each from the same ``ConnectionConfig`` on every start.
    ``limits`` bounds the pipeline: it goes into every ``ConnectionConfig`` built by
    :meth:`connect_to`, and with a ``store`` the client's intake pauses while
    ``store_backlog_pause_rows`` rows wait for it (until fewer than
    ``store_backlog_resume_rows`` do; the server holds the events meanwhile).
    """

    status_changed = Signal(object)  # ConnectionStateChanged
    channel_changed = Signal(object)  # ChannelStateChanged
    heartbeat_measured = Signal(float)  # round trip, ms
    event_received = Signal()  # a frame arrived (rate/"N events" counters)
    error_reported = Signal(str, str)  # summary in plain words, technical detail
    run_finished = Signal(object)  # RunOutcome (or None when the task failed)

    def __init__(
        self,
        approval_queue: ApprovalQueue,
        *,
        event_log: EventSink | None = None,
        channel_tree: ChannelSink | None = None,
        kind_sinks: list[Callable[[str], None]] | None = None,
        client_factory: ClientFactory | None = None,
        api_factory: ApiFactory | None = None,
        store: EventRecorder | None = None,
        guard_timings: GuardTimings | None = None,
        limits: PipelineLimits = DEFAULT_LIMITS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.limits = limits
        self.store = store
        self.approval_queue = approval_queue
        self.event_log = event_log
        self.channel_tree = channel_tree
        self.kind_sinks = list(kind_sinks or [])
        self._client_factory = client_factory or _default_client_factory
        self._api_factory = api_factory or _default_api_factory
        self._client: ConnectionClient | None = None
        self._api: ConnectionApi | None = None
        self._config: ConnectionConfig | None = None
        self._run_task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._state = ConnectionState.OFFLINE
        self._last_status: ConnectionStateChanged | None = None
        self.frames_received = 0
        self.ever_connected = False  # since the last start()
        self.last_rtt_ms: float | None = None
        # ConnectionConfig fields forced on every connection (tests shorten timings).
        self.config_overrides: dict[str, Any] = {}
        # Called with the session's secrets on every start, before anything is sent (the
        # composition root registers them with the redacting log filter).
        self.secret_sinks: list[Callable[[tuple[str, ...]], None]] = []
        # Called with every event and its log row (or None): the Anomalies panel.
        self.event_sinks: list[Callable[[MonitorEvent, object], None]] = []
        self._store_failed = False
        self._intake_paused = False
        self.cashier = CashierController(
            approval_queue,
            api=lambda: self._api,
            is_live=lambda: self.is_live,
            spawn=self._spawn,
            store=store,
            timings=guard_timings,
            limits=limits,
            parent=self,
        )
        self.cashier.error_reported.connect(self.error_reported)
        self._finalized_signal = QMetaMethod.fromSignal(self.cashier.consumption_finalized)

    # -- state --------------------------------------------------------------------------------

    @property
    def client(self) -> ConnectionClient | None:
        return self._client

    @property
    def api(self) -> ConnectionApi | None:
        """The current connection's HTTP API (None before the first start)."""
        return self._api

    @property
    def config(self) -> ConnectionConfig | None:
        return self._config

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def last_status(self) -> ConnectionStateChanged | None:
        return self._last_status

    @property
    def is_running(self) -> bool:
        return self._run_task is not None and not self._run_task.done()

    @property
    def is_live(self) -> bool:
        """True when finalized events can arrive (the socket is connected)."""
        return self._state is ConnectionState.CONNECTED

    def tasks(self) -> set[asyncio.Task[None]]:
        """Tasks still running (for tests and shutdown)."""
        return {task for task in self._tasks if not task.done()}

    # -- connection ---------------------------------------------------------------------------

    def connect_to(
        self,
        url: str,
        credentials: Credentials,
        topics: list[str] | tuple[str, ...] = (),
        **options: Any,
    ) -> bool:
        """Build a ``ConnectionConfig`` (:attr:`limits`, then ``options`` as its fields,
        then :attr:`config_overrides`) and :meth:`start` it. False when it cannot start."""
        from ewallet_monitor.client import ConnectionConfig

        fields = {"limits": self.limits, **options, **self.config_overrides}
        try:
            config = ConnectionConfig(url=url, credentials=credentials, **fields)
        except (TypeError, ValueError) as exc:
            self.error_reported.emit(self.tr("These connection settings cannot be used."), str(exc))
            return False
        return self.start(config, topics)

    def start(self, config: ConnectionConfig, topics: list[str] | tuple[str, ...] = ()) -> bool:
        """Connect with ``config`` and join ``topics``.

        A running connection is stopped first. Returns at once (False when the client
        cannot even be built, e.g. an unusable URL: reported on :attr:`error_reported`);
        progress arrives as :attr:`status_changed` and :attr:`channel_changed`.
        """
        if self.is_running:
            self.stop()
        self._config = config
        credentials = config.credentials
        self.cashier.set_target(
            target_key(str(config.url), credentials.scheme.value, credentials.key)
        )
        secrets = tuple(credentials.secrets())
        if self.store is not None:
            # Before the first frame: nothing the store writes may hold the secret.
            self.store.set_secrets(secrets)
        for sink in self.secret_sinks:
            sink(secrets)
        self.frames_received = 0
        self.ever_connected = False
        previous_api, self._api = self._api, None
        if previous_api is not None:
            self._spawn("close the previous API session", previous_api.close)
        try:
            client = self._client_factory(config, self._on_client_event)
            self._api = self._api_factory(config)
        except ValueError as exc:  # UrlError, CredentialError
            self._client = None
            self.error_reported.emit(self.tr("This server address cannot be used."), str(exc))
            return False
        self._client = client
        if self.store is not None:
            self._intake_paused = False
            client.intake_paused = self._store_far_behind
        for topic in topics:
            client.join(topic)
        self._run_task = self._spawn("connection", self._run, client)
        return True

    def stop(self) -> None:
        """Ask the client to stop; the run task ends on its own shortly after."""
        if self._client is not None:
            self._client.stop()

    async def shutdown(self) -> None:
        """Stop and wait for every task to end (window close, tests)."""
        self.stop()
        if self._run_task is not None:
            await asyncio.gather(self._run_task, return_exceptions=True)
        api = self._api
        if api is not None:
            try:
                await api.close()
            except Exception:  # pragma: no cover - closing is best effort
                log.debug("closing the API session failed", exc_info=True)
        rest = self.tasks()
        for task in rest:
            task.cancel()
        if rest:
            await asyncio.gather(*rest, return_exceptions=True)

    def join(self, topic: str) -> None:
        if self._client is not None:
            self._client.join(topic)

    def leave(self, topic: str) -> None:
        if self._client is not None:
            self._client.leave(topic)

    def rejoin(self, topic: str) -> None:
        if self._client is not None:
            self._client.rejoin(topic)

    async def _run(self, client: ConnectionClient) -> None:
        outcome: RunOutcome | None = None
        try:
            outcome = await client.run()
        finally:
            if client is self._client:
                self.run_finished.emit(outcome)

    # -- events from the engine ------------------------------------------------------------------

    def _on_client_event(self, event: MonitorEvent) -> None:
        """Called synchronously on the loop thread for every engine event, in order."""
        try:
            self.handle_event(event)
        except Exception as exc:  # a bug in a model must not kill the engine callback
            log.exception("handling a monitor event failed")
            self.error_reported.emit(self.tr("A received event could not be shown."), repr(exc))

    def handle_event(self, event: MonitorEvent) -> None:
        """Forward one event to the store, the models and signals (public so tests can
        feed events)."""
        if self.store is not None:
            self._store_event(event)
        record = self.event_log.append(event) if self.event_log is not None else None
        kind = getattr(record, "kind", None)
        if isinstance(kind, str):
            for sink in self.kind_sinks:
                sink(kind)
        for event_sink in self.event_sinks:
            event_sink(event, record)
        if isinstance(event, FrameReceived):  # first: nearly every event of a burst
            self.frames_received += 1
            self._on_frame(event)
            self.event_received.emit()
        elif isinstance(event, ConnectionStateChanged):
            self._state = event.state
            self._last_status = event
            if event.state is ConnectionState.CONNECTED:
                self.ever_connected = True
            self.status_changed.emit(event)
        elif isinstance(event, ChannelStateChanged):
            if self.channel_tree is not None:
                self.channel_tree.on_channel_state(event)
            self.channel_changed.emit(event)
        elif isinstance(event, ConsumptionRecovered):
            self.cashier.on_request(event.consumption, recovered=True)
        elif isinstance(event, GapRecorded) and event.channels:
            self.cashier.after_gap()
        elif isinstance(event, HeartbeatMeasured):
            self.last_rtt_ms = event.rtt_ms
            self.heartbeat_measured.emit(event.rtt_ms)

    def _store_far_behind(self) -> bool:
        """Whether the client should pause its intake (with hysteresis)."""
        store = self.store
        if store is None:
            return False
        limits = self.limits
        if self._intake_paused:
            self._intake_paused = store.pending >= limits.store_backlog_resume_rows
        else:
            self._intake_paused = store.pending >= limits.store_backlog_pause_rows
        return self._intake_paused

    def _store_event(self, event: MonitorEvent) -> None:
        try:
            self.store.record(event)  # type: ignore[union-attr]
        except Exception as exc:  # a closed or broken store must not stop the window
            if not self._store_failed:
                self._store_failed = True
                log.error("the event history stopped recording: %s", exc)
                self.error_reported.emit(
                    self.tr("Events are no longer saved to the history."),
                    f"{type(exc).__name__}: {exc}",
                )

    def _count_channel_event(self, topic: str, is_reply: bool) -> None:
        """One more event on ``topic`` in the channel tree (not heartbeats nor replies)."""
        if self.channel_tree is not None and topic != HEARTBEAT_TOPIC and not is_reply:
            self.channel_tree.count_event(topic)

    def _on_frame(self, received: FrameReceived) -> None:
        """A received frame to the channel tree and the cashier; its ``data`` is read (and
        parsed, for a frame from the engine) only for a request, whose card needs the
        whole consumption, or a finalized event a card waits for."""
        event = received.event
        self._count_channel_event(received.topic, received.is_reply)
        if not received.data_is_object:
            return
        if event == CONSUMPTION_FINALIZED:  # first: every frame of a burst
            # Nothing in the window listens to the finalized signal (tests do): checking
            # costs a third of emitting two strings to nobody, and a card-less consumption
            # settles on every burst frame.
            cashier = self.cashier
            announce = cashier.isSignalConnected(self._finalized_signal)
            cashier.on_finalized(received, announce=announce)
        elif event == CONSUMPTION_REQUEST:
            data = received.data
            if isinstance(data, dict):
                self.cashier.on_request(data, recovered=False)

    # -- tasks ---------------------------------------------------------------------------------

    def _spawn(
        self, name: str, function: Callable[..., Coroutine[object, object, object]], *args: object
    ) -> asyncio.Task[None]:
        """Start ``function(*args)`` as a kept, guarded task. The coroutine is only created
        once the task runs, so a task cancelled before its first step leaves nothing
        un-awaited behind."""

        async def call() -> None:
            await self._guarded(function(*args))

        task = asyncio.ensure_future(call())
        task.set_name(f"monitor:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, coro: Coroutine[object, object, object]) -> None:
        """Run ``coro``, keep a reference to the task, and report any exception."""
        try:
            task = asyncio.current_task()
        except RuntimeError:  # a step run by Qt outside the running loop (test harnesses)
            task = None
        if task is not None:
            self._tasks.add(task)
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("a background task failed")
            self.error_reported.emit(self.tr("Something went wrong in the background."), repr(exc))
        finally:
            if task is not None:
                task.add_done_callback(self._tasks.discard)


__all__ = ["MonitorController"]
