"""Fixtures for the PostgreSQL store tests: a fresh database on the real test server."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ewallet_monitor.store.limits import StoreLimits
from ewallet_monitor.store.postgres import PostgresStore
from tests.conftest import TIME_UNIT

WAIT = 20 * TIME_UNIT
FAST = StoreLimits(commit_interval=0.02, pg_retry_interval=0.2, pg_connect_timeout=2.0)


def no_password(_url: object) -> None:
    """No keyring in tests: libpq's own sources (the superuser is trusted)."""
    return None


def wait_until(condition: Callable[[], object], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def open_store(pg_database: str, tmp_path: Path) -> Iterator[Callable[..., PostgresStore]]:
    """Opens stores on the test's database (one spool folder per desk name)."""
    opened: list[PostgresStore] = []

    def make(desk: str = "desk-1", url: str | None = None, **kwargs: object) -> PostgresStore:
        limits = kwargs.pop("limits", FAST)
        store = PostgresStore(
            url or pg_database,
            spool_dir=tmp_path / desk,
            desk=desk,
            limits=limits,  # type: ignore[arg-type]
            password=no_password,
            **kwargs,  # type: ignore[arg-type]
        )
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
