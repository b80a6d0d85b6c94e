"""The monitor's socket client: thin asyncio I/O around :class:`protocol.session.Session`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import ssl
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidStatus,
    InvalidURI,
    WebSocketException,
)

from ewallet_monitor import __version__
from ewallet_monitor.api import make_ssl_context
from ewallet_monitor.api.errors import ApiError
from ewallet_monitor.client.config import (
    MAX_MESSAGE_FACTOR,
    ConnectionConfig,
    OutcomeReason,
    RunOutcome,
    socket_url,
)
from ewallet_monitor.client.dispatch import OrderedDispatcher
from ewallet_monitor.client.interface import (
    EventCallback,
    IntakeCheck,
    connection_api,
)
from ewallet_monitor.client.reasons import connect_failure
from ewallet_monitor.client.reconcile import (
    RECONCILE_INCOMPLETE,
    Page,
    SeenConsumptions,
    is_reconcilable,
    read_every_page,
    request_side_topics,
)
from ewallet_monitor.protocol.auth import redact
from ewallet_monitor.protocol.backoff import Backoff
from ewallet_monitor.protocol.consumption import PENDING
from ewallet_monitor.protocol.errors import (
    CREDENTIALS_STOPPED_WORKING,
    INVALID_VERSION,
    EWalletError,
)
from ewallet_monitor.protocol.events import (
    ChannelState,
    ChannelStateChanged,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    FrameReceived,
    FrameSent,
    GapRecorded,
    HeartbeatMeasured,
    InvalidFrameReceived,
    MonitorEvent,
    MonitorNotice,
)
from ewallet_monitor.protocol.frames import (
    MAX_RAW_KEPT,
    ClientFrame,
    InvalidFrame,
    decode_server_frame,
    encode_client_frame,
)
from ewallet_monitor.protocol.session import Session
from ewallet_monitor.protocol.timestamps import utc_now
from ewallet_monitor.protocol.topics import parse_topic
from ewallet_monitor.protocol.urls import Endpoints, resolve_endpoints

if TYPE_CHECKING:
    from ewallet_monitor.api import EWalletApi

logger = logging.getLogger(__name__)

# HTTP statuses at the upgrade that retrying with the same settings cannot fix.
_PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 405, 410})
_CLOSE_TOO_BIG = 1009


class _Refused(Exception):
    """A permanent connection failure (internal)."""

    def __init__(self, detail: str, code: str | None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


class _Transient(Exception):
    """A connection attempt that failed but may succeed later (internal)."""

    def __init__(self, detail: str, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


class _WatchedConnection(ClientConnection):
    """A connection that says when a write leaves bytes waiting in its transport (pongs
    piling up), so that the unsent check sleeps while nothing waits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.backlogged = asyncio.Event()

    def send_data(self) -> None:
        super().send_data()
        if self.transport.get_write_buffer_size():
            self.backlogged.set()


