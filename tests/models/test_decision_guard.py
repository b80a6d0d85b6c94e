"""The decision guard: focus, dwell, lock-out, in flight, server; and per-token thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ewallet_monitor.models.approval_queue import ApprovalQueue
from ewallet_monitor.models.decision_guard import ConfirmThresholds, DecisionGuard, GuardTimings
from ewallet_monitor.protocol.approval import Action
from tests.models.samples import CONSUMPTION_ID, T0, consumption

OTHER_ID = "txc_01cbfg9qtdken61agxhx6wvj9z"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make(qtbot: object) -> tuple[ApprovalQueue, DecisionGuard, Clock]:
    queue = ApprovalQueue(linger_ms=0, clock=lambda: T0)
    clock = Clock()
    guard = DecisionGuard(queue.card, clock=clock, belongs=queue.is_from_target)
    queue.on_request(consumption())
    queue.on_request(consumption(consumption_id=OTHER_ID))
    return queue, guard, clock


def test_only_the_card_shown_may_be_decided_and_only_after_the_dwell(qtbot: object) -> None:
    _queue, guard, clock = make(qtbot)
    assert guard.admit(CONSUMPTION_ID) is not None  # nothing shown
    guard.shown(CONSUMPTION_ID)
    assert guard.admit(OTHER_ID) is not None  # not the one shown
    clock.now += 0.59
    assert "just been shown" in (guard.admit(CONSUMPTION_ID) or "")
    clock.now += 0.02
    assert guard.admit(CONSUMPTION_ID) is None


def test_showing_the_same_card_again_keeps_its_dwell(qtbot: object) -> None:
    _queue, guard, clock = make(qtbot)
    guard.shown(CONSUMPTION_ID)
    clock.now += 0.7
    guard.shown(CONSUMPTION_ID)
    assert guard.refusal(CONSUMPTION_ID) is None
    guard.shown(None)
    guard.shown(CONSUMPTION_ID)  # out of view and back: a new dwell
    assert guard.refusal(CONSUMPTION_ID) is not None


def test_a_decision_locks_out_the_next_for_the_lockout(qtbot: object) -> None:
    queue, guard, clock = make(qtbot)
    guard.shown(CONSUMPTION_ID)
    clock.now += 1.0
    assert guard.admit(CONSUMPTION_ID) is None
    queue.start(CONSUMPTION_ID, Action.APPROVE)
    clock.now += 0.15
    assert "on its way" in (guard.admit(CONSUMPTION_ID) or "")
    queue.on_http_timeout(CONSUMPTION_ID, Action.APPROVE)  # actionable again at once
    assert "just made" in (guard.admit(CONSUMPTION_ID) or "")
    clock.now += 0.5
    assert guard.admit(CONSUMPTION_ID) is None


def test_a_card_of_another_server_is_refused(qtbot: object) -> None:
    queue, guard, clock = make(qtbot)
    queue.set_target("server a")
    guard.shown(CONSUMPTION_ID)
    clock.now += 1.0
    assert guard.refusal(CONSUMPTION_ID) is None
    queue.set_target("server b")
    assert guard.refusal(CONSUMPTION_ID) is not None


def test_the_delays_are_configurable_and_never_negative() -> None:
    queue = ApprovalQueue(linger_ms=0, clock=lambda: T0)
    queue.on_request(consumption())
    guard = DecisionGuard(queue.card, timings=GuardTimings(dwell_s=0, lockout_s=0), clock=Clock())
    guard.shown(CONSUMPTION_ID)
    assert guard.admit(CONSUMPTION_ID) is None
    with pytest.raises(ValueError, match="negative"):
        GuardTimings(dwell_s=-1)


def test_each_token_has_its_own_threshold_and_new_ones_start_from_the_default() -> None:
    thresholds = ConfirmThresholds(Decimal(100))
    thresholds.set("BTC", Decimal("0.5"))
    assert thresholds.asks("BTC", Decimal("0.9"))
    assert not thresholds.asks("OMG", Decimal("100"))
    assert thresholds.asks("OMG", Decimal("101"))
    assert thresholds.for_token("NEW") == Decimal(100)
    thresholds.set("USD", None)
    again = ConfirmThresholds(Decimal(100))
    again.load_text(thresholds.to_text())
    assert again.items() == {"BTC": Decimal("0.5"), "USD": None}
    assert not again.asks("USD", Decimal(10**9))
