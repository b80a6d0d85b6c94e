"""Soak: many events through the real window (offscreen), store on, memory watched.

- ``test_one_million_events_through_the_window`` (``slow``, about 25 minutes here): the
  simulator's counted burst in its own process sends one million finalized events over a
  real socket to the real window (event log, channel tree, approval history, live chart,
  rates, store). RSS is sampled every 100 000 events; after warm-up (the live table full)
  it must stay flat. Run it with ``pytest -m slow tests/soak -s``; it prints its figures.
- ``test_a_short_soak_keeps_memory_and_the_table_bounded`` (every run): the same window fed
  by a fast in-process producer (each event a fresh frame decoded from text, as the client
  does) — a bound on memory growth after warm-up, and the table stays at its row limit.

Memory bounds are generous on purpose (allocator noise, Qt caches); they catch leaks that
grow with every event (a few hundred bytes per event is tens of MB here), not noise.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from ewallet_monitor.app.gui import Assembly, build_window, demo_connection
from ewallet_monitor.protocol.events import ChannelState, FrameReceived
from ewallet_monitor.protocol.frames import (
    CONSUMPTION_FINALIZED,
    InvalidFrame,
    decode_server_frame,
    encode_server_frame,
)
from ewallet_monitor.protocol.timestamps import utc_now
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from ewallet_monitor.store import EventStore
from tests.conftest import TIME_UNIT
from tests.windows import delete_window

REPO = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def rss_mb() -> float:
    """This process's resident memory (Linux ``/proc``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    pytest.skip("needs /proc/self/status (Linux)")


def figure(name: str, **values: Any) -> None:
    print(f"FIGURE {name} {json.dumps(values, sort_keys=True)}", flush=True)


@contextlib.contextmanager
def soak_window(
    tmp_path: Path, *, live_log_rows: int | None, max_history_mb: float
) -> Iterator[tuple[Assembly, EventStore]]:
    """The real window with a store, shown offscreen; closed and the store closed after."""
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    store = EventStore(tmp_path / "events.sqlite3", max_bytes=int(max_history_mb * MB))
    parts = build_window(
        settings, linger_ms=1000, flush_interval_ms=50, store=store, live_log_rows=live_log_rows
    )
    parts.window.show()
    try:
        yield parts, store
    finally:
        delete_window(parts.window)
        store.close()


def rows_of_kind(parts: Assembly, kind: str) -> int:
    log = parts.event_log
    return sum(1 for row in range(log.rowCount()) if log.record_at(row).kind == kind)


def count_finalized(parts: Assembly) -> list[int]:
    """A one-element counter of finalized rows the window processed."""
    counter = [0]

    def on_kind(kind: str) -> None:
        if kind == "finalized":
            counter[0] += 1

    parts.controller.kind_sinks.append(on_kind)
    return counter


# -- the short soak (every run) -------------------------------------------------------------------

SHORT_TABLE_ROWS = 2_000
# Events after warm-up over which growth is measured, and the growth allowed (MB): a leak
# of ~2 KB per event would exceed it; measured growth is a few MB.
SHORT_MEASURED = 8_000
SHORT_GROWTH_MB = 15.0
SHORT_BATCH = 250
STORE_PACE = 1_000


def warm_up_events(parts: Assembly) -> int:
    """Events until the window's memory reaches its steady state: the table full, and the
    rows that keep their frame's text (the model's ``payload_rows``, if it has one) turned
    over once, plus some slack for allocator arenas and Qt caches."""
    holding = int(getattr(parts.event_log, "_payload_rows", 0))
    return max(SHORT_TABLE_ROWS, holding) + 5_000


def finalized_template() -> tuple[str, str]:
    """(frame text, consumption id) of one real finalized event from the simulator."""
    with SimulatorThread(SimulatorConfig(port=0, scenario="quiet", seed=3)) as sim:
        info = sim.info()
        cashier = info["credentials"]["cashier"]["user_id"]
        request = next(
            r
            for r in info["transaction_requests"]
            if r["owner_user_id"] == cashier and not r["require_confirmation"]
        )
        data = sim.create_consumption(request["id"])
    text = encode_server_frame(f"user:{cashier}", CONSUMPTION_FINALIZED, None, data)
    return text, str(data["id"])


