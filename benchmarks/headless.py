"""The project's headless pipeline: :class:`MonitorClient` (protocol, session) with an
:class:`EventStore` recording every event, against the replayed burst (frames encoded
before it, as the baseline gets them).
``python -m benchmarks.headless COUNT``."""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import BurstServer, burst_server, count_stored_bursts, emit_result
from ewallet_monitor.client import ConnectionConfig, MonitorClient
from ewallet_monitor.gc_policy import tune_for_streaming
from ewallet_monitor.heap_policy import start_returning_freed_memory
from ewallet_monitor.protocol.auth import AuthScheme, Credentials
from ewallet_monitor.protocol.events import FrameReceived, MonitorEvent
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED
from ewallet_monitor.store import EventStore


def cashier_credentials(server: BurstServer) -> Credentials:
    cashier = server.info["credentials"]["cashier"]
    return Credentials(
        AuthScheme.parse(cashier["scheme"]), cashier["api_key"], cashier["authentication_token"]
    )


async def receive(server: BurstServer, count: int, database: Path) -> dict[str, Any]:
    credentials = cashier_credentials(server)
    # As the app opens it: the writer in a process of its own.
    store = EventStore(database, secrets=credentials.secrets(), separate_process=True)
    # BENCH_NO_STORE=1 leaves the store out (profiling aid: what the store costs).
    record = os.environ.get("BENCH_NO_STORE") != "1"
    received = 0
    first = last = 0.0
    cpu_started = time.process_time()
    thread_started = time.thread_time()
    client: MonitorClient | None = None

    def on_event(event: MonitorEvent) -> None:
        nonlocal received, first, last, cpu_started, thread_started
        if record:
            store.record(event)
        if isinstance(event, FrameReceived) and event.event == CONSUMPTION_FINALIZED:
            received += 1
            if received == 1:
                first = time.perf_counter()
                cpu_started = time.process_time()
                thread_started = time.thread_time()
            elif received == count:
                last = time.perf_counter()
                assert client is not None
                client.stop()

    config = ConnectionConfig(url=server.socket_url, credentials=credentials, max_retries=0)
    client = MonitorClient(config, on_event)
    client.join(server.cashier_topic)
    # As `ewallet-monitor listen` does once started.
    tune_for_streaming()
    start_returning_freed_memory()
    await client.run()
    cpu = time.process_time() - cpu_started
    thread_cpu = time.thread_time() - thread_started
    received_seconds = last - first
    flush_started = time.perf_counter()
    store.flush(timeout=600)
    store_lag = time.perf_counter() - flush_started
    store.close()
    stored, distinct = count_stored_bursts(database)
    return {
        "frames": received,
        "seconds": round(received_seconds, 3),
        "frames_per_s": round((received - 1) / received_seconds) if received_seconds else None,
        "cpu_share": round(cpu / received_seconds, 2) if received_seconds else None,
        "loop_thread_us_per_frame": round(thread_cpu / max(1, received - 1) * 1e6, 1),
        "process_us_per_frame": round(cpu / max(1, received - 1) * 1e6, 1),
        # How long the store needed after the last frame to have committed everything.
        "store_lag_ms": round(store_lag * 1000, 1),
        "stored": stored,
        "stored_distinct": distinct,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-headless-") as scratch:
        with burst_server(args.count, replay=True) as server:
            result = asyncio.run(receive(server, args.count, Path(scratch) / "events.sqlite3"))
            result["server"] = server.wait_finished(30)
        result["lost"] = result["server"]["frames"] - result["stored"]
    emit_result(result)


if __name__ == "__main__":
    main()
