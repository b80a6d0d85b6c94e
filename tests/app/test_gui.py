"""The command line and composition root: options, demo wiring, resources, the smoke run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import wave
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QSettings

from ewallet_monitor import __version__
from ewallet_monitor.app.gui import build_parser, demo_connection
from ewallet_monitor.protocol.auth import AuthScheme
from ewallet_monitor.resources import (
    REQUEST_SOUND,
    app_icon_paths,
    candidate_roots,
    resource_path,
)
from ewallet_monitor.settings import keys
from ewallet_monitor.settings.keys import Setting, Settings
from tests.conftest import TIME_UNIT

ROOT = Path(__file__).resolve().parents[2]

INFO: dict[str, Any] = {
    "client_socket": "ws://127.0.0.1:1/api/client/socket",
    "admin_socket": "ws://127.0.0.1:1/api/admin/socket",
    "account_id": "acc_1",
    "credentials": {
        "cashier": {
            "scheme": "OMGClient",
            "api_key": "k",
            "authentication_token": "t",
            "user_id": "usr_cashier",
        },
        "admin": {"scheme": "OMGProvider", "access_key": "a", "secret_key": "s"},
        "admin_user": {"scheme": "OMGAdmin", "user_id": "usr_ada", "authentication_token": "t2"},
    },
    "transaction_requests": [
        {"id": "txr_mine", "owner_user_id": "usr_cashier"},
        {"id": "txr_theirs", "owner_user_id": "usr_other"},
    ],
}


def test_bare_demo_means_cashier() -> None:
    parser = build_parser()
    assert parser.parse_args(["--demo"]).demo == "cashier"
    assert parser.parse_args(["--demo", "operator"]).demo == "operator"
    assert parser.parse_args([]).demo is None
    args = parser.parse_args(["--quit-after", "3000", "--heartbeat", "5", "--data-dir", "/x"])
    assert (args.quit_after, args.heartbeat, args.data_dir) == (3000, 5.0, Path("/x"))


def test_the_cashier_demo_joins_its_user_and_its_requests() -> None:
    values = demo_connection(INFO, "cashier")
    assert values["url"] == INFO["client_socket"]
    assert values["scheme"] is AuthScheme.OMG_CLIENT
    assert values["topics"] == ["user:usr_cashier", "transaction_request:txr_mine"]


def test_the_operator_demo_joins_the_account_on_the_admin_socket() -> None:
    values = demo_connection(INFO, "operator")
    assert values["url"] == INFO["admin_socket"]
    # A global admin user: key pairs may not join account: channels on a real server.
    assert values["scheme"] is AuthScheme.OMG_ADMIN
    assert (values["key"], values["secret"]) == ("usr_ada", "t2")
    assert values["topics"] == [
        "account:acc_1",
        "transaction_request:txr_mine",
        "transaction_request:txr_theirs",
    ]


def test_resources_are_found_from_the_checkout() -> None:
    paths = app_icon_paths()
    assert any(p.suffix == ".svg" for p in paths)
    assert len([p for p in paths if p.suffix == ".png"]) >= 5
    sound = resource_path(REQUEST_SOUND)
    assert sound is not None
    with wave.open(str(sound)) as clip:
        seconds = clip.getnframes() / clip.getframerate()
    assert 0.1 < seconds < 1.0
    assert resource_path("icons/missing.png") is None


def test_the_resources_override_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EWALLET_MONITOR_RESOURCES", "/somewhere")
    assert candidate_roots()[0] == Path("/somewhere")


def test_settings_refuse_secret_looking_keys(tmp_path: Path) -> None:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    with pytest.raises(ValueError, match="secret"):
        settings.set(Setting[str]("connection/secret_key", ""), "x")


def test_settings_read_defaults_for_missing_or_mistyped_values(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = Settings(store)
    assert settings.get(keys.MUTED) is False
    assert settings.get(keys.WINDOW_GEOMETRY) == QByteArray()
    store.setValue(keys.LAST_HEARTBEAT.key, "not a number")
    assert settings.get(keys.LAST_HEARTBEAT) == 10.0
    store.setValue(keys.MUTED.key, "true")
    assert settings.get(keys.MUTED) is True
    assert not settings.has_last_connection


def run_app(*args: str, tmp_path: Path, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "ewallet_monitor.app.main", *args, "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout * TIME_UNIT,
        check=False,
    )


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ewallet_monitor.app.main", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"ewallet-monitor {__version__}"


def test_the_demo_smoke_run_connects_and_receives(tmp_path: Path) -> None:
    result = run_app("--demo", "--quit-after", "3000", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    match = re.search(r"demo cashier: connected, (\d+) events received", result.stderr)
    assert match, result.stderr
    assert int(match.group(1)) >= 1
    assert "of 100,000 rows" in result.stderr  # the live table's default bound
    assert (tmp_path / "settings.ini").exists()


def test_live_rows_bounds_the_window_live_table(tmp_path: Path) -> None:
    result = run_app("--demo", "--live-rows", "100", "--quit-after", "3000", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    match = re.search(r"live table (\d+) of 100 rows", result.stderr)
    assert match, result.stderr
    assert 1 <= int(match.group(1)) <= 100
