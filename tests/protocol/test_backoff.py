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


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def outage(backoff: Backoff, clock: FakeClock, seconds: float) -> list[tuple[float, float]]:
    """(time of the attempt, delay after it) for a server away ``seconds`` (refused at once)."""
    attempts = []
    start = clock.now
    while clock.now - start < seconds:
        delay = backoff.next_delay()
        attempts.append((clock.now - start, delay))
        clock.now += delay
    return attempts


def test_a_server_back_within_ten_seconds_is_retried_within_two_seconds_of_its_return() -> None:
    clock = FakeClock()
    backoff = Backoff(clock=clock)
    attempts = outage(backoff, clock, 10.0)
    # Every gap between attempts in the first 10 s is at most 1.5 s + 20 %.
    assert max(delay for at, delay in attempts) <= 1.5 * 1.2 + 1e-9
    assert [round(delay, 2) for _at, delay in attempts[:4]] != [0.1, 0.25, 0.5, 1.0]  # jittered


def test_a_server_that_stays_away_is_tried_at_growing_jittered_intervals_up_to_30_s() -> None:
    clock = FakeClock()
    backoff = Backoff(clock=clock)
    attempts = outage(backoff, clock, 600.0)
    late = [delay for at, delay in attempts if at >= 10.0]
    assert late[0] < late[1] < late[2]  # 3, 6, 12 s (less up to 20 %)
    assert max(late) <= 30.0 and min(late[-5:]) >= 24.0
    assert len(attempts) < 40  # every 1.5 s for 10 minutes would be ~400 attempts
    assert len({round(delay, 3) for delay in late[-5:]}) > 1  # spread, not in lockstep


def test_a_stable_connection_that_did_nothing_does_not_reset_the_schedule() -> None:
    clock = FakeClock()
    backoff = Backoff(clock=clock, stable_after=10.0)
    outage(backoff, clock, 60.0)
    backoff.connected(clock.now)
    assert backoff.disconnected(clock.now + 20.0, useful=False) is False
    assert backoff.next_delay() > 1.5 * 1.2  # still in the slow phase
