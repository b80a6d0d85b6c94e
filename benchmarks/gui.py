"""The real main window against the burst, in its own process (clean Qt state).

``python -m benchmarks.gui COUNT RATE [--latency] [--idle S]``: the window is built by the app's
composition root (``build_window``) with an :class:`EventStore`, shown on the offscreen
platform, connected through ``MainWindow.connect_with`` to the cashier's user topic (every
burst event arrives once), the table following the tail. It reports:

- ``frames_per_s``: burst events per second from the first frame received to the last
  row present in the table model;
- ``stall_ms_p50`` / ``stall_ms_p99``: lateness of a 10 ms Qt timer from the connection to
  the last row;
- with ``--latency``: ``latency_ms_p50`` / ``latency_ms_p99`` from the simulator's send
  time (``sent_monotonic_ns`` in the consumption's metadata; CLOCK_MONOTONIC is shared by
  the processes of one Linux machine) to the row being in the table model;
- ``rss_mb_idle`` (window shown, idle, before connecting), ``rss_mb_after`` (settled:
  ``AFTER_SETTLE_SECONDS`` after the last row is in the model, when each process's trimmer has
  run twice) and ``rss_mb_at_last_row`` (the moment the last row is in the model: it also
  holds what the last batches freed and the trimmer has not yet handed back, 30–50 MB
  after a burst, varying with the trimmer's phase): the window's process plus its children
  but the simulator (the store writer, the connection engine);
  ``rss_mb_after_window_process`` the window's alone, ``rss_mb_peak`` its high-water mark,
  ``rss_mb_idle_parts`` / ``rss_mb_after_parts`` / ``rss_mb_at_last_row_parts`` each
  process's share (window, store writer, engine);
  ``stored`` / ``lost`` from the store afterwards;
- ``app_us_per_frame``: CPU per event of the window's process, its engine and its store
  writer summed (at ``RATE`` 100 this is the run's ``cpu_us_per_event``);
- with ``--idle S``: ``idle_cpu_percent``, the same processes' CPU over S seconds from
  ``IDLE_SETTLE_SECONDS`` after the last row (connected, channel joined, heartbeats
  only), as a share of one core.

Profiling aids: ``BENCH_PAINTS=1`` prints paint events per widget class; run with
``PYTHONTRACEMALLOC=1`` to print the window process's top allocation sites at the end.

At ``RATE`` ``max`` the simulator replays frames encoded before the burst.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import faulthandler
import gc
import json
import os
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.common import (
    BurstServer,
    burst_server,
    child_pids,
    count_stored_bursts,
    cpu_seconds,
    emit_result,
    percentile,
    rounded,
    rss_mb,
)
from ewallet_monitor.heap_policy import TRIM_INTERVAL_S

TIMER_MS = 10
# The window settles (first paint, docks sized, fonts loaded) before idle memory is read.
SETTLE_SECONDS = 1.5
# After the burst, memory is read again once every process's trimmer has run twice.
AFTER_SETTLE_SECONDS = 2 * TRIM_INTERVAL_S
FINALIZED = "transaction_consumption_finalized"
# Idle is measured from this long after the last row: the connection's own after-work (the
# first paints of the rows, the HTTP reconcile, the store's indexing) is not idling.
IDLE_SETTLE_SECONDS = 5.0
SENT_STAMP = re.compile(r'"sent_monotonic_ns":(\d+)')


def rss_parts(writer_pid: int | None, exclude: set[int]) -> dict[str, float]:
    """Resident MiB of this (the window's) process, its store writer and the rest of its
    children but ``exclude`` (the engine; 0 before connecting), apart."""
    parts = {"window": rss_mb(), "store_writer": 0.0, "engine": 0.0}
    for pid in child_pids():
        if pid in exclude:
            continue
        with contextlib.suppress(OSError, RuntimeError):
            parts["store_writer" if pid == writer_pid else "engine"] += rss_mb(pid)
    return parts


def rounded_parts(parts: dict[str, float]) -> dict[str, float]:
    return {name: round(value, 1) for name, value in parts.items()}


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PaintCounter:
    """Counts paint events per widget class (profiling aid: ``BENCH_PAINTS=1``)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication

        counts: dict[str, int] = {}
        self.counts = counts
        paint = QEvent.Type.Paint

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == paint:
                    name = type(watched).__name__ + ":" + watched.objectName()
                    counts[name] = counts.get(name, 0) + 1
                return False

        self._filter = Filter()
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self._filter)

    def top(self) -> list[tuple[str, int]]:
        return sorted(self.counts.items(), key=lambda item: -item[1])[:25]


