"""The amount is sacred: at the narrowest width the window allows, with the extreme
amounts waiting, every character of each card's amount, symbol and countdown and both
buttons lie inside the visible area (from the widgets' geometry and the font metrics),
and the Approvals area never scrolls sideways."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QHeaderView, QLabel, QToolTip, QWidget

from ewallet_monitor.models.approval_queue import ApprovalHistoryModel
from ewallet_monitor.ui.amount_delegate import AmountColumnDelegate
from ewallet_monitor.ui.amount_label import AmountLabel, line_rects
from ewallet_monitor.ui.window_layout import WindowLayout
from tests.e2e.conftest import Cockpit, make_settings, shown_window, start_simulator

TOKEN_COUNTER = "txr_01chdzp14tetce9x770mzt62wz"  # OMG, 10**18, expires in 30 s (seed 7)
EXTREMES = {
    1: "0.000000000000000001 OMG",
    123_456_789_012_123_456_789_012_345_678: "123,456,789,012.123456789012345678 OMG",
    179_006_766_392_152_940_469: "179.006766392152940469 OMG",
}


def global_rect(widget: QWidget, rect: QRect | None = None) -> QRect:
    area = widget.rect() if rect is None else rect
    return QRect(widget.mapToGlobal(area.topLeft()), area.size())


def text_rect(label: QLabel) -> QRect:
    """Where a one-line label's text lies, from its font metrics and alignment."""
    metrics = label.fontMetrics()
    width = metrics.horizontalAdvance(label.text())
    contents = label.contentsRect()
    assert width <= contents.width(), (label.objectName(), label.text(), width, contents)
    left = contents.right() - width + 1 if label.alignment() & 0x2 else contents.left()
    return QRect(left, contents.top(), width, min(metrics.height(), contents.height()))


def assert_inside(inner: QRect, outer: QRect, what: str) -> None:
    assert outer.contains(inner), f"{what}: {inner} not inside {outer}"


@pytest.mark.parametrize("layout", list(WindowLayout))
def test_extreme_amounts_are_whole_at_the_narrowest_window(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path, layout: WindowLayout
) -> None:
    sim = start_simulator()
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), demo_mode="cashier") as parts:
            cockpit = Cockpit(parts, sim, qtbot, qasync_loop)
            window = parts.window
            view = window.queue_view

            async def scenario() -> None:
                window.set_layout(layout)
                await cockpit.connect_as_cashier()
                ids = []
                for amount in EXTREMES:
                    consumption = cockpit.sim.create_consumption(TOKEN_COUNTER, 0, amount)
                    ids.append(str(consumption["id"]))
                    await cockpit.until(lambda c=ids[-1]: view.has_card(c))
                for consumption_id in ids:
                    cockpit.look_at(consumption_id)
                    await asyncio.sleep(0.05)
                    # The smallest the window may be with this payment in focus.
                    narrowest = window.minimumSizeHint()
                    window.resize(narrowest)
                    await cockpit.until(lambda n=narrowest: window.width() == n.width())
                    await asyncio.sleep(0.1)
                    view.refresh_in_view()
                    assert view.width() <= window.width()
                    visible = global_rect(window).intersected(global_rect(view))
                    card = view.card_widget(consumption_id)
                    assert card is not None, "the payment in focus shows in the large card"
                    assert view.focus_in_view()
                    shown = global_rect(card, card.visibleRegion().boundingRect())
                    area = shown.intersected(visible)
                    card.update_countdown(view.queue.now())
                    amount = card.findChild(AmountLabel)
                    assert amount is not None
                    assert amount.text() == EXTREMES[card.card.consumption.amount or 0]
                    fit = amount.fit()
                    assert fit.pixel_size >= 14
                    assert "".join(fit.lines).replace(" ", "") == amount.text().replace(" ", "")
                    for line_rect in amount.text_rects():
                        rect = line_rect.toAlignedRect()
                        assert_inside(rect, amount.rect(), "amount line in its label")
                        assert_inside(global_rect(amount, rect), area, "amount line")
                    countdown = card.countdown_label
                    assert countdown.text().startswith("expires in")
                    assert_inside(global_rect(countdown, text_rect(countdown)), area, "countdown")
                    for button in (card.reject_button, card.approve_button):
                        assert button.isVisible()
                        assert_text_fits(button)
                        assert_inside(global_rect(button), area, button.text())
                    # Nothing overlaps the amount.
                    amount_box = global_rect(amount)
                    for other in (countdown, card.reject_button, card.approve_button):
                        assert not amount_box.intersects(global_rect(other)), other.objectName()
                    # The list's rows: every amount whole inside its row, no sideways scroll.
                    rows = view.list_view
                    assert rows.horizontalScrollBar().maximum() == 0
                    list_area = global_rect(rows.viewport()).intersected(visible)
                    for row in rows.visible_rows():
                        index = rows.model().index(row, 0)
                        row_rect = rows.visualRect(index)
                        row_card = view.queue.card(str(index.data(rows.list_model.IdRole)))
                        assert row_card is not None
                        seconds = row_card.seconds_left(view.queue.now())
                        _font, row_fit, row_countdown, inner = rows.delegate.row_layout(
                            rows.font(), row_rect, row_card, seconds
                        )
                        assert row_fit.pixel_size >= 14
                        assert row_fit.height <= inner.height(), (row_fit.lines, inner)
                        for line in line_rects(QRectF(inner), row_fit):
                            rect = global_rect(rows.viewport(), line.toAlignedRect())
                            assert_inside(rect, list_area, "row amount")
                        assert rows.fontMetrics().horizontalAdvance(row_countdown) <= inner.width()

            cockpit.run(scenario)
    finally:
        sim.stop()


