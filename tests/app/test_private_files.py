"""Every file the app writes is 0600 and every folder it creates 0700, whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ewallet_monitor.app.data_dir import ensure_dir
from ewallet_monitor.app.logging_setup import configure_logging
from ewallet_monitor.app.settings import LAST_URL, Settings
from ewallet_monitor.store import EventStore
from tests.store.samples import mixed_events


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture(autouse=True)
def wide_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_the_database_and_its_wal_and_shm_are_0600_in_an_existing_folder(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()  # the user's own folder: 0755
    older = folder / "events.sqlite3"
    with EventStore(older) as store:
        store.record_many(mixed_events(5))
    for path in folder.iterdir():
        os.chmod(path, 0o644)  # as an older version left them
    with EventStore(older, separate_process=True) as store:
        store.record_many(mixed_events(5))
        assert store.flush(10)
        files = sorted(folder.glob("events.sqlite3*"))
        assert {p.name for p in files} >= {"events.sqlite3", "events.sqlite3-wal"}
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert mode(folder) == 0o755  # a folder the user made is left alone


def test_folders_the_app_creates_are_0700_parents_included(tmp_path: Path) -> None:
    leaf = ensure_dir(tmp_path / "a" / "b" / "c")
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", leaf)] == [0o700] * 3
    with EventStore(tmp_path / "x" / "y" / "events.sqlite3"):
        pass
    assert mode(tmp_path / "x") == mode(tmp_path / "x" / "y") == 0o700


def test_settings_ini_is_0600_after_writes(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[connection]\nurl=x\n")
    os.chmod(path, 0o644)
    settings = Settings(QSettings(str(path), QSettings.Format.IniFormat))
    settings.set(LAST_URL, "wss://example.test/api/client/socket")
    settings.sync()
    assert mode(path) == 0o600
    fresh = tmp_path / "new" / "settings.ini"
    settings = Settings(QSettings(str(fresh), QSettings.Format.IniFormat))
    settings.set(LAST_URL, "wss://example.test/api/client/socket")
    settings.sync()
    assert "example.test" in fresh.read_text()
    assert (mode(fresh), mode(fresh.parent)) == (0o600, 0o700)


def test_rotated_logs_are_0600(tmp_path: Path) -> None:
    setup = configure_logging(log_dir=tmp_path / "logs", max_bytes=2_000, backups=3)
    try:
        for index in range(200):
            logging.getLogger("test.rotation").warning("line %d %s", index, "x" * 40)
    finally:
        setup.close()
    logs = sorted((tmp_path / "logs").iterdir())
    assert len(logs) == 4  # the log and three rotated files
    assert {p.name: mode(p) for p in logs} == {p.name: 0o600 for p in logs}