class MonitorClient:
    """Keeps a socket to one eWallet open and the wanted channels joined (a
    :class:`~ewallet_monitor.client.interface.ConnectionClient` in this process).

    ``on_event`` is called synchronously on the loop thread, in order, with every
    :data:`MonitorEvent`; it may call :meth:`join`, :meth:`leave`, :meth:`rejoin` and
    :meth:`stop`. An exception in it is logged, never propagated into the connection.
    Construction raises :class:`protocol.urls.UrlError` for an unusable URL.
    """

    def __init__(
        self,
        config: ConnectionConfig,
        on_event: EventCallback | None = None,
        *,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.config = config
        self.endpoints: Endpoints = resolve_endpoints(config.url, config.credentials.scheme)
        self._secrets = config.credentials.secrets()
        # Its own API, for reconciliation; decisions go through the owner's. Made when
        # first needed: its HTTP client (aiohttp) is a quarter of the engine's memory.
        self._api: EWalletApi | None = None
        self._session = Session(
            heartbeat_interval=config.heartbeat_interval,
            join_timeout=config.join_timeout,
            defect_window=config.defect_window,
            rejoin_steps=config.rejoin_steps,
        )
        self._backoff = Backoff(
            config.backoff_steps,
            jitter=config.backoff_jitter,
            stable_after=config.stable_after,
            rand=rand,
            fast_for=config.backoff_fast_for,
            cap=config.backoff_cap,
        )
        # Whether the current connection did anything: joined a channel, or answered a
        # heartbeat when none is wanted. One that did not is a failed attempt for
        # max_retries, however long it stayed open (a server that upgrades, then is silent).
        self._proven = False
        self._state = ConnectionState.OFFLINE
        self._outbox: deque[ClientFrame] = deque()
        self._wake = asyncio.Event()
        self._stop_requested = asyncio.Event()
        self._running = False
        self._dispatcher = OrderedDispatcher(on_event, logger)
        # Cleared by pause_reading(): the read loop then waits, websockets' own queue fills
        # and TCP pushes back on the server (the events wait there, nothing is dropped).
        self._reading_allowed = asyncio.Event()
        self._reading_allowed.set()
        self.intake_paused: IntakeCheck | None = None
        """Set by the owner: while it returns True no frame is taken off the socket (see
        ``ConnectionClient``); asked after every frame."""
        self._seen = SeenConsumptions()
        self._gap_start: datetime | None = None
        self._gap_channels: tuple[str, ...] = ()
        self._reconcile_topics: set[str] = set()
        self._reconcile_task: asyncio.Task[None] | None = None
        self.attempts = 0
        """Connection attempts made so far (every upgrade tried counts)."""
        # The credentials were accepted at least once by this client.
        self._accepted_once = False

    def __repr__(self) -> str:
        return f"MonitorClient({self.redacted_url!r}, {self.config.credentials}, {self._state})"

    # ----------------------------------------------------------------- state

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def channels(self) -> dict[str, ChannelState]:
        return self._session.channels

    def channel_reason(self, topic: str) -> str:
        return self._session.channel_reason(topic)

    @property
    def rtt_ms(self) -> float | None:
        return self._session.rtt_ms

    @property
    def redacted_url(self) -> str:
        return self._redact(self._socket_url())

    @property
    def tls_verified(self) -> bool | None:
        """True when the server's certificate is checked, False when TLS verification is
        off (``insecure``), ``None`` without TLS (``ws://``)."""
        if not self.endpoints.is_tls:
            return None
        return not self.config.insecure

    @property
    def api(self) -> EWalletApi:
        """The HTTP API this client reconciles through (made on first use)."""
        if self._api is None:
            self._api = connection_api(self.config)
        return self._api

    @property
    def recoverable(self) -> bool:
        """True when missed consumptions can be rebuilt over HTTP (admin API, reconcile on)."""
        return self.config.reconcile and self.endpoints.uses_admin_rpcs

    # ----------------------------------------------------------------- intents

    def join(self, topic: str) -> None:
        """Want a channel (kept across reconnects). Raises :class:`TopicError` if malformed."""
        self._session.join(str(parse_topic(topic)), self._now())
        self._flush()

    def leave(self, topic: str) -> None:
        self._session.leave(str(parse_topic(topic)), self._now())
        self._flush()

    def rejoin(self, topic: str) -> None:
        """Join again now, even a REFUSED or FAILED channel."""
        self._session.rejoin(str(parse_topic(topic)), self._now())
        self._flush()

    def stop(self) -> None:
        """Ask :meth:`run` to close the socket and return soon. Safe to call any time; a
        stop before :meth:`run` started makes that run return at once."""
        self._stop_requested.set()
        self._wake.set()
        self._reading_allowed.set()  # a paused read loop must see the close

    def pause_reading(self) -> None:
        """Stop taking frames off the socket until :meth:`resume_reading` (flow control
        for a consumer that fell behind; loop thread). Frames sent meanwhile wait in the
        socket's buffers; a long pause can look like a dead link to the heartbeat check."""
        self._reading_allowed.clear()

    def resume_reading(self) -> None:
        """Take frames off the socket again (loop thread)."""
        self._reading_allowed.set()

    @property
    def reading_paused(self) -> bool:
        return not self._reading_allowed.is_set()

    # ----------------------------------------------------------------- run loop

    async def run(self) -> RunOutcome:
        """Connect and stay connected until :meth:`stop`, a permanent refusal, or
        ``max_retries`` consecutive failures. Never raises for network trouble."""
        if self._running:
            raise RuntimeError("MonitorClient.run() is already running")
        self._running = True
        failures = 0
        outcome = RunOutcome(OutcomeReason.STOPPED, "stopped")
        try:
            while not self._stop_requested.is_set():
                self._set_state(ConnectionState.CONNECTING, "connecting")
                self.attempts += 1
                try:
                    websocket = await self._connect()
                except _Refused as refused:
                    self._set_state(ConnectionState.REFUSED, refused.detail, code=refused.code)
                    outcome = RunOutcome(OutcomeReason.REFUSED, refused.detail, refused.code)
                    break
                except _Transient as failure:
                    detail, code = failure.detail, failure.code
                    failures += 1
                else:
                    detail, proven = await self._serve(websocket)
                    code = None
                    failures = 0 if proven else failures + 1
                if self._stop_requested.is_set():
                    break
                retries = self.config.max_retries
                if retries is not None and failures > retries:
                    text = f"gave up after {failures} failed attempt(s): {detail}"
                    self._set_state(ConnectionState.OFFLINE, text, code=code)
                    outcome = RunOutcome(OutcomeReason.RETRIES_EXHAUSTED, text, code)
                    break
                delay = self._backoff.next_delay()
                self._set_state(ConnectionState.RECONNECTING, detail, retry_in=delay, code=code)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop_requested.wait(), delay)
        finally:
            await self._finish()
        if outcome.reason is OutcomeReason.STOPPED:
            self._set_state(ConnectionState.OFFLINE, "stopped")
        return outcome

    async def _finish(self) -> None:
        self._running = False
        # Cleared here, not at the start of run(): a stop() that lands before the run task
        # got going must still stop it.
        self._stop_requested.clear()
        self._close_gap(recoverable=False, final=True)
        task, self._reconcile_task = self._reconcile_task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._reconcile_topics.clear()
        if self._api is not None:
            await self._api.close()

    # ----------------------------------------------------------------- connecting

    def _socket_url(self) -> str:
        return socket_url(self.config, self.endpoints)

    def _ssl_context(self) -> ssl.SSLContext | None:
        if not self.endpoints.is_tls:
            return None
        return make_ssl_context(self.config.cafile, self.config.insecure)

    async def _connect(self) -> ClientConnection:
        url = self._socket_url()
        if self.config.auth_in_query:
            headers = {"Accept": self.config.accept}
        else:
            headers = {**self.config.credentials.headers(), "Accept": self.config.accept}
        try:
            return await connect(
                url,
                additional_headers=headers,
                ssl=self._ssl_context(),
                open_timeout=self.config.open_timeout,
                # The eWallet heartbeat is the liveness check; websocket pings would only
                # hide a dead channel process behind a live TCP connection.
                ping_interval=None,
                close_timeout=min(2.0, self.config.heartbeat_interval),
                max_size=self.config.max_frame_bytes * MAX_MESSAGE_FACTOR,
                # Credentials go only where the user pointed them, never to a proxy.
                proxy=None,
                user_agent_header=f"ewallet-monitor/{__version__}",
                create_connection=_WatchedConnection,
            )
        except InvalidStatus as exc:
            raise self._classify_status(exc) from None
        except InvalidURI:
            raise _Refused(f"invalid socket URL {self.redacted_url}", "invalid_url") from None
        except ssl.SSLCertVerificationError as exc:
            raise _Refused(
                f"TLS certificate of {self.redacted_url} not trusted "
                f"({self._redact(exc.verify_message or str(exc))}); "
                "pass a CA file, or --insecure for a test server",
                "tls_verify_failed",
            ) from None
        except InvalidHandshake as exc:
            raise _Transient(
                f"upgrade failed at {self.redacted_url}: {self._describe(exc)}"
            ) from None
        except (OSError, TimeoutError, WebSocketException) as exc:
            words = connect_failure(exc, self.config.open_timeout)
            if words is not None:
                logger.info("cannot connect to %s: %s", self.redacted_url, self._describe(exc))
                raise _Transient(words) from None
            raise _Transient(
                f"cannot connect to {self.redacted_url}: {self._describe(exc)}"
            ) from None

    def _classify_status(self, exc: InvalidStatus) -> Exception:
        response = exc.response
        status = response.status_code
        scheme = self.config.credentials.scheme.value
        error = self._error_in_body(bytes(response.body))
        said = f"HTTP {status}"
        if error is not None:
            said += f", {error}"
        if error is not None and error.code == INVALID_VERSION:
            return _Refused(
                f"{self.redacted_url} refused the API version {self.config.accept} ({said})",
                INVALID_VERSION,
            )
        if status in (401, 403) and self._accepted_once:
            return _Refused(
                f"{self.redacted_url} refused the {scheme} credentials that it accepted "
                f"earlier in this session ({said}): the token may have expired or been "
                "logged out; sign in again for a new one",
                CREDENTIALS_STOPPED_WORKING,
            )
        if status in (401, 403):
            return _Refused(
                f"{self.redacted_url} refused the {scheme} credentials ({said}); check the "
                "scheme, key and secret",
                f"http_{status}",
            )
        if status in _PERMANENT_STATUSES or (error is not None and 200 <= status < 300):
            return _Refused(
                f"{self.redacted_url} did not upgrade to a websocket ({said}); "
                "check the URL (base URL or …/api/client/socket, …/api/admin/socket)",
                error.code if error is not None else f"http_{status}",
            )
        return _Transient(f"{self.redacted_url} answered {said} to the upgrade", f"http_{status}")

    def _error_in_body(self, body: bytes) -> EWalletError | None:
        try:
            envelope = json.loads(body.decode("utf-8", errors="replace"))
        except (ValueError, RecursionError):
            return None
        if not isinstance(envelope, dict):
            return None
        error = EWalletError.from_json(envelope.get("data"))
        if error is None:
            return None
        return EWalletError(error.code, self._redact(error.description), error.messages)

    # ----------------------------------------------------------------- connected

    async def _serve(self, websocket: ClientConnection) -> tuple[str, bool]:
        """Run one connection until it ends; returns (why it ended, did it prove useful)."""
        loop_now = self._now()
        self._accepted_once = True
        self._backoff.connected(loop_now)
        self._proven = False
        self._set_state(ConnectionState.CONNECTED, "connected")
        if self.endpoints.is_tls and self.config.insecure:
            self._emit(
                MonitorNotice(
                    "TLS certificate verification is off (insecure): the server's identity "
                    "was not checked",
                    utc_now(),
                    level="warning",
                    details={"code": "tls_unverified"},
                )
            )
        self._close_gap(recoverable=self.recoverable, final=False)
        self._outbox.clear()
        self._session.connection_opened(loop_now)
        self._flush()
        reader = asyncio.create_task(self._read(websocket))
        driver = asyncio.create_task(self._drive(websocket))
        watcher = asyncio.create_task(self._watch_unsent(websocket))
        done, pending = await asyncio.wait(
            {reader, driver, watcher}, return_when=asyncio.FIRST_COMPLETED
        )
        if watcher in done and not watcher.cancelled() and watcher.exception() is None:
            # The server reads nothing: a close frame would only join the backlog.
            websocket.transport.abort()
        if reader in pending and driver in done and self._closed_under_sender(driver):
            # The connection closed while a frame was being sent: frames that had already
            # arrived are still queued in the socket; let the reader take them (it ends on
            # its own once they are read) instead of cancelling it and losing them.
            finished, pending = await asyncio.wait(pending, timeout=self.config.heartbeat_interval)
            done |= finished
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        why = ""
        for task in done:
            if task.cancelled():
                continue
            error = task.exception()
            if error is not None:
                # A bug of ours, not the network's: log it and treat it as a lost connection.
                logger.error("socket task failed", exc_info=error)
                why = f"internal error: {self._describe(error)}"
            elif task.result():
                why = task.result()
        if websocket.transport.get_write_buffer_size() > self.config.limits.unsent_for_close_bytes:
            # Still unsent: the server is not reading, and would not read a close frame.
            websocket.transport.abort()
        with contextlib.suppress(Exception):
            await websocket.close(1000, "monitor closing")
        received = websocket.protocol.close_rcvd
        close_code = received.code if received is not None else None
        if not why:
            if received is not None:
                why = f"closed by the server with code {received.code}"
                if received.reason:
                    why += f" ({self._redact(received.reason)})"
            else:
                why = "connection dropped without a close frame"
        end = self._now()
        self._backoff.disconnected(end, useful=self._proven)
        self._session.connection_lost(end, close_code, why, stopped=self._stop_requested.is_set())
        self._flush()
        if not self._stop_requested.is_set():
            self._gap_start = utc_now()
            self._gap_channels = tuple(self._session.live_topics())
        return why, self._proven

    @staticmethod
    def _closed_under_sender(driver: asyncio.Task[str]) -> bool:
        return not driver.cancelled() and driver.exception() is None and driver.result() == ""

    async def _wait_for_intake(self, paused: IntakeCheck) -> None:
        """Until ``paused`` lets go or :meth:`stop`: the server holds the events meanwhile."""
        while not self._stop_requested.is_set() and paused():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._stop_requested.wait(), self.config.limits.intake_recheck_seconds
                )

    async def _read(self, websocket: ClientConnection) -> str:
        limit = self.config.max_frame_bytes
        try:
            async for message in websocket:
                now = self._now()
                if isinstance(message, bytes):
                    decoded = decode_server_frame(message, binary=True)
                elif len(message) > limit and len(message.encode("utf-8")) > limit:
                    decoded = InvalidFrame(
                        f"frame of {len(message.encode('utf-8'))} bytes exceeds the limit of "
                        f"{limit} bytes; not decoded",
                        message[:MAX_RAW_KEPT],
                    )
                else:
                    decoded = decode_server_frame(message, lean=True)
                if isinstance(decoded, InvalidFrame):
                    self._emit(InvalidFrameReceived(decoded, utc_now()))
                    continue
                self._seen.note(decoded.summary_data)
                self._emit(FrameReceived(decoded, utc_now()))
                self._session.receive(decoded, now)
                self._flush()
                if not self._reading_allowed.is_set():
                    await self._reading_allowed.wait()
                paused = self.intake_paused
                if paused is not None and paused():
                    await self._wait_for_intake(paused)
        except ConnectionClosed as closed:
            if (
                closed.rcvd is None
                and closed.sent is not None
                and closed.sent.code == (_CLOSE_TOO_BIG)
            ):
                self._emit(
                    InvalidFrameReceived(
                        InvalidFrame(
                            f"message larger than {limit * MAX_MESSAGE_FACTOR} bytes; "
                            "the connection was closed",
                            "",
                        ),
                        utc_now(),
                    )
                )
                return "a message exceeded the size limit"
        return ""

    async def _drive(self, websocket: ClientConnection) -> str:
        """Send queued frames, tick the session at its deadlines, notice stop/dead."""
        try:
            while True:
                self._wake.clear()
                while self._outbox:
                    frame = self._outbox.popleft()
                    text = encode_client_frame(frame.topic, frame.event, frame.ref, frame.data)
                    self._emit(FrameSent(frame, utc_now()))
                    try:
                        # A server that reads nothing blocks a send for ever, and with it
                        # the heartbeat check below: a send is given one interval.
                        await asyncio.wait_for(websocket.send(text), self.config.heartbeat_interval)
                    except TimeoutError:
                        return (
                            "the server is not reading: a frame could not be sent within "
                            f"{self.config.heartbeat_interval:g} s"
                        )
                if self._stop_requested.is_set():
                    return "stopped"
                if self._session.close_requested:
                    return self._session.close_requested
                deadline = self._session.next_deadline()
                timeout = None if deadline is None else max(0.0, deadline - self._now())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout)
                self._session.tick(self._now())
                self._flush()
        except ConnectionClosed:
            return ""

    async def _watch_unsent(self, websocket: ClientConnection) -> str:
        """End the connection when what waits to be sent passes ``limits.max_unsent_bytes``.

        Pongs to a server's pings are queued without flow control: a server that floods
        pings and never reads made that queue grow by ~34 MB/s. While nothing waits the
        check sleeps until a write leaves bytes unsent (or ``unsent_idle_check_seconds``);
        while something waits it looks every ``unsent_check_seconds``.
        """
        transport = websocket.transport
        limits = self.config.limits
        period = min(limits.unsent_check_seconds, self.config.heartbeat_interval / 4)
        backlogged = (
            websocket.backlogged if isinstance(websocket, _WatchedConnection) else asyncio.Event()
        )
        while True:
            if transport.get_write_buffer_size() == 0:
                backlogged.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(backlogged.wait(), limits.unsent_idle_check_seconds)
            else:
                await asyncio.sleep(period)
            unsent = transport.get_write_buffer_size()
            if unsent > limits.max_unsent_bytes:
                return (
                    f"the server is not reading: {unsent // 1024:,} KB waiting to be sent "
                    "(it may be flooding pings)"
                )

    # ----------------------------------------------------------------- gaps

    def _close_gap(self, *, recoverable: bool, final: bool) -> None:
        if self._gap_start is None:
            return
        start, self._gap_start = self._gap_start, None
        channels, self._gap_channels = self._gap_channels, ()
        self._emit(GapRecorded(start, utc_now(), channels, recoverable and not final, utc_now()))
        if channels and not final and not recoverable:
            self._emit(
                MonitorNotice(
                    "events broadcast while disconnected are lost and cannot be recovered "
                    + (
                        "with client credentials (no list endpoint)"
                        if not self.endpoints.uses_admin_rpcs
                        else "(reconciliation is off)"
                    ),
                    utc_now(),
                    level="warning",
                    details={"channels": list(channels)},
                )
            )

    # ----------------------------------------------------------------- reconciliation

    def _schedule_reconcile(self, topic: str) -> None:
        if not self.recoverable or not is_reconcilable(topic):
            return
        self._reconcile_topics.add(topic)
        if self._reconcile_task is None or self._reconcile_task.done():
            self._reconcile_task = asyncio.get_running_loop().create_task(self._reconcile())

    async def _reconcile(self) -> None:
        # Let the joins that arrive together (after a reconnect) share one scan.
        await asyncio.sleep(0)
        while self._reconcile_topics:
            topics = set(self._reconcile_topics)
            self._reconcile_topics.clear()
            try:
                pending, incomplete = await self._fetch_pending()
            except ApiError as exc:
                self._emit(
                    MonitorNotice(
                        f"could not fetch pending consumptions after joining: {exc}",
                        utc_now(),
                        level="warning",
                        details={"channels": sorted(topics), "code": exc.code},
                    )
                )
                continue
            if incomplete:
                self._emit(
                    MonitorNotice(
                        f"reconciliation is incomplete: {incomplete}; pending consumptions "
                        "missed while disconnected may not all be shown",
                        utc_now(),
                        level="warning",
                        details={
                            "channels": sorted(topics),
                            "code": RECONCILE_INCOMPLETE,
                            "read": len(pending),
                        },
                    )
                )
            for consumption in pending:
                consumption_id = consumption.get("id")
                if not isinstance(consumption_id, str) or consumption.get("status") != PENDING:
                    continue
                matches = sorted(request_side_topics(consumption) & topics)
                if not matches or self._seen.is_known_pending_or_final(consumption_id):
                    continue
                if self._session.channels.get(matches[0]) is not ChannelState.JOINED:
                    continue
                self._seen.note(consumption)
                self._emit(ConsumptionRecovered(consumption, matches[0], utc_now()))

    async def _fetch_pending(self) -> tuple[list[dict[str, Any]], str]:
        config = self.config

        async def page(start_after: str | None) -> Page:
            return await self.api.list_consumptions_after(
                start_after, per_page=config.reconcile_per_page, status=PENDING
            )

        return await read_every_page(page, config.reconcile_max_pages)

    # ----------------------------------------------------------------- plumbing

    def _now(self) -> float:
        return time.monotonic()

    def _redact(self, text: str) -> str:
        return redact(text, self._secrets)

    def _describe(self, exc: BaseException) -> str:
        text = str(exc) or type(exc).__name__
        return self._redact(text)

    def _set_state(
        self,
        state: ConnectionState,
        detail: str,
        *,
        retry_in: float | None = None,
        code: str | None = None,
    ) -> None:
        if state is self._state and state is not ConnectionState.RECONNECTING:
            return
        self._state = state
        self._emit(
            ConnectionStateChanged(
                state, utc_now(), self._redact(detail), self.redacted_url, retry_in, code
            )
        )

    def _flush(self) -> None:
        """Move the session's output on: frames to the sender, events to the callback."""
        frames = self._session.data_to_send()
        if frames:
            self._outbox.extend(frames)
            self._wake.set()
        for event in self._session.events_received():
            self._emit(event)
            if isinstance(event, ChannelStateChanged) and event.state is ChannelState.JOINED:
                self._proven = True
                self._schedule_reconcile(event.topic)
            elif isinstance(event, HeartbeatMeasured) and not self._session.wanted_topics():
                self._proven = True

    def _emit(self, event: MonitorEvent) -> None:
        self._dispatcher.emit(event)
