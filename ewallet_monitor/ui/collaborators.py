"""What the windows use of the objects the composition root hands them.

The window is built with a controller, a store and crash reports from layers it may not
import (``controllers`` owns asyncio tasks, ``app`` is the composition root): each role
is named here as a ``typing.Protocol``, and mypy checks that
``controllers.MonitorController``, ``store.EventStore`` and ``app.crash.CrashReport``
play it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import SignalInstance

from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.decision_guard import DecisionGuard
from ewallet_monitor.protocol.auth import Credentials
from ewallet_monitor.protocol.events import ConnectionStateChanged, MonitorEvent
from ewallet_monitor.ui.history_view import HistorySource


class CashierRole(Protocol):
    """The cashier's queue and decisions (``controllers.CashierController``)."""

    guard: DecisionGuard
    profile_name: str  # named in the audit trail

    @property
    def consumption_requested(self) -> SignalInstance:
        """(consumption id) a new card, live or recovered."""
        ...

    @property
    def consumption_finalized(self) -> SignalInstance:
        """(consumption id, final state value)."""
        ...

    @property
    def action_warned(self) -> SignalInstance:
        """(consumption id, warning text)."""
        ...

    @property
    def decision_refused(self) -> SignalInstance:
        """(consumption id, why)."""
        ...

    @property
    def claim_noted(self) -> SignalInstance:
        """(consumption id, who handles it at another desk, "" for nobody)."""
        ...

    @property
    def claim_unavailable(self) -> SignalInstance:
        """(consumption id, action): no claim can be taken; ask before acting unclaimed."""
        ...

    def decide(self, consumption_id: str, action: str, *, unclaimed: bool = False) -> object:
        """Approve or reject the card in focus, through the decision guard (and the
        claims of a shared store; ``unclaimed`` once the cashier agreed to act without)."""
        ...

    def take_over(self, consumption_id: str, reason: str) -> object:
        """Take a payment held by another desk (audited with ``reason``)."""
        ...

    def ensure_card(self, data: dict[str, Any]) -> str | None:
        """The id of the card for a consumption's JSON object (made when missing), or
        None when it can no longer be decided."""
        ...


class WindowController(Protocol):
    """One connection seen from the window (``controllers.MonitorController``)."""

    kind_sinks: list[Callable[[str], None]]
    event_sinks: list[Callable[[MonitorEvent, object], None]]

    @property
    def approval_queue(self) -> ApprovalQueue: ...

    @property
    def cashier(self) -> CashierRole: ...

    @property
    def last_status(self) -> ConnectionStateChanged | None: ...

    @property
    def status_changed(self) -> SignalInstance:
        """(ConnectionStateChanged)."""
        ...

    @property
    def heartbeat_measured(self) -> SignalInstance:
        """(round trip in ms)."""
        ...

    @property
    def error_reported(self) -> SignalInstance:
        """(summary in plain words, technical detail)."""
        ...

    @property
    def run_finished(self) -> SignalInstance:
        """(RunOutcome, or None when the run task failed)."""
        ...

    def connect_to(
        self,
        url: str,
        credentials: Credentials,
        topics: list[str] | tuple[str, ...] = (),
        **options: object,
    ) -> bool:
        """Start a connection (``options`` are ``ConnectionConfig`` fields); False when it
        cannot start (reported on :attr:`error_reported`)."""
        ...

    def join(self, topic: str) -> None: ...

    def leave(self, topic: str) -> None: ...

    def rejoin(self, topic: str) -> None: ...

    def stop(self) -> None: ...


class WindowStore(HistorySource, Protocol):
    """The event history (``store.EventStore``): read by History and Export, and its
    health shown in the status bar."""

    last_error: str | None
    dropped: int


class CrashDetails(Protocol):
    """One unexpected exception, already redacted (``app.crash.CrashReport``)."""

    source: str
    summary: str
    details: str
    log_file: Path | None


__all__ = ["CashierRole", "CrashDetails", "WindowController", "WindowStore"]
