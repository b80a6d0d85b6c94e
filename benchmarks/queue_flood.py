"""A customer floods the cashier's queue: COUNT payments within SECONDS, into the real window.

``python -m benchmarks.queue_flood [--count 1500] [--seconds 1.5]``: the simulator runs in a
process of its own (quiet scenario); a second process plays the customer, creating the
payments over HTTP with the simulator's public customer credentials
(``me.consume_transaction_request`` on a request that needs the cashier's confirmation),
spread evenly over SECONDS. The window is built by the app's composition root with an
``EventStore`` (writer process) and connected as the cashier to the cashier's user topic.

It reports:

- ``queue_stall_ms_p50`` / ``queue_stall_ms_p99`` / ``queue_stall_ms_max``: lateness of a
  10 ms Qt timer from the first payment created until every card is in the Approvals
  list (and one second after, while the window paints and the history settles);
- ``rss_growth_mb``: the window's process plus its connection engine, from connected and
  idle to all cards in the queue (``rss_mb_idle``, ``rss_mb_after``);
- ``queue_busy_ms_p99`` / ``queue_busy_ms_max``: the GUI thread's own CPU time between two
  ticks, beyond the 10 ms (the part of a stall that is the window's work);
- ``idle_stall_ms_p99``: the same probe for 1.5 s before the flood, the window idle (what
  the machine's load alone costs); ``gui_thread_ms_per_card``: the GUI thread's CPU time
  from the first payment to the last card in the list, per card; ``load_average_1m``;
- ``cards``, ``arrival_seconds`` (first to last card in the list), ``flood_seconds`` (the
  customer's own time to create them all).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.common import (
    ACCEPT,
    BurstServer,
    child_env,
    emit_result,
    percentile,
    python,
    rounded,
    simulator_server,
    tree_rss_mb,
)
from benchmarks.gui import SETTLE_SECONDS, TIMER_MS, StallProbe

REQUEST_LABEL = "Coffee bar"  # needs the cashier's confirmation, a minute to decide
AFTER_SECONDS = 1.0
IDLE_PROBE_SECONDS = 1.5


class WorkProbe(StallProbe):
    """:class:`StallProbe` that also keeps, per tick, the GUI thread's CPU time since the
    previous tick: on a loaded machine a late tick is the window's own work only as far
    as that CPU time goes (the rest the process spent waiting for a core)."""

    def __init__(self) -> None:
        self.cpu_samples: list[float] = []
        self._last_cpu = time.thread_time()
        super().__init__()

    def _tick(self) -> None:
        cpu = time.thread_time()
        if self.recording:
            self.cpu_samples.append(max(0.0, (cpu - self._last_cpu) * 1000 - TIMER_MS))
        self._last_cpu = cpu
        super()._tick()


async def flood(info: dict[str, Any], count: int, seconds: float) -> float:
    """Create ``count`` consumptions over ``seconds`` as the demo's customers; returns the
    seconds it took."""
    import aiohttp

    request_id = next(r["id"] for r in info["transaction_requests"] if r["label"] == REQUEST_LABEL)
    url = f"{info['url']}/api/client/me.consume_transaction_request"
    headers = []
    for consumer in info["credentials"]["consumers"]:
        pair = f"{consumer['api_key']}:{consumer['authentication_token']}"
        headers.append(
            {
                "Authorization": f"OMGClient {base64.b64encode(pair.encode()).decode()}",
                "Accept": ACCEPT,
                "Content-Type": ACCEPT,
            }
        )
    loop = asyncio.get_running_loop()
    start = loop.time()
    async with aiohttp.ClientSession() as session:

        async def one(index: int) -> None:
            body = {
                "formatted_transaction_request_id": request_id,
                "idempotency_token": str(uuid.uuid4()),
                "amount": 100 + index,
            }
            async with session.post(url, json=body, headers=headers[index % len(headers)]) as r:
                answer = await r.json(content_type=None)
                if not answer.get("success"):
                    raise RuntimeError(f"consume refused: {answer}")

        tasks = []
        for index in range(count):
            delay = start + seconds * index / count - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(one(index)))
        await asyncio.gather(*tasks)
    return loop.time() - start


async def run_window(server: BurstServer, count: int, seconds: float, scratch: Path) -> Any:
    from keyring.backends import null
    from PySide6.QtCore import QSettings

    from benchmarks.headless import cashier_credentials
    from ewallet_monitor.app.gui import build_window
    from ewallet_monitor.protocol.events import ChannelState
    from ewallet_monitor.protocol.urls import resolve_endpoints
    from ewallet_monitor.settings.keys import Settings
    from ewallet_monitor.settings.profiles import ProfileBook, SecretVault
    from ewallet_monitor.store import EventStore
    from ewallet_monitor.ui.approval_card import ApprovalCardWidget
    from ewallet_monitor.ui.connection_form import ConnectionRequest

    settings = Settings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
    store = EventStore(scratch / "events.sqlite3", separate_process=True)
    assembly = build_window(
        settings,
        store=store,
        profile_book=ProfileBook(settings, SecretVault(null.Keyring())),  # type: ignore[no-untyped-call]
    )
    window = assembly.window
    # BENCH_ABLATE=list|queue (profiling aid): without the list view, or the whole panel.
    ablate = os.environ.get("BENCH_ABLATE", "")
    if ablate == "list":
        window.queue_view.list_view.setModel(None)
    elif ablate == "queue":
        window.queue_dock.hide()
    window.show()
    credentials = cashier_credentials(server)
    request = ConnectionRequest(
        url=server.socket_url,
        credentials=credentials,
        endpoints=resolve_endpoints(server.socket_url, credentials.scheme),
        topics=[server.cashier_topic],
    )
    tree = assembly.channel_tree
    joined = asyncio.Event()

    def on_channel(_event: object) -> None:
        if tree.state_of(server.cashier_topic) is ChannelState.JOINED:
            joined.set()

    assembly.controller.channel_changed.connect(on_channel)
    assert window.connect_with(request)
    await asyncio.wait_for(joined.wait(), 60)
    await asyncio.sleep(SETTLE_SECONDS)
    gc.collect()
    exclude = {server.process.pid}
    idle = tree_rss_mb(exclude=exclude)

    # The same probe with the window idle first: on a loaded machine the timer is late
    # without the window doing anything, and this says by how much.
    idle_probe = StallProbe()
    idle_probe.recording = True
    await asyncio.sleep(IDLE_PROBE_SECONDS)
    idle_probe.stop()

    model = window.queue_view.list_model
    probe = WorkProbe()
    first: float | None = None
    last = 0.0
    all_in = asyncio.Event()

    def on_rows(*_args: object) -> None:
        nonlocal first, last
        now = time.perf_counter()
        if first is None:
            first = now
        last = now
        if model.rowCount() >= count:
            all_in.set()

    model.rowsInserted.connect(on_rows)
    probe.recording = True
    gui_cpu = time.thread_time()
    flooder = await asyncio.create_subprocess_exec(
        python(),
        "-m",
        "benchmarks.queue_flood",
        "--flood",
        json.dumps(server.info),
        str(count),
        str(seconds),
        stdout=asyncio.subprocess.PIPE,
        env=child_env(),
    )
    await asyncio.wait_for(all_in.wait(), 120)
    gui_cpu = time.thread_time() - gui_cpu
    after = tree_rss_mb(exclude=exclude | {flooder.pid})
    await asyncio.sleep(AFTER_SECONDS)
    probe.recording = False
    probe.stop()
    output, _ = await flooder.communicate()
    flood_seconds = float(output.decode().strip().splitlines()[-1])
    cards = model.rowCount()
    result = {
        "cards": cards,
        "pending": assembly.queue.pending_count,
        "card_widgets": len(window.queue_view.findChildren(ApprovalCardWidget)),
        "flood_seconds": round(flood_seconds, 3),
        "arrival_seconds": round(last - first, 3) if first is not None else None,
        "queue_stall_ms_p50": rounded(percentile(probe.samples, 0.5)),
        "queue_stall_ms_p99": rounded(percentile(probe.samples, 0.99)),
        "queue_stall_ms_max": rounded(max(probe.samples, default=None)),
        "stall_samples": len(probe.samples),
        "queue_busy_ms_p99": rounded(percentile(probe.cpu_samples, 0.99)),
        "queue_busy_ms_max": rounded(max(probe.cpu_samples, default=None)),
        "idle_stall_ms_p99": rounded(percentile(idle_probe.samples, 0.99)),
        "gui_thread_ms_per_card": round(gui_cpu * 1000 / max(1, cards), 3),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "rss_mb_idle": round(idle, 1),
        "rss_mb_after": round(after, 1),
        "rss_growth_mb": round(after - idle, 1),
    }
    window.quit_without_asking()
    await assembly.controller.shutdown()
    store.flush(timeout=120)
    store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1500)
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("--flood", nargs=3, metavar=("INFO", "COUNT", "SECONDS"))
    args = parser.parse_args()
    if args.flood is not None:  # the customer's process
        info, count, seconds = json.loads(args.flood[0]), int(args.flood[1]), args.flood[2]
        print(asyncio.run(flood(info, count, float(seconds))), flush=True)
        return

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from ewallet_monitor.gc_policy import tune_for_streaming
    from ewallet_monitor.heap_policy import start_returning_freed_memory

    app = QApplication(["ewallet-monitor-benchmark"])
    app.setQuitOnLastWindowClosed(False)
    tune_for_streaming()
    start_returning_freed_memory()
    with (
        tempfile.TemporaryDirectory(prefix="bench-flood-") as scratch_name,
        simulator_server(["--scenario", "quiet"]) as server,
        asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner,
    ):
        scratch = Path(scratch_name)
        result = runner.run(run_window(server, args.count, args.seconds, scratch))
    emit_result(result)
    print(json.dumps(result, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
