"""The start-up worker reaches the first paint and reports it, for the app and the bound."""

from __future__ import annotations

import time

import pytest

from benchmarks.common import run_worker
from tests.conftest import TIME_UNIT


@pytest.mark.parametrize("args", [[], ["--bound"]], ids=["demo", "bound"])
def test_the_startup_worker_reports_the_first_paint(args: list[str]) -> None:
    started = time.monotonic_ns()
    result = run_worker("startup", args, 60 * TIME_UNIT)
    assert result["exit_code"] == 0
    assert result["painted_monotonic_ns"] > started
