"""A process killed with SIGKILL while writing loses at most the last second."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ewallet_monitor.store import EventStore
from tests.conftest import TIME_UNIT

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from ewallet_monitor.protocol.events import FrameReceived
    from ewallet_monitor.protocol.frames import encode_server_frame, decode_server_frame
    from ewallet_monitor.store import EventStore

    store = EventStore(sys.argv[1], separate_process=sys.argv[2] == "process")
    index = 0
    while True:
        text = encode_server_frame("user:usr_1", "transaction_consumption_request", None,
                                   {"object": "transaction_consumption", "id": f"txc_{index}"})
        store.record(FrameReceived(decode_server_frame(text), datetime.now(UTC)))
        index += 1
        if index == 100:
            store.flush(10)
            writer = getattr(store.transport, "pid", 0)
            print("ready", writer, flush=True)
        time.sleep(0.0005)
    """
)


def wait_gone(pid: int, timeout: float) -> None:
    """Wait for a process that is not our child to end (exited or a zombie)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} did not end")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("writer", ["thread", "process"])
def test_sigkill_loses_at_most_the_last_second_and_the_file_reopens(
    tmp_path: Path, writer: str
) -> None:
    """With a writer process, the app's kill -9 is its EOF: it commits what it got."""
    path = tmp_path / "events.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), writer],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout is not None
        word, writer_pid = child.stdout.readline().split()
        assert word == "ready"
        time.sleep(1.0 * TIME_UNIT)
        killed_at = datetime.now(UTC)
        os.kill(child.pid, signal.SIGKILL)
        if int(writer_pid):
            wait_gone(int(writer_pid), 10 * TIME_UNIT)
    finally:
        child.kill()
        child.wait()
        if child.stdout:
            child.stdout.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with EventStore(path) as store:
        newest = store.page(limit=1)[0]
        assert (killed_at - newest.at).total_seconds() <= 1.0
        # What survived is a prefix: nothing in the middle is missing.
        ids = [f.consumption_id for f in reversed(store.page(limit=10**6))]
        assert ids == [f"txc_{i}" for i in range(len(ids))]
        assert len(ids) > 100
