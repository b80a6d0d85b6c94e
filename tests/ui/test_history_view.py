"""History in the window: paging and search answer from SQLite, exactly, off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ewallet_monitor.models.event_log import record_from_event, record_from_stored
from ewallet_monitor.store import EventStore, FrameFilter
from ewallet_monitor.ui.history_view import HistoryDialog, HistoryView
from tests.conftest import TIME_UNIT
from tests.store.samples import at, mixed_events

WAIT_MS = int(10_000 * TIME_UNIT)
EVENTS = 120


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "events.sqlite3", commit_interval=0.02) as opened:
        opened.record_many(mixed_events(EVENTS))
        assert opened.flush(10 * TIME_UNIT)
        yield opened


def make_view(qtbot: Any, store: Any, page_size: int = 25) -> HistoryView:
    view = HistoryView(store, page_size=page_size)
    qtbot.addWidget(view)
    return view


def run(qtbot: Any, view: HistoryView, action: Any) -> None:
    with qtbot.waitSignal(view.search_finished, timeout=WAIT_MS):
        assert action()


def seqs(view: HistoryView) -> list[int]:
    return [record.seq for record in view.records()]


def test_the_first_page_is_the_newest_stored_rows_oldest_first(
    qtbot: Any, store: EventStore
) -> None:
    view = make_view(qtbot, store)
    run(qtbot, view, view.search)
    newest = [frame.seq for frame in store.page(limit=25)]
    assert seqs(view) == sorted(newest)
    assert view.has_older
    assert "25 events found in" in view.status_label.text()
    assert view.older_button.isEnabled()


def test_load_older_pages_through_exactly_every_stored_row(qtbot: Any, store: EventStore) -> None:
    view = make_view(qtbot, store)
    run(qtbot, view, view.search)
    while view.has_older:
        run(qtbot, view, view.load_older)
    assert seqs(view) == [frame.seq for frame in store.reader.iter_frames()]
    assert store.count() == len(seqs(view))
    assert not view.older_button.isEnabled()
    assert "nothing older" in view.status_label.text()


@pytest.mark.parametrize(
    "wanted",
    [
        FrameFilter(event="transaction_consumption_finalized"),
        FrameFilter(text="garbage 1"),
        FrameFilter(direction="out"),
        FrameFilter(since=at(30), until=at(75)),
        FrameFilter(topic="transaction_request:", since=at(10)),
    ],
)
def test_a_search_returns_exactly_the_stored_matching_rows(
    qtbot: Any, store: EventStore, wanted: FrameFilter
) -> None:
    view = make_view(qtbot, store, page_size=7)
    view.set_filter(wanted)
    assert view.current_filter() == wanted
    run(qtbot, view, view.search)
    while view.has_older:
        run(qtbot, view, view.load_older)
    expected = [frame.seq for frame in store.reader.iter_frames(wanted)]
    assert expected, "the sample must have matches"
    assert seqs(view) == expected
    assert view.shown_filter == wanted


def test_a_consumption_id_search_finds_its_request_and_finalized(
    qtbot: Any, store: EventStore
) -> None:
    target = next(f for f in store.reader.iter_frames() if f.consumption_id)
    view = make_view(qtbot, store)
    view.consumption_edit.setText(target.consumption_id or "")
    run(qtbot, view, view.search)
    assert seqs(view) == [
        f.seq for f in store.reader.iter_frames(FrameFilter(consumption_id=target.consumption_id))
    ]


def test_a_time_range_backwards_is_refused_with_a_reason(qtbot: Any, store: EventStore) -> None:
    view = make_view(qtbot, store)
    view.set_filter(FrameFilter(since=at(50), until=at(50)))
    assert not view.search()
    assert "before" in view.error_label.text()
    assert not view.busy


def test_a_selected_row_shows_in_the_detail_pane(qtbot: Any, store: EventStore) -> None:
    target = next(f for f in store.reader.iter_frames() if f.consumption_id and f.kind == "frame")
    view = make_view(qtbot, store)
    view.set_filter(FrameFilter(event=target.event))
    run(qtbot, view, view.search)
    view.table.selectRow(0)
    record = view.detail.record
    assert record is not None
    assert record.event == target.event
    assert record.consumption_id is not None
    assert record.consumption_id in view.detail.text.toPlainText()
    assert not view.detail.offers_approval  # history offers no approve/reject


def test_stored_rows_look_like_the_live_rows_of_the_same_events(store: EventStore) -> None:
    events = mixed_events(EVENTS)
    stored = list(store.reader.iter_frames())
    live = [record_from_event(0, event) for event in events]
    # Every event of mixed_events goes to the frames table, in order.
    assert len(stored) == len(live)
    for frame, row in zip(stored, live, strict=True):
        assert row is not None
        mine = record_from_stored(frame)
        assert (mine.kind, mine.topic, mine.event, mine.outcome, mine.summary) == (
            row.kind,
            row.topic,
            row.event,
            row.outcome,
            row.summary,
        )
        assert (mine.consumption_id, mine.status, mine.direction) == (
            row.consumption_id,
            row.status,
            row.direction,
        )


class SlowSource:
    """A store whose reader waits until the test lets it answer."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.release = threading.Event()
        self.reader = self

    def flush(self, timeout: float = 10.0) -> bool:
        return self.store.flush(timeout)

    def search_filter(self, wanted: FrameFilter, **options: Any) -> Any:
        assert self.release.wait(10 * TIME_UNIT)
        return self.store.reader.search_filter(wanted, **options)


