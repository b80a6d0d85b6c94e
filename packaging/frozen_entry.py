"""Entry script of the frozen app (PyInstaller needs a file, not a console-script entry)."""

import sys

from ewallet_monitor.app.main import main

if __name__ == "__main__":
    sys.exit(main())
