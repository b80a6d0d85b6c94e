"""Each benchmark worker without Qt runs with a tiny count and emits its keys (no speed
checks): the baseline, the listen process and the headless pipeline."""

from __future__ import annotations

import pytest

from benchmarks.common import run_worker
from tests.conftest import TIME_UNIT

COUNT = 200
KEYS = {
    "raw": {"frames_per_s", "cpu_share", "process_us_per_frame", "server_us_per_frame"},
    "listen": {"frames_per_s", "cpu_share", "process_us_per_frame"},
    "headless": {"frames_per_s", "cpu_share", "process_us_per_frame", "stored", "lost"},
}


@pytest.mark.parametrize("worker", sorted(KEYS))
def test_a_worker_receives_the_whole_replayed_burst_and_reports(worker: str) -> None:
    result = run_worker(worker, [str(COUNT)], 60 * TIME_UNIT)
    assert KEYS[worker] <= set(result)
    assert result["frames"] == COUNT
    assert result["server"]["events"] == COUNT
    if worker == "headless":
        assert result["lost"] == 0


def test_the_frame_stages_worker_reports_every_stage() -> None:
    result = run_worker("frame_stages", [str(COUNT)], 60 * TIME_UNIT)
    assert result["frames"] == COUNT
    for key in ("engine_us", "window_us", "to_writer_us", "writer_us"):
        assert result[key] > 0, key
