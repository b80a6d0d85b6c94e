"""The writer in a process of its own: what only that arrangement can go through.

Everything else (rows, audit, flush, secrets, locks) is checked for both arrangements by
the tests using the ``store`` fixture.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from ewallet_monitor.store import EventStore
from ewallet_monitor.store.writer_process import WRITER_NICENESS
from tests.store.conftest import FLUSH_TIMEOUT
from tests.store.samples import mixed_events


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_writer_process_hands_over_to_a_thread_and_later_events_are_stored(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with EventStore(db_path, commit_interval=0.02, separate_process=True) as store:
        store.record_many(mixed_events(40, seed=1))
        assert store.flush(FLUSH_TIMEOUT)
        writer = store._writer
        assert writer is not None and writer.is_alive()
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(FLUSH_TIMEOUT)
        later = mixed_events(60, seed=2)
        store.record_many(later)
        assert store.flush(FLUSH_TIMEOUT)
        assert store.count() == 100
        store.record_audit(action="approve", consumption_id="txc_after", answer_code="ok")
        assert store.flush(FLUSH_TIMEOUT)
        assert [entry.consumption_id for entry in store.audit_entries()] == ["txc_after"]
    assert any("writer process stopped unexpectedly" in r.getMessage() for r in caplog.records)
    with EventStore(db_path) as reopened:
        assert reopened.count() == 100


def test_the_writer_process_logs_through_the_application(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ewallet_monitor.store")
    with EventStore(
        db_path, commit_interval=0.01, busy_timeout=0.05, separate_process=True
    ) as store:
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        store.record_many(mixed_events(10))
        assert not store.flush(0.3)
        blocker.execute("ROLLBACK")
        blocker.close()
        assert store.flush(FLUSH_TIMEOUT)
    relayed = [
        r
        for r in caplog.records
        if r.name == "ewallet_monitor.store.event_store" and "write failed" in r.getMessage()
    ]
    assert relayed and "database is locked" in relayed[0].getMessage()


def test_close_stops_the_writer_process_after_storing_everything(db_path: Path) -> None:
    store = EventStore(db_path, separate_process=True)
    writer = store._writer
    store.record_many(mixed_events(300))
    store.close()  # no flush first: close stores what is queued
    assert writer is not None and not writer.is_alive()
    assert writer.exitcode == 0
    with EventStore(db_path) as reopened:
        assert reopened.count() == 300


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_the_writer_process_runs_at_a_lower_cpu_priority(db_path: Path) -> None:
    with EventStore(db_path, separate_process=True) as store:
        writer = store._writer
        assert writer is not None
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        wanted = min(19, ours + WRITER_NICENESS)
        # The child lowers it as it starts; a flush answered means it has started.
        store.record_many(mixed_events(5))
        assert store.flush(FLUSH_TIMEOUT)
        assert os.getpriority(os.PRIO_PROCESS, writer.pid) == wanted
