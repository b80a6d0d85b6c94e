"""The filter language compiled for PostgreSQL gives the in-memory verdicts: generated
events go through the real row builder and writer into the real server, and are read
back with the PostgreSQL reader (as tests/query/test_agreement.py does for SQLite)."""

from __future__ import annotations

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ewallet_monitor.models.event_log import record_from_event
from ewallet_monitor.protocol.events import MonitorEvent
from ewallet_monitor.query import compile_query
from ewallet_monitor.query.sql_pg import POSTGRESQL
from ewallet_monitor.store import FrameFilter
from ewallet_monitor.store.postgres.migrations import migrate
from ewallet_monitor.store.postgres.reader import PostgresReader, pg_placeholders
from ewallet_monitor.store.postgres.rows import KeyMaker, PgRows, keyed_frame, legacy_desk_id
from ewallet_monitor.store.postgres.url import parse_store_url
from ewallet_monitor.store.postgres.writer import write_rows
from ewallet_monitor.store.rows import RowBatch, add_event
from tests.query.strategies import NOW, ZONE, events, expressions


def _rows(generated: list[MonitorEvent]) -> PgRows:
    batch = RowBatch.empty()
    for event in generated:
        add_event(batch, event, ())
    keys = KeyMaker()
    return PgRows(
        frames=[keyed_frame(keys, "desk", legacy_desk_id("desk"), row) for row in batch.frames]
    )


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(generated=st.lists(events(), min_size=1, max_size=20), text=expressions)
def test_postgresql_and_memory_agree_on_generated_frames(
    pg_database: str, generated: list[MonitorEvent], text: str
) -> None:
    from psycopg_pool import ConnectionPool

    query = compile_query(text, now=NOW, zone=ZONE)
    records = [record_from_event(seq, event) for seq, event in enumerate(generated, start=1)]
    in_memory_positions = [
        i for i, r in enumerate(records) if r is not None and query.matches(r.facts())
    ]
    with psycopg.connect(pg_database, autocommit=True) as conn:
        migrate(conn)
        conn.execute("TRUNCATE frames CASCADE")
    with psycopg.connect(pg_database) as conn:
        write_rows(conn, _rows(generated))
    pool: ConnectionPool[psycopg.Connection[tuple[object, ...]]] = ConnectionPool(
        pg_database, min_size=1, max_size=1, open=True
    )
    try:
        reader = PostgresReader(pool, parse_store_url(pg_database))
        stored = list(reader.iter_frames())
        assert len(stored) == len(generated)
        position = {f.seq: i for i, f in enumerate(stored)}
        from_store = [position[f.seq] for f in reader.iter_frames(FrameFilter(where=query))]
        assert [position[f.seq] for f in stored if query.matches(f.facts())] == in_memory_positions
        sql = query.sql(POSTGRESQL)
        with pool.connection() as conn:
            maybe = {
                position[seq]
                for (seq,) in conn.execute(
                    f"SELECT seq FROM frames f WHERE {pg_placeholders(sql.maybe)}", sql.maybe_params
                )
            }
            surely = {
                position[seq]
                for (seq,) in conn.execute(
                    f"SELECT seq FROM frames f WHERE {pg_placeholders(sql.surely)}",
                    sql.surely_params,
                )
            }
    finally:
        pool.close()
    assert from_store == in_memory_positions
    assert surely <= set(in_memory_positions) <= maybe
    if sql.exact:
        assert maybe == set(in_memory_positions)
