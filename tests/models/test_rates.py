"""Events per second in one-second bins over a window, with a fake clock."""

from __future__ import annotations

import pytest

from ewallet_monitor.models.rates import RateCounter


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_counts_land_in_the_current_second() -> None:
    clock = FakeClock()
    rates = RateCounter(window_seconds=5, clock=clock)
    rates.record("request")
    rates.record("request", 2)
    assert rates.series("request") == [0, 0, 0, 0, 3]


def test_bins_move_with_time_and_old_ones_fall_out() -> None:
    clock = FakeClock()
    rates = RateCounter(window_seconds=3, clock=clock)
    rates.record("request")
    clock.now += 1
    rates.record("request", 2)
    assert rates.series("request") == [0, 1, 2]
    clock.now += 2
    assert rates.series("request") == [2, 0, 0]
    clock.now += 10  # longer idle than the window: everything is zero
    assert rates.series("request") == [0, 0, 0]


def test_rate_averages_full_seconds_and_sums_kinds() -> None:
    clock = FakeClock()
    rates = RateCounter(window_seconds=10, clock=clock)
    for _ in range(4):
        rates.record("request", 2)
        rates.record("finalized")
        clock.now += 1
    rates.record("request", 100)  # the running second is not counted
    assert rates.rate("request", seconds=4) == 2.0
    assert rates.rate(None, seconds=2) == 3.0
    assert rates.total() == 112
    assert rates.kinds() == ["request", "finalized"]


def test_an_unknown_kind_has_an_empty_series() -> None:
    rates = RateCounter(window_seconds=4, clock=FakeClock())
    assert rates.series("nothing") == [0, 0, 0, 0]


def test_the_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="window_seconds"):
        RateCounter(window_seconds=0)
