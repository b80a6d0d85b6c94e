"""The ``ewallet-monitor`` command: dispatch to a sub-command or open the window.

Sub-commands live in their own modules and are imported only when used, so that
``ewallet-monitor listen`` never loads Qt and the GUI never loads the simulator unless
``--demo`` asks for it. Each module exposes ``main(argv: list[str]) -> int``. ``--help``
shows the whole command line (``app/cli.py``): the window's options, the sub-commands and
the Qt options, which the window passes on to Qt.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

from ewallet_monitor import __version__
from ewallet_monitor.app.cli import GUI_MODULE, PROG, SUBCOMMANDS, build_parser, split_qt_options


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--version"]:
        print(f"{PROG} {__version__}")
        return 0
    if args and args[0] in SUBCOMMANDS:
        module_name = SUBCOMMANDS[args[0]][0]
        if not _module_exists(module_name):
            print(f"{PROG}: '{args[0]}' is not available in this build", file=sys.stderr)
            return 2
        module = importlib.import_module(module_name)
        result: int = module.main(args)
        return result
    _qt_args, own = split_qt_options(args)
    if any(word in ("-h", "--help") for word in own[: own.index("--") if "--" in own else None]):
        build_parser().print_help()
        return 0
    if own and not own[0].startswith("-"):
        print(
            f"{PROG}: unknown command {own[0]!r}\n{build_parser().format_usage()}"
            f"commands: {', '.join(SUBCOMMANDS)}",
            file=sys.stderr,
        )
        return 2
    if not _module_exists(GUI_MODULE):
        print(build_parser().format_usage(), file=sys.stderr, end="")
        return 2
    gui = importlib.import_module(GUI_MODULE)
    gui_result: int = gui.main(args)
    return gui_result


def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    sys.exit(main())
