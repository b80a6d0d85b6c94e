"""Fixtures for the store tests: a real temporary SQLite file."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ewallet_monitor.store import EventStore
from ewallet_monitor.store.transport import ProcessTransport
from tests.conftest import TIME_UNIT

FLUSH_TIMEOUT = 10 * TIME_UNIT


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "events.sqlite3"


@pytest.fixture(params=["writer thread", "writer process"])
def store(db_path: Path, request: pytest.FixtureRequest) -> Iterator[EventStore]:
    """A store of each kind: the tests using it hold for both (same API, same rows)."""
    separate = request.param == "writer process"
    with EventStore(db_path, commit_interval=0.02, separate_process=separate) as opened:
        yield opened


def wait_until(condition: Callable[[], object]) -> None:
    """Poll ``condition`` until it holds (failing after FLUSH_TIMEOUT)."""
    deadline = time.monotonic() + FLUSH_TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def wait_indexed(store: EventStore) -> None:
    """Wait until the text index has caught up with every stored frame."""
    assert store.flush(FLUSH_TIMEOUT)
    deadline = time.monotonic() + FLUSH_TIMEOUT
    while store.reader.index_backlog():
        assert time.monotonic() < deadline, "the search index did not catch up"
        time.sleep(0.01)


def process_transport(store: EventStore) -> ProcessTransport:
    """The store's process transport (the store must have been opened with one)."""
    transport = store.transport
    assert isinstance(transport, ProcessTransport)
    return transport
