"""The SQL translation and the in-memory evaluation give the same verdicts.

Generated events go through the real paths: the store's row builder and schema (the rows
the writer stores) read back with :class:`EventReader`, and the live log's
``record_from_event`` rows evaluated in memory.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ewallet_monitor.models.event_log import record_from_event
from ewallet_monitor.protocol.events import MonitorEvent
from ewallet_monitor.query import compile_query
from ewallet_monitor.store import EventReader, FrameFilter
from ewallet_monitor.store.reader import open_connection
from ewallet_monitor.store.rows import RowBatch, add_event
from ewallet_monitor.store.schema import migrate
from tests.query.strategies import NOW, ZONE, events, expressions


def _stored(path: Path, generated: list[MonitorEvent]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(connection)
        batch = RowBatch.empty()
        for event in generated:
            add_event(batch, event, ())
        connection.execute("BEGIN")
        for statement, rows in batch.statements():
            if rows:
                connection.executemany(statement, rows)
        connection.execute("COMMIT")
    finally:
        connection.close()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(generated=st.lists(events(), min_size=1, max_size=20), text=expressions)
def test_sql_and_memory_agree_on_generated_frames(generated: list[MonitorEvent], text: str) -> None:
    query = compile_query(text, now=NOW, zone=ZONE)
    records = [record_from_event(seq, event) for seq, event in enumerate(generated, start=1)]
    assert all(record is not None for record in records)
    in_memory = [r.seq for r in records if r is not None and query.matches(r.facts())]

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.sqlite3"
        _stored(path, generated)
        reader = EventReader(path)
        try:
            from_store = [f.seq for f in reader.iter_frames(FrameFilter(where=query))]
            stored_rows = list(reader.iter_frames())
            # The stored rows read back in Python agree too (one set of reading rules).
            assert [f.seq for f in stored_rows if query.matches(f.facts())] == in_memory
            # maybe ⊇ matches ⊇ surely, straight from SQL.
            sql = query.sql()
            connection = open_connection(path)
            try:
                maybe = {
                    row[0]
                    for row in connection.execute(
                        f"SELECT seq FROM frames f WHERE {sql.maybe}", sql.maybe_params
                    )
                }
                surely = {
                    row[0]
                    for row in connection.execute(
                        f"SELECT seq FROM frames f WHERE {sql.surely}", sql.surely_params
                    )
                }
            finally:
                connection.close()
        finally:
            reader.close()
    assert from_store == in_memory
    assert surely <= set(in_memory) <= maybe
    if sql.exact:
        assert maybe == set(in_memory)
