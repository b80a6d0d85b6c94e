"""What reading the history takes, whichever database holds it.

:class:`HistoryReader` is the role the embedded SQLite reader
(:class:`~ewallet_monitor.store.reader.EventReader`) and the shared PostgreSQL one
(:class:`~ewallet_monitor.store.postgres.PostgresReader`) both play for ``export``,
``stats``, and the window's History, Statistics and Export.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from ewallet_monitor.store.records import AuditEntry, FrameFilter, StoredFrame
from ewallet_monitor.store.stats import Statistics


class HistoryReader(Protocol):
    def count(self, wanted: FrameFilter | None = None) -> int: ...

    def audit_count(self) -> int: ...

    def search_filter(
        self, wanted: FrameFilter, *, limit: int = ..., before_seq: int | None = None
    ) -> list[StoredFrame]: ...

    def iter_frames(
        self, wanted: FrameFilter | None = None, *, batch: int = ...
    ) -> Iterator[StoredFrame]: ...

    def iter_audit(
        self, since: datetime | None = None, until: datetime | None = None, *, batch: int = ...
    ) -> Iterator[AuditEntry]: ...

    def iter_gaps(
        self, since: datetime | None = None, until: datetime | None = None, *, batch: int = ...
    ) -> Iterator[tuple[int, int, int, int, str, int]]: ...

    def iter_channel_states(
        self, since: datetime | None = None, until: datetime | None = None, *, batch: int = ...
    ) -> Iterator[tuple[int, int, str, str, str]]: ...

    def token_scale(self, consumption_id: str) -> int | None: ...

    def statistics(
        self, since_ms: int | None = None, until_ms: int | None = None
    ) -> Statistics: ...

    def close(self) -> None: ...
