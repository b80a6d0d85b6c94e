"""`ewallet-monitor stats`: the supervisor's figures from a known store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ewallet_monitor.app.main import main
from ewallet_monitor.store import EventStore
from tests.store.test_stats import known_store


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    with EventStore(directory / "events.sqlite3") as store:
        known_store(store)
    return directory


def test_stats_prints_counts_volumes_failures_and_operators(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "BTC        confirmed          1                      1.5" in out
    assert "transaction:insufficient_funds: 1" in out
    assert "expiries: 1" in out
    assert "ana            desk                   2     4.0 s    11.0 s    11.0 s" in out


def test_stats_since_narrows_the_range_and_json_is_machine_readable(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["stats", "--data-dir", str(data_dir), "--since", "2024-05-01T10:00:25Z", "--json"])
    assert code == 0
    found = json.loads(capsys.readouterr().out)
    assert [(r["token"], r["status"], r["volume"]) for r in found["by_token_status"]] == [
        ("ETH", "confirmed", "300"),
        ("ETH", "expired", "1"),
    ]
    assert [op["os_user"] for op in found["operators"]] == ["bo"]


def test_a_bad_date_or_a_missing_store_exits_2(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--data-dir", str(data_dir), "--since", "yesterday"]) == 2
    assert "--since 'yesterday' is not an ISO-8601 date" in capsys.readouterr().err
    assert main(["stats", "--data-dir", str(tmp_path / "none")]) == 2
    assert "ewallet-monitor stats:" in capsys.readouterr().err
