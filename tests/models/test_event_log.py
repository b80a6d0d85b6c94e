"""The event log model: rows from monitor events, batched inserts, a bound, colours."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtGui import QColor

from ewallet_monitor.models.event_filter import EventFilterProxy
from ewallet_monitor.models.event_log import (
    BURST_FLUSH_ROWS,
    COLUMN_TITLES,
    Column,
    EventLogModel,
    EventRecord,
    KindRole,
    RecordRole,
    RowStyle,
    record_from_event,
)
from ewallet_monitor.protocol.events import (
    ChannelState,
    ConnectionState,
    ConnectionStateChanged,
    ConsumptionRecovered,
    HeartbeatMeasured,
    MonitorNotice,
)
from tests.models import samples


def filled_model(count: int = 3, **kwargs: Any) -> EventLogModel:
    model = EventLogModel(**kwargs)
    for second in range(count):
        model.append(samples.request_event(seconds=second))
    model.flush()
    return model


def test_the_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = filled_model(5)
    model.append(samples.invalid_frame())
    model.append(samples.gap())
    model.flush()
    qtmodeltester.check(model)


def test_appends_are_buffered_until_a_flush() -> None:
    model = EventLogModel()
    model.append(samples.request_event())
    assert model.rowCount() == 0
    assert model.pending_count == 1
    assert model.flush() == 1
    assert model.rowCount() == 1


def test_one_flush_inserts_every_buffered_row_with_one_signal(qtbot: Any) -> None:
    model = filled_model(2)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    for second in range(500):
        model.append(samples.heartbeat_reply(ref=str(second)))
    model.flush()
    assert inserted == [(2, 501)]  # last is inclusive
    assert model.rowCount() == 502


def test_the_timer_flushes_by_itself(qtbot: Any) -> None:
    model = EventLogModel(flush_interval_ms=5)
    with qtbot.waitSignal(model.rowsInserted, timeout=2000):
        for second in range(10):
            model.append(samples.request_event(seconds=second))
    assert model.rowCount() == 10


def test_a_burst_flush_doubles_the_wait_until_the_rows_thin_out() -> None:
    model = EventLogModel(flush_interval_ms=20)
    assert model.flush_gap_ms == 20
    for second in range(BURST_FLUSH_ROWS):
        model.append(samples.request_event(seconds=second))
    model.flush()
    # A burst: fewer repaints, rows wait twice as long.
    assert model.flush_gap_ms == 40
    model.append(samples.request_event())
    model.flush()
    assert model.flush_gap_ms == 20


def test_a_slow_stream_waits_the_calm_wait_and_a_busy_one_the_short_one(qtbot: Any) -> None:
    model = EventLogModel(flush_interval_ms=20, calm_flush_ms=400, busy_rows=5)
    flushed: list[float] = []
    model.rows_flushed.connect(lambda _rows: flushed.append(time.monotonic()))
    started = time.monotonic()
    model.append(samples.request_event())
    qtbot.wait(150)
    assert flushed == []  # one row: it waits for the calm wait
    qtbot.waitUntil(lambda: len(flushed) == 1, timeout=2000)
    assert flushed[0] - started >= 0.3  # a coarse Qt timer may fire 5 % early
    started = time.monotonic()
    for second in range(5):  # busy: the flush comes 20 ms after the first of them
        model.append(samples.request_event(seconds=second))
    qtbot.waitUntil(lambda: len(flushed) == 2, timeout=2000)
    assert flushed[1] - started < 0.3
    assert model.rowCount() == 6


def test_a_flush_with_nothing_buffered_emits_nothing(qtbot: Any) -> None:
    model = filled_model(1)
    with qtbot.assertNotEmitted(model.rowsInserted):
        assert model.flush() == 0


def test_the_oldest_rows_are_dropped_in_one_removal_and_counted() -> None:
    model = filled_model(4, max_rows=5)
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    for second in range(3):
        model.append(samples.finalized_event(seconds=10 + second))
    model.flush()
    assert removed == [(0, 1)]
    assert model.rowCount() == 5
    assert model.dropped_count == 2
    assert [model.record_at(row).seq for row in range(5)] == [3, 4, 5, 6, 7]


def test_a_burst_larger_than_the_bound_keeps_only_the_newest_rows() -> None:
    model = EventLogModel(max_rows=3)
    for second in range(10):
        model.append(samples.heartbeat_reply(ref=str(second)))
    model.flush()
    assert [model.record_at(row).ref for row in range(3)] == ["7", "8", "9"]
    assert model.dropped_count == 7


def test_clear_forgets_rows_and_the_dropped_count() -> None:
    model = filled_model(4, max_rows=2)
    model.clear()
    assert model.rowCount() == 0
    assert model.dropped_count == 0


def test_a_consumption_request_row_shows_amount_consumer_and_status() -> None:
    model = EventLogModel()
    model.append(samples.request_event(amount=10**30, subunit_to_unit=10**18, symbol="OMG"))
    model.flush()
    record = model.record_at(0)
    assert record.kind == "request"
    assert record.direction == "in"
    assert record.topic == samples.REQUEST_TOPIC
    assert record.outcome == "ok"
    assert record.summary == "1,000,000,000,000.00 OMG · Alice Example · pending"
    assert record.consumption_id == samples.CONSUMPTION_ID
    assert record.status == "pending"
    assert record.consumption() == samples.consumption(
        amount=10**30, subunit_to_unit=10**18, symbol="OMG"
    )


def test_display_columns_come_from_the_record() -> None:
    model = filled_model(1)
    record = model.record_at(0)
    texts = [model.index(0, column).data() for column in Column]
    local = samples.at().astimezone()
    assert texts[Column.TIME] == local.strftime("%H:%M:%S.000")
    assert texts[1:] == [
        "in",
        samples.REQUEST_TOPIC,
        "transaction_consumption_request",
        "",
        "ok",
        record.summary,
        "",  # Δt: the first row has no row before it
        "",  # Latency: not a reply
    ]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == list(
        COLUMN_TITLES.values()
    )


def test_time_shows_milliseconds() -> None:
    moment = datetime(2026, 5, 1, 12, 0, 0, 123_456, tzinfo=UTC)
    record = EventRecord(1, moment, "in", "", "", "", "", "", "other", {})
    assert record.time_text.endswith(".123")


def test_custom_roles_give_the_record_and_its_kind() -> None:
    model = filled_model(1)
    index = model.index(0, Column.SUMMARY)
    assert isinstance(index.data(RecordRole), EventRecord)
    assert index.data(KindRole) == "request"


def test_a_refused_join_reply_has_the_error_code_as_outcome() -> None:
    record = record_from_event(1, samples.refused_join_reply())
    assert record is not None
    assert record.kind == "reply"
    assert record.outcome == "websocket:forbidden_channel"
    assert record.is_problem
    assert "access" in record.summary


def test_a_failed_finalized_event_keeps_the_consumption_and_the_reason() -> None:
    from ewallet_monitor.protocol.errors import EWalletError

    event = samples.received(
        samples.REQUEST_TOPIC,
        "transaction_consumption_finalized",
        data=samples.consumption("failed"),
        error=EWalletError("transaction:insufficient_funds", "not enough funds"),
    )
    record = record_from_event(1, event)
    assert record is not None
    assert record.kind == "finalized"
    assert record.outcome == "transaction:insufficient_funds"
    assert record.summary == "12.50 USD · Alice Example · failed — not enough funds"


@pytest.mark.parametrize(
    ("event", "kind", "direction"),
    [
        (samples.heartbeat_sent(), "heartbeat", "out"),
        (samples.heartbeat_reply(), "heartbeat", "in"),
        (samples.join_sent(), "join", "out"),
        (samples.join_reply(), "reply", "in"),
        (samples.received(samples.REQUEST_TOPIC, "phx_close", ref="1"), "close", "in"),
        (samples.received(samples.REQUEST_TOPIC, "phx_error", ref="1"), "error", "in"),
        (samples.received(samples.REQUEST_TOPIC, "custom_event"), "other", "in"),
        (samples.invalid_frame(), "invalid", "in"),
        (samples.gap(), "gap", "—"),
        (samples.channel_state(), "channel", "—"),
    ],
)
def test_each_event_gets_its_kind_and_direction(event: Any, kind: str, direction: str) -> None:
    record = record_from_event(1, event)
    assert record is not None
    assert (record.kind, record.direction) == (kind, direction)


def test_phx_close_is_not_an_error_despite_success_false() -> None:
    record = record_from_event(1, samples.received(samples.REQUEST_TOPIC, "phx_close", ref="1"))
    assert record is not None
    assert record.outcome == "ok"
    assert not record.is_problem


def test_an_invalid_frame_row_keeps_the_raw_text() -> None:
    record = record_from_event(1, samples.invalid_frame("{oops"))
    assert record is not None
    assert record.outcome == "invalid"
    assert record.payload["raw"] == "{oops"


def test_a_gap_row_says_when_how_long_and_which_channels() -> None:
    record = record_from_event(1, samples.gap(42))
    assert record is not None
    start = samples.at(0).astimezone().strftime("%H:%M:%S")
    end = samples.at(42).astimezone().strftime("%H:%M:%S")
    assert record.summary.startswith(
        f"connection down from {start} to {end}, channels {samples.REQUEST_TOPIC}, 42 s"
    )
    assert "lost" in record.summary


def test_state_changes_notices_and_recoveries_are_rows() -> None:
    refused = record_from_event(
        1, samples.channel_state(state=ChannelState.REFUSED, reason="forbidden")
    )
    assert refused is not None
    assert (refused.outcome, refused.summary) == ("refused", "forbidden")
    connection = record_from_event(
        2,
        ConnectionStateChanged(
            ConnectionState.RECONNECTING, samples.at(), detail="closed 1011", retry_in=2.0
        ),
    )
    assert connection is not None
    assert connection.kind == "connection"
    assert connection.summary == "closed 1011 · retry in 2.0 s"
    notice = record_from_event(3, MonitorNotice("reconciliation failed", samples.at(), "warning"))
    assert notice is not None
    assert (notice.kind, notice.outcome) == ("notice", "warning")
    recovered = record_from_event(
        4, ConsumptionRecovered(samples.consumption(), samples.REQUEST_TOPIC, samples.at())
    )
    assert recovered is not None
    assert recovered.kind == "recovered"
    assert recovered.consumption() == samples.consumption()


def test_heartbeat_round_trips_are_not_rows() -> None:
    model = EventLogModel()
    assert model.append(HeartbeatMeasured(12.5, samples.at())) is None
    assert model.pending_count == 0


def test_a_finalized_event_ends_the_pending_state_of_earlier_rows(qtbot: Any) -> None:
    model = EventLogModel()
    request = model.append(samples.request_event())
    assert request is not None
    assert model.is_pending(request)
    with qtbot.waitSignal(model.consumption_status_changed) as blocker:
        model.append(samples.finalized_event("rejected"))
    assert blocker.args == [samples.CONSUMPTION_ID, "rejected"]
    assert not model.is_pending(request)
    assert model.latest_status(samples.CONSUMPTION_ID) == "rejected"


def test_the_status_memory_is_bounded_like_the_rows_and_keeps_the_newest() -> None:
    model = EventLogModel(max_rows=16)
    ids = [f"txc_{n:026d}" for n in range(60)]
    for n, consumption_id in enumerate(ids):
        model.append(samples.request_event(seconds=n, consumption_id=consumption_id))
        if n == 3:  # a status change makes a consumption newest again
            model.append(samples.finalized_event("confirmed", seconds=n, consumption_id=ids[0]))
    model.flush()
    remembered = [i for i in ids if model.latest_status(i) is not None]
    # At most an eighth beyond the bound, and every one of the newest rows' consumptions.
    assert 16 <= len(remembered) <= 16 + 16 // 8
    assert remembered == ids[-len(remembered) :]
    assert model.latest_status(ids[0]) is None  # updated early, then as old as any other
    # The newest consumption's later finalization is still news.
    assert model.is_pending(model.record_at(model.rowCount() - 1))
    model.append(samples.finalized_event("rejected", seconds=61, consumption_id=ids[-1]))
    assert model.latest_status(ids[-1]) == "rejected"


def test_row_styles_colour_kinds_and_problems() -> None:
    model = EventLogModel()
    model.append(samples.request_event())
    model.append(samples.refused_join_reply())
    model.flush()
    yellow, red = QColor("#fff3c4"), QColor("#b00020")
    model.set_row_styles({"request": RowStyle(None, yellow)}, RowStyle(red, None))
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == yellow
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) == red


ALL_ROLES = [
    *(int(role.value) for role in Qt.ItemDataRole if role.value < Qt.ItemDataRole.UserRole.value),
    int(RecordRole),
    int(KindRole),
]


def multi_data(model: Any, index: QModelIndex, role: int) -> Any:
    """A cell's value for one role through ``multiData``, as the item delegate reads it."""
    role_data = QModelRoleData(role)
    role_data.setData("stale")  # multiData must overwrite (or clear) what was there
    model.multiData(index, QModelRoleDataSpan(role_data))
    return role_data.data()


