"""The simulator server: one aiohttp app for the sockets and the HTTP RPC, on one port."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
from collections.abc import Coroutine
from datetime import timedelta
from types import TracebackType
from typing import Any

from aiohttp import web

from ewallet_monitor.simulator.access import Surface
from ewallet_monitor.simulator.config import SimulatorConfig
from ewallet_monitor.simulator.rpc import RpcEndpoint
from ewallet_monitor.simulator.runtime import Runtime
from ewallet_monitor.simulator.scenarios import (
    run_burst,
    run_cashier,
    run_channel_crashes,
    run_counted_burst,
    run_expiry_job,
)
from ewallet_monitor.simulator.sockets import SocketEndpoint
from ewallet_monitor.simulator.world import (
    ADMIN_ACCESS_KEY,
    ADMIN_SECRET_KEY,
    CLIENT_API_KEY,
    User,
    World,
)

log = logging.getLogger("ewallet_monitor.simulator")

CLOSE_GOING_AWAY = 1001
CLOSE_INTERNAL_ERROR = 1011


def build_app(runtime: Runtime) -> web.Application:
    """The aiohttp application: socket routes first, so they win over ``{rpc}``."""
    app = web.Application()
    app.router.add_get("/api/client/socket", SocketEndpoint(runtime, Surface.CLIENT_SOCKET).handle)
    app.router.add_get("/api/admin/socket", SocketEndpoint(runtime, Surface.ADMIN_SOCKET).handle)
    app.router.add_get("/api/socket", SocketEndpoint(runtime, Surface.LEGACY_SOCKET).handle)
    app.router.add_route("*", "/api/client/{rpc}", RpcEndpoint(runtime, Surface.CLIENT_API).handle)
    app.router.add_route("*", "/api/admin/{rpc}", RpcEndpoint(runtime, Surface.ADMIN_API).handle)
    return app


def _client_credentials(user: User) -> dict[str, str]:
    return {
        "scheme": "OMGClient",
        "api_key": CLIENT_API_KEY,
        "authentication_token": user.auth_token,
        "user_id": user.id,
        "provider_user_id": user.provider_user_id,
        "name": user.full_name,
    }


def describe(world: World, url: str) -> dict[str, Any]:
    """The ``listening`` object: URLs, demo credentials, requests, tokens."""
    ws_url = "ws" + url[len("http") :]
    return {
        "event": "listening",
        "url": url,
        "client_socket": f"{ws_url}/api/client/socket",
        "admin_socket": f"{ws_url}/api/admin/socket",
        "legacy_socket": f"{ws_url}/api/socket",
        "client_api": f"{url}/api/client",
        "admin_api": f"{url}/api/admin",
        "credentials": {
            "cashier": _client_credentials(world.cashier),
            "consumer": _client_credentials(world.consumers[0]),
            "admin": {
                "scheme": "OMGProvider",
                "access_key": ADMIN_ACCESS_KEY,
                "secret_key": ADMIN_SECRET_KEY,
            },
            "admin_user": {
                "scheme": "OMGAdmin",
                "user_id": world.admin.id,
                "authentication_token": world.admin.auth_token,
                "global_role": world.admin.global_role,
            },
            # An admin of the account only: no global role, so account: joins are refused.
            **(
                {
                    "account_admin": {
                        "scheme": "OMGAdmin",
                        "user_id": world.account_admin.id,
                        "authentication_token": world.account_admin.auth_token,
                        "global_role": None,
                    }
                }
                if world.account_admin
                else {}
            ),
            "consumers": [_client_credentials(u) for u in world.consumers],
        },
        "account_id": world.account.id,
        "tokens": [
            {"id": t.id, "symbol": t.symbol, "subunit_to_unit": t.subunit_to_unit}
            for t in world.tokens
        ],
        "transaction_requests": [
            {
                "id": r.id,
                "label": r.label,
                "owner_user_id": r.user.id if r.user else None,
                "owner_account_id": r.account.id if r.account else None,
                "require_confirmation": r.require_confirmation,
                "consumption_lifetime": r.consumption_lifetime,
                "token_id": r.token.id,
                "amount": r.amount,
                "address": r.wallet.address,
            }
            for r in world.requests
        ],
    }


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host


class Simulator:
    """An eWallet-compatible server on an asyncio loop.

    ``async with Simulator(config) as sim`` (or ``start``/``stop``). The world is kept
    across :meth:`restart`, which listens again on the same port, as a restarted server
    with its database would.
    """

    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        self.runtime = Runtime(self.config)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._tasks: list[asyncio.Task[None]] = []

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("simulator already started")
        runner = web.AppRunner(
            build_app(self.runtime), handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        port = self._port if self._port is not None else self.config.port
        site = web.TCPSite(
            runner,
            self.config.host,
            port,
            reuse_address=True,
            ssl_context=self.config.ssl_context,
        )
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        address = runner.addresses[0]
        self._port = int(address[1])
        self._start_tasks()
        # Pending consumptions (kept across restart() or read from the state file) get
        # their expiry timers back; one already past its date expires at once.
        for consumption in list(self.runtime.world.consumptions.values()):
            if consumption.status == "pending":
                self.runtime.arm_expiry(consumption)
        log.info("listening on %s (scenario %s)", self.url, self.config.scenario)

    def _start_tasks(self) -> None:
        loop = asyncio.get_running_loop()
        coroutines: list[Coroutine[Any, Any, None]] = []
        if self.config.scenario == "cashier":
            coroutines.append(run_cashier(self.runtime, self.config.cashier_interval))
        elif self.config.scenario == "burst" and self.config.burst_count is not None:
            if self.runtime.burst_result is None:  # a restart does not send it again
                coroutines.append(self._counted_burst(self.config.burst_count))
        elif self.config.scenario == "burst":
            coroutines.append(run_burst(self.runtime, self.config.rate))
        if self.config.expiry_mode == "minute_job":
            coroutines.append(run_expiry_job(self.runtime, self.config.expiry_job_interval))
        if self.config.channel_crash_interval is not None:
            coroutines.append(run_channel_crashes(self.runtime, self.config.channel_crash_interval))
        self._tasks = [loop.create_task(c) for c in coroutines]

    async def _counted_burst(self, count: int) -> None:
        await run_counted_burst(
            self.runtime, self.config.rate, count, replay=self.config.burst_replay
        )

    async def wait_burst(self) -> dict[str, Any]:
        """Wait for a counted burst (``burst_count``) to finish; its figures:
        ``{"event": "burst_finished", "events", "frames", "seconds", "rate"}``."""
        await self.runtime.burst_finished.wait()
        assert self.runtime.burst_result is not None
        return self.runtime.burst_result

    async def stop(self) -> None:
        """Close every socket (1001), stop scenarios and timers, stop listening."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self.runtime.cancel_timers()
        await self.runtime.hub.close_all(CLOSE_GOING_AWAY)
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def restart(self) -> None:
        """Stop, then listen again on the same port (for reconnect tests). Pending
        consumptions get their expiry timers back."""
        await self.stop()
        await self.start()

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- what callers read ------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("simulator not started")
        return self._port

    @property
    def url(self) -> str:
        scheme = "https" if self.config.ssl_context is not None else "http"
        return f"{scheme}://{_url_host(self.config.host)}:{self.port}"

    @property
    def world(self) -> World:
        return self.runtime.world

    def info(self) -> dict[str, Any]:
        """The object the command prints as its first line."""
        return describe(self.world, self.url)

    # -- test hooks -------------------------------------------------------------------------
    async def create_consumption(
        self, request_id: str, consumer_index: int = 0, amount: int | None = None
    ) -> dict[str, Any]:
        """Consume a request as consumer ``consumer_index``; events are broadcast (and
        written) before this returns. Returns the consumption JSON."""
        return await self.runtime.create_consumption(request_id, consumer_index, amount)

    def advance_clock(self, seconds: float) -> None:
        """Run the simulator's clock ``seconds`` ahead of real time (cumulative): every
        timestamp and expiry decision after this uses it. Armed expiry timers keep their
        real-time delay, so tests that use it pick ``expiry_mode="minute_job"``."""
        self.runtime.clock_offset += timedelta(seconds=seconds)

    def crash_channels(self, *topics: str) -> int:
        """The channel processes of ``topics`` (none given: every joined topic) crash:
        each socket that joined one gets ``phx_error`` with its join ref and must rejoin.
        Returns how many joins ended. The frames are queued when this returns."""
        return self.runtime.crash_channels(list(topics) if topics else None)

    def crash_next_joins(self, count: int = 1, topic: str | None = None) -> None:
        """The next ``count`` joins (of ``topic``, or of any topic) are answered
        ``websocket:connect_error`` "join crashed"."""
        self.runtime.crash_next_joins(count, topic)

    def expire_token(self, token: str) -> None:
        """Invalidate an auth token now, as a logout does: open sockets stay open, the
        next upgrade gets 403 and HTTP calls ``user:auth_token_expired``."""
        self.runtime.gatekeeper.expire_token(token)

    def set_heartbeat_replies(self, enabled: bool) -> None:
        """Stop (or resume) answering heartbeats; sockets stay open."""
        self.runtime.heartbeat_replies = enabled

    async def drop_connections(self, code: int = CLOSE_INTERNAL_ERROR) -> None:
        """Close every socket with ``code`` (1011 or 1001) and keep serving."""
        await self.runtime.hub.close_all(code)
