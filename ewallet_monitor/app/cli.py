"""The whole command line as one argparse parser: the window's options, the sub-commands
and the Qt options passed through to Qt.

Each sub-command still parses its own arguments (``ewallet_monitor.app.main`` dispatches on
the first word, so ``listen`` never loads Qt); this parser is built from those same
parsers for ``--help``, the man page and the shell completions (``app/cli_docs.py``).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from collections.abc import Mapping, Sequence

PROG = "ewallet-monitor"
DESCRIPTION = "Watch eWallet channels live and approve payments as a cashier."
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "simulator": ("ewallet_monitor.app.simulator_command", "run the built-in eWallet simulator"),
    "listen": ("ewallet_monitor.app.listen_command", "print every frame of joined channels"),
    "approve": ("ewallet_monitor.app.action_command", "approve a pending consumption"),
    "reject": ("ewallet_monitor.app.action_command", "reject a pending consumption"),
    "cancel": ("ewallet_monitor.app.action_command", "cancel a consumption (consumer side)"),
    "export": ("ewallet_monitor.app.export_command", "export stored events or the audit trail"),
    "stats": ("ewallet_monitor.app.stats_command", "supervisor statistics from the store"),
    "supervisor": (
        "ewallet_monitor.app.supervisor_command",
        "every desk of a shared store in one read-only window",
    ),
}
GUI_MODULE = "ewallet_monitor.app.gui"

# Qt's own command-line options (QGuiApplication and QApplication), each with its value's
# name, or None for a flag. Qt takes them with one dash or two, and -style=NAME too.
QT_OPTIONS: dict[str, tuple[str | None, str]] = {
    "-platform": ("NAME", "Qt platform plugin (xcb, wayland, offscreen…), as QT_QPA_PLATFORM"),
    "-platformpluginpath": ("DIR", "where to look for platform plugins"),
    "-platformtheme": ("NAME", "platform theme, as QT_QPA_PLATFORMTHEME"),
    "-plugin": ("NAME", "load an extra generic plugin"),
    "-style": ("STYLE", "widget style (Fusion, Windows…), as QT_STYLE_OVERRIDE"),
    "-stylesheet": ("FILE", "a Qt style sheet applied to the whole application"),
    "-qwindowgeometry": ("GEOMETRY", "the first window's geometry (WIDTHxHEIGHT+X+Y)"),
    "-qwindowtitle": ("TITLE", "the first window's title"),
    "-qwindowicon": ("FILE", "the first window's icon"),
    "-reverse": (None, "right-to-left layout"),
    "-session": ("NAME", "restore a session-managed session"),
    "-display": ("DISPLAY", "the X display to use (xcb), as DISPLAY"),
    "-name": ("NAME", "the application name for X resources (xcb)"),
    "-nograb": (None, "never grab the mouse or keyboard (xcb)"),
    "-dograb": (None, "grab even when running under a debugger (xcb)"),
    "-widgetcount": (None, "print how many widgets exist at exit"),
}


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(qt_args, rest)``: Qt's options with their values, in order, and everything else.

    ``-style fusion``, ``--style fusion`` and ``-style=fusion`` all go to Qt; a Qt option
    that needs a value and has none is left in ``rest`` for argparse to report. After
    ``--`` nothing is taken.
    """
    qt: list[str] = []
    rest: list[str] = []
    words = list(argv)
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            rest.extend(words[i:])
            break
        name, equals, _value = (word[1:] if word.startswith("--") else word).partition("=")
        if name in QT_OPTIONS:
            needs_value = QT_OPTIONS[name][0] is not None
            if not needs_value and not equals:
                qt.append(word)
                i += 1
                continue
            if needs_value and equals:
                qt.append(word)
                i += 1
                continue
            if needs_value and i + 1 < len(words):
                qt.extend(words[i : i + 2])
                i += 2
                continue
        rest.append(word)
        i += 1
    return qt, rest


def qt_environment(qt_args: Sequence[str], env: Mapping[str, str]) -> dict[str, str]:
    """``env`` as Qt will see it: ``-platform NAME`` on the command line wins over
    ``QT_QPA_PLATFORM`` (for checks made before Qt starts)."""
    out = dict(env)
    for i, word in enumerate(qt_args):
        name, equals, value = (word[1:] if word.startswith("--") else word).partition("=")
        if name == "-platform":
            platform = value if equals else (qt_args[i + 1] if i + 1 < len(qt_args) else "")
            out["QT_QPA_PLATFORM"] = platform
    return out


def window_parser() -> argparse.ArgumentParser:
    """The window's own parser (it imports Qt), or a bare one when this build has none."""
    if importlib.util.find_spec(GUI_MODULE) is not None:
        try:
            gui = importlib.import_module(GUI_MODULE)
        except ImportError:
            pass
        else:
            parser: argparse.ArgumentParser = gui.build_parser()
            return parser
    return argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)


def command_parser(name: str) -> argparse.ArgumentParser | None:
    """A sub-command's own parser, or None when this build does not have it."""
    module_name = SUBCOMMANDS[name][0]
    if importlib.util.find_spec(module_name) is None:
        return None
    module = importlib.import_module(module_name)
    builder = module.build_parser
    parser: argparse.ArgumentParser = builder(name) if name in _ACTIONS else builder()
    return parser


_ACTIONS = ("approve", "reject", "cancel")


def build_parser() -> argparse.ArgumentParser:
    """Everything the command line takes, for help and generated documentation."""
    parser = window_parser()
    parser.usage = f"{PROG} [options] [Qt options]\n       {PROG} COMMAND [options]"
    parser.epilog = f"Run '{PROG} COMMAND --help' for a command's options. See also {PROG}(1)."
    qt = parser.add_argument_group(
        "Qt options", "passed on to Qt (one dash or two; -style=NAME works too)"
    )
    for option, (metavar, text) in QT_OPTIONS.items():
        dest = "qt_" + option.lstrip("-")
        if metavar is None:
            qt.add_argument(option, dest=dest, action="store_true", help=text)
        else:
            qt.add_argument(option, dest=dest, metavar=metavar, help=text)
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for name, (_module, text) in SUBCOMMANDS.items():
        own = command_parser(name)
        if own is None:
            continue
        commands.add_parser(
            name,
            parents=[own],
            add_help=False,
            help=text,
            description=own.description,
            epilog=own.epilog,
        )
    return parser