def test_multi_data_answers_every_role_as_data_does() -> None:
    model = filled_model(2)
    model.append(samples.refused_join_reply())
    model.flush()
    model.set_row_styles(
        {"request": RowStyle(None, QColor("#fff3c4"))}, RowStyle(QColor("#b00020"), None)
    )
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in ALL_ROLES:
                assert multi_data(model, index, role) == model.data(index, role), (
                    row,
                    column,
                    role,
                )
    assert multi_data(model, QModelIndex(), int(Qt.ItemDataRole.DisplayRole)) is None


def test_the_proxy_answers_multi_data_from_the_source_row() -> None:
    model = filled_model(1)
    model.append(samples.heartbeat_reply())  # hidden by the proxy
    model.append(samples.finalized_event("confirmed"))
    model.flush()
    proxy = EventFilterProxy()
    model.setParent(proxy)
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 2
    shown = proxy.index(1, Column.EVENT)
    assert multi_data(proxy, shown, int(Qt.ItemDataRole.DisplayRole)) == (
        "transaction_consumption_finalized"
    )
    assert multi_data(proxy, shown, int(RecordRole)) is model.record_at(2)


def test_rows_have_no_children() -> None:
    model = filled_model(1)
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_max_rows_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_rows"):
        EventLogModel(max_rows=0)


