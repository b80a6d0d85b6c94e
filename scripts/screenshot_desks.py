"""Retake docs/screenshot-desks.png: two desks side by side on one shared PostgreSQL store,
the left one showing that the right one is handling the payment in focus.

Run it on an X display (under Xvfb: ``Xvfb :95 -screen 0 1920x860x24`` and
``DISPLAY=:95``); it starts a private PostgreSQL (tests/pg_server.py, so run it from the
repository), the built-in simulator, and two real windows in the Cashier layout ("Desk 1"
for alice, "Desk 2" for carla: the OS user each desk reports is read from ``LOGNAME``, as
getpass does), lets Desk 2 claim the newest payment (as its Approve does, its answer then
saying nothing happened, so the claim is held), and saves the whole screen with
ImageMagick's ``import -window root``.

    python scripts/screenshot_desks.py docs/screenshot-desks.png
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ewallet_monitor.app.gui import Assembly, build_window, demo_connection
from ewallet_monitor.protocol.events import ChannelState
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from ewallet_monitor.store.postgres import PostgresStore
from ewallet_monitor.store.postgres.desks import DeskLink
from ewallet_monitor.ui.window_layout import WindowLayout
from tests.pg_server import start_server


def no_password(_url: object) -> None:
    return None


async def until(condition: object, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.05)
    raise SystemExit("timed out")


async def shoot(target: Path) -> None:
    server = start_server()
    dsn = server.dsn(server.fresh_database())
    sim = SimulatorThread(SimulatorConfig(port=0, scenario="quiet", seed=7))
    sim.start()
    opened: list[tuple[Assembly, PostgresStore]] = []
    screen = QApplication.primaryScreen().availableGeometry()
    half = screen.width() // 2
    try:
        for index, (name, user) in enumerate((("Desk 1", "alice"), ("Desk 2", "carla"))):
            os.environ["LOGNAME"] = user
            folder = Path(tempfile.mkdtemp(prefix="desk-"))
            store = PostgresStore(dsn, spool_dir=folder, desk=name, password=no_password)
            link = DeskLink(dsn, name=name, password=no_password).start()
            settings = Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
            parts = build_window(settings, store=store, desk_link=link)
            parts.window.set_layout(WindowLayout.CASHIER)
            parts.window.show()
            parts.window.setGeometry(QRect(index * half, 0, half, screen.height()))
            opened.append((parts, store))
            values = demo_connection(sim.info(), "cashier")
            form = parts.window.connection_form
            form.set_values(**values)
            form.submit()
            tree = parts.channel_tree
            await until(
                lambda t=tree, v=values: all(
                    t.state_of(x) is ChannelState.JOINED for x in v["topics"]
                )
            )
        info = sim.info()
        cashier = info["credentials"]["cashier"]["user_id"]
        requests = [
            r
            for r in info["transaction_requests"]
            if r["owner_user_id"] == cashier and r["require_confirmation"]
        ]
        ids = [str(sim.create_consumption(requests[0]["id"], n % 2)["id"]) for n in range(3)]
        for parts, _store in opened:
            await until(lambda p=parts: all(p.window.queue_view.has_card(i) for i in ids))
        focus = ids[0]
        for parts, _store in opened:
            parts.window.queue_view.select(focus)
        right = opened[1][0]
        assert right.desks is not None
        server_key = right.controller.cashier.server
        answer = await asyncio.to_thread(right.desks.link.claim, server_key, focus, "approve")
        assert answer.taken
        await asyncio.to_thread(right.desks.link.hold_again, server_key, focus)
        left = opened[0][0]
        await until(lambda: bool(left.window.queue_view.claim_note(focus)))
        await until(
            lambda: all(
                p.window.desks_indicator is not None and p.window.desks_indicator.others
                for p, _ in opened
            )
        )
        await asyncio.sleep(3.5)  # the new payments' pulse is over
        grab = ["import", "-window", "root", str(target)]
        await asyncio.to_thread(subprocess.run, grab, check=True)
        print(f"saved {target}")
    finally:
        for parts, store in opened:
            await parts.controller.shutdown()
            await asyncio.to_thread(parts.close_desk)
            parts.window.quit_without_asking()
            store.close()
        sim.stop()
        server.cleanup()


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-desks.png")
    app = QApplication(["ewallet-monitor"])
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(shoot(target.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
