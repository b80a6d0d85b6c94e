"""Run in a child process on an offscreen screen of a given size: build the app's window
as the command line would (``--demo cashier`` or not), show it, print its geometry."""

from __future__ import annotations

import json
import sys
import tempfile

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


def main() -> None:
    demo = sys.argv[1] or None
    settings_file = sys.argv[2] if len(sys.argv) > 2 else f"{tempfile.mkdtemp()}/s.ini"
    app = QApplication(["probe"])
    from ewallet_monitor.app.gui import build_window
    from ewallet_monitor.settings.keys import Settings

    settings = Settings(QSettings(settings_file, QSettings.Format.IniFormat))
    window = build_window(settings, demo_mode=demo).window
    window.show()
    for _ in range(5):
        app.processEvents()
    screen = window.screen()
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    minimum = window.minimumSizeHint()
    print(
        json.dumps(
            {
                "layout": window.window_layout.value,
                "available": [available.x(), available.y(), available.width(), available.height()],
                "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "minimum": [minimum.width(), minimum.height()],
                "banner_width": window.demo_banner.width(),
            }
        ),
        flush=True,
    )
    window.save_settings()


if __name__ == "__main__":
    main()
