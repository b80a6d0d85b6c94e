"""The command line: --help lists the sub-commands, the man page and the shell completions
are generated from the parser and current, the completions work in real shells, and Qt's
own options reach Qt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ewallet_monitor.app import cli_docs
from ewallet_monitor.app.cli import (
    QT_OPTIONS,
    SUBCOMMANDS,
    build_parser,
    qt_environment,
    split_qt_options,
)
from tests.conftest import TIME_UNIT

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
RUN_TIMEOUT = 60 * TIME_UNIT


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ewallet_monitor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=RUN_TIMEOUT,
        check=False,
    )


def test_the_generated_files_are_current() -> None:
    stale = [
        relative
        for relative, text in cli_docs.generated().items()
        if not (RESOURCES / relative).is_file()
        or (RESOURCES / relative).read_text(encoding="utf-8") != text
    ]
    assert not stale, (
        f"regenerate with: python -m ewallet_monitor.app.cli_docs --write (stale: {stale})"
    )


def test_the_generated_text_does_not_depend_on_who_generates_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = cli_docs.generated()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("EWALLET_MONITOR_DATA_DIR", str(tmp_path / "elsewhere"))
    assert cli_docs.generated() == first
    assert str(tmp_path) not in "".join(first.values())


@pytest.mark.parametrize("words", [["--help"], ["-h"], ["--demo", "--help"]])
def test_help_lists_every_command_and_the_qt_options(words: list[str]) -> None:
    result = run(*words, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    for name, (_module, text) in SUBCOMMANDS.items():
        assert f"    {name} " in result.stdout and text in result.stdout, name
    assert "Qt options" in result.stdout and "-style STYLE" in result.stdout
    assert "--demo" in result.stdout


def test_a_command_still_has_its_own_help() -> None:
    result = run("listen", "--help")
    assert result.returncode == 0
    assert "--channel TOPIC" in result.stdout and "Qt options" not in result.stdout


def test_the_man_page_documents_every_option_of_every_command() -> None:
    page = (RESOURCES / cli_docs.MAN_PAGE).read_text(encoding="utf-8")
    parser = build_parser()
    flags = {flag for action in parser._actions for flag in action.option_strings}
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        assert f".SS {name}" in page
        flags |= {
            flag
            for action in command._actions
            if action.help != "==SUPPRESS=="
            for flag in action.option_strings
        }
    for flag in sorted(flags - {"--seed", "--screenshot"}):
        roff = flag.replace("-", "\\-")
        assert "\\fB" + roff + "\\fR" in page, flag
    # Hidden options (help=SUPPRESS) stay hidden.
    assert "screenshot" not in page


@pytest.mark.skipif(shutil.which("groff") is None, reason="needs groff (man-db)")
def test_the_man_page_renders_without_a_warning() -> None:
    result = subprocess.run(
        ["groff", "-man", "-ww", "-z", str(RESOURCES / cli_docs.MAN_PAGE)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0 and not result.stderr, result.stderr


def bash_complete(*words: str) -> list[str]:
    """What the bash completion offers for the last word (which may be "")."""
    script = RESOURCES / cli_docs.BASH
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"source '{script}'; COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; "
        '_ewallet_monitor; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = subprocess.run(
        ["bash", "--norc", "-c", program],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completes_commands_options_and_choices() -> None:
    assert bash_complete("ewallet-monitor", "li") == ["listen"]
    assert set(SUBCOMMANDS) <= set(bash_complete("ewallet-monitor", ""))
    assert bash_complete("ewallet-monitor", "--dem") == ["--demo"]
    assert bash_complete("ewallet-monitor", "--de") == ["--demo", "--desk"]
    assert bash_complete("ewallet-monitor", "--demo", "")[:2] == ["cashier", "operator"]
    assert bash_complete("ewallet-monitor", "-sty") == ["-style", "-stylesheet"]
    assert bash_complete("ewallet-monitor", "simulator", "--scenario", "") == [
        "cashier",
        "quiet",
        "burst",
    ]
    assert bash_complete("ewallet-monitor", "listen", "--cha") == ["--channel"]
    # A command's options are not offered to the window, nor the other way round.
    assert bash_complete("ewallet-monitor", "export", "--dem") == []
    assert bash_complete("ewallet-monitor", "--max-r") == []
    assert bash_complete("ewallet-monitor", "listen", "--dem") == []


@pytest.mark.skipif(
    shutil.which("fish") is None, reason="needs fish (scripts/install-system-deps.sh)"
)
def test_fish_completes_commands_options_and_choices() -> None:
    def complete(line: str) -> list[str]:
        script = RESOURCES / cli_docs.FISH
        result = subprocess.run(
            ["fish", "--no-config", "-c", f"source '{script}'; complete -C '{line}'"],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=True,
        )
        return [row.split("\t")[0] for row in result.stdout.splitlines()]

    assert complete("ewallet-monitor li") == ["listen"]
    assert sorted(complete("ewallet-monitor export --what ")) == [
        "audit",
        "channels",
        "events",
        "gaps",
    ]
    assert complete("ewallet-monitor -sty") == ["-style", "-stylesheet"]
    assert complete("ewallet-monitor listen --cha") == ["--channel"]
    assert complete("ewallet-monitor export --dem") == []


@pytest.mark.skipif(
    shutil.which("zsh") is None, reason="needs zsh (scripts/install-system-deps.sh)"
)
def test_the_zsh_completion_parses_and_defines_its_function(tmp_path: Path) -> None:
    script = RESOURCES / cli_docs.ZSH
    check = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    # Loaded the way compinit does (autoload from fpath): the function exists afterwards.
    program = (
        f"fpath=('{script.parent}' $fpath); autoload -Uz compinit; compinit -u -d '{tmp_path}/zcompdump'; "
        "autoload -Uz _ewallet-monitor; print -r -- ${_comps[ewallet-monitor]}"
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", program],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert result.stdout.strip() == "_ewallet-monitor", (result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("argv", "qt", "rest"),
    [
        (["-style", "fusion", "--demo"], ["-style", "fusion"], ["--demo"]),
        (["--style", "fusion"], ["--style", "fusion"], []),
        (
            ["-style=fusion", "-reverse", "--heartbeat", "5"],
            ["-style=fusion", "-reverse"],
            ["--heartbeat", "5"],
        ),
        (
            ["--demo", "operator", "-platform", "offscreen"],
            ["-platform", "offscreen"],
            ["--demo", "operator"],
        ),
        # A value-taking Qt option with no value is left for argparse to report.
        (["-style"], [], ["-style"]),
        # After "--" nothing is Qt's.
        (["--", "-reverse"], [], ["--", "-reverse"]),
        (["--styles", "x"], [], ["--styles", "x"]),
    ],
)
def test_qt_options_are_split_from_ours(argv: list[str], qt: list[str], rest: list[str]) -> None:
    assert split_qt_options(argv) == (qt, rest)


def test_a_platform_on_the_command_line_wins_over_the_environment() -> None:
    env = {"QT_QPA_PLATFORM": "xcb", "HOME": "/h"}
    assert qt_environment(["-platform", "offscreen"], env)["QT_QPA_PLATFORM"] == "offscreen"
    assert qt_environment(["--platform=wayland"], env)["QT_QPA_PLATFORM"] == "wayland"
    assert qt_environment(["-style", "Fusion"], env) == env


def test_every_qt_option_is_in_the_help_table() -> None:
    assert all(option.startswith("-") and not option.startswith("--") for option in QT_OPTIONS)


def test_qt_options_reach_qt(tmp_path: Path) -> None:
    """-platform offscreen on the command line, with no display and no QT_QPA_PLATFORM:
    the window runs only if Qt received it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}
    }
    env["HOME"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    result = run(
        "-platform",
        "offscreen",
        "--demo",
        "--quit-after",
        "1500",
        "--data-dir",
        str(tmp_path / "data"),
        "-style",
        "Fusion",
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "demo cashier:" in result.stderr
