"""Frames are stored compressed with the trained dictionary; older text rows still read."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

from ewallet_monitor.store import EventStore
from ewallet_monitor.store.codec import frame_text, pack
from ewallet_monitor.store.schema import SCHEMA_VERSION
from tests.store.conftest import FLUSH_TIMEOUT, wait_indexed
from tests.store.samples import START, consumption_received


def test_a_consumption_frame_is_stored_as_a_blob_a_fifth_of_its_size(db_path: Path) -> None:
    event = consumption_received(1, random.Random(3), START)
    with EventStore(db_path) as store:
        store.record(event)
        assert store.flush(FLUSH_TIMEOUT)
        (frame,) = store.page()
        assert frame.raw == event.raw  # read back whole
    with closing(sqlite3.connect(db_path)) as connection:
        kind, size = connection.execute("SELECT typeof(raw), length(raw) FROM frames").fetchone()
    assert kind == "blob"
    assert size * 5 < len(event.raw.encode())


def test_short_texts_stay_text_and_both_read_back() -> None:
    assert pack("{}") == "{}"
    long_text = '{"data":{"object":"transaction_consumption","id":"txc_1"}}' * 3
    packed = pack(long_text)
    assert isinstance(packed, bytes)
    assert frame_text(packed) == long_text
    assert frame_text("plain") == "plain"


def test_a_database_of_text_rows_upgrades_and_finds_old_and_new_rows(db_path: Path) -> None:
    rng = random.Random(5)
    old = consumption_received(1, rng, START)
    new = consumption_received(2, rng, START)
    with EventStore(db_path) as store:
        store.record(old)
        assert store.flush(FLUSH_TIMEOUT)
    # As a release before version 5 left it: the frame's text, and the older version.
    with closing(sqlite3.connect(db_path, isolation_level=None)) as connection:
        connection.create_function("frame_text", 1, frame_text, deterministic=True)
        connection.execute("UPDATE frames SET raw = frame_text(raw)")
        connection.execute("PRAGMA user_version = 4")
    with EventStore(db_path) as store:
        store.record(new)
        wait_indexed(store)
        for event in (old, new):
            (found,) = store.search(consumption_id=event.consumption_id)
            assert found.raw == event.raw
            # Text search reads the frame's text, compressed or not.
            assert [f.seq for f in store.search(text=event.consumption_id)] == [found.seq]
    with closing(sqlite3.connect(db_path)) as connection:
        kinds = [
            row[0] for row in connection.execute("SELECT typeof(raw) FROM frames ORDER BY seq")
        ]
        assert kinds == ["text", "blob"]
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
