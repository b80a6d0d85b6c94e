"""The live chart: kinds folded into series, pending sampled each second, a readable layout."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from ewallet_monitor.ui.colors import SERIES_COLORS
from ewallet_monitor.ui.live_chart import (
    LEGEND_LABELS,
    PENDING_PLOT_LINES,
    PENDING_SERIES,
    RATE_PLOT_LINES,
    RATE_SERIES,
    LiveChart,
    _scale_label,
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


def test_the_chart_shows_rates_and_pending(qtbot: Any) -> None:
    clock = FakeClock()
    chart = LiveChart(window_seconds=60, clock=clock)
    qtbot.addWidget(chart)
    chart.resize(600, 260)
    chart.show()
    qtbot.waitExposed(chart)
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
    assert "requests 3/s" in chart.accessibleDescription()
    assert "pending 2" in chart.accessibleDescription()


def test_the_lines_are_drawn_inside_their_plots(qtbot: Any) -> None:
    clock = FakeClock()
    chart = LiveChart(window_seconds=60, clock=clock)
    qtbot.addWidget(chart)
    chart.resize(600, 260)
    chart.show()
    qtbot.waitExposed(chart)
    for _ in range(2):
        for _ in range(10):
            chart.record("request")
        chart.set_pending(3)
        clock.now += 1
        chart.refresh()
    image = chart.grab().toImage()
    layout = chart.layout_for(chart.width(), chart.height())
    ratio = image.devicePixelRatio()

    def colored_pixels(rect: Any, color: str) -> int:
        want = QColor(color)
        found = 0
        r = rect.adjusted(1, 1, -1, -1)
        for x in range(int(r.left() * ratio), int(r.right() * ratio)):
            for y in range(int(r.top() * ratio), int(r.bottom() * ratio)):
                got = image.pixelColor(x, y)
                if (
                    abs(got.red() - want.red())
                    + abs(got.green() - want.green())
                    + abs(got.blue() - want.blue())
                    < 60
                ):
                    found += 1
        return found

    assert colored_pixels(layout.rates, SERIES_COLORS["requests"]) > 10
    assert colored_pixels(layout.pending, SERIES_COLORS["pending"]) > 10
    assert colored_pixels(layout.pending, SERIES_COLORS["requests"]) == 0


@pytest.mark.parametrize("width", [260, 420, 900])
def test_the_legend_is_outside_the_plots_and_names_every_series(qtbot: Any, width: int) -> None:
    chart = LiveChart(window_seconds=60)
    qtbot.addWidget(chart)
    chart.resize(max(width, chart.minimumSizeHint().width()), chart.minimumSizeHint().height())
    layout = chart.layout_for(chart.width(), chart.height())
    assert list(layout.legend) == [*RATE_SERIES, PENDING_SERIES]
    assert [LEGEND_LABELS[name] for name in layout.legend] == [
        "requests/s",
        "finalized/s",
        "control/s",
        "other/s",
        "pending (lower plot)",
    ]
    inside = QRectF(chart.rect())
    for rect in layout.legend.values():
        assert inside.contains(rect), (rect, inside)
        assert not rect.intersects(layout.rates) and not rect.intersects(layout.pending)
    assert not layout.rates.intersects(layout.pending)
    assert inside.contains(layout.time_axis)


def test_at_its_minimum_size_both_plots_stay_readable(qtbot: Any) -> None:
    chart = LiveChart(window_seconds=60)
    qtbot.addWidget(chart)
    minimum = chart.minimumSizeHint()
    layout = chart.layout_for(minimum.width(), minimum.height())
    line = chart.fontMetrics().height()
    assert layout.rates.height() >= RATE_PLOT_LINES * line
    assert layout.pending.height() >= PENDING_PLOT_LINES * line
    assert layout.time_axis.bottom() <= minimum.height()


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (1, 1), (1.5, 2), (3, 5), (5.1, 10), (100, 100), (101, 200), (7000, 10000)],
)
def test_the_y_range_steps_through_nice_ceilings(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


def test_the_y_axis_moves_only_when_the_rate_outgrows_it(qtbot: Any) -> None:
    clock = FakeClock()
    chart = LiveChart(window_seconds=60, clock=clock)
    qtbot.addWidget(chart)
    ceilings = []
    for rate in (300, 320, 290, 700):
        for _ in range(rate):
            chart.record("finalized")
        clock.now += 1
        chart.refresh()
        ceilings.append(chart.y_ceilings["rates"])
    # 300, 320 and 290 events/s share one range; 700 needs the next one.
    assert ceilings == [500.0, 500.0, 500.0, 1000.0]


@pytest.mark.parametrize(
    ("pending", "label"), [(0, "1"), (1, "2"), (3, "5"), (7, "10"), (1400, "2,000")]
)
def test_the_pending_scale_is_a_whole_number(qtbot: Any, pending: int, label: str) -> None:
    clock = FakeClock()
    chart = LiveChart(window_seconds=60, clock=clock)
    qtbot.addWidget(chart)
    chart.set_pending(pending)
    clock.now += 1
    chart.refresh()
    assert _scale_label(chart.y_ceilings["pending"]) == label


def test_the_chart_stops_ticking_when_every_line_is_flat_and_starts_on_an_event(
    qtbot: Any,
) -> None:
    clock = FakeClock()
    chart = LiveChart(window_seconds=3, clock=clock)
    qtbot.addWidget(chart)
    assert not chart.is_ticking()  # nothing yet: nothing to redraw
    chart.record("request")
    assert chart.is_ticking()
    for _ in range(5):  # the event scrolls out of the window
        clock.now += 1
        chart.refresh()
    assert not chart.is_ticking()
    chart.set_pending(1)
    assert chart.is_ticking()
