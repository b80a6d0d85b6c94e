"""The reconnect schedule: stepped, jittered within bounds, capped, reset when stable."""

import pytest

from ewallet_monitor.protocol.backoff import DEFAULT_STEPS, Backoff


def test_delays_follow_the_steps_then_stay_on_the_last_without_jitter() -> None:
    backoff = Backoff(jitter=0.0)
    delays = [backoff.next_delay() for _ in range(len(DEFAULT_STEPS) + 3)]
    assert delays == [*DEFAULT_STEPS, DEFAULT_STEPS[-1], DEFAULT_STEPS[-1], DEFAULT_STEPS[-1]]


@pytest.mark.parametrize(("rand", "factor"), [(0.0, 0.8), (0.5, 1.0), (0.999999, 1.2)])
def test_jitter_stays_within_twenty_percent(rand: float, factor: float) -> None:
    backoff = Backoff((1.0,), rand=lambda: rand)
    assert backoff.next_delay() == pytest.approx(factor, abs=1e-5)


def test_a_stable_connection_resets_the_schedule() -> None:
    backoff = Backoff((1.0, 2.0, 3.0), jitter=0.0, stable_after=10.0)
    backoff.next_delay()
    backoff.next_delay()
    backoff.connected(100.0)
    assert backoff.was_stable(110.0)
    assert backoff.disconnected(110.0) is True
    assert backoff.next_delay() == 1.0


def test_a_short_connection_keeps_climbing() -> None:
    backoff = Backoff((1.0, 2.0, 3.0), jitter=0.0, stable_after=10.0)
    backoff.next_delay()
    backoff.connected(100.0)
    assert backoff.disconnected(101.0) is False
    assert backoff.next_delay() == 2.0
    assert backoff.attempt == 2


def test_losing_a_connection_that_never_opened_resets_nothing() -> None:
    backoff = Backoff((1.0, 2.0), jitter=0.0)
    backoff.next_delay()
    assert backoff.disconnected(50.0) is False
    assert backoff.next_delay() == 2.0


@pytest.mark.parametrize("kwargs", [{"steps": ()}, {"steps": (-1.0,)}, {"jitter": 1.0}])
def test_bad_settings_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        Backoff(**kwargs)  # type: ignore[arg-type]
