"""The filter-language bar on real widgets: in the live log, errors, saved filters."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.ui.event_log_view import EventLogView
from ewallet_monitor.ui.query_bar import MemoryFilterBook, QueryBar
from tests.models import samples


@pytest.fixture
def view(qtbot: Any) -> EventLogView:
    model = EventLogModel(flush_interval_ms=5)
    widget = EventLogView(model)
    model.setParent(widget)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _summaries(view: EventLogView) -> list[str]:
    proxy = view.proxy
    return [proxy.record(proxy.index(row, 0)).summary for row in range(proxy.rowCount())]  # type: ignore[union-attr]


def _fill(view: EventLogView) -> None:
    model = view.model
    model.append(samples.request_event(amount=40, symbol="BTC", consumption_id="txc_a"))
    model.append(samples.finalized_event("failed", amount=75, symbol="BTC", consumption_id="txc_b"))
    model.append(samples.finalized_event("failed", amount=90, symbol="OMG", consumption_id="txc_c"))
    model.append(samples.gap())
    model.flush()


def test_an_expression_typed_and_entered_filters_the_live_log(
    qtbot: Any, view: EventLogView
) -> None:
    _fill(view)
    assert view.proxy.rowCount() == 4
    qtbot.keyClicks(view.query_bar.edit, 'status == "failed" and token == "BTC" and amount > 0.5')
    qtbot.keyClick(view.query_bar.edit, Qt.Key.Key_Return)
    assert view.proxy.rowCount() == 1
    assert "0.75 BTC" in _summaries(view)[0]
    view.query_bar.edit.clear()
    qtbot.keyClick(view.query_bar.edit, Qt.Key.Key_Return)
    assert view.proxy.rowCount() == 4


def test_a_bad_expression_shows_the_column_and_keeps_the_last_good_filter(
    qtbot: Any, view: EventLogView
) -> None:
    _fill(view)
    view.query_bar.set_text('token == "OMG"')
    assert view.proxy.rowCount() == 1
    view.query_bar.set_text('token == "OMG" and amount >')
    bar = view.query_bar
    assert bar.error_label.isVisible()
    assert bar.error.startswith("column 28: expected a value")
    assert bar.error.splitlines()[-1] == " " * 27 + "^"
    assert view.proxy.rowCount() == 1  # the last good filter stays
    bar.set_text('token == "BTC"')
    assert not bar.error_label.isVisible()
    assert view.proxy.rowCount() == 2


def test_a_filter_saved_by_name_is_picked_from_the_bar(qtbot: Any, view: EventLogView) -> None:
    _fill(view)
    book = MemoryFilterBook()
    bar = view.query_bar
    bar.set_book(book)
    bar.set_text('status == "failed"')
    assert bar.save_current("Failures")
    assert book.get("Failures") == 'status == "failed"'
    assert not bar.save_current("")  # a name is needed
    bar.set_text("")
    assert view.proxy.rowCount() == 4
    bar.saved_menu.aboutToShow.emit()
    action = next(a for a in bar.saved_menu.actions() if a.text() == "Failures")
    action.trigger()
    assert bar.edit.text() == 'status == "failed"'
    assert view.proxy.rowCount() == 2


def test_a_bad_expression_is_not_saved(qtbot: Any) -> None:
    book = MemoryFilterBook()
    bar = QueryBar(book)
    qtbot.addWidget(bar)
    bar.edit.setText("amount ~ 5")
    assert not bar.save_current("broken")
    assert book.names() == []
    assert bar.error.startswith("column 8:")


def test_summary_comes_right_after_event_and_takes_the_width_left(
    qtbot: Any, view: EventLogView
) -> None:
    from PySide6.QtWidgets import QHeaderView

    from ewallet_monitor.models.event_log import Column

    header = view.table.horizontalHeader()
    shown = [Column(header.logicalIndex(visual)) for visual in range(header.count())]
    assert shown[shown.index(Column.EVENT) + 1] is Column.SUMMARY
    assert header.sectionResizeMode(Column.SUMMARY) is QHeaderView.ResizeMode.Stretch
    assert not header.stretchLastSection()
