"""Retake the documentation's screenshots: the real window on the built-in simulator with
a realistic queue (long 18-decimal OMG amounts, more than ten payments waiting).

Run it on an X display of the size wanted (under Xvfb: ``Xvfb :99 -screen 0 1366x768x24``
and ``DISPLAY=:99``); it opens the window where the app would (inside the screen's
available area), fills the queue, saves the whole screen with ImageMagick's
``import -window root`` and prints the window's geometry.

    python scripts/screenshots.py cashier docs/screenshot-cashier-1366x768.png [SECONDS]
    python scripts/screenshots.py cashier docs/screenshot-cashier-th.png --lang th

With SECONDS the demo's own traffic (the ``cashier`` scenario) runs that long before the
picture, as a shop's would.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication

from ewallet_monitor.app.gui import build_window, demo_connection, start_demo
from ewallet_monitor.i18n import install_language, parse_language
from ewallet_monitor.protocol.events import ChannelState
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from ewallet_monitor.ui.window_layout import PREFERRED_SIZE, WindowLayout, placed_inside

WAITING = 12


async def shoot(layout: str, target: Path, run_s: float) -> None:
    scenario = "cashier" if run_s else "quiet"
    sim = SimulatorThread(SimulatorConfig(port=0, scenario=scenario, seed=7))
    sim.start()
    settings = Settings(QSettings(f"{tempfile.mkdtemp()}/s.ini", QSettings.Format.IniFormat))
    parts = build_window(settings, demo_mode="cashier")
    window = parts.window
    window.set_layout(WindowLayout(layout))
    window.show()
    # Where the app opens this layout on this screen (the demo here opened as Cashier).
    screen = window.screen().availableGeometry()
    window.setGeometry(placed_inside(PREFERRED_SIZE[WindowLayout(layout)], screen))
    try:
        start_demo(parts, sim.info(), "cashier", 10.0)
        topics = demo_connection(sim.info(), "cashier")["topics"]
        for _ in range(300):
            if all(parts.channel_tree.state_of(t) is ChannelState.JOINED for t in topics):
                break
            await asyncio.sleep(0.05)
        rng = random.Random(14)
        info = sim.info()
        cashier = info["credentials"]["cashier"]["user_id"]
        requests = [
            r
            for r in info["transaction_requests"]
            if r["owner_user_id"] == cashier and r["require_confirmation"]
        ]
        omg = next(r for r in requests if r["token_id"].startswith("tok_OMG"))
        amounts = [123_456_789_012_123_456_789_012_345_678, 1]
        amounts += [rng.randrange(10**18, 10**21) for _ in range(WAITING - len(amounts))]
        for index, amount in enumerate(amounts):
            request = omg if index % 3 != 2 else requests[index % len(requests)]
            chosen = amount if request is omg else None
            sim.create_consumption(request["id"], index % 3, chosen)
            await asyncio.sleep(0.15)
        await asyncio.sleep(max(2.0, run_s))
        grab = await asyncio.create_subprocess_exec("import", "-window", "root", str(target))
        if await grab.wait() != 0:
            raise SystemExit(f"import -window root failed for {target}")
        frame = window.frameGeometry()
        available = window.screen().availableGeometry()
        print(
            f"{target}: window {frame.width()}x{frame.height()}+{frame.x()}+{frame.y()} "
            f"inside {available.width()}x{available.height()}: {available.contains(frame)}; "
            f"{parts.queue.pending_count} waiting",
            flush=True,
        )
    finally:
        await parts.controller.shutdown()
        window.close()
        sim.stop()


def main() -> None:
    args = sys.argv[1:]
    language = "en"
    if "--lang" in args:
        at = args.index("--lang")
        language = parse_language(args[at + 1])
        del args[at : at + 2]
    layout, target = args[0], Path(args[1])
    run_s = float(args[2]) if len(args) > 2 else 0.0
    app = QApplication(["ewallet-monitor"])
    translators = install_language(app, language)
    print(f"language {QLocale().name()}, {len(translators)} translators", flush=True)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(shoot(layout, target, run_s))


if __name__ == "__main__":
    main()