def test_invalid_rows_let_go_of_their_text_like_valid_rows() -> None:
    # 64 KB of non-JSON per frame: the model kept every one of them (20,000 such frames
    # grew the window by 1,336 MB); now only the newest payload_rows keep their text.
    import tracemalloc

    model = EventLogModel(payload_rows=10, max_rows=1_000)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for index in range(200):
            model.append(samples.invalid_frame(f"{index:05d}" + "x" * (64 * 1024)))
        model.flush()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert model.rowCount() == 200
    newest = model.record_at(199)
    oldest = model.record_at(0)
    assert newest.payload["raw"].startswith("00199")
    assert newest.payload["reason"].startswith("not JSON")
    assert "raw" not in oldest.payload and oldest.payload["reason"].startswith("not JSON")
    assert oldest.summary.startswith("not JSON")  # the row itself stays
    assert grown < 2 * 1024 * 1024, grown  # 10 texts of 64 KB, not 200 (12.8 MB)


def test_a_reply_shows_the_latency_since_its_push_and_every_row_its_delta_time() -> None:
    model = EventLogModel()
    join = samples.join_sent(ref="4")
    reply = samples.received(samples.REQUEST_TOPIC, "phx_reply", ref="4", seconds=0.0375)
    other = samples.received(samples.USER_TOPIC, "phx_reply", ref="4", seconds=0.05)
    for event in (join, reply, other, samples.request_event(seconds=1.25)):
        model.append(event)
    model.flush()
    latency = [model.record_at(row).display(Column.LATENCY) for row in range(4)]
    delta = [model.record_at(row).display(Column.DELTA) for row in range(4)]
    # A reply on another topic with the same ref answers no push of ours.
    assert latency == ["", "37.5 ms", "", ""]
    assert delta == ["", "0.037", "0.013", "1.200"]
    assert [COLUMN_TITLES[Column.DELTA], COLUMN_TITLES[Column.LATENCY]] == ["Δt", "Latency"]


def test_history_rows_get_latency_and_delta_time_in_each_page() -> None:
    model = EventLogModel()
    newer = [
        record_from_event(10, samples.heartbeat_sent(ref="9", seconds=2.0)),
        record_from_event(11, samples.heartbeat_reply(ref="9", seconds=2.012)),
    ]
    older = [record_from_event(5, samples.request_event(seconds=1.0))]
    model.add_records([r for r in newer if r is not None])
    model.add_records([r for r in older if r is not None], older=True)
    assert [model.record_at(row).display(Column.DELTA) for row in range(3)] == [
        "",
        "1.000",
        "0.012",
    ]
    assert model.record_at(2).display(Column.LATENCY) == "12.0 ms"
