"""The PostgreSQL benchmark runs end to end with tiny counts and emits every key (no
speed is asserted: docs/benchmarks.md has the figures)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_postgresql_benchmark_emits_every_key(pg_database: str, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.postgres",
            "--tiny",
            "--store",
            pg_database,
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["mode"] == "tiny"
    assert {"desks_events_per_s", "search_ms_1m_pg", "load", "search", "desks"} <= set(result)
    desks = result["desks"]
    assert desks["stored"] == desks["distinct"] == desks["events_sent"] == 2000
    assert desks["lost"] == desks["duplicated"] == 0 == desks["missing_after_all_joined"]
    assert len(desks["per_desk"]) == 4 and desks["desk_exits"] == [0, 0, 0, 0]
    assert result["search"]["rows"] == 2000 and result["search"]["hits"]["common_name"] > 0
