"""The man page and the bash, zsh and fish completions, generated from the argparse parser.

``python -m ewallet_monitor.app.cli_docs --write`` regenerates the files under
``resources/`` (tests/app/test_cli_docs.py fails when they are stale). They are built as for
a user with the XDG defaults, so the text does not depend on who generates it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ewallet_monitor import __version__
from ewallet_monitor.app.cli import PROG, build_parser
from ewallet_monitor.app.connection_options import ENV_AUTH, ENV_KEY, ENV_SECRET, ENV_URL
from ewallet_monitor.app.data_dir import DATA_DIR_ENV

MAN_PAGE = "man/ewallet-monitor.1"
# Named as each shell's completion loader looks them up by command name.
BASH = "completions/bash/ewallet-monitor"
ZSH = "completions/zsh/_ewallet-monitor"
FISH = "completions/fish/ewallet-monitor.fish"
GENERATED = (MAN_PAGE, BASH, ZSH, FISH)
_HEADER = "generated from the argparse parser by ewallet_monitor/app/cli_docs.py; do not edit"
ENVIRONMENT = {
    DATA_DIR_ENV: "the data directory when --data-dir is not given",
    ENV_URL: "server URL of listen, approve, reject and cancel when --url is not given",
    ENV_AUTH: "credential scheme when --auth is not given",
    ENV_KEY: "API key, access key or admin user id when --key is not given",
    ENV_SECRET: "authentication token or secret key (safer than --secret: shell history)",
}
_FILE_METAVARS = {"FILE", "PATH"}
_XDG_MARKER = "/XDG-DATA-HOME-MARKER"
_DIR_METAVARS = {"DIR"}


@dataclass(frozen=True)
class Option:
    """One option as the documents need it."""

    flags: tuple[str, ...]
    metavar: str | None  # None: a flag without a value
    optional_value: bool
    choices: tuple[str, ...]
    help: str
    completes: str  # "file", "dir", "choices" or "" (nothing to offer)


@dataclass(frozen=True)
class Positional:
    metavar: str
    help: str


@dataclass(frozen=True)
class Command:
    """The window (name "") or a sub-command, with its options by group."""

    name: str
    help: str
    description: str
    epilog: str
    groups: tuple[tuple[str, str, tuple[Option, ...]], ...]  # (title, description, options)
    positionals: tuple[Positional, ...]

    @property
    def options(self) -> tuple[Option, ...]:
        return tuple(option for _title, _text, options in self.groups for option in options)


@contextlib.contextmanager
def _xdg_defaults() -> Iterator[None]:
    # Help texts name the default data directory: a marker stands for it while the parser
    # is built, and the texts say "~/.local/share" in its place.
    saved = {name: os.environ.get(name) for name in ("XDG_DATA_HOME", DATA_DIR_ENV)}
    os.environ["XDG_DATA_HOME"] = _XDG_MARKER
    os.environ.pop(DATA_DIR_ENV, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _text(text: str | None) -> str:
    return " ".join((text or "").replace(_XDG_MARKER, "~/.local/share").split())


def _option(action: argparse.Action, parser: argparse.ArgumentParser) -> Option:
    formatter = parser._get_formatter()
    text = formatter._expand_help(action) if action.help else ""
    choices = tuple(str(c) for c in action.choices) if action.choices else ()
    if action.nargs == 0:
        metavar = None
    elif isinstance(action.metavar, str):
        metavar = action.metavar
    elif choices:
        metavar = action.dest.upper()
    else:
        metavar = action.dest.upper()
    if choices:
        completes = "choices"
    elif metavar in _FILE_METAVARS or (metavar and metavar.endswith("FILE")):
        completes = "file"
    elif metavar in _DIR_METAVARS:
        completes = "dir"
    else:
        completes = ""
    return Option(
        flags=tuple(action.option_strings),
        metavar=metavar,
        optional_value=action.nargs == "?",
        choices=choices,
        help=_text(text),
        completes=completes,
    )


def _command(name: str, help_text: str, parser: argparse.ArgumentParser) -> Command:
    groups = []
    positionals = []
    for group in parser._action_groups:
        options = []
        for action in group._group_actions:
            if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
                continue
            if action.option_strings:
                options.append(_option(action, parser))
            else:
                positionals.append(
                    Positional(str(action.metavar or action.dest), _text(action.help))
                )
        if options:
            groups.append((group.title or "options", group.description or "", tuple(options)))
    return Command(
        name=name,
        help=help_text,
        description=_text(parser.description),
        epilog=_text(parser.epilog),
        groups=tuple(groups),
        positionals=tuple(positionals),
    )


def commands() -> list[Command]:
    """The window first, then every sub-command, as the parser has them."""
    with _xdg_defaults():
        parser = build_parser()
        subparsers = next(
            action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
        )
        helps = {choice.dest: str(choice.help) for choice in subparsers._choices_actions}
        out = [_command("", "", parser)]
        for name, sub in subparsers.choices.items():
            out.append(_command(name, helps.get(name, ""), sub))
    return out


# -- the man page ---------------------------------------------------------------------------


def _roff(text: str) -> str:
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # groff reads the page as Latin-1 unless told otherwise: name other characters.
    text = "".join(ch if ord(ch) < 128 else f"\\[u{ord(ch):04X}]" for ch in text)
    lines = []
    for line in text.split("\n"):
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def _man_option(option: Option) -> str:
    flags = ", ".join(f"\\fB{_roff(flag)}\\fR" for flag in option.flags)
    if option.metavar is not None:
        value = f"\\fI{_roff(option.metavar)}\\fR"
        if option.choices:
            value = "{" + ",".join(_roff(c) for c in option.choices) + "}"
        flags += f" [{value}]" if option.optional_value else f" {value}"
    return f".TP\n{flags}\n{_roff(option.help)}\n"


def man_page() -> str:
    window, *subcommands = commands()
    out = [
        f'.\\" {_HEADER}',
        f'.TH EWALLET\\-MONITOR 1 "" "{PROG} {__version__}" "User Commands"',
        ".SH NAME",
        f"{_roff(PROG)} \\- {_roff(window.description)}",
        ".SH SYNOPSIS",
        f"\\fB{_roff(PROG)}\\fR [\\fIoptions\\fR] [\\fIQt options\\fR]",
        ".br",
        f"\\fB{_roff(PROG)}\\fR \\fICOMMAND\\fR [\\fIoptions\\fR]",
        ".SH DESCRIPTION",
        "Without a command it opens the window: the live event log, the channels, the "
        "approval queue of a cashier desk. The commands work without a window "
        "(\\fBlisten\\fR never loads Qt).",
    ]
    for title, text, options in window.groups:
        out.append(f".SH {_roff(title.upper())}")
        if text:
            out.append(_roff(text[:1].upper() + text[1:]) + ".")
        out.extend(_man_option(option).rstrip("\n") for option in options)
    out.append(".SH COMMANDS")
    for command in subcommands:
        usage = " ".join(f"\\fI{_roff(p.metavar)}\\fR" for p in command.positionals)
        out.append(f".SS {_roff(command.name)} [\\fIoptions\\fR] {usage}".rstrip())
        out.append(_roff(command.description or command.help))
        for positional in command.positionals:
            out.append(f".TP\n\\fI{_roff(positional.metavar)}\\fR\n{_roff(positional.help)}")
        for option in command.options:
            if option.flags[0] in ("-h", "--help"):
                continue
            out.append(_man_option(option).rstrip("\n"))
        if command.epilog:
            out.append(".PP\n" + _roff(command.epilog))
    out.append(".SH ENVIRONMENT")
    for name, text in ENVIRONMENT.items():
        out.append(f".TP\n\\fB{_roff(name)}\\fR\n{_roff(text)}")
    out += [
        ".SH EXIT STATUS",
        "0 on success; 2 for a usage error; the commands document their other codes in "
        "their \\fB\\-\\-help\\fR.",
        ".SH SEE ALSO",
        "The project's README and docs/ folder.",
    ]
    return "\n".join(out) + "\n"


# -- completions ----------------------------------------------------------------------------


def _values(command: Command) -> dict[str, Option]:
    return {flag: option for option in command.options for flag in option.flags if option.metavar}


def _bash_case(command: Command) -> list[str]:
    """The ``case "$prev"`` arms: what to offer after an option that takes a value."""
    arms: dict[str, list[str]] = {}
    for flag, option in _values(command).items():
        if option.completes == "choices":
            choices = " ".join(option.choices)
            if option.optional_value:  # --demo [MODE]: the modes, or the next option
                arm = f'opts="{choices}"'
            else:
                arm = f'COMPREPLY=($(compgen -W "{choices}" -- "$cur")); return'
        elif option.completes == "file":
            arm = 'COMPREPLY=($(compgen -f -- "$cur")); return'
        elif option.completes == "dir":
            arm = 'COMPREPLY=($(compgen -d -- "$cur")); return'
        elif option.optional_value:
            continue
        else:
            arm = "return"  # a free value: nothing to offer
        arms.setdefault(arm, []).append(flag)
    if not arms:
        return []
    lines = ['            case "$prev" in']
    lines += [f"                {'|'.join(flags)}) {arm} ;;" for arm, flags in arms.items()]
    lines.append("            esac")
    return lines


def bash_completion() -> str:
    window, *subcommands = commands()
    names = " ".join(c.name for c in subcommands)
    lines = [
        f"# bash completion for {PROG}; {_HEADER}",
        "_ewallet_monitor() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local command="" opts="" words',
        "    if [[ $COMP_CWORD -gt 1 ]]; then",
        '        case "${COMP_WORDS[1]}" in',
        f"            {'|'.join(c.name for c in subcommands)}) command=${{COMP_WORDS[1]}} ;;",
        "        esac",
        "    fi",
        '    case "$command" in',
    ]
    for command in (*subcommands, window):
        label = command.name or "''"  # the window: no command word
        lines.append(f"        {label})")
        lines += _bash_case(command)
        flags = " ".join(flag for option in command.options for flag in option.flags)
        lines.append(f'            words="{flags}"')
        if not command.name:
            lines.append(f'            [[ $COMP_CWORD -eq 1 ]] && words="{names} $words"')
        lines.append('            COMPREPLY=($(compgen -W "$opts $words" -- "$cur"))')
        lines.append("            ;;")
    lines += ["    esac", "}", f"complete -o default -F _ewallet_monitor {PROG}", ""]
    return "\n".join(lines)


def _zsh_text(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("'", "'\\''")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace(":", "\\:")
    )


def _zsh_spec(option: Option) -> str:
    description = _zsh_text(option.help)
    if len(option.flags) > 1:
        names = "{" + ",".join(option.flags) + "}"
        head = f"'({' '.join(option.flags)})'{names}'[{description}]"
    else:
        head = f"'{option.flags[0]}[{description}]"
    if option.metavar is None:
        return head + "'"
    action = {
        "choices": f"({' '.join(option.choices)})",
        "file": "_files",
        "dir": "_files -/",
        "": " ",
    }[option.completes]
    colon = "::" if option.optional_value else ":"
    return f"{head}{colon}{_zsh_text(option.metavar)}:{action}'"


def zsh_completion() -> str:
    window, *subcommands = commands()
    lines = [
        f"#compdef {PROG}",
        f"# {_HEADER}",
        "",
        "_ewallet_monitor() {",
        "    local -a commands",
        "    commands=(",
    ]
    for command in subcommands:
        lines.append(f"        '{command.name}:{_zsh_text(command.help)}'")
    lines += [
        "    )",
        "    if (( CURRENT > 2 )) && (( ${commands[(I)${words[2]}:*]} )); then",
        "        local command=$words[2]",
        "        shift words",
        "        (( CURRENT-- ))",
        "        case $command in",
    ]
    for command in subcommands:
        lines.append(f"            {command.name})")
        lines.append("                _arguments -s \\")
        for option in command.options:
            lines.append(f"                    {_zsh_spec(option)} \\")
        for positional in command.positionals:
            lines.append(f"                    ':{_zsh_text(positional.metavar)}: ' \\")
        lines[-1] = lines[-1].removesuffix(" \\")
        lines.append("                ;;")
    lines += [
        "        esac",
        "        return",
        "    fi",
        "    _arguments -s \\",
    ]
    for option in window.options:
        lines.append(f"        {_zsh_spec(option)} \\")
    lines += [
        "        '1: :->command'",
        "    [[ $state == command ]] && _describe -t commands command commands",
        "}",
        "",
        '_ewallet_monitor "$@"',
        "",
    ]
    return "\n".join(lines)


def _fish_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(condition: str, option: Option) -> str:
    parts = [f"complete -c {PROG} -n {_fish_text(condition)}"]
    for flag in option.flags:
        if flag.startswith("--"):
            parts.append(f"-l {flag[2:]}")
        elif len(flag) == 2:
            parts.append(f"-s {flag[1:]}")
        else:
            parts.append(f"-o {flag[1:]}")
    if option.metavar is not None:
        if option.completes == "choices":
            parts.append(f"-x -a {_fish_text(' '.join(option.choices))}")
        elif option.completes in ("file", "dir"):
            parts.append("-r -F")
        else:
            parts.append("-x")
    parts.append(f"-d {_fish_text(option.help)}")
    return " ".join(parts)


def fish_completion() -> str:
    window, *subcommands = commands()
    names = " ".join(c.name for c in subcommands)
    lines = [f"# fish completion for {PROG}; {_HEADER}", f"complete -c {PROG} -f"]
    for command in subcommands:
        lines.append(
            f"complete -c {PROG} -n '__fish_use_subcommand' -a {command.name} "
            f"-d {_fish_text(command.help)}"
        )
    for option in window.options:
        lines.append(_fish_option("__fish_use_subcommand", option))
    for command in subcommands:
        for option in command.options:
            lines.append(_fish_option(f"__fish_seen_subcommand_from {command.name}", option))
    lines.append(f"# commands: {names}")
    return "\n".join(lines) + "\n"


def generated() -> dict[str, str]:
    """Every generated file, by its path under resources/."""
    return {
        MAN_PAGE: man_page(),
        BASH: bash_completion(),
        ZSH: zsh_completion(),
        FISH: fish_completion(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ewallet_monitor.app.cli_docs")
    parser.add_argument("--write", action="store_true", help="rewrite the files in resources/")
    parser.add_argument(
        "--resources",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "resources",
        help="the resources folder (default: the source tree's)",
    )
    args = parser.parse_args(argv)
    stale = []
    for relative, text in generated().items():
        path = args.resources / relative
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(relative)
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "rewrote" if args.write else "stale"
    for relative in stale:
        print(f"cli_docs: {verb} {relative}", file=sys.stderr)
    return 0 if args.write or not stale else 1


if __name__ == "__main__":
    sys.exit(main())
