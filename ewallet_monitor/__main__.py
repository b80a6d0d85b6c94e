"""``python -m ewallet_monitor`` is the ``ewallet-monitor`` command."""

import sys

from ewallet_monitor.app.main import main

sys.exit(main())
