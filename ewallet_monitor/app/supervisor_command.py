"""``ewallet-monitor supervisor --store postgresql://…``: every desk of a shared store in one
read-only window — the desks, the payments waiting, the claims, the decisions of every
desk and the statistics.

The window is refreshed from one consistent read (``store.postgres.supervisor``) at once
when a desk claims, releases or comes and goes (``LISTEN``), and every ``--refresh``
seconds besides. It is no desk: it registers nowhere, claims nothing, decides nothing.
Exit status: 0 when closed, 2 for a usage error, an unusable store or no display.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

from ewallet_monitor.app.cli import qt_environment, split_qt_options
from ewallet_monitor.app.display_check import display_problem
from ewallet_monitor.app.store_option import STORE_HELP, StoreUrlError, store_url

EXIT_OK = 0
EXIT_USAGE = 2
log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ewallet-monitor supervisor",
        description="Every desk of a shared PostgreSQL store in one read-only window: "
        "desks, payments waiting, claims, decisions and statistics.",
    )
    parser.add_argument("--store", metavar="URL", required=True, help=STORE_HELP)
    parser.add_argument(
        "--refresh",
        type=float,
        default=2.0,
        metavar="S",
        help="read the store again every S seconds besides each change (default 2)",
    )
    parser.add_argument(
        "--claim-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="a desk silent this long is shown gone (as the desks' own --claim-timeout)",
    )
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


class SnapshotFeed:
    """Reads snapshots on its own thread: at start, on each notification, and every
    ``refresh_s``; ``deliver(snapshot)`` / ``problem(text)`` are called on that thread."""

    def __init__(
        self,
        conninfo: str,
        *,
        refresh_s: float,
        timeout_s: float,
        deliver: Any,
        problem: Any,
    ) -> None:
        self.conninfo = conninfo
        self.refresh_s = refresh_s
        self.timeout_s = timeout_s
        self.deliver = deliver
        self.problem = problem
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="supervisor-feed", daemon=True)

    def start(self) -> SnapshotFeed:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5.0)

    def _run(self) -> None:
        import psycopg

        from ewallet_monitor.store.postgres.desks import CLAIMS_CHANNEL, DESKS_CHANNEL
        from ewallet_monitor.store.postgres.supervisor import read_snapshot

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=3) as conn:
                    conn.execute(f"LISTEN {CLAIMS_CHANNEL}")
                    conn.execute(f"LISTEN {DESKS_CHANNEL}")
                    while not self._stop.is_set():
                        self.deliver(read_snapshot(conn, self.timeout_s))
                        # Wait for a change (or the refresh), then let a burst settle.
                        list(conn.notifies(timeout=self.refresh_s, stop_after=1))
                        self._stop.wait(0.1)
                        list(conn.notifies(timeout=0.01))
            except psycopg.Error as exc:
                text = str(exc).strip().splitlines()
                self.problem(f"The shared store cannot be read: {text[0] if text else exc}")
                self._stop.wait(min(self.refresh_s, 2.0))


def main(argv: list[str]) -> int:
    """Run the window; ``argv[0]`` is ``"supervisor"``."""
    qt_args, own = split_qt_options(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(own)
    except SystemExit as exc:
        return int(exc.code or 0)
    prog = "ewallet-monitor supervisor"
    try:
        shared = store_url(args.store)
    except StoreUrlError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if shared is None:
        print(f"{prog}: --store must name a PostgreSQL store", file=sys.stderr)
        return EXIT_USAGE
    for name, value, least in (
        ("--refresh", args.refresh, 0.1),
        ("--claim-timeout", args.claim_timeout, 1.0),
    ):
        if not value >= least:
            print(f"{prog}: {name} must be at least {least:g} s, got {value:g}", file=sys.stderr)
            return EXIT_USAGE
    from PySide6.QtCore import QObject, Qt, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    problem = (
        ""
        if QApplication.instance() is not None
        else display_problem(qt_environment(qt_args, os.environ))
    )
    if problem:
        print(f"{prog}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from ewallet_monitor.store.postgres.url import keyring_password
    from ewallet_monitor.ui.supervisor_window import SupervisorWindow

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["ewallet-monitor", *qt_args])
    window = SupervisorWindow(shared.display)

    class Bridge(QObject):
        snapshot = Signal(object)
        trouble = Signal(str)

    bridge = Bridge()
    queued = Qt.ConnectionType.QueuedConnection
    bridge.snapshot.connect(window.show_snapshot, queued)
    bridge.trouble.connect(window.show_problem, queued)
    feed = SnapshotFeed(
        shared.conninfo(keyring_password(shared)),
        refresh_s=args.refresh,
        timeout_s=args.claim_timeout,
        deliver=bridge.snapshot.emit,
        problem=bridge.trouble.emit,
    ).start()
    if args.quit_after is not None:
        QTimer.singleShot(max(0, args.quit_after), window.close)
    if args.screenshot is not None:
        shot: Path = args.screenshot
        taken: list[bool] = []

        def take(_snapshot: object) -> None:
            if taken:
                return
            taken.append(True)

            def save() -> None:
                window.grab().save(str(shot))
                print(f"screenshot: saved {shot}", file=sys.stderr, flush=True)
                window.close()

            QTimer.singleShot(500, save)

        bridge.snapshot.connect(take, queued)
    window.show()
    try:
        app.exec()
    finally:
        feed.stop()
    if args.quit_after is not None:
        print(f"supervisor: {window.summary.text()}", file=sys.stderr, flush=True)
    return EXIT_OK
