"""The window's command line is checked like ``listen``'s: a bad option, an unusable data
directory or a missing display give one line on stderr and exit 2, before any window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ewallet_monitor.app.connection_options import UsageError
from ewallet_monitor.app.data_dir import DataDirError, usable_data_dir
from ewallet_monitor.app.display_check import display_problem
from ewallet_monitor.app.gui import parse_window_args
from tests.conftest import TIME_UNIT

ROOT = Path(__file__).resolve().parents[2]


def run_window(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen"} if env is None else env
    return subprocess.run(
        [sys.executable, "-m", "ewallet_monitor.app.main", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60 * TIME_UNIT,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--heartbeat", "-3"], "--heartbeat must be 1–55 seconds, got -3"),
        (["--heartbeat", "0"], "--heartbeat must be 1–55 seconds, got 0"),
        (["--heartbeat", "99999"], "got 99999"),
        (["--heartbeat", "nan"], "--heartbeat must be"),
        (["--heartbeat", "soon"], "argument --heartbeat: invalid float value: 'soon'"),
        (["--quit-after", "-1"], "--quit-after must be 0 or more"),
        (["--retention-days", "0"], "--retention-days must be a positive number"),
        (["--max-history-mb", "-5"], "--max-history-mb must be a positive number"),
        (["--demo", "banker"], "invalid choice: 'banker'"),
        (["--live-rows", "5"], "--live-rows must be 100–2,000,000 rows, got 5"),
        (["--live-rows", "3000000"], "--live-rows must be 100–2,000,000 rows, got 3,000,000"),
        (["--live-rows", "many"], "argument --live-rows: invalid int value: 'many'"),
    ],
)
def test_bad_window_options_are_refused_with_one_line(args: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_window_args(args)


def test_good_window_options_pass() -> None:
    args = parse_window_args(
        ["--heartbeat", "5", "--quit-after", "0", "--retention-days", "7", "--live-rows", "500"]
    )
    assert (args.heartbeat, args.quit_after, args.retention_days) == (5.0, 0, 7.0)
    assert args.live_rows == 500
    assert parse_window_args([]).live_rows is None  # the model's own default


def test_the_window_command_exits_2_with_one_line_for_a_bad_heartbeat() -> None:
    line = one_line(run_window("--heartbeat", "-3"))
    assert line == "ewallet-monitor: --heartbeat must be 1–55 seconds, got -3"


@pytest.mark.parametrize("where", ["/proc/nope", "a-file"])
def test_an_unusable_data_dir_is_one_line_and_exit_2(tmp_path: Path, where: str) -> None:
    target = Path(where) if where.startswith("/") else tmp_path / where
    if not where.startswith("/"):
        target.write_text("in the way", encoding="utf-8")
    line = one_line(run_window("--data-dir", str(target)))
    assert line.startswith(f"ewallet-monitor: the data directory {target} cannot be used: ")
    with pytest.raises(DataDirError):
        usable_data_dir(target)


def test_no_display_is_one_line_saying_how_to_run_offscreen(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    line = one_line(run_window("--data-dir", str(tmp_path), env=env))
    assert "no display" in line and "QT_QPA_PLATFORM=offscreen" in line
    unreachable = one_line(run_window("--data-dir", str(tmp_path), env={**env, "DISPLAY": ":917"}))
    assert "X display :917 cannot be reached" in unreachable


@pytest.mark.parametrize(
    ("env", "platform", "problem"),
    [
        ({}, "linux", "DISPLAY is not set"),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", ""),
        ({"QT_QPA_PLATFORM": "offscreen:configfile=/x.json"}, "linux", ""),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", ""),
        ({"DISPLAY": "remote.example:0"}, "linux", ""),  # left to Qt
        ({"DISPLAY": ":917"}, "linux", "cannot be reached"),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", "DISPLAY is not set"),
        ({}, "win32", ""),
        ({}, "darwin", ""),
    ],
)
def test_display_problem(env: dict[str, str], platform: str, problem: str) -> None:
    found = display_problem(env, platform)
    assert (problem in found) if problem else found == ""
