"""The database lost and back: a desk keeps every event in its local spool meanwhile,
says so, and writes the spool back once PostgreSQL answers — nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

import psycopg

from ewallet_monitor.client import MonitorClient
from ewallet_monitor.pipeline_limits import StoreLimits
from ewallet_monitor.protocol.events import FrameReceived, MonitorEvent
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.simulator import Simulator, SimulatorConfig
from ewallet_monitor.store import ProcessTransport
from ewallet_monitor.store.items import Marker, MarkerKind, QueueItem
from ewallet_monitor.store.postgres import PostgresStore, parse_store_url
from ewallet_monitor.store.postgres.rows import legacy_desk_id
from ewallet_monitor.store.postgres.spool import Spool
from ewallet_monitor.store.postgres.writer import PostgresWriterFactory
from ewallet_monitor.store.writer_loop import WriterLoop
from tests.client.harness import credentials, fast_config, running
from tests.pg_server import PgServer
from tests.store.samples import mixed_events
from tests.store_pg.conftest import FAST, WAIT, no_password, wait_until


def _store(
    server: PgServer, dbname: str, spool: Path, states: list[str] | None = None
) -> PostgresStore:
    return PostgresStore(
        server.dsn(dbname),
        spool_dir=spool,
        desk="desk-1",
        limits=FAST,
        password=no_password,
        on_state=None if states is None else (lambda s: states.append(s.status_text)),
    )


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(int(3 * WAIT / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


def test_a_desk_started_while_the_database_is_down_spools_then_writes_back(
    own_pg_server: PgServer, tmp_path: Path
) -> None:
    name = own_pg_server.fresh_database()
    own_pg_server.stop()
    events = mixed_events(30)
    store = _store(own_pg_server, name, tmp_path)
    try:
        assert not store.reachable
        store.record_many(events)
        store.record_audit(action="approve", consumption_id="txc_1", answer={"success": True})
        assert store.flush(WAIT)
        assert store.spooled == 30
        assert store.status_text == "History database unreachable — spooling locally (30 events)"
        assert store.last_error is not None and "unreachable" in store.last_error
        own_pg_server.start()
        wait_until(lambda: store.reachable and store.spooled == 0)
        assert store.status_text == ""
        assert store.count() == 30
        assert len(store.audit_entries()) == 1
    finally:
        store.close()


def test_the_spool_survives_the_desk_and_is_written_back_at_the_next_start(
    own_pg_server: PgServer, tmp_path: Path
) -> None:
    name = own_pg_server.fresh_database()
    own_pg_server.stop()
    store = _store(own_pg_server, name, tmp_path)
    store.record_many(mixed_events(12))
    store.close()
    own_pg_server.start()
    again = _store(own_pg_server, name, tmp_path)
    try:
        wait_until(lambda: again.reachable and again.spooled == 0)
        assert again.count() == 12
    finally:
        again.close()


def test_the_database_restarted_during_a_200_events_per_s_stream_loses_and_doubles_nothing(
    own_pg_server: PgServer, tmp_path: Path
) -> None:
    count = 2000  # ten seconds at 200 events/s
    name = own_pg_server.fresh_database()
    states: list[str] = []
    store = _store(own_pg_server, name, tmp_path, states)
    received: list[int] = []

    def on_event(event: MonitorEvent) -> None:
        store.record(event)
        if isinstance(event, FrameReceived) and event.frame.event == CONSUMPTION_FINALIZED:
            received.append(event.frame.data["metadata"]["burst_seq"])

    async def scenario() -> dict[str, object]:
        config = SimulatorConfig(port=0, scenario="burst", rate=200.0, burst_count=count)
        async with Simulator(config) as sim:
            client = MonitorClient(
                fast_config(sim.url, credentials(sim.info(), "cashier")), on_event
            )
            client.join(f"user:{sim.world.cashier.id}")
            async with running(client):
                await until(lambda: len(received) >= 300)
                await asyncio.to_thread(own_pg_server.stop)
                await until(lambda: not store.reachable and store.spooled >= 200)
                await asyncio.to_thread(own_pg_server.start)
                await asyncio.wait_for(sim.runtime.burst_finished.wait(), 3 * WAIT)
                await until(lambda: len(received) >= count)
            return dict(sim.runtime.burst_result or {})

    try:
        result = asyncio.run(scenario())
        assert result["events"] == count
        assert store.flush(WAIT)
        wait_until(lambda: store.reachable and store.spooled == 0, timeout=3 * WAIT)
    finally:
        store.close()
    assert received == list(range(count))
    assert any(s.startswith("History database unreachable — spooling locally (") for s in states)
    assert states[-1] == ""
    with psycopg.connect(own_pg_server.dsn(name)) as conn:
        row = conn.execute(
            "SELECT count(*), count(DISTINCT event_key), "
            "count(DISTINCT (raw::jsonb #>> '{data,metadata,burst_seq}')) "
            "FROM frames WHERE event = %s",
            (CONSUMPTION_FINALIZED,),
        ).fetchone()
        desk_rows = conn.execute("SELECT count(*) FROM frame_desks").fetchone()
    assert row == (count, count, count)
    assert desk_rows is not None and desk_rows[0] >= count


def test_a_desk_whose_writer_runs_in_its_own_process_spools_and_says_so_the_same(
    own_pg_server: PgServer, tmp_path: Path
) -> None:
    name = own_pg_server.fresh_database()
    own_pg_server.stop()
    states: list[str] = []
    store = PostgresStore(
        own_pg_server.dsn(name),
        spool_dir=tmp_path,
        desk="desk-1",
        limits=FAST,
        password=no_password,
        on_state=lambda s: states.append(s.status_text),
        separate_process=True,
    )
    try:
        assert isinstance(store.transport, ProcessTransport)
        assert not store.reachable  # known before the writer process reports
        store.record_many(mixed_events(25))
        assert store.flush(WAIT)
        wait_until(lambda: store.spooled == 25)
        assert store.status_text == "History database unreachable — spooling locally (25 events)"
        own_pg_server.start()
        wait_until(lambda: store.reachable and store.spooled == 0)
        assert store.count() == 25
    finally:
        store.close()
    assert states[0].startswith("History database unreachable") and states[-1] == ""


def test_a_writer_with_rows_spooled_waits_for_the_next_retry_not_in_a_tight_loop(
    own_pg_server: PgServer, tmp_path: Path
) -> None:
    """While the database is down the loop wakes once per retry, not every 10 ms: a desk
    spooling through an outage must not burn a core."""
    name = own_pg_server.fresh_database()
    own_pg_server.stop()
    limits = StoreLimits(pg_retry_interval=30.0, pg_connect_timeout=2.0)
    writer = PostgresWriterFactory(
        parse_store_url(own_pg_server.dsn(name)),
        spool_path=tmp_path / "spool.sqlite3",
        desk="desk-1",
        desk_id=legacy_desk_id("desk-1"),
        limits=limits,
    ).open()
    queue: deque[QueueItem] = deque(mixed_events(5))
    timeouts: list[float] = []

    def wait(timeout: float) -> None:
        timeouts.append(timeout)
        if len(timeouts) == 12:
            queue.append(Marker(threading.Event(), MarkerKind.STOP))

    WriterLoop(writer, queue, wait=wait, on_status=lambda _status: None, limits=limits).run()
    spool = Spool(tmp_path / "spool.sqlite3")
    try:
        assert spool.frames == 5
    finally:
        spool.close()
    # The opening turn writes the rows (to the spool); every wait after it lasts until the
    # commit cadence, the size check or the retry thirty seconds away.
    assert min(timeouts[1:]) >= limits.commit_interval, timeouts
    assert max(timeouts) <= limits.pg_retry_interval, timeouts
