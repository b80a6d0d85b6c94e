"""The ``ewallet-monitor`` command: dispatch to a sub-command or open the window.

Sub-commands live in their own modules and are imported only when used, so that
``ewallet-monitor listen`` never loads Qt and the GUI never loads the simulator unless
``--demo`` asks for it. Each module exposes ``main(argv: list[str]) -> int``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

from ewallet_monitor import __version__

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "simulator": ("ewallet_monitor.app.simulator_command", "run the built-in eWallet simulator"),
    "listen": ("ewallet_monitor.app.listen_command", "print every frame of joined channels"),
    "approve": ("ewallet_monitor.app.action_command", "approve a pending consumption"),
    "reject": ("ewallet_monitor.app.action_command", "reject a pending consumption"),
    "cancel": ("ewallet_monitor.app.action_command", "cancel a consumption (consumer side)"),
    "export": ("ewallet_monitor.app.export_command", "export stored events or the audit trail"),
}
GUI_MODULE = "ewallet_monitor.app.gui"


def usage() -> str:
    lines = [
        "usage: ewallet-monitor [--demo [cashier|operator]] [options]   open the window",
        "       ewallet-monitor COMMAND [options]",
        "",
        "commands:",
    ]
    for name, (_module, text) in SUBCOMMANDS.items():
        lines.append(f"  {name:<10} {text}")
    lines.append("")
    lines.append("Run 'ewallet-monitor COMMAND --help' for a command's options.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--version"]:
        print(f"ewallet-monitor {__version__}")
        return 0
    if args[:1] in (["-h"], ["--help"]) and not _module_exists(GUI_MODULE):
        print(usage())
        return 0
    if args and args[0] in SUBCOMMANDS:
        module_name = SUBCOMMANDS[args[0]][0]
        if not _module_exists(module_name):
            print(f"ewallet-monitor: '{args[0]}' is not available in this build", file=sys.stderr)
            return 2
        module = importlib.import_module(module_name)
        result: int = module.main(args)
        return result
    if args and not args[0].startswith("-"):
        print(f"ewallet-monitor: unknown command {args[0]!r}\n\n{usage()}", file=sys.stderr)
        return 2
    if not _module_exists(GUI_MODULE):
        print(usage(), file=sys.stderr)
        return 2
    gui = importlib.import_module(GUI_MODULE)
    gui_result: int = gui.main(args)
    return gui_result


def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    sys.exit(main())
