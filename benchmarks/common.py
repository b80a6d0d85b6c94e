"""Shared pieces of the benchmark: the simulator subprocess, statistics, memory, machine."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ACCEPT = "application/vnd.omisego.v1+json"
# The simulator prints its "listening" line within this many seconds (a cold start imports
# aiohttp and builds the world).
SIMULATOR_START_TIMEOUT = 30.0


def python() -> str:
    """The interpreter running the benchmark (the project's virtualenv)."""
    return sys.executable


def child_env(**extra: str) -> dict[str, str]:
    """Environment for worker processes: the repository importable, Qt offscreen."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    )
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


@dataclass
class BurstServer:
    """A running ``ewallet-monitor simulator --scenario burst --count N`` process."""

    process: subprocess.Popen[str]
    info: dict[str, Any]
    _finished: dict[str, Any] | None = None
    _reader: threading.Thread | None = None
    _done: threading.Event | None = None

    @property
    def cashier_topic(self) -> str:
        """The one topic that receives every burst event exactly once."""
        return f"user:{self.info['credentials']['cashier']['user_id']}"

    @property
    def socket_url(self) -> str:
        return str(self.info["client_socket"])

    def authorization(self) -> str:
        cashier = self.info["credentials"]["cashier"]
        pair = f"{cashier['api_key']}:{cashier['authentication_token']}"
        return f"OMGClient {base64.b64encode(pair.encode()).decode()}"

    def headers(self) -> dict[str, str]:
        return {"Authorization": self.authorization(), "Accept": ACCEPT}

    def wait_finished(self, timeout: float) -> dict[str, Any]:
        """The simulator's ``burst_finished`` line (events, frames, seconds)."""
        assert self._done is not None
        if not self._done.wait(timeout) or self._finished is None:
            raise TimeoutError("the simulator did not report the end of its burst")
        return self._finished

    def _read_rest(self) -> None:
        assert self.process.stdout is not None
        assert self._done is not None
        for line in self.process.stdout:
            with contextlib.suppress(ValueError):
                message = json.loads(line)
                if isinstance(message, dict) and message.get("event") == "burst_finished":
                    self._finished = message
                    self._done.set()
        self._done.set()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def burst_server(
    count: int, rate: float | str = "max", *, replay: bool = False
) -> Iterator[BurstServer]:
    """Start the simulator in its own process with a counted burst; stop it afterwards.
    ``replay``: its frames encoded before the burst (``--replay``, full speed only)."""
    arguments = ["--scenario", "burst", "--count", str(count), "--rate", str(rate)]
    with simulator_server([*arguments, *(["--replay"] if replay else [])]) as server:
        yield server


@contextlib.contextmanager
def simulator_server(arguments: Sequence[str]) -> Iterator[BurstServer]:
    """Start ``ewallet-monitor simulator --port 0 ARGUMENTS`` in its own process (the
    ``listening`` line read); stop it afterwards."""
    # BENCH_SIMULATOR_PREFIX runs the simulator under a profiler, e.g.
    # "py-spy record -o sim.svg --" (then stop it with SIGINT, not SIGTERM).
    prefix = os.environ.get("BENCH_SIMULATOR_PREFIX", "").split()
    command = [
        *prefix,
        python(),
        "-m",
        "ewallet_monitor",
        "simulator",
        "--port",
        "0",
        *arguments,
        "--idle-timeout",
        "3600",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=child_env(),
        cwd=REPO,
    )
    server: BurstServer | None = None
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + SIMULATOR_START_TIMEOUT
        info: dict[str, Any] | None = None
        while info is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            with contextlib.suppress(ValueError):  # a profiler may print first
                message = json.loads(line)
                if isinstance(message, dict) and message.get("event") == "listening":
                    info = message
        if info is None:
            raise RuntimeError("the simulator did not start")
        server = BurstServer(process, info, _done=threading.Event())
        server._reader = threading.Thread(target=server._read_rest, daemon=True)
        server._reader.start()
        yield server
    finally:
        if server is not None:
            server.stop()
        elif process.poll() is None:
            process.kill()
            process.wait()


# -- statistics ---------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile (``fraction`` 0.5 = median); ``None`` without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# -- memory and machine -------------------------------------------------------------------


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default), in MiB, from /proc."""
    path = Path(f"/proc/{pid or os.getpid()}/status")
    for line in path.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found")


def child_pids(parent: int | None = None) -> list[int]:
    """Processes whose parent is ``parent`` (this one by default), from /proc."""
    parent = parent or os.getpid()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The command name may hold spaces and parentheses: split after the last ")".
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    # Fields 14 and 15 of stat (utime, stime), counted after the command name.
    return (int(fields[11]) + int(fields[12])) / ticks


def tree_rss_mb(exclude: set[int] = frozenset()) -> float:  # type: ignore[assignment]
    """Resident memory of this process plus its children (the connection engine), less
    the ``exclude``d ones (the benchmark's simulator), in MiB."""
    total = rss_mb()
    for pid in child_pids():
        if pid not in exclude:
            with contextlib.suppress(OSError, RuntimeError):
                total += rss_mb(pid)
    return total


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, OS, Python and library versions."""
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    versions: dict[str, str] = {}
    for module in ("PySide6", "websockets", "aiohttp", "qasync"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            name = "PySide6-Essentials" if module == "PySide6" else module
            versions[module] = version(name)
    import sqlite3

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        **{k.lower(): v for k, v in versions.items()},
    }


# -- worker processes ---------------------------------------------------------------------

RESULT_PREFIX = "BENCH-RESULT "


def emit_result(result: dict[str, Any]) -> None:
    """A worker's answer: one prefixed JSON line on stdout (anything else is ignored)."""
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()


def run_worker(
    module: str, args: Sequence[str], timeout: float, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run ``python -m benchmarks.<module> args`` and return its result line."""
    command = [python(), "-m", f"benchmarks.{module}", *args]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env or child_env(),
        cwd=REPO,
        timeout=timeout,
        check=False,
    )
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return result
    raise RuntimeError(
        f"benchmark worker {module} failed (exit {completed.returncode}):\n"
        + completed.stderr[-4000:]
    )


def count_stored_bursts(database: Path) -> tuple[int, int]:
    """(finalized frames received, distinct consumption ids) in a store's database."""
    import sqlite3

    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT count(*), count(DISTINCT consumption_id) FROM frames "
            "WHERE direction = 'in' AND event = 'transaction_consumption_finalized'"
        ).fetchone()
    finally:
        connection.close()
    return int(row[0]), int(row[1])
