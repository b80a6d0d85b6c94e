"""The socket client: asyncio over ``websockets``, driving :mod:`protocol.session`.

Exports :class:`MonitorClient` (connect, heartbeat, reconnect with backoff, rejoin, gaps,
reconciliation over HTTP), its settings :class:`ConnectionConfig` and the
:class:`RunOutcome` that says why :meth:`MonitorClient.run` ended. ``client.verify``
reads a consumption before a decision (the server does not check that it is pending);
``client.reconcile`` reads every page of pending consumptions.
"""

from typing import TYPE_CHECKING

from ewallet_monitor.client.config import ConnectionConfig, OutcomeReason, RunOutcome

if TYPE_CHECKING:
    from ewallet_monitor.client.monitor import MonitorClient


def __getattr__(name: str) -> object:
    # Loaded on first use: it brings websockets and aiohttp, which the window's first
    # paint does not need (the window imports client.config and client.interface).
    if name == "MonitorClient":
        from ewallet_monitor.client.monitor import MonitorClient

        return MonitorClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ConnectionConfig", "MonitorClient", "OutcomeReason", "RunOutcome"]
