"""The benchmark runs end to end with tiny counts and emits every key (no speed checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import TIME_UNIT

REPO = Path(__file__).resolve().parents[2]
# Every part of a tiny run is a few seconds; the window parts start Qt four times.
RUN_TIMEOUT = 200 * TIME_UNIT


def test_a_tiny_quick_run_emits_every_key_and_writes_the_json(tmp_path: Path) -> None:
    from benchmarks.run import KEYS, TARGETS

    out = tmp_path / "bench.json"
    env = {**os.environ, "EWALLET_BENCH_TINY": "1", "QT_QPA_PLATFORM": "offscreen"}
    completed = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(out.read_text())
    for key in (*KEYS, "client_ratio", "gui_ratio", "listen_ratio", "raw_cpu_share"):
        assert result[key] is not None, key
        assert key in completed.stdout  # the printed table names every key
    assert set(result["met"]) == set(TARGETS)
    assert result["mode"] == "tiny"
    assert result["lost"] == 0
    # The baseline is sampled before the window's runs and again after them.
    counts = result["counts"]
    assert len(result["details"]["raw_rounds"]) == counts["rounds"] + counts["closing_rounds"]
    assert {"cpu", "cores", "python", "pyside6"} <= set(result["machine"])
    assert set(result["load_average"]) == {"start", "end"}
    # The verdict on the baseline is printed exactly when it applies.
    assert ("baseline not client-bound" in completed.stdout) == (not result["client_bound"])
    assert result["client_bound"] == (result["raw_cpu_share"] >= 0.9)
