"""File → Export…: the file holds exactly the matching rows, and the dialog says so."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ewallet_monitor.store import EventStore, FrameFilter
from ewallet_monitor.store.export import export_audit, export_frames
from ewallet_monitor.ui.export_dialog import (
    AUDIT,
    CSV,
    EVENTS,
    NDJSON,
    SCOPE_ALL,
    SCOPE_RANGE,
    SCOPE_SEARCH,
    ExportDialog,
)
from tests.conftest import TIME_UNIT
from tests.store.samples import at, mixed_events

WAIT_MS = int(10_000 * TIME_UNIT)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "events.sqlite3", commit_interval=0.02) as opened:
        opened.record_many(mixed_events(80))
        for index, action in enumerate(("approve", "reject", "approve")):
            opened.record_audit(
                action=action,
                consumption_id=f"txc_{index}",
                answer={"success": True, "data": {}},
                amount=10**30 + index,
                token="USD",
                profile="front desk",
                at=at(10 + index),
            )
        assert opened.flush(10 * TIME_UNIT)
        yield opened


@pytest.fixture
def dialog(qtbot: Any, store: EventStore) -> ExportDialog:
    opened = ExportDialog(store)
    qtbot.addWidget(opened)
    return opened


def export(qtbot: Any, dialog: ExportDialog) -> tuple[bool, str]:
    with qtbot.waitSignal(dialog.export_finished, timeout=WAIT_MS) as blocker:
        assert dialog.start_export()
    ok, message = blocker.args
    return bool(ok), str(message)


def expected_events(store: EventStore, wanted: FrameFilter, fmt: str) -> str:
    out = io.StringIO(newline="")
    export_frames(store.reader, out, wanted=wanted, fmt=fmt)
    return out.getvalue()


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.mark.parametrize("fmt", [NDJSON, CSV])
def test_all_events_are_written_exactly(
    qtbot: Any, dialog: ExportDialog, store: EventStore, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"all.{fmt}"
    dialog.set_choice(what=EVENTS, fmt=fmt, scope=SCOPE_ALL, path=path)
    ok, message = export(qtbot, dialog)
    assert ok
    assert message == f"Exported {store.count():,} events to {path}"
    assert read(path) == expected_events(store, FrameFilter(), fmt)
    assert dialog.result_label.text() == message
    assert not list(tmp_path.glob("*.part"))


def test_the_current_history_search_is_written_exactly(
    qtbot: Any, dialog: ExportDialog, store: EventStore, tmp_path: Path
) -> None:
    wanted = FrameFilter(event="transaction_consumption_finalized", since=at(20))
    assert not dialog.search_radio.isEnabled()  # no search yet
    dialog.set_history_filter(wanted)
    assert dialog.search_radio.isEnabled()
    assert "transaction_consumption_finalized" in dialog.search_label.text()
    path = tmp_path / "search.csv"
    dialog.set_choice(what=EVENTS, fmt=CSV, scope=SCOPE_SEARCH, path=path)
    ok, message = export(qtbot, dialog)
    expected = expected_events(store, wanted, CSV)
    rows = expected.count("\n") - 1
    assert ok
    assert rows > 0
    assert message == f"Exported {rows} events to {path}"
    assert read(path) == expected


def test_a_time_range_is_written_exactly(
    qtbot: Any, dialog: ExportDialog, store: EventStore, tmp_path: Path
) -> None:
    path = tmp_path / "range.ndjson"
    dialog.set_choice(
        what=EVENTS, fmt=NDJSON, scope=SCOPE_RANGE, since=at(15), until=at(42), path=path
    )
    ok, message = export(qtbot, dialog)
    assert ok
    assert read(path) == expected_events(store, FrameFilter(since=at(15), until=at(42)), NDJSON)
    assert read(path).count("\n") == 27
    assert "27 events" in message


def test_the_audit_trail_goes_to_csv(
    qtbot: Any, dialog: ExportDialog, store: EventStore, tmp_path: Path
) -> None:
    path = tmp_path / "audit.csv"
    dialog.set_choice(what=AUDIT, path=path)
    assert dialog.fmt == CSV  # the audit trail defaults to CSV
    assert not dialog.search_radio.isEnabled()
    ok, message = export(qtbot, dialog)
    out = io.StringIO(newline="")
    export_audit(store.reader, out, fmt=CSV)
    assert ok
    assert message == f"Exported 3 audit entries to {path}"
    assert read(path) == out.getvalue()
    assert str(10**30) in read(path)  # amounts stay exact


def test_a_file_that_cannot_be_written_is_reported_and_left_absent(
    qtbot: Any, dialog: ExportDialog, tmp_path: Path
) -> None:
    path = tmp_path / "missing-folder" / "x.ndjson"
    dialog.set_choice(path=path)
    ok, message = export(qtbot, dialog)
    assert not ok
    assert message.startswith(f"Export failed: {path} was not written")
    assert not path.exists()
    assert not path.parent.exists()
    assert dialog.export_button.isEnabled()


def test_unusable_choices_are_named_without_exporting(
    qtbot: Any, dialog: ExportDialog, tmp_path: Path
) -> None:
    messages: list[str] = []
    dialog.export_finished.connect(lambda _ok, text: messages.append(text))
    dialog.set_choice(scope=SCOPE_RANGE, since=at(50), until=at(10), path=tmp_path / "x")
    assert not dialog.start_export()
    assert messages == ["'From' must be before 'until'."]
    dialog.path_edit.setText("")
    dialog.set_choice(scope=SCOPE_ALL)
    assert not dialog.start_export()
    assert messages[-1] == "Choose the file to write."


def test_the_file_name_follows_what_is_exported(dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.set_choice(what=EVENTS, fmt=NDJSON, path=tmp_path / "ewallet-monitor-events-1.ndjson")
    dialog.set_choice(what=AUDIT)
    assert Path(dialog.path_edit.text()).name == "ewallet-monitor-audit-1.csv"
    dialog.set_choice(what=EVENTS, fmt=CSV)
    assert Path(dialog.path_edit.text()).name == "ewallet-monitor-events-1.csv"
    dialog.path_edit.setText(str(tmp_path / "night.csv"))  # a name of the user's own
    dialog.set_choice(what=AUDIT)
    assert Path(dialog.path_edit.text()).name == "night.csv"


def test_overwriting_a_file_asks_first(
    qtbot: Any, dialog: ExportDialog, store: EventStore, tmp_path: Path
) -> None:
    path = tmp_path / "events.csv"
    path.write_text("keep me", encoding="utf-8")
    dialog.set_choice(what=EVENTS, fmt=CSV, scope=SCOPE_ALL, path=path)
    assert not dialog.start_export()
    box = dialog.overwrite_box
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(dialog.export_finished, timeout=WAIT_MS) as blocker:
        box.reject()  # Cancel
    assert blocker.args[0] is False and "was kept" in blocker.args[1]
    assert read(path) == "keep me"

    assert not dialog.start_export()
    box = dialog.overwrite_box
    assert box is not None
    replace = next(b for b in box.buttons() if b.text() == "Replace")
    with qtbot.waitSignal(dialog.export_finished, timeout=WAIT_MS) as blocker:
        replace.click()
    assert blocker.args[0] is True
    assert read(path) == expected_events(store, FrameFilter(), CSV)


def test_gaps_and_channel_states_are_exportable(
    qtbot: Any, dialog: ExportDialog, store: EventStore, tmp_path: Path
) -> None:
    from ewallet_monitor.store.export import export_channel_states, export_gaps
    from ewallet_monitor.ui.export_dialog import CHANNELS, GAPS
    from tests.store.samples import side_events

    store.record_many(side_events())
    assert store.flush(10 * TIME_UNIT)
    for what, writer, noun in (
        (GAPS, export_gaps, "1 gap"),
        (CHANNELS, export_channel_states, "1 channel state change"),
    ):
        dialog.set_choice(what=what, scope=SCOPE_ALL)
        assert what in Path(dialog.path_edit.text()).name  # the name follows the choice
        path = tmp_path / f"{what}.csv"
        dialog.path_edit.setText(str(path))
        ok, message = export(qtbot, dialog)
        assert ok and message.startswith(f"Exported {noun} to")
        expected = io.StringIO(newline="")
        writer(store.reader, expected, fmt=CSV)
        assert read(path) == expected.getvalue()
