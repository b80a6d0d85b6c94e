"""The socket client: asyncio over ``websockets``, driving :mod:`protocol.session`.

Exports :class:`MonitorClient` (connect, heartbeat, reconnect with backoff, rejoin, gaps,
reconciliation over HTTP), its settings :class:`ConnectionConfig` and the
:class:`RunOutcome` that says why :meth:`MonitorClient.run` ended. ``client.verify``
reads a consumption before a decision (the server does not check that it is pending);
``client.reconcile`` reads every page of pending consumptions.
"""

from ewallet_monitor.client.config import ConnectionConfig, OutcomeReason, RunOutcome
from ewallet_monitor.client.monitor import MonitorClient

__all__ = ["ConnectionConfig", "MonitorClient", "OutcomeReason", "RunOutcome"]
