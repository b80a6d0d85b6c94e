"""Migrations upgrade an older schema in place; a newer one is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ewallet_monitor.store import SCHEMA_VERSION, EventStore, SchemaError, open_reader
from ewallet_monitor.store.schema import schema_version
from tests.store.conftest import FLUSH_TIMEOUT, wait_indexed
from tests.store.samples import at

# The schema the first release wrote, written out by hand (not taken from the code, so a
# change to the migrations cannot silently change what this test upgrades).
V1_SCHEMA = """
CREATE TABLE frames (seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL,
    direction TEXT NOT NULL, kind TEXT NOT NULL, topic TEXT NOT NULL DEFAULT '',
    event TEXT NOT NULL DEFAULT '', ref TEXT, consumption_id TEXT, status TEXT,
    error_code TEXT, reason TEXT, raw TEXT NOT NULL);
CREATE INDEX frames_at ON frames(at_ms);
CREATE INDEX frames_topic ON frames(topic);
CREATE INDEX frames_event ON frames(event);
CREATE INDEX frames_consumption ON frames(consumption_id) WHERE consumption_id IS NOT NULL;
CREATE TABLE gaps (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL, channels TEXT NOT NULL, recoverable INTEGER NOT NULL);
CREATE INDEX gaps_at ON gaps(at_ms);
CREATE TABLE channel_states (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,
    topic TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '');
CREATE INDEX channel_states_at ON channel_states(at_ms);
CREATE TABLE connection_states (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,
    state TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
    retry_in REAL, code TEXT);
CREATE INDEX connection_states_at ON connection_states(at_ms);
CREATE TABLE notices (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, level TEXT NOT NULL,
    text TEXT NOT NULL, details TEXT NOT NULL DEFAULT '{}');
CREATE INDEX notices_at ON notices(at_ms);
CREATE TABLE audit (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, os_user TEXT NOT NULL,
    profile TEXT NOT NULL DEFAULT '', action TEXT NOT NULL, consumption_id TEXT NOT NULL,
    amount TEXT, token TEXT, answer TEXT, outcome TEXT);
CREATE INDEX audit_consumption ON audit(consumption_id);
PRAGMA user_version = 1;
"""

OLD_FRAME = (
    '{"success":true,"version":"1","data":{"object":"transaction_consumption",'
    '"id":"txc_old","status":"pending","account":{"name":"Legacy Shop"},'
    '"metadata":{"note":"legacy note"}},"error":null,'
    '"topic":"transaction_request:txr_old","event":"transaction_consumption_request",'
    '"ref":null}'
)


def build_v1(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.executescript(V1_SCHEMA)
        connection.execute(
            "INSERT INTO frames (at_ms, direction, kind, topic, event, consumption_id, status, "
            "raw) VALUES (1714557600000, 'in', 'frame', 'transaction_request:txr_old', "
            "'transaction_consumption_request', 'txc_old', 'pending', ?)",
            (OLD_FRAME,),
        )
        connection.execute(
            "INSERT INTO audit (at_ms, os_user, action, consumption_id, answer) "
            "VALUES (1714557601000, 'alice', 'approve', 'txc_old', '{}')"
        )


def test_a_v1_database_is_upgraded_and_its_rows_stay_usable(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    build_v1(path)
    with EventStore(path, commit_interval=0.01) as store:
        with sqlite3.connect(path) as connection:
            assert schema_version(connection) == SCHEMA_VERSION
        wait_indexed(store)
        (old,) = store.search(text="legacy SHOP")
        assert (old.consumption_id, old.raw) == ("txc_old", OLD_FRAME)
        store.update_audit_outcome("txc_old", "confirmed", at=at(0))
        assert store.flush(FLUSH_TIMEOUT)
        (entry,) = store.audit_entries()
        assert (entry.os_user, entry.outcome, entry.outcome_at) == ("alice", "confirmed", at(0))


def test_the_export_side_upgrades_an_older_file_too(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    build_v1(path)
    reader = open_reader(path)
    try:
        assert [frame.consumption_id for frame in reader.page()] == ["txc_old"]
    finally:
        reader.close()


def test_a_database_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    with EventStore(path):
        pass
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaError, match="newer"):
        EventStore(path)


def test_a_v5_file_drops_its_wide_index_and_is_indexed_again_narrowly(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    build_v1(path)
    with EventStore(path, commit_interval=0.01) as store:
        wait_indexed(store)
    # As version 5 left it: an index holding its own copy of every value, all rows in it.
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("DROP TABLE frames_fts")
        connection.execute("DROP VIEW frames_search")
        connection.execute(
            "CREATE VIRTUAL TABLE frames_fts USING fts5(body, tokenize='trigram', detail='none')"
        )
        connection.execute("INSERT INTO frames_fts (rowid, body) SELECT seq, raw FROM frames")
        connection.execute("PRAGMA user_version = 5")
    with EventStore(path, commit_interval=0.01) as store:
        # Searchable at once (the rows not indexed yet are scanned), then from the index.
        assert [f.consumption_id for f in store.search(text="txc_OLD")] == ["txc_old"]
        assert store.search(text="legacy note") == []
        wait_indexed(store)
        assert [f.consumption_id for f in store.search(text="legacy shop")] == ["txc_old"]
        assert store.search(text="legacy note") == []
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "frames_fts_content" not in tables and "frames_fts_docsize" not in tables
        assert schema_version(connection) == SCHEMA_VERSION
