"""The live chart: kinds folded into series, pending sampled each second, both backends."""

from __future__ import annotations

from typing import Any

import pytest

from ewallet_monitor.ui.live_chart import LiveChart, series_for_kind


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("kind", ["request", "finalized", "heartbeat", "gap"])
def test_row_kinds_fold_into_a_few_series(kind: str) -> None:
    expected = {"request": "requests", "finalized": "finalized", "heartbeat": "control"}
    assert series_for_kind(kind) == expected.get(kind, "other")


@pytest.mark.parametrize("use_pyqtgraph", [True, False])
def test_the_chart_shows_rates_and_pending(qtbot: Any, use_pyqtgraph: bool) -> None:
    clock = FakeClock()
    chart = LiveChart(window_seconds=60, use_pyqtgraph=use_pyqtgraph, clock=clock)
    qtbot.addWidget(chart)
    chart.resize(600, 260)
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.uses_pyqtgraph is use_pyqtgraph  # pyqtgraph is installed here
    for _ in range(3):
        chart.record("request")
    chart.record("finalized")
    chart.record("channel")
    chart.set_pending(2)
    clock.now += 1  # the second is complete
    chart.refresh()
    series = chart.series()
    assert series["requests"][-1] == 3.0
    assert series["finalized"][-1] == 1.0
    assert series["other"][-1] == 1.0
    assert series["pending"][-1] == 2.0
    assert all(len(values) == 60 for values in series.values())
    assert not chart.grab().isNull()


def test_the_chart_redraws_on_its_own_timer(qtbot: Any) -> None:
    chart = LiveChart(window_seconds=30, use_pyqtgraph=False)
    qtbot.addWidget(chart)
    chart.set_pending(4)
    qtbot.waitUntil(lambda: chart.series()["pending"][-1] == 4.0, timeout=3000)