def test_a_short_soak_keeps_memory_and_the_table_bounded(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    template, template_id = finalized_template()
    samples: list[tuple[int, float]] = []

    with soak_window(tmp_path, live_log_rows=SHORT_TABLE_ROWS, max_history_mb=64) as (
        parts,
        store,
    ):
        counter = count_finalized(parts)
        controller = parts.controller

        warm_up = warm_up_events(parts)
        total = warm_up + SHORT_MEASURED

        async def produce() -> None:
            for number in range(total):
                # A fresh frame per event, decoded from text as the client decodes it.
                decoded = decode_server_frame(
                    template.replace(template_id, f"txc_01soak{number:021d}")
                )
                assert not isinstance(decoded, InvalidFrame)
                controller.handle_event(FrameReceived(decoded, utc_now()))
                done = number + 1
                if done % SHORT_BATCH == 0:
                    await asyncio.sleep(0)  # let Qt flush, repaint and run its timers
                if done % STORE_PACE == 0:
                    # Keep the producer at the store's pace, as a socket's reader is: a
                    # backlog of tens of thousands of rows only measures SQLite's and the
                    # allocator's high-water mark, not the window.
                    store.flush(30.0 * TIME_UNIT)
                if done in (warm_up // 2, warm_up, total):
                    parts.event_log.flush()
                    store.flush(30.0 * TIME_UNIT)
                    await asyncio.sleep(0.1)
                    gc.collect()
                    samples.append((done, rss_mb()))

        started = time.monotonic()
        qasync_loop.run_until_complete(produce())
        seconds = time.monotonic() - started
        table_rows = parts.event_log.rowCount()
        history_rows = parts.queue.history.rowCount()
        assert counter[0] == total
        assert not parts.window.error_banner.isVisible()
    growth = samples[-1][1] - samples[1][1]
    figure(
        "short_soak",
        events=total,
        seconds=round(seconds, 1),
        rss_mb=[(n, round(r, 1)) for n, r in samples],
        growth_mb=round(growth, 1),
    )
    assert table_rows <= SHORT_TABLE_ROWS
    assert history_rows <= 1000
    assert growth < SHORT_GROWTH_MB, samples


# -- one million events (slow) -----------------------------------------------------------------------

MILLION = int(os.environ.get("EWALLET_SOAK_EVENTS", "1000000"))
SAMPLE_EVERY = 100_000
# Warm-up: the table is full (its default 100 000 rows) and the store at its size cap.
WARM_UP = 300_000
# Growth allowed from the end of warm-up to the end.
LONG_GROWTH_MB = 120.0


class BurstProcess:
    """``ewallet-monitor simulator --scenario burst --count N --rate max`` in its own process."""

    def __init__(self, count: int) -> None:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ewallet_monitor",
                "simulator",
                "--port",
                "0",
                "--scenario",
                "burst",
                "--count",
                str(count),
                "--rate",
                "max",
                "--idle-timeout",
                "3600",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the simulator did not start")
        self.info: dict[str, Any] = json.loads(line)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.mark.slow
@pytest.mark.timeout(4 * 3600)
def test_one_million_events_through_the_window(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    server = BurstProcess(MILLION)
    samples: list[tuple[int, float, float]] = []  # (events, RSS MB, seconds)
    try:
        with soak_window(tmp_path, live_log_rows=None, max_history_mb=512) as (
            parts,
            store,
        ):
            counter = count_finalized(parts)
            values = demo_connection(server.info, "cashier")
            # The cashier's own user topic receives every burst event exactly once.
            topic = f"user:{server.info['credentials']['cashier']['user_id']}"
            values["topics"] = [topic]
            # Found by this soak: at full burst speed the heartbeat's reply waits behind
            # thousands of queued frames (simulator buffer, socket buffers) for longer than
            # the default 10 s interval, so the client takes the connection for dead,
            # reconnects and records a gap. 30 s (Phoenix's own default) leaves room.
            values["heartbeat_interval"] = 30.0
            tree = parts.channel_tree

            async def run() -> None:
                form = parts.window.connection_form
                form.set_values(**values)
                form.submit()
                started = time.monotonic()
                samples.append((0, rss_mb(), 0.0))
                next_sample = SAMPLE_EVERY
                last_progress = (0, started)
                while counter[0] < MILLION:
                    await asyncio.sleep(0.5)
                    now = time.monotonic()
                    if counter[0] != last_progress[0]:
                        last_progress = (counter[0], now)
                    if now - last_progress[1] >= 60:  # stalled: fail with the figures so far
                        gaps = rows_of_kind(parts, "gap")
                        raise AssertionError(("stalled", counter[0], gaps, samples))
                    while counter[0] >= next_sample:
                        samples.append((next_sample, rss_mb(), round(now - started, 1)))
                        next_sample += SAMPLE_EVERY
                assert tree.state_of(topic) is ChannelState.JOINED
                await parts.controller.shutdown()

            began = time.monotonic()
            qasync_loop.run_until_complete(run())
            seconds = time.monotonic() - began
            store.flush(120.0)
            stored = store.count()
            banner = parts.window.error_banner.isVisible()
            table_rows = parts.event_log.rowCount()
            gap_rows = rows_of_kind(parts, "gap")
    finally:
        server.stop()
    after_warm_up = [rss for events, rss, _ in samples if events >= WARM_UP]
    growth = after_warm_up[-1] - after_warm_up[0]
    figure(
        "million_soak",
        events=counter[0],
        seconds=round(seconds, 1),
        events_per_s=round(counter[0] / seconds),
        rss_mb=[(n, round(r, 1), t) for n, r, t in samples],
        growth_after_warm_up_mb=round(growth, 1),
        table_rows=table_rows,
        stored_rows_at_end=stored,
        crashes=0 if not banner else 1,
        gaps=gap_rows,
    )
    assert counter[0] == MILLION
    assert gap_rows == 0
    assert not banner
    assert growth < LONG_GROWTH_MB, samples
