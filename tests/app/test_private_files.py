"""Every file the app writes is 0600 and every folder it creates 0700, whatever the umask;
exports never follow what was planted next to them."""

from __future__ import annotations

import logging
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ewallet_monitor.app.data_dir import ensure_dir
from ewallet_monitor.app.export_command import main as export_main
from ewallet_monitor.app.logging_setup import configure_logging
from ewallet_monitor.settings.keys import LAST_URL, Settings
from ewallet_monitor.store import EventStore
from ewallet_monitor.store.export import write_export_file
from tests.store.samples import at, mixed_events


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


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    with EventStore(directory / "events.sqlite3") as store:
        store.record_many(mixed_events(10))
        store.record_audit(action="approve", consumption_id="txc_1", os_user="op", at=at(3))
    return directory


@pytest.mark.parametrize("what", ["events", "audit"])
def test_an_export_is_0600(data_dir: Path, tmp_path: Path, what: str) -> None:
    target = tmp_path / f"{what}.out"
    assert (
        export_main(
            ["export", "--data-dir", str(data_dir), "--what", what, "--output", str(target)]
        )
        == 0
    )
    assert target.read_text() and mode(target) == 0o600


def test_an_export_never_follows_a_symlink_planted_at_the_part_file(
    data_dir: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "out.ndjson"
    target.with_name(target.name + ".part").symlink_to(victim)
    assert export_main(["export", "--data-dir", str(data_dir), "--output", str(target)]) == 0
    assert victim.read_text() == "precious"
    assert len(target.read_text().splitlines()) == 10 and not target.is_symlink()


def test_a_symlink_at_the_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "out.csv"
    target.symlink_to(victim)
    assert write_export_file(target, lambda out: out.write("a,b\n")) == 4
    assert victim.read_text() == "precious"
    assert target.read_text() == "a,b\n" and not target.is_symlink()


def test_a_failed_export_leaves_no_temporary_file(tmp_path: Path) -> None:
    def fails(out: object) -> int:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_export_file(tmp_path / "out.csv", fails)
    assert list(tmp_path.iterdir()) == []


def test_a_pipe_as_the_target_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    assert write_export_file(fifo, lambda out: out.write("x\n")) == 2
    reader.join(10)
    assert received == ["x\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the pipe, not replaced by a file
