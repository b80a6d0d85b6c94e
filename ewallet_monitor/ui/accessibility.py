"""Accessible names for every control a screen reader lands on.

:func:`name_controls` runs over a finished window or dialog: a form label becomes its
field's buddy (screen readers read the label as the field's name, and Alt+letter moves
there), and a control that still has no name takes one from what a sighted user reads
near it (its placeholder or tooltip). A name set in the code always wins; a control with
none of these stays unnamed, so :func:`unnamed_controls` (what the accessibility test
walks) reports it.

Qt reads some controls' names from their content and ignores ``setAccessibleName``: a
combo box's name is its current text (on Linux), a tab bar's its current tab's. A combo
counts as named only with a buddy label (read through the label relation) or an
accessible description; a tab bar with no tab (main windows keep spare ones for docks)
is not a control.
"""

from __future__ import annotations

import itertools
import re

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)


def is_qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds and names itself (scroll bars, headers, a combo's popup list, a
    line edit's clear button, the menu bar's overflow button, a table's corner)."""
    if isinstance(widget, QScrollBar | QHeaderView):
        return True
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    if isinstance(parent, QLineEdit | QMenuBar | QAbstractSpinBox):
        return True
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True  # the popup's list
        parent = parent.parentWidget()
    return False


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader reads for ``widget`` (its own, its text, its buddy's)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def interactive_controls(root: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in [root, *root.findChildren(QWidget)]
        if isinstance(widget, INTERACTIVE)
        and not is_qt_internal(widget)
        and not (isinstance(widget, QTabBar) and widget.count() == 0)
    ]


def has_label(widget: QWidget) -> bool:
    """Whether a label of ``widget``'s window names it (its buddy)."""
    window = widget.window()
    return any(label.buddy() is widget for label in window.findChildren(QLabel))


def is_named(widget: QWidget) -> bool:
    """Whether a screen reader has something to say for ``widget`` besides its value."""
    if isinstance(widget, QComboBox):
        return has_label(widget) or bool(widget.accessibleDescription().strip())
    return bool(accessible_name(widget))


def unnamed_controls(root: QWidget) -> list[QWidget]:
    return [widget for widget in interactive_controls(root) if not is_named(widget)]


def name_controls(root: QWidget) -> int:
    """Give every control under ``root`` a name; returns how many it named."""
    for layout in root.findChildren(QLayout):
        _buddy_labels(layout)
    for edit in root.findChildren(QLineEdit):
        # Qt's clear button (shown while there is text) has no name of its own.
        for button in edit.findChildren(QToolButton):
            if not button.accessibleName():
                button.setAccessibleName(QCoreApplication.translate("accessibility", "Clear"))
    named = 0
    for widget in unnamed_controls(root):
        name = _name_from_context(widget)
        if name:
            widget.setAccessibleName(name)
            if isinstance(widget, QComboBox):
                widget.setAccessibleDescription(name)
            named += 1
    return named


def focus_chain(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` in the order Tab visits them (Qt's focus chain)."""
    chain: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and len(chain) < 10_000:
        if not isinstance(widget, QWidget):
            # PySide can hand back a stale wrapper of another type (seen: a QSpacerItem)
            # while a layout switch deletes widgets; the chain cannot be followed past it.
            break
        if (
            root.isAncestorOf(widget)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not is_qt_internal(widget)
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def is_tab_stop(widget: QWidget, window: QWidget) -> bool:
    """Whether Tab should stop at ``widget``: on the window (a hidden dock of a tabbed
    group sits outside it, still "visible"), and not a dock tab bar."""
    if isinstance(widget, QTabBar) and widget.parentWidget() is window:
        return False
    place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return window.rect().intersects(place)


def chain_in_order(*groups: QWidget) -> None:
    """Tab goes through ``groups`` (panels) one after the other, each in its own order."""
    order = [widget for group in groups for widget in focus_chain(group)]
    for first, second in itertools.pairwise(order):
        QWidget.setTabOrder(first, second)


def let_tab_leave_views(root: QWidget) -> None:
    """Tab leaves every table and tree under ``root`` (the arrows move inside): with Qt's
    default it walks a table's cells first, thousands of them in the event log."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def announce(source: QObject, message: str, *, assertive: bool = False) -> None:
    """Have a screen reader say ``message`` now (an AT-SPI announcement), whatever has
    the focus; ``assertive`` interrupts what it is saying. Nothing happens while no
    assistive technology listens."""
    if not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(source, message)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def _buddy_labels(layout: QLayout) -> None:
    """A label beside (or above, in a form) an unnamed field becomes its buddy."""
    if isinstance(layout, QFormLayout):
        for row in range(layout.rowCount()):
            label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            _pair(label.widget() if label else None, _first_field(field))
    elif isinstance(layout, QGridLayout):
        for row in range(layout.rowCount()):
            for column in range(layout.columnCount() - 1):
                label = layout.itemAtPosition(row, column)
                field = layout.itemAtPosition(row, column + 1)
                _pair(label.widget() if label else None, _first_field(field))
    elif isinstance(layout, QHBoxLayout):
        for index in range(layout.count() - 1):
            label = layout.itemAt(index)
            field = layout.itemAt(index + 1)
            _pair(label.widget() if label else None, _first_field(field))


def _first_field(item: object) -> QWidget | None:
    """The first control in a layout item: the widget itself, or the first one inside
    the layout or container it holds (a field wrapped with its error line)."""
    if item is None:
        return None
    widget = item.widget()  # type: ignore[attr-defined]
    if isinstance(widget, INTERACTIVE):
        return widget
    inner = widget.layout() if widget is not None else item.layout()  # type: ignore[attr-defined]
    if inner is not None and inner.count():
        return _first_field(inner.itemAt(0))
    return None


def _pair(label: QWidget | None, field: QWidget | None) -> None:
    if field is None or field.accessibleName():
        return
    if isinstance(field, QAbstractButton) and field.text():
        return  # a button says what it does itself
    if isinstance(label, QCheckBox | QRadioButton) and label.text().strip():
        # "[x] From [date]": the check box that turns the field on names it.
        field.setAccessibleName(_plain(label.text()))
        return
    if not isinstance(label, QLabel) or not label.text().strip():
        return
    # QFormLayout.addRow(text, box) makes the box the buddy: the field inside is meant.
    if label.buddy() is not None and isinstance(label.buddy(), INTERACTIVE):
        return
    label.setBuddy(field)
    if label.parentWidget() is not field.parentWidget():
        # Qt looks for a buddy label among the field's siblings only.
        field.setAccessibleName(_plain(label.text()))


def _name_from_context(widget: QWidget) -> str:
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and placeholder():
        return _plain(placeholder())
    if widget.toolTip():
        return _first_clause(_plain(widget.toolTip()))
    return ""


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split()).rstrip(":")


def _first_clause(text: str) -> str:
    clause = re.split(r"(?<=[.;:])\s|\s\(", text, maxsplit=1)[0]
    return clause.rstrip(".;:") or text