def test_the_search_runs_off_the_gui_thread(qtbot: Any, store: EventStore) -> None:
    source = SlowSource(store)
    view = make_view(qtbot, source)
    assert view.search()  # returns at once although the query cannot answer yet
    assert view.busy
    assert view.status_label.text() == "Searching…"
    qtbot.wait(50)  # the GUI thread keeps running meanwhile
    assert view.busy
    with qtbot.waitSignal(view.search_finished, timeout=WAIT_MS):
        source.release.set()
    assert len(seqs(view)) == 25


def test_the_dialog_searches_for_a_given_filter(qtbot: Any, store: EventStore) -> None:
    dialog = HistoryDialog(store)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.view.search_finished, timeout=WAIT_MS):
        dialog.search_for(FrameFilter(direction="out"))
    assert dialog.isVisible()
    assert {record.direction for record in dialog.view.records()} == {"out"}


def hostile_frames() -> list[Any]:
    """A 100 KB bracket bomb (invalid live), a frame nested just under what the decoder
    takes, and a lone surrogate in a customer's name."""
    from ewallet_monitor.protocol.events import FrameReceived, InvalidFrameReceived
    from ewallet_monitor.protocol.frames import InvalidFrame, decode_server_frame

    bomb = "[" * 50_000 + "]" * 50_000
    deep = '{"topic":"user:usr_1","event":"x","ref":null,"data":' + "[" * 900 + "]" * 900 + "}"
    surrogate = (
        '{"topic":"user:usr_1","event":"transaction_consumption_request","ref":null,'
        '"success":true,"error":null,"data":{"object":"transaction_consumption","id":"txc_s",'
        '"status":"pending","user":{"full_name":"Eve \\ud800 Example"}}}'
    )
    events: list[Any] = [InvalidFrameReceived(InvalidFrame("nested too deeply", bomb), at(1))]
    for index, text in enumerate((deep, surrogate)):
        frame = decode_server_frame(text)
        if isinstance(frame, InvalidFrame):
            events.append(InvalidFrameReceived(frame, at(2 + index)))
        else:
            events.append(FrameReceived(frame, at(2 + index)))
    return events


def test_history_and_export_survive_any_stored_frame(qtbot: Any, tmp_path: Path) -> None:
    from ewallet_monitor.store.export import export_frames, write_export_file

    with EventStore(tmp_path / "events.sqlite3", commit_interval=0.02) as opened:
        opened.record_many(mixed_events(3))
        opened.record_many(hostile_frames())
        assert opened.flush(10 * TIME_UNIT)
        view = make_view(qtbot, opened)
        run(qtbot, view, view.search)
        assert len(seqs(view)) == 6
        assert "events found" in view.status_label.text()
        view.resize(900, 600)
        view.show()
        assert not view.grab().isNull()  # every row painted, the surrogate's included
        for fmt in ("ndjson", "csv"):
            target = tmp_path / f"out.{fmt}"
            written = write_export_file(
                target, lambda out, fmt=fmt: export_frames(opened.reader, out, fmt=fmt)
            )
            assert written == 6
            target.read_text(encoding="utf-8")
        assert not list(tmp_path.glob("*.part"))
        lines = (tmp_path / "out.ndjson").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 6
        assert "\\ud800" in lines[-1]


def test_the_filter_language_searches_every_stored_row_and_pages_exactly(
    qtbot: Any, store: EventStore
) -> None:
    view = make_view(qtbot, store, page_size=4)
    view.query_bar.edit.setText('status == "failed" or amount > 0.5')
    run(qtbot, view, view.search)
    shown = seqs(view)
    while view.has_older:
        run(qtbot, view, view.load_older)
        shown = seqs(view)
    query = view.shown_filter.where if view.shown_filter else None
    assert query is not None
    expected = [f.seq for f in store.reader.iter_frames() if query.matches(f.facts())]
    assert expected and len(expected) < EVENTS
    assert shown == expected


def test_a_bad_expression_in_history_says_where_and_does_not_search(
    qtbot: Any, store: EventStore
) -> None:
    view = make_view(qtbot, store)
    view.query_bar.edit.setText("status ==")
    assert not view.search()
    assert view.error_label.text().startswith("column 10: expected a value")
