"""The writer in a process of its own: what only that arrangement can go through.

Everything else (rows, audit, flush, secrets, locks) is checked for both arrangements by
the tests using the ``store`` fixture.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import threading
from pathlib import Path

import pytest

from ewallet_monitor.protocol.events import MonitorNotice
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.items import Marker, MarkerKind
from ewallet_monitor.store.limits import StoreLimits
from ewallet_monitor.store.writer import SqliteWriterFactory, WriterStatus
from ewallet_monitor.store.writer_process import (
    SECRETS,
    WRITER_NICENESS,
    Control,
    WriterLink,
    WriterOptions,
)
from tests.store.conftest import FLUSH_TIMEOUT, process_transport, wait_until
from tests.store.samples import START, consumption_received, locked, mixed_events


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_writer_process_hands_over_to_a_thread_and_later_events_are_stored(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with EventStore(db_path, commit_interval=0.02, separate_process=True) as store:
        store.record_many(mixed_events(40, seed=1))
        assert store.flush(FLUSH_TIMEOUT)
        writer = process_transport(store).process
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
        with locked(db_path):
            store.record_many(mixed_events(10))
            assert not store.flush(0.3)
            # A starting child in the batch class may not have tried yet on a busy machine:
            # keep the lock until its failed attempt is reported (the log record before it).
            wait_until(lambda: store.last_error is not None)
        assert store.flush(FLUSH_TIMEOUT)
    relayed = [
        r
        for r in caplog.records
        if r.name == "ewallet_monitor.store.event_store" and "write failed" in r.getMessage()
    ]
    assert relayed and "database is locked" in relayed[0].getMessage()


def test_close_stops_the_writer_process_after_storing_everything(db_path: Path) -> None:
    store = EventStore(db_path, separate_process=True)
    writer = process_transport(store).process
    store.record_many(mixed_events(300))
    store.close()  # no flush first: close stores what is queued
    assert writer is not None and not writer.is_alive()
    assert writer.exitcode == 0
    with EventStore(db_path) as reopened:
        assert reopened.count() == 300


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_the_writer_process_lets_the_application_run_first(db_path: Path) -> None:
    batch = getattr(os, "SCHED_BATCH", None)
    with EventStore(db_path, separate_process=True) as store:
        writer = process_transport(store).process
        assert writer is not None
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        # The child changes it as it starts; a flush answered means it has started.
        store.record_many(mixed_events(5))
        assert store.flush(FLUSH_TIMEOUT)
        if batch is not None:
            # Linux: the batch class, at the application's own priority.
            assert os.sched_getscheduler(writer.pid) == batch
            assert os.getpriority(os.PRIO_PROCESS, writer.pid) == ours
        else:
            assert os.getpriority(os.PRIO_PROCESS, writer.pid) == min(19, ours + WRITER_NICENESS)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_flush_sent_to_a_writer_process_that_dies_is_answered_after_the_hand_over(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with EventStore(
        db_path, commit_interval=0.02, busy_timeout=0.05, separate_process=True
    ) as store:
        assert store.flush(FLUSH_TIMEOUT)  # the child is up
        writer = process_transport(store).process
        assert writer is not None
        results: list[bool] = []
        with locked(db_path):
            # The child cannot commit these, so it never answers the flush behind them.
            store.record_many(mixed_events(10))
            waiter = threading.Thread(target=lambda: results.append(store.flush(FLUSH_TIMEOUT)))
            waiter.start()
            wait_until(lambda: store.pending == 0)  # the shipper has taken it
            os.kill(writer.pid, signal.SIGKILL)
            writer.join(FLUSH_TIMEOUT)
        waiter.join(FLUSH_TIMEOUT)
        assert results == [True]
        store.record_audit(action="approve", consumption_id="txc_after", answer_code="ok")
        assert store.flush(FLUSH_TIMEOUT)
        assert [entry.consumption_id for entry in store.audit_entries()] == ["txc_after"]
    assert any("writer process stopped unexpectedly" in r.getMessage() for r in caplog.records)


def writer_options(path: Path) -> WriterOptions:
    return WriterOptions(
        factory=SqliteWriterFactory(path, busy_timeout=0.05),
        limits=StoreLimits(commit_interval=0.02),
        log_level=logging.WARNING,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_the_link_gives_back_what_a_lost_writer_process_never_answered_or_received(
    db_path: Path,
) -> None:
    EventStore(db_path).close()  # the schema, as the store creates it before the link
    lost = threading.Event()
    statuses: list[WriterStatus] = []
    link = WriterLink(
        writer_options(db_path),
        on_status=statuses.append,
        on_lost=lost.set,
        log=logging.getLogger(__name__),
    )
    first, second, retention, stop = (
        Marker(threading.Event()),
        Marker(threading.Event()),
        Marker(threading.Event(), MarkerKind.RETENTION),
        Marker(threading.Event(), MarkerKind.STOP),
    )
    frame = consumption_received(1, random.Random(1), START)
    notice = MonitorNotice("kept as is", START, level="warning")
    ready = Marker(threading.Event())
    assert link.send([link.control_for(ready)])
    assert ready.done.wait(FLUSH_TIMEOUT)  # the child has opened the database
    with locked(db_path):
        sent = [frame, link.control_for(first), link.control_for(second)]
        assert link.send(sent)
        # Once the child reports its failing write, it holds both markers unanswered.
        wait_until(lambda: any(s.last_error for s in statuses))
        unsent = [
            link.control_for(retention),
            frame,
            Control(SECRETS, secrets=("s3cret",)),
            notice,
            link.control_for(stop),
        ]
        os.kill(link.process.pid, signal.SIGKILL)
        wait_until(lost.is_set)
    assert link.lost
    assert not link.send(unsent)
    taken = link.take_back(unsent)
    # Its replies have ended too: no late answer can race the markers taken back.
    assert not link._listener.is_alive()
    assert taken.exit_code == -signal.SIGKILL
    assert taken.unanswered == [first, second]
    assert taken.unsent == [retention, frame, notice, stop]
    assert type(taken.unsent[1]) is type(frame)
    assert taken.secrets == ("s3cret",)
    assert not any(m.done.is_set() for m in (first, second, retention, stop))


def test_the_link_sets_answered_markers_and_stops_the_writer_process(db_path: Path) -> None:
    EventStore(db_path).close()
    link = WriterLink(
        writer_options(db_path),
        on_status=lambda status: None,
        on_lost=lambda: None,
        log=logging.getLogger(__name__),
    )
    flushed, stop = Marker(threading.Event()), Marker(threading.Event(), MarkerKind.STOP)
    frame = consumption_received(1, random.Random(1), START)
    assert link.send([frame, link.control_for(flushed), link.control_for(stop)])
    assert flushed.done.wait(FLUSH_TIMEOUT)
    assert stop.done.wait(FLUSH_TIMEOUT)
    link.await_exit()
    assert link.process.exitcode == 0
    with EventStore(db_path) as reopened:
        assert reopened.count() == 1


def test_the_shipper_sleeps_with_nothing_to_send_and_the_next_record_wakes_it(
    db_path: Path,
) -> None:
    with EventStore(db_path, commit_interval=0.02, separate_process=True) as store:
        store.record_many(mixed_events(10, seed=3))
        assert store.flush(FLUSH_TIMEOUT)
        # Nothing queued: it stops ticking (an idle window costs no wake-ups).
        wait_until(lambda: process_transport(store).idle)
        for event in mixed_events(5, seed=4):
            store.record(event)
        # No flush: the record alone must get them shipped and committed.
        wait_until(lambda: store.count() == 15)
        wait_until(lambda: process_transport(store).idle)
        store.record_audit(action="approve", consumption_id="txc_idle", answer_code="ok")
        wait_until(lambda: [e.consumption_id for e in store.audit_entries()] == ["txc_idle"])
