"""Tab follows the visual order, in both layouts: pressing Tab from the first control
visits every visible control once, panel by panel (the window's columns, left to right,
each top to bottom), and inside a panel line by line, left to right."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QTabBar,
    QWidget,
)

from ewallet_monitor.app.gui import Assembly
from ewallet_monitor.ui.accessibility import accessible_name, is_qt_internal, is_tab_stop
from ewallet_monitor.ui.window_layout import WindowLayout
from tests.models.samples import request_event
from tests.ui.test_accessibility import DIALOGS

# Widgets whose tops differ by less than this sit on one line (a check box beside a
# line edit is a few pixels lower).
LINE_TOLERANCE_PX = 12


def panel_of(widget: QWidget, window: QWidget) -> QWidget:
    """The dock a widget is in, else the central widget (a dialog is one panel)."""
    if not isinstance(window, QMainWindow):
        return window
    current: QWidget | None = widget
    while current is not None and current is not window:
        if isinstance(current, QDockWidget):
            return current
        current = current.parentWidget()
    central = window.centralWidget()
    assert central is not None
    return central


def place(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def visible_controls(window: QWidget) -> list[QWidget]:
    """Every control a sighted user sees and Tab may reach."""
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
        # A tab widget's own tab bar is a stop (it switches the page); the other insides
        # of Qt's widgets are not.
        and (isinstance(widget, QTabBar) or not is_qt_internal(widget))
        and is_tab_stop(widget, window)
    ]


def reading_order(widgets: list[QWidget], window: QWidget) -> list[QWidget]:
    """Panels by column (left edge, then top), inside each: lines top to bottom, each
    line left to right."""
    panels: dict[int, list[QWidget]] = {}
    heads: dict[int, QWidget] = {}
    for widget in widgets:
        panel = panel_of(widget, window)
        panels.setdefault(id(panel), []).append(widget)
        heads[id(panel)] = panel
    ordered: list[QWidget] = []
    for key in sorted(
        panels, key=lambda k: (place(heads[k], window).x(), place(heads[k], window).y())
    ):
        members = sorted(panels[key], key=lambda w: (place(w, window).y(), place(w, window).x()))
        lines: list[list[QWidget]] = []
        for widget in members:
            top = place(widget, window).y()
            if lines and top - place(lines[-1][0], window).y() < LINE_TOLERANCE_PX:
                lines[-1].append(widget)
            else:
                lines.append([widget])
        for line in lines:
            ordered.extend(sorted(line, key=lambda w: place(w, window).x()))
    return ordered


def tab_walk(window: QWidget, qtbot: Any, first: QWidget, limit: int = 300) -> list[QWidget]:
    """Press Tab from ``first`` until the focus comes back to it. A date field takes Tab
    through its sections (day, month, …) before it lets go: one stop."""
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    visited = [first]
    for _ in range(limit):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None, "Tab left the window"
        if now is first:
            return visited
        if now is not visited[-1]:
            visited.append(now)
    raise AssertionError(f"Tab never came back to the first control: {names(visited[:40])}")


def side_by_side(walked: list[QWidget], expected: list[QWidget]) -> str:
    rows = ["Tab visits                                visual order"]
    for index in range(max(len(walked), len(expected))):
        left = names(walked[index : index + 1]) or [""]
        right = names(expected[index : index + 1]) or [""]
        mark = "  " if left == right else "≠ "
        rows.append(f"{mark}{left[0][:40]:42}{right[0][:40]}")
    return "\n".join(rows)


def names(widgets: list[QWidget]) -> list[str]:
    return [f"{type(w).__name__}:{accessible_name(w) or w.objectName()}" for w in widgets]


@pytest.fixture
def parts(recorded_window: Assembly, qtbot: Any) -> Assembly:
    window = recorded_window.window
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    recorded_window.controller.handle_event(request_event())  # a card in focus, with its buttons
    return recorded_window


@pytest.mark.parametrize("layout", list(WindowLayout))
def test_tab_follows_the_visual_order(parts: Assembly, qtbot: Any, layout: WindowLayout) -> None:
    window = parts.window
    window.set_layout(layout)
    qtbot.wait(10)  # the docks take their places
    # A first round: focus on the event table selects a row, which shows the detail
    # pane's buttons; the second round is compared.
    tab_walk(window, qtbot, reading_order(visible_controls(window), window)[0])
    expected = reading_order(visible_controls(window), window)
    assert len(expected) > 5
    walked = tab_walk(window, qtbot, expected[0])
    assert walked == expected, side_by_side(walked, expected)


def test_the_card_buttons_come_between_the_threshold_and_the_list(
    parts: Assembly, qtbot: Any
) -> None:
    window = parts.window
    window.set_layout(WindowLayout.CASHIER)
    queue = window.queue_view
    card = queue.focus_card
    assert card is not None
    walked = tab_walk(window, qtbot, queue.threshold_spin)
    assert walked[:4] == [
        queue.threshold_spin,
        card.reject_button,
        card.approve_button,
        queue.list_view,
    ]


def test_tab_leaves_the_channels_field_and_the_event_table(parts: Assembly, qtbot: Any) -> None:
    window = parts.window
    window.set_layout(WindowLayout.OPERATOR)
    topics = window.connection_form.topics_edit
    topics.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(topics.hasFocus)
    qtbot.keyClick(topics, Qt.Key.Key_Tab)
    assert not topics.hasFocus()
    assert "\t" not in topics.toPlainText()
    table = window.event_log_view.table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()


def test_the_walk_sees_a_control_out_of_order(parts: Assembly, qtbot: Any) -> None:
    """The comparison can fail: a field placed first but made last is reported."""
    window = parts.window
    window.set_layout(WindowLayout.CASHIER)
    queue = window.queue_view
    extra = QLineEdit(queue)
    extra.setAccessibleName("Out of order")
    # On the threshold's line, at the right: seen second or third, made (so Tab-ed) last.
    spin = queue.threshold_spin.mapTo(queue, QPoint(0, 0))
    extra.move(queue.width() - extra.width(), spin.y())
    extra.show()
    try:
        expected = reading_order(visible_controls(window), window)
        assert extra in expected
        walked = tab_walk(window, qtbot, expected[0])
        assert walked != expected, side_by_side(walked, expected)
    finally:
        extra.deleteLater()


@pytest.mark.parametrize("name", ["history", "export", "statistics", "colour_rules", "add_channel"])
def test_tab_follows_the_visual_order_in_the_dialogs(
    parts: Assembly, qtbot: Any, name: str
) -> None:
    dialog = DIALOGS[name](parts.window)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    tab_walk(dialog, qtbot, reading_order(visible_controls(dialog), dialog)[0])
    expected = reading_order(visible_controls(dialog), dialog)
    walked = tab_walk(dialog, qtbot, expected[0])
    assert walked == expected, side_by_side(walked, expected)
    for busy in (getattr(dialog, "view", None), dialog):
        if isinstance(getattr(busy, "busy", None), bool):
            qtbot.waitUntil(lambda busy=busy: not busy.busy)
    dialog.close()
