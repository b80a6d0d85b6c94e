"""Entry script of the frozen app (PyInstaller needs a file, not a console-script entry)."""

import multiprocessing
import sys

from ewallet_monitor.app.main import main

if __name__ == "__main__":
    # The window's connection engine runs as a child process started from this same
    # executable; this turns such a start into the engine instead of a second app.
    multiprocessing.freeze_support()
    sys.exit(main())