def assert_text_fits(button: QAbstractButton) -> None:
    needed = button.fontMetrics().horizontalAdvance(button.text())
    assert needed < button.width(), (button.text(), needed, button.width())


def test_text_rect_reads_the_alignment(qtbot: Any) -> None:
    label = QLabel("expires in 0:09")
    qtbot.addWidget(label)
    label.resize(300, 30)
    assert text_rect(label).left() == label.contentsRect().left()
    assert QRectF(text_rect(label)).width() > 0
    assert QPoint(0, 0) == label.rect().topLeft()


async def settle_in_history(cockpit: Cockpit, amounts: Any) -> None:
    """One rejected payment per amount, each waited for until it is in the history."""
    parts, view = cockpit.parts, cockpit.parts.window.queue_view
    for amount in amounts:
        consumption = cockpit.sim.create_consumption(TOKEN_COUNTER, 0, amount)
        cid = str(consumption["id"])
        await cockpit.until(lambda c=cid: view.has_card(c))
        parts.controller.cashier.act(cid, "reject")
        await cockpit.until(
            lambda c=cid: (card := parts.queue.card(c)) is not None and card.is_final
        )
    parts.queue.clear_settled()


def test_amounts_in_the_history_table_are_whole_or_in_the_tooltip(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    sim = start_simulator()
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), demo_mode="cashier") as parts:
            cockpit = Cockpit(parts, sim, qtbot, qasync_loop)
            window = parts.window
            view = window.queue_view

            async def scenario() -> None:
                await cockpit.connect_as_cashier()
                await settle_in_history(cockpit, EXTREMES)
                table = view.history_view
                model = table.model()
                await cockpit.until(lambda: model.rowCount() == len(EXTREMES))
                narrowest = window.minimumSizeHint()
                window.resize(narrowest.width(), max(narrowest.height(), 520))
                await cockpit.until(lambda: window.width() == narrowest.width())
                await asyncio.sleep(0.2)
                column = ApprovalHistoryModel.COL_AMOUNT
                delegate = table.itemDelegateForColumn(column)
                assert isinstance(delegate, AmountColumnDelegate)
                metrics = table.fontMetrics()
                for row in range(model.rowCount()):
                    index = model.index(row, column)
                    text = str(index.data())
                    assert text in EXTREMES.values()
                    whole = metrics.horizontalAdvance(text) <= table.columnWidth(column)
                    # Either the column shows it all, or hovering the cell gives all of it.
                    table.scrollTo(index)
                    rect = table.visualRect(index)
                    QToolTip.hideText()
                    QApplication.sendEvent(
                        table.viewport(),
                        QHelpEvent(
                            QEvent.Type.ToolTip,
                            rect.center(),
                            table.viewport().mapToGlobal(rect.center()),
                        ),
                    )
                    assert whole or QToolTip.text() == text, (text, table.columnWidth(column))
                # Squeezed to nothing, the tooltip has it all.
                table.setColumnWidth(column, 40)
                table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                index = model.index(0, column)
                rect = table.visualRect(index)
                QToolTip.hideText()
                QApplication.sendEvent(
                    table.viewport(),
                    QHelpEvent(
                        QEvent.Type.ToolTip,
                        rect.center(),
                        table.viewport().mapToGlobal(rect.center()),
                    ),
                )
                assert QToolTip.text() == str(index.data())

            cockpit.run(scenario)
    finally:
        sim.stop()


def test_history_columns_show_their_whole_text_when_the_window_has_room(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    sim = start_simulator()
    try:
        with shown_window(qasync_loop, make_settings(tmp_path), demo_mode="cashier") as parts:
            cockpit = Cockpit(parts, sim, qtbot, qasync_loop)
            window = parts.window
            view = window.queue_view
            window.resize(1366, 740)

            async def scenario() -> None:
                await cockpit.connect_as_cashier()
                await settle_in_history(cockpit, list(EXTREMES)[:2])
                table = view.history_view
                model = table.model()
                await cockpit.until(lambda: model.rowCount() == 2)
                await asyncio.sleep(0.3)
                metrics = table.fontMetrics()
                shown = (
                    ApprovalHistoryModel.COL_SETTLED,
                    ApprovalHistoryModel.COL_AMOUNT,
                    ApprovalHistoryModel.COL_CONSUMER,
                    ApprovalHistoryModel.COL_OUTCOME,
                )
                for row in range(model.rowCount()):
                    for column in shown:
                        text = str(model.index(row, column).data())
                        needed = metrics.horizontalAdvance(text)
                        assert needed < table.columnWidth(column), (text, table.columnWidth(column))

            cockpit.run(scenario)
    finally:
        sim.stop()
