"""The live chart: kinds folded into series, pending sampled each second, both backends."""

from __future__ import annotations

from typing import Any

import pytest

from ewallet_monitor.ui.live_chart import (
    LiveChart,
    _PyqtgraphPlot,
    nice_ceiling,
    series_for_kind,
)


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


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (1, 1), (1.5, 2), (3, 5), (5.1, 10), (100, 100), (101, 200), (7000, 10000)],
)
def test_the_y_range_steps_through_nice_ceilings(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


def test_the_y_axis_moves_only_when_the_rate_outgrows_it(qtbot: Any) -> None:
    clock = FakeClock()
    chart = LiveChart(window_seconds=60, use_pyqtgraph=True, clock=clock)
    qtbot.addWidget(chart)
    chart.show()
    # pyqtgraph takes over from the built-in chart after the first paint.
    qtbot.waitUntil(lambda: hasattr(chart.plot, "y_ceilings"))
    ceilings = []
    for rate in (300, 320, 290, 700):
        for _ in range(rate):
            chart.record("finalized")
        clock.now += 1
        chart.refresh()
        ceilings.append(chart.plot.y_ceilings["rates"])  # type: ignore[union-attr]
    # 300, 320 and 290 events/s share one range; 700 needs the next one.
    assert ceilings == [500.0, 500.0, 500.0, 1000.0]


def test_the_legend_names_every_series_with_its_unit(qtbot: Any) -> None:
    chart = LiveChart(window_seconds=60)
    qtbot.addWidget(chart)
    chart.resize(900, 150)  # the dock's usual height: no room for rotated axis titles
    chart.show()
    qtbot.waitUntil(lambda: isinstance(chart.plot, _PyqtgraphPlot), timeout=5000)
    plot = chart.plot
    assert isinstance(plot, _PyqtgraphPlot)
    names = [label.text for _sample, label in plot.legend.items]
    assert names == [
        "requests/s",
        "finalized/s",
        "control/s",
        "other/s",
        "pending (lower)",
    ]
    assert not plot.layout_widget.ci.getItem(0, 0).getAxis("left").label.isVisible()


def test_the_pending_axis_labels_its_ceiling_in_whole_numbers(qtbot: Any) -> None:
    clock = FakeClock()
    chart = LiveChart(window_seconds=60, use_pyqtgraph=True, clock=clock)
    qtbot.addWidget(chart)
    chart.resize(900, 150)
    chart.show()
    qtbot.waitUntil(lambda: isinstance(chart.plot, _PyqtgraphPlot), timeout=5000)
    plot = chart.plot
    assert isinstance(plot, _PyqtgraphPlot)
    pending_plot = plot.layout_widget.ci.getItem(1, 0)
    axis = pending_plot.getAxis("left")
    for pending in (0, 1, 3, 7, 140):
        chart.set_pending(pending)
        clock.now += 1
        chart.refresh()
        ceiling = plot.y_ceilings["pending"]
        ticks = [value for _spacing, values in axis.tickValues(0, ceiling, 40) for value in values]
        assert ticks, pending
        assert all(value == int(value) for value in ticks), (pending, ticks)
        assert ceiling in ticks
        # Below the top edge, where pyqtgraph would not draw its label.
        bottom, top = pending_plot.viewRange()[1]
        assert bottom <= 0 and ceiling < top, (pending, top)
