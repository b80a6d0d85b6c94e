"""Retention removes old rows (by age) and the oldest rows (by size), never the audit."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ewallet_monitor.protocol.events import ChannelState, ChannelStateChanged
from ewallet_monitor.store import EventStore
from tests.store.conftest import FLUSH_TIMEOUT, wait_indexed
from tests.store.samples import consumption_received


def test_rows_older_than_the_retention_age_go_with_their_index_entries(db_path: Path) -> None:
    now = datetime.now(UTC)
    rng = random.Random(3)
    old = [consumption_received(i, rng, now - timedelta(days=10, seconds=i)) for i in range(30)]
    new = [consumption_received(100 + i, rng, now - timedelta(hours=1)) for i in range(5)]
    with EventStore(db_path, commit_interval=0.01) as store:
        store.record_many([*old, *new])
        store.record(
            ChannelStateChanged("user:usr_1", ChannelState.JOINED, now - timedelta(days=9))
        )
        store.record_audit(action="approve", consumption_id="txc_x", at=now - timedelta(days=30))
        wait_indexed(store)
        assert store.count() == 35
    with EventStore(db_path, retention_days=7, commit_interval=0.01) as store:
        assert store.apply_retention(FLUSH_TIMEOUT)  # also ran on open
        assert store.count() == 5
        assert {f.consumption_id for f in store.page()} == {e.frame.data["id"] for e in new}
        assert store.search(text=old[3].frame.data["id"]) == []
        assert store.reader.channel_states() == []
        assert len(store.audit_entries()) == 1  # the audit trail is kept


def test_the_oldest_rows_go_when_the_database_is_over_its_size(db_path: Path) -> None:
    rng = random.Random(4)
    now = datetime.now(UTC)
    events = [consumption_received(i, rng, now) for i in range(600)]  # ~1.5 MB with index
    with EventStore(db_path, commit_interval=0.01) as store:
        store.record_many(events)
        wait_indexed(store)
    limit = 1_000_000
    with EventStore(db_path, max_bytes=limit, commit_interval=0.01) as store:
        assert store.apply_retention(FLUSH_TIMEOUT)
        kept = store.count()
        assert 0 < kept < 600
        assert used_bytes(db_path) <= limit
        newest = store.page(limit=kept)
        assert [f.seq for f in newest] == list(range(600, 600 - kept, -1))


def used_bytes(path: Path) -> int:
    """The bytes the database's pages use, less its free pages (what max_bytes bounds)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
        (free,) = connection.execute("PRAGMA freelist_count").fetchone()
        (size,) = connection.execute("PRAGMA page_size").fetchone()
    return int((pages - free) * size)
