"""What waits in the store's queue: the rows to write and the markers between them.

Shared by the queue (:mod:`~ewallet_monitor.store.event_store`), the transports and the
writers; plain data, so any of them may import it and the process transport can pickle it.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass
from typing import Any

from ewallet_monitor.protocol.events import MonitorEvent


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One operator action for the audit trail: ``(at_ms, os_user, profile, action,
    consumption_id, amount, token, answer, answer_code)``, not yet redacted."""

    row: tuple[Any, ...]

    @property
    def consumption_id(self) -> str:
        return str(self.row[4])


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """An outcome learnt outside the stream: ``(outcome, code, at_ms, consumption_id)``."""

    row: tuple[Any, ...]


WriteItem = MonitorEvent | AuditRow | OutcomeRow
"""What a writer stores: a monitor event, or a row."""


class MarkerKind(enum.Enum):
    FLUSH = "flush"
    RETENTION = "retention"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class Marker:
    """A point in the queue: ``done`` is set once everything queued before it is committed
    (``RETENTION``: and retention applied; ``STOP``: and the writer closed)."""

    done: threading.Event
    kind: MarkerKind = MarkerKind.FLUSH


QueueItem = WriteItem | Marker

__all__ = ["AuditRow", "Marker", "MarkerKind", "OutcomeRow", "QueueItem", "WriteItem"]
