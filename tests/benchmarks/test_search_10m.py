"""The ten-million-row search worker: a tiny run reports its figures and deletes its
database; a run the disk cannot hold twice over is skipped with the reason."""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import run_worker
from benchmarks.search_10m import GB, disk_check
from tests.conftest import TIME_UNIT


def test_a_tiny_run_builds_indexes_searches_and_deletes_its_database(tmp_path: Path) -> None:
    result = run_worker("search_10m", ["900", str(tmp_path)], 120 * TIME_UNIT)
    assert result["rows"] == 900
    assert result["index_backlog"] == 0
    assert result["search_ms"] > 0
    # Three events per consumption, each id a distinct consumption's.
    assert result["hits"]["consumption_id_fragment"] == 3
    assert result["hits"]["absent_word"] == 0
    assert result["build_rows_per_s"] > 0 and result["index_rows_per_s"] > 0
    assert result["bytes_per_row"] > 0
    assert result["disk"]["free_bytes"] >= 2 * result["disk"]["needed_bytes"]
    assert list(tmp_path.iterdir()) == []


def test_a_database_the_disk_cannot_hold_twice_is_not_built(tmp_path: Path) -> None:
    # A trillion rows: more than this machine's disk, measured for real.
    result = run_worker("search_10m", [str(10**12), str(tmp_path)], 120 * TIME_UNIT)
    assert result["search_ms"] is None
    assert result["skipped"].startswith("needs ")
    assert str(tmp_path) in result["skipped"]
    assert list(tmp_path.iterdir()) == []


def test_the_check_asks_for_twice_the_bytes_needed() -> None:
    directory = Path("/data")
    assert disk_check(1000, 1000.0, 2_000_000, directory) is None
    reason = disk_check(10_000_000, 1500.0, int(20 * GB), directory)
    assert reason == "needs 30.0 GB free (2 × 15.0 GB), /data has 20.0 GB"