class StallProbe:
    """A 10 ms precise Qt timer; each tick's lateness (ms) while ``recording``."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.samples: list[float] = []
        self.recording = False
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TIMER_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.recording:
            self.samples.append(max(0.0, (now - self._last) * 1000 - TIMER_MS))
        self._last = now

    def stop(self) -> None:
        self._timer.stop()


def ablate(assembly: Any, parts: str) -> None:
    """Switch parts of the window off to see what they cost (profiling aid only:
    ``BENCH_ABLATE=history,chart,tree,status`` in the environment)."""
    wanted = {part.strip() for part in parts.split(",") if part.strip()}
    if "history" in wanted:
        queue = assembly.queue
        queue.history.add = lambda card, at: None
    if "chart" in wanted:
        controller = assembly.controller
        controller.kind_sinks[:] = [assembly.rates.record]
        assembly.window.chart_dock.hide()
    if "tree" in wanted:
        assembly.controller.channel_tree = None
    if "historyview" in wanted:
        header = assembly.window.queue_view.history_view.horizontalHeader()
        header.setResizeContentsPrecision(0)
    if "queue" in wanted:
        assembly.queue.on_finalized = lambda *args, **kwargs: None


async def run_window(
    server: BurstServer, count: int, latency: bool, scratch: Path, idle_for: float = 0.0
) -> Any:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from benchmarks.headless import cashier_credentials
    from ewallet_monitor.app.gui import build_window
    from ewallet_monitor.protocol.urls import resolve_endpoints
    from ewallet_monitor.settings.keys import Settings
    from ewallet_monitor.settings.profiles import ProfileBook, SecretVault
    from ewallet_monitor.store import EventStore
    from ewallet_monitor.store.transport import ProcessTransport
    from ewallet_monitor.ui.connection_form import ConnectionRequest

    app = QApplication.instance()
    assert app is not None
    settings = Settings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
    from keyring.backends import null

    database = scratch / "events.sqlite3"
    store = EventStore(database, separate_process=True)  # as the app opens it
    # BENCH_NO_STORE=1 builds the window without it (profiling aid: what the store costs).
    with_store = os.environ.get("BENCH_NO_STORE") != "1"
    assembly = build_window(
        settings,
        store=store if with_store else None,
        profile_book=ProfileBook(
            settings,
            SecretVault(null.Keyring()),  # type: ignore[no-untyped-call]
        ),
    )
    window = assembly.window
    model = assembly.event_log
    ablate(assembly, os.environ.get("BENCH_ABLATE", ""))
    window.show()
    await asyncio.sleep(SETTLE_SECONDS)
    gc.collect()
    # The window's process and its connection engine (a child process once connected);
    # the simulator, also a child of this process, is left out.
    simulator_pid = {server.process.pid}
    transport = store.transport
    writer_pid = transport.pid if isinstance(transport, ProcessTransport) else None
    idle_parts_mb = rss_parts(writer_pid, exclude=simulator_pid)

    probe = StallProbe()
    paints = PaintCounter() if os.environ.get("BENCH_PAINTS") == "1" else None
    seen = 0
    first_wall: float | None = None
    last_wall = 0.0
    delays: list[float] = []
    cpu_marks: list[tuple[float, float]] = []
    other_marks: list[tuple[float, float, float]] = []
    store_pid = {writer_pid} if with_store and writer_pid is not None else set()

    def other_cpu() -> tuple[float, float, float]:
        """CPU seconds so far of the engine process, the simulator and the store's
        writer process."""
        engine = 0.0
        for pid in child_pids():
            if pid not in simulator_pid | store_pid:
                with contextlib.suppress(OSError, IndexError, ValueError):
                    engine += cpu_seconds(pid)
        writing = 0.0
        for pid in store_pid:
            with contextlib.suppress(OSError, IndexError, ValueError):
                writing += cpu_seconds(pid)
        return engine, cpu_seconds(server.process.pid), writing

    done = asyncio.get_running_loop().create_future()

    def on_rows_flushed(inserted: int) -> None:
        nonlocal seen, first_wall, last_wall
        now_ns = time.monotonic_ns()
        rows = model.rowCount()
        for row in range(rows - inserted, rows):
            record = model.record_at(row)
            if record.event != FINALIZED:
                continue
            seen += 1
            if first_wall is None:
                first_wall = record.received_at.timestamp()
                cpu_marks.append((time.thread_time(), time.process_time()))
                other_marks.append(other_cpu())
            if latency:
                # Read from the frame text: parsing it again would slow the window down.
                stamp = SENT_STAMP.search(record.raw_text or "")
                if stamp is not None:
                    delays.append((now_ns - int(stamp.group(1))) / 1e6)
        if seen >= count and not done.done():
            last_wall = time.time()
            probe.recording = False
            cpu_marks.append((time.thread_time(), time.process_time()))
            other_marks.append(other_cpu())
            done.set_result(None)

    model.rows_flushed.connect(on_rows_flushed)
    credentials = cashier_credentials(server)
    request = ConnectionRequest(
        url=server.socket_url,
        credentials=credentials,
        endpoints=resolve_endpoints(server.socket_url, credentials.scheme),
        topics=[server.cashier_topic],
    )
    # The timer is watched from the connection on (not from the first row): a small
    # burst may reach the table in one flush, and would otherwise leave no sample.
    probe.recording = True
    assert window.connect_with(request)
    await done
    last_row_parts_mb = rss_parts(writer_pid, exclude=simulator_pid)
    settle_until = time.perf_counter() + AFTER_SETTLE_SECONDS
    idle_cpu: float | None = None
    idle_parts: dict[str, float] = {}
    if idle_for > 0:
        # Connected, channel joined, every event shown: from here on only heartbeats. The
        # stall probe's 10 ms timer is the benchmark's, not the app's: it stops first.
        probe.stop()
        await asyncio.sleep(IDLE_SETTLE_SECONDS)
        engine_before, _, writer_before = other_cpu()
        own_before, idle_started = time.process_time(), time.perf_counter()
        await asyncio.sleep(idle_for)
        engine_after, _, writer_after = other_cpu()
        idle_wall = time.perf_counter() - idle_started
        idle_parts = {
            "window": (time.process_time() - own_before) / idle_wall,
            "engine": (engine_after - engine_before) / idle_wall,
            "store_writer": (writer_after - writer_before) / idle_wall,
        }
        idle_cpu = sum(idle_parts.values())
    await asyncio.sleep(max(0.0, settle_until - time.perf_counter()))
    after_parts_mb = rss_parts(writer_pid, exclude=simulator_pid)
    if paints is not None:
        print("paints:", json.dumps(paints.top()), file=sys.stderr)
    if tracemalloc.is_tracing():
        gc.collect()
        print("traced MB", tracemalloc.get_traced_memory()[0] / 1e6, file=sys.stderr)
        for stat in tracemalloc.take_snapshot().statistics("lineno")[:25]:
            print(stat, file=sys.stderr)
    peak = peak_rss_mb()
    probe.stop()
    follow = window.event_log_view.follow_tail
    window.close()
    await assembly.controller.shutdown()
    flushed = time.perf_counter()
    store.flush(timeout=600)
    store_lag = time.perf_counter() - flushed
    store.close()
    stored, distinct = count_stored_bursts(database)
    assert first_wall is not None
    seconds = last_wall - first_wall
    result: dict[str, Any] = {
        "frames": seen,
        "seconds": round(seconds, 3),
        "frames_per_s": round((seen - 1) / seconds) if seconds > 0 else None,
        # CPU per frame: the GUI thread alone, and the whole process (store writer too).
        "gui_thread_us_per_frame": round(
            (cpu_marks[-1][0] - cpu_marks[0][0]) / max(1, seen - 1) * 1e6, 1
        ),
        "process_us_per_frame": round(
            (cpu_marks[-1][1] - cpu_marks[0][1]) / max(1, seen - 1) * 1e6, 1
        ),
        # The engine process and the simulator over the same span (on 2 cores every
        # process's CPU per frame adds up against the same budget).
        "engine_us_per_frame": round(
            (other_marks[-1][0] - other_marks[0][0]) / max(1, seen - 1) * 1e6, 1
        ),
        "simulator_us_per_frame": round(
            (other_marks[-1][1] - other_marks[0][1]) / max(1, seen - 1) * 1e6, 1
        ),
        "store_writer_us_per_frame": round(
            (other_marks[-1][2] - other_marks[0][2]) / max(1, seen - 1) * 1e6, 1
        ),
        # The window's process, its engine and its store writer together.
        "app_us_per_frame": round(
            (
                cpu_marks[-1][1]
                - cpu_marks[0][1]
                + other_marks[-1][0]
                - other_marks[0][0]
                + other_marks[-1][2]
                - other_marks[0][2]
            )
            / max(1, seen - 1)
            * 1e6,
            1,
        ),
        "stall_ms_p50": rounded(percentile(probe.samples, 0.5)),
        "stall_ms_p99": rounded(percentile(probe.samples, 0.99)),
        "stall_ms_max": rounded(max(probe.samples, default=None)),
        "stall_samples": len(probe.samples),
        "rss_mb_idle": round(sum(idle_parts_mb.values()), 1),
        "rss_mb_after": round(sum(after_parts_mb.values()), 1),
        "rss_mb_after_window_process": round(after_parts_mb["window"], 1),
        "rss_mb_peak": round(peak, 1),
        "rss_mb_idle_parts": rounded_parts(idle_parts_mb),
        "rss_mb_after_parts": rounded_parts(after_parts_mb),
        "rss_mb_at_last_row": round(sum(last_row_parts_mb.values()), 1),
        "rss_mb_at_last_row_parts": rounded_parts(last_row_parts_mb),
        "table_rows": model.rowCount(),
        "table_dropped": model.dropped_count,
        "followed_tail": follow,
        "store_lag_ms": round(store_lag * 1000, 1),
        "stored": stored,
        "stored_distinct": distinct,
        "database": str(database),
    }
    if idle_cpu is not None:
        result["idle_seconds"] = idle_for
        result["idle_cpu_percent"] = round(idle_cpu * 100, 2)
        result["idle_cpu_percent_by_process"] = {
            name: round(share * 100, 2) for name, share in idle_parts.items()
        }
    if latency:
        result["latency_ms_p50"] = rounded(percentile(delays, 0.5))
        result["latency_ms_p99"] = rounded(percentile(delays, 0.99))
        result["latency_samples"] = len(delays)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("rate", help="events per second, or 'max'")
    parser.add_argument("--latency", action="store_true", help="measure send → table")
    parser.add_argument("--keep-db", type=Path, help="move the database here afterwards")
    parser.add_argument(
        "--idle",
        type=float,
        default=0.0,
        metavar="S",
        help="after the last row, measure the app's CPU for S seconds of heartbeats only",
    )
    args = parser.parse_args()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A crash of the window (a signal, not an exception) leaves its Python stack on stderr.
    faulthandler.enable()
    import qasync
    from PySide6.QtWidgets import QApplication

    from ewallet_monitor.gc_policy import tune_for_streaming
    from ewallet_monitor.heap_policy import start_returning_freed_memory

    app = QApplication(["ewallet-monitor-benchmark"])
    app.setQuitOnLastWindowClosed(False)
    # As the app's main does before its loop starts.
    tune_for_streaming()
    start_returning_freed_memory()
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as scratch_name:
        scratch = Path(scratch_name)
        # At full speed the frames are replayed, encoded before the burst (as the baseline
        # gets them); a set rate builds each as it sends it, stamped with its send time.
        replay = args.rate == "max" and not args.latency
        with burst_server(args.count, args.rate, replay=replay) as server:
            with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
                result = runner.run(
                    run_window(server, args.count, args.latency, scratch, args.idle)
                )
            result["server"] = server.wait_finished(60)
        result["lost"] = result["server"]["frames"] - result["stored"]
        if args.keep_db is not None:
            for suffix in ("", "-wal", "-shm"):
                source = Path(result["database"] + suffix)
                if source.exists():
                    source.replace(Path(str(args.keep_db) + suffix))
            result["database"] = str(args.keep_db)
    emit_result(result)


if __name__ == "__main__":
    main()
