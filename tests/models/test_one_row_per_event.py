"""One row per event: copies of one broadcast on several topics show as one row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ewallet_monitor.models.event_filter import EventFilterProxy
from ewallet_monitor.models.event_log import Column, EventLogModel
from ewallet_monitor.protocol.events import ConnectionState, ConnectionStateChanged
from ewallet_monitor.protocol.frames import CONSUMPTION_FINALIZED, CONSUMPTION_REQUEST
from tests.models import samples

REQUEST, USER, OWNER = samples.REQUEST_TOPIC, samples.USER_TOPIC, samples.OWNER_TOPIC


def copy(
    topic: str, seconds: float, status: str = "confirmed", event: str = CONSUMPTION_FINALIZED
) -> Any:
    return samples.received(topic, event, data=samples.consumption(status=status), seconds=seconds)


def shown(*events: Any) -> tuple[EventLogModel, EventFilterProxy]:
    model = EventLogModel()
    for event in events:
        model.append(event)
    model.flush()
    proxy = EventFilterProxy()
    model.setParent(proxy)
    proxy.setSourceModel(model)
    return model, proxy


def topics_shown(proxy: EventFilterProxy) -> list[str]:
    return [proxy.index(row, Column.TOPIC).data() for row in range(proxy.rowCount())]


def test_one_broadcast_on_three_topics_within_a_second_is_one_row_listing_them(
    qtmodeltester: Any,
) -> None:
    _, proxy = shown(copy(REQUEST, 0.0), copy(USER, 0.4), copy(OWNER, 0.9))
    assert topics_shown(proxy) == [f"{REQUEST} +2"]
    tooltip = proxy.index(0, Column.TOPIC).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.splitlines() == [REQUEST, USER, OWNER]
    record = proxy.record(proxy.index(0, 0))
    assert record is not None and record.all_topics == (REQUEST, USER, OWNER)
    qtmodeltester.check(proxy)


def test_the_toggle_shows_one_row_per_topic_and_back() -> None:
    model, proxy = shown(copy(REQUEST, 0.0), copy(USER, 0.2))
    model.set_one_row_per_event(False)
    assert topics_shown(proxy) == [REQUEST, USER]
    model.set_one_row_per_event(True)
    assert topics_shown(proxy) == [f"{REQUEST} +1"]


def test_copies_more_than_a_second_apart_are_two_events() -> None:
    _, proxy = shown(copy(REQUEST, 0.0), copy(USER, 1.2))
    assert topics_shown(proxy) == [REQUEST, USER]


def test_a_broadcast_again_on_a_topic_already_seen_is_a_new_event() -> None:
    """The server broadcasts the finalized event again on a second decision."""
    _, proxy = shown(copy(REQUEST, 0.0), copy(USER, 0.1), copy(REQUEST, 0.5), copy(USER, 0.6))
    assert topics_shown(proxy) == [f"{REQUEST} +1", f"{REQUEST} +1"]


def test_different_text_or_another_connection_is_another_event() -> None:
    _, proxy = shown(copy(REQUEST, 0.0), copy(USER, 0.1, status="failed"))
    assert topics_shown(proxy) == [REQUEST, USER]
    reconnected = ConnectionStateChanged(ConnectionState.CONNECTED, samples.at(0.2))
    _, proxy = shown(copy(REQUEST, 0.0), reconnected, copy(USER, 0.3))
    assert [t for t in topics_shown(proxy) if t] == [REQUEST, USER]


def test_a_copy_arriving_after_its_first_was_inserted_updates_that_row(qtbot: Any) -> None:
    model, proxy = shown(copy(REQUEST, 0.0, event=CONSUMPTION_REQUEST, status="pending"))
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.append(copy(USER, 0.3, event=CONSUMPTION_REQUEST, status="pending"))
        model.flush()
    assert topics_shown(proxy) == [f"{REQUEST} +1"]
    assert model.rowCount() == 2  # both copies are kept (and stored)


def test_the_topic_filter_and_the_language_see_every_topic_of_the_event() -> None:
    from ewallet_monitor.query import compile_query

    _, proxy = shown(copy(REQUEST, 0.0), copy(USER, 0.2))
    proxy.set_topic("user:")
    assert topics_shown(proxy) == [f"{REQUEST} +1"]
    proxy.set_topic("")
    proxy.set_query(compile_query(f'topic == "{USER}"'))
    assert topics_shown(proxy) == [f"{REQUEST} +1"]
