"""The real window as a process: one per data folder, and SIGTERM / SIGHUP end it without
asking (store flushed, demo folder removed, exit 0)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from ewallet_monitor.app.single_instance import LOCK_NAME, socket_name
from ewallet_monitor.store import open_reader
from tests.conftest import TIME_UNIT

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60 * TIME_UNIT
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path: local sockets live there, and a socket's path
    must fit in 107 bytes (pytest's tmp_path does not leave room)."""
    path = Path(tempfile.mkdtemp(prefix="ewm-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def environment(temp: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temp)}


@pytest.fixture
def windows(tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def start(windows: list[subprocess.Popen[str]], temp: Path, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "ewallet_monitor.app.main", *args],
        cwd=ROOT,
        env=environment(temp),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    windows.append(process)
    return process


def listening(data_dir: Path) -> bool:
    probe = QLocalSocket()
    probe.connectToServer(socket_name(data_dir))
    connected = probe.waitForConnected(200)
    probe.abort()
    return connected


def test_a_second_window_on_the_same_folder_raises_the_first_and_exits_0(
    qapp: object,
    tmp_path: Path,
    short_tmp: Path,
    windows: list[subprocess.Popen[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The probe looks for the socket where the windows put it (Qt's temporary folder).
    monkeypatch.setenv("TMPDIR", str(short_tmp))
    data = tmp_path / "data"
    first = start(windows, short_tmp, "--data-dir", str(data))
    wait_for(lambda: listening(data) or first.poll() is not None, "the first window")
    assert first.poll() is None
    assert (data / LOCK_NAME).exists()
    assert os.stat(data / LOCK_NAME).st_mode & 0o777 == 0o600
    second = subprocess.run(
        [sys.executable, "-m", "ewallet_monitor.app.main", "--data-dir", str(data)],
        cwd=ROOT,
        env=environment(short_tmp),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    assert "already open on" in second.stderr and "brought to the front" in second.stderr
    assert first.poll() is None  # the first window is still the folder's window
    # Another folder is another window.
    other = tmp_path / "other"
    third = start(windows, short_tmp, "--data-dir", str(other))
    wait_for(lambda: listening(other) or third.poll() is not None, "the other window")
    assert third.poll() is None
    for process in (first, third):
        process.send_signal(signal.SIGTERM)
        assert process.wait(WAIT) == 0
    assert not (data / LOCK_NAME).exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_demo_without_asking_and_removes_its_folder(
    short_tmp: Path, windows: list[subprocess.Popen[str]], signum: signal.Signals
) -> None:
    temp = short_tmp
    demo = start(windows, temp, "--demo", "cashier")

    def demo_folder_with_events() -> bool:
        folders = list(temp.glob("ewallet-monitor-demo-*"))
        if not folders or not (folders[0] / "events.sqlite3").exists():
            return False
        try:
            reader = open_reader(folders[0] / "events.sqlite3")
        except Exception:
            return False
        try:
            return reader.count() > 0
        finally:
            reader.close()

    wait_for(lambda: demo_folder_with_events() or demo.poll() is not None, "the demo's events")
    assert demo.poll() is None
    demo.send_signal(signum)
    assert demo.wait(WAIT) == 0
    assert not list(temp.glob("ewallet-monitor-demo-*"))  # payments waited: it did not ask


def test_a_signal_flushes_the_store_before_exit(
    tmp_path: Path, short_tmp: Path, windows: list[subprocess.Popen[str]]
) -> None:
    data = tmp_path / "data"
    window = start(windows, short_tmp, "--demo", "cashier", "--data-dir", str(data))

    def stored() -> int:
        try:
            reader = open_reader(data / "events.sqlite3")
        except Exception:
            return 0
        try:
            return reader.count()
        finally:
            reader.close()

    wait_for(lambda: stored() > 0 or window.poll() is not None, "stored events")
    seen = stored()
    window.send_signal(signal.SIGTERM)
    assert window.wait(WAIT) == 0
    assert stored() >= seen
    assert not (data / LOCK_NAME).exists()


def test_a_signal_during_start_up_still_ends_cleanly(
    tmp_path: Path, short_tmp: Path, windows: list[subprocess.Popen[str]]
) -> None:
    # The lock is taken before the store opens and the window exists: a SIGTERM then used
    # to kill the process (rc -15); it is now remembered and honoured once the window is up.
    data = tmp_path / "data"
    window = start(windows, short_tmp, "--data-dir", str(data))
    wait_for(lambda: (data / LOCK_NAME).exists() or window.poll() is not None, "the lock")
    window.send_signal(signal.SIGTERM)
    assert window.wait(WAIT) == 0
    assert not (data / LOCK_NAME).exists()
