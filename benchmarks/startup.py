"""Process start to first painted window, demo mode: ``python -m benchmarks.startup``.

Runs the app's own GUI entry point (``ewallet-monitor --demo``) with an application-wide
event filter that notes the main window's first paint, prints ``time.monotonic_ns()`` at
that moment and closes the window. The parent compares it with its own clock taken just
before starting this process (CLOCK_MONOTONIC is shared across processes on Linux).

``--bound`` shows an empty ``QMainWindow`` instead, measured the same way: the floor of
Python + PySide6 + a first paint on this machine, which the app's figure is compared with.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from benchmarks.common import emit_result


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["ewallet-monitor"])
    painted: dict[str, int] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not painted
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QMainWindow)
            ):
                window = watched

                def after_paint() -> None:
                    painted["ns"] = time.monotonic_ns()
                    window.close()

                # Runs once this paint (and the backing-store flush) is done.
                QTimer.singleShot(0, after_paint)
                painted["seen"] = 1
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    if "--bound" in sys.argv[1:]:
        empty = QMainWindow()
        empty.resize(1024, 700)
        empty.show()
        code = app.exec()
    else:
        from ewallet_monitor.app.main import main as app_main

        with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
            code = app_main(["--demo", "--data-dir", scratch])
    if "ns" not in painted:
        print("the window never painted", file=sys.stderr)
        sys.exit(1)
    emit_result({"painted_monotonic_ns": painted["ns"], "exit_code": code})


if __name__ == "__main__":
    main()
