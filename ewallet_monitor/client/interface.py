"""The role a connection client plays, whichever process its socket lives in.

:class:`ConnectionClient` is what the controllers and the command line use of a client:
:class:`~ewallet_monitor.client.monitor.MonitorClient` (the socket in this process) and
:class:`~ewallet_monitor.engine.client.EngineClient` (the socket in a child process) both
implement it. The HTTP API is not part of it: whoever approves or rejects builds its own
with :func:`connection_api` from the same :class:`ConnectionConfig`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ewallet_monitor.client.config import ConnectionConfig, RunOutcome
from ewallet_monitor.protocol.events import ChannelState, ConnectionState, MonitorEvent
from ewallet_monitor.protocol.urls import resolve_endpoints

if TYPE_CHECKING:
    from ewallet_monitor.api import EWalletApi

EventCallback = Callable[[MonitorEvent], None]
IntakeCheck = Callable[[], bool]
"""Flow control: True while the consumer of the events is too far behind to take more."""


class ConnectionClient(Protocol):
    """Keeps a socket to one eWallet open and the wanted channels joined.

    ``on_event`` (given at construction) is called on the loop thread that awaits
    :meth:`run`, in order, with every event. :attr:`intake_paused`, set by the owner
    before :meth:`run`, is asked as events arrive: while it returns True the client
    takes nothing more from the socket (the server holds the events; nothing is
    dropped), and asks again every ``config.limits.intake_recheck_seconds``.
    """

    config: ConnectionConfig
    attempts: int
    intake_paused: IntakeCheck | None

    @property
    def state(self) -> ConnectionState: ...

    @property
    def channels(self) -> dict[str, ChannelState]: ...

    def channel_reason(self, topic: str) -> str: ...

    @property
    def rtt_ms(self) -> float | None: ...

    @property
    def redacted_url(self) -> str:
        """The socket URL with every secret replaced (safe to show and log)."""
        ...

    @property
    def tls_verified(self) -> bool | None:
        """True when the certificate is checked, False with ``insecure``, None for ws://."""
        ...

    @property
    def recoverable(self) -> bool:
        """True when missed consumptions can be rebuilt over HTTP (admin API, reconcile)."""
        ...

    def join(self, topic: str) -> None:
        """Want a channel (kept across reconnects); raises ``TopicError`` if malformed."""
        ...

    def leave(self, topic: str) -> None: ...

    def rejoin(self, topic: str) -> None:
        """Join again now, even a REFUSED or FAILED channel."""
        ...

    def stop(self) -> None:
        """Ask :meth:`run` to end soon; safe any time (before :meth:`run`: it returns at once)."""
        ...

    async def run(self) -> RunOutcome:
        """Stay connected until stopped, refused or out of retries; never raises for
        network trouble."""
        ...


class ClientFactory(Protocol):
    """Builds a client for one connection (raises ``UrlError`` for an unusable URL)."""

    def __call__(self, config: ConnectionConfig, on_event: EventCallback) -> ConnectionClient: ...


def connection_api(config: ConnectionConfig) -> EWalletApi:
    """The HTTP API of the server ``config`` names, with its credentials and TLS options."""
    from ewallet_monitor.api.client import EWalletApi  # aiohttp: loaded when first needed

    return EWalletApi(
        resolve_endpoints(config.url, config.credentials.scheme),
        config.credentials,
        cafile=config.cafile,
        insecure=config.insecure,
        timeout=config.api_timeout,
    )


__all__ = [
    "ClientFactory",
    "ConnectionClient",
    "EventCallback",
    "IntakeCheck",
    "connection_api",
]
