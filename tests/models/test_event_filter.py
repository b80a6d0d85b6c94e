"""The event log filter: text, regex, kinds, topic, direction, control frames."""

from __future__ import annotations

from typing import Any

import pytest

from ewallet_monitor.models.event_filter import EventFilterProxy
from ewallet_monitor.models.event_log import EventLogModel
from tests.models import samples

OTHER_TOPIC = "transaction_request:txr_01dp2k9m7f4z0x8t3c5b6n1zzz"


@pytest.fixture
def proxy() -> EventFilterProxy:
    model = EventLogModel()
    model.append(samples.join_sent())  # out, join
    model.append(samples.join_reply())  # in, reply (control)
    model.append(samples.heartbeat_sent())  # out, heartbeat (control)
    model.append(samples.heartbeat_reply())  # in, heartbeat (control)
    model.append(samples.request_event(name="Alice Example"))
    model.append(samples.finalized_event("confirmed", name="Bob Builder"))
    # Another request's event (the same text on another topic would be the same event).
    model.append(
        samples.received(
            OTHER_TOPIC,
            "transaction_consumption_request",
            data=samples.consumption(amount=999),
        )
    )
    model.append(samples.refused_join_reply())  # reply with an error: always shown
    model.append(samples.gap())
    model.flush()
    proxy = EventFilterProxy()
    model.setParent(proxy)  # the proxy keeps its source alive for the test's duration
    proxy.setSourceModel(model)
    return proxy


def shown_kinds(proxy: EventFilterProxy) -> list[str]:
    kinds = []
    for row in range(proxy.rowCount()):
        record = proxy.record(proxy.index(row, 0))
        assert record is not None
        kinds.append(record.kind)
    return kinds


def test_the_proxy_passes_qt_model_tester(qtmodeltester: Any, proxy: EventFilterProxy) -> None:
    qtmodeltester.check(proxy)
    proxy.set_text("alice")
    qtmodeltester.check(proxy)


def test_heartbeats_and_ok_replies_are_hidden_by_default(proxy: EventFilterProxy) -> None:
    assert shown_kinds(proxy) == ["join", "request", "finalized", "request", "reply", "gap"]


def test_the_toggle_shows_control_frames(proxy: EventFilterProxy) -> None:
    proxy.set_show_control_frames(True)
    assert proxy.rowCount() == proxy.sourceModel().rowCount()
    proxy.set_show_control_frames(False)
    assert "heartbeat" not in shown_kinds(proxy)


def test_text_matches_case_insensitively_anywhere_in_the_row(proxy: EventFilterProxy) -> None:
    proxy.set_text("BOB")
    assert shown_kinds(proxy) == ["finalized"]
    proxy.set_text(samples.CONSUMPTION_ID)  # consumption id is searchable
    assert shown_kinds(proxy) == ["request", "finalized", "request"]
    proxy.set_text("")
    assert proxy.rowCount() == 6


def test_a_regex_filters_by_pattern(proxy: EventFilterProxy) -> None:
    proxy.set_text(r"alice|bob", regex=True)
    assert shown_kinds(proxy) == ["request", "finalized", "request"]
    proxy.set_text(r"^transaction_request:txr_\w+zzz$", regex=True)
    assert shown_kinds(proxy) == ["request"]


def test_an_invalid_regex_is_reported_and_does_not_filter(
    qtbot: Any, proxy: EventFilterProxy
) -> None:
    with qtbot.waitSignal(proxy.filter_error_changed) as blocker:
        proxy.set_text("(unclosed", regex=True)
    assert "invalid regular expression" in blocker.args[0]
    assert proxy.filter_error == blocker.args[0]
    assert proxy.rowCount() == 6
    with qtbot.waitSignal(proxy.filter_error_changed) as cleared:
        proxy.set_regex(False)  # the same text as plain text is fine
    assert cleared.args == [""]
    assert proxy.rowCount() == 0


def test_kinds_narrow_to_a_set(proxy: EventFilterProxy) -> None:
    proxy.set_kinds({"finalized", "gap"})
    assert shown_kinds(proxy) == ["finalized", "gap"]
    proxy.set_kinds(None)
    assert proxy.rowCount() == 6


def test_a_topic_substring_narrows(proxy: EventFilterProxy) -> None:
    proxy.set_topic("1ZZZ")
    assert shown_kinds(proxy) == ["request"]


def test_direction_narrows(proxy: EventFilterProxy) -> None:
    proxy.set_direction("out")
    assert shown_kinds(proxy) == ["join"]
    proxy.set_show_control_frames(True)
    assert shown_kinds(proxy) == ["join", "heartbeat"]
    proxy.set_direction("—")
    assert shown_kinds(proxy) == ["gap"]


def test_criteria_combine(proxy: EventFilterProxy) -> None:
    proxy.set_kinds({"request"})
    proxy.set_text("alice")
    proxy.set_topic(samples.REQUEST_ID)
    assert proxy.rowCount() == 1


def test_rows_arriving_later_are_filtered_too(proxy: EventFilterProxy) -> None:
    proxy.set_kinds({"finalized"})
    model = proxy.sourceModel()
    assert isinstance(model, EventLogModel)
    model.append(samples.request_event())
    model.append(samples.finalized_event("rejected"))
    model.flush()
    assert shown_kinds(proxy) == ["finalized", "finalized"]


@pytest.mark.timeout(60)
def test_a_catastrophic_pattern_cannot_freeze_the_filter(proxy: EventFilterProxy) -> None:
    # (a+)+$ against a 28-letter name took 8.4 s with re, doubling per letter: with 48
    # letters re would need ~100 days (the suite's timeout fails it); RE2 is linear.
    log = proxy.sourceModel()
    assert isinstance(log, EventLogModel)
    log.append(samples.request_event(name="a" * 48 + "!"))
    log.flush()
    proxy.set_text(r"(a+)+!", regex=True)
    assert proxy.filter_error == ""
    assert proxy.rowCount() == 1
    proxy.set_text(r"(a+)+$", regex=True)
    assert proxy.rowCount() == 0


def test_a_pattern_needing_backtracking_is_refused_with_a_reason(
    qtbot: Any, proxy: EventFilterProxy
) -> None:
    with qtbot.waitSignal(proxy.filter_error_changed) as blocker:
        proxy.set_text(r"(alice)\1", regex=True)
    assert "linear-time engine" in blocker.args[0]
    assert proxy.rowCount() == 6  # not filtered, as for an invalid pattern
