"""The window starts against a server from the command line, as ``listen`` does: ``--url``,
``--auth``, ``--key``, the secret from ``--secret``, ``EWALLET_SECRET`` or the keyring
(a saved profile's), ``--channel``; a bad combination is one line on stderr, exit 2."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ewallet_monitor.app.connection_options import UsageError
from ewallet_monitor.app.gui import parse_window_args, resolve_window_target
from ewallet_monitor.protocol.auth import AuthScheme
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.settings.profiles import Profile, ProfileBook, SecretVault
from ewallet_monitor.simulator import SimulatorConfig, SimulatorThread
from tests.conftest import TIME_UNIT
from tests.settings.memory_keyring import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
URL = "http://127.0.0.1:9/api/client/socket"


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorThread]:
    with SimulatorThread(SimulatorConfig(port=0, scenario="cashier")) as simulator:
        yield simulator


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--key", "k"], "--key needs --url"),
        (["--channel", "user:usr_1"], "--channel needs --url"),
        (["--insecure"], "--insecure needs --url"),
        (["--url", URL, "--demo"], "--url and --demo cannot be used together"),
        (["--url", URL, "--channel", "nothing:x"], "--channel 'nothing:x': "),
        (["--url", URL, "--desk", "  "], "--desk must not be empty"),
    ],
)
def test_server_options_that_do_not_fit_are_refused(args: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        parse_window_args(args)


def test_the_secret_comes_from_the_option_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EWALLET_SECRET", "from-env")
    args = parse_window_args(["--url", URL, "--auth", "OMGClient", "--key", "api"])
    target = resolve_window_target(args)
    assert target is not None
    assert (target.credentials.scheme, target.credentials.key) == (AuthScheme.OMG_CLIENT, "api")
    assert target.credentials.secret == "from-env"
    args = parse_window_args(["--url", URL, "--auth", "OMGClient", "--key", "api", "--secret", "x"])
    target = resolve_window_target(args)
    assert target is not None and target.credentials.secret == "x"


def test_without_a_secret_the_keyring_of_a_matching_profile_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EWALLET_SECRET", raising=False)
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    book = ProfileBook(settings, SecretVault(MemoryKeyring()))
    book.save(Profile("other", url=URL, scheme="OMGClient", key="someone-else"), "wrong")
    book.save(Profile("shop", url=URL, scheme="OMGClient", key="api"), "kept-in-keyring")
    args = parse_window_args(["--url", URL, "--auth", "OMGClient", "--key", "api"])
    target = resolve_window_target(args, book)
    assert target is not None and target.credentials.secret == "kept-in-keyring"
    args = parse_window_args(["--url", URL, "--auth", "OMGClient", "--key", "nobody"])
    with pytest.raises(UsageError, match="is empty: pass --secret"):
        resolve_window_target(args, book)


def run_window(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ewallet_monitor.app.main", *args],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=90 * TIME_UNIT,
        check=False,
    )


def test_a_window_started_with_url_connects_and_receives(
    sim: SimulatorThread, tmp_path: Path
) -> None:
    cashier = sim.info()["credentials"]["cashier"]
    result = run_window(
        "--url",
        sim.url,
        "--auth",
        "OMGClient",
        "--key",
        cashier["api_key"],
        "--channel",
        f"user:{cashier['user_id']}",
        "--data-dir",
        str(tmp_path / "desk1"),
        "--quit-after",
        "4000",
        env={"EWALLET_SECRET": cashier["authentication_token"]},
    )
    assert result.returncode == 0, result.stderr
    match = re.search(r"window: connected, (\d+) events received", result.stderr)
    assert match, result.stderr
    assert int(match.group(1)) >= 1
    assert cashier["authentication_token"] not in result.stderr


def test_a_window_without_its_secret_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_window(
        "--url",
        URL,
        "--auth",
        "OMGClient",
        "--key",
        "api",
        "--data-dir",
        str(tmp_path),
        env={"EWALLET_SECRET": ""},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is empty: pass --secret or set EWALLET_SECRET" in lines[0]
