"""The composition root and the command line.

:mod:`.main` dispatches ``ewallet-monitor [COMMAND]``: the window (:mod:`.gui`), and the
``simulator``, ``listen``, ``approve``/``reject``/``cancel`` and ``export`` commands, each
in its own module with ``main(argv) -> int``. Shared pieces: connection options
(:mod:`.connection_options`), data and log directories (:mod:`.data_dir`), logging and
crash handling (:mod:`.logging_setup`, :mod:`.crash`). Settings and profiles live one
layer down, in :mod:`ewallet_monitor.settings`, so the windows can use them.
"""
