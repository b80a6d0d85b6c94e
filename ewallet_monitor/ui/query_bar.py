"""The filter-language bar: an expression field, its error, and the saved filters.

Used by the live log and by History (the same language: docs/event-log.md). The bar
compiles what is typed (after a short pause, or at once on Enter) and reports the
:class:`~ewallet_monitor.query.Query`, or ``None`` when the field is empty; a bad
expression keeps the last good filter and shows the column and the expected token.
A filter that uses ``age`` is compiled again every few seconds, so "pending for more
than a minute" stays true to the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.query import Query, QueryError, compile_query

DEBOUNCE_MS = 300
AGE_REFRESH_MS = 5_000
PLACEHOLDER = QT_TRANSLATE_NOOP(
    "QueryBar", 'Expression: status == "failed" and token == "BTC" and amount > 0.5'
)


class FilterBook(Protocol):
    """Where saved filters live (the app gives one backed by its settings)."""

    def names(self) -> list[str]: ...

    def get(self, name: str) -> str | None: ...

    def save(self, name: str, text: str) -> None: ...

    def delete(self, name: str) -> None: ...


class MemoryFilterBook:
    """Saved filters kept for this run only (tests, and a window without settings)."""

    def __init__(self) -> None:
        self._filters: dict[str, str] = {}

    def names(self) -> list[str]:
        return sorted(self._filters, key=str.casefold)

    def get(self, name: str) -> str | None:
        return self._filters.get(name)

    def save(self, name: str, text: str) -> None:
        self._filters[name] = text

    def delete(self, name: str) -> None:
        self._filters.pop(name, None)


def describe_error(error: QueryError, text: str) -> str:
    """``column 12: expected …`` with the expression and a caret under the column."""
    return f"{error}\n{text}\n{' ' * (error.column - 1)}^"


class QueryBar(QWidget):
    """Signals: ``query_changed(object)`` (a :class:`Query`, or ``None`` for no filter),
    ``error_changed(str)`` (the message, "" when the expression is good again)."""

    query_changed = Signal(object)
    error_changed = Signal(str)

    def __init__(
        self,
        book: FilterBook | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._book: FilterBook = book or MemoryFilterBook()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._query: Query | None = None
        self._error = ""
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply)

        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr(PLACEHOLDER))
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(
            self.tr(
                "Fields: event, topic, status, amount, token, customer, request, consumption, "
                "direction, time, age, error\nOperators: == != < <= > >= ~ contains, and, or, "
                "not, ( )"
            )
        )
        self.edit.textChanged.connect(lambda _text: self._debounce.start())
        self.edit.returnPressed.connect(self.apply)

        self.saved_button = QToolButton()
        self.saved_button.setText(self.tr("Saved filters"))
        self.saved_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.saved_menu = QMenu(self.saved_button)
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)
        self.saved_button.setMenu(self.saved_menu)

        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("font-family: monospace;")
        self.error_label.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.edit, 1)
        row.addWidget(self.saved_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error_label)

        self._age_timer = QTimer(self)
        self._age_timer.setInterval(AGE_REFRESH_MS)
        self._age_timer.timeout.connect(self._refresh_age)
        self._fill_saved_menu()

    # -- public ----------------------------------------------------------------------------

    @property
    def query(self) -> Query | None:
        """The filter in force (the last good expression), or ``None``."""
        return self._query

    @property
    def error(self) -> str:
        return self._error

    @property
    def book(self) -> FilterBook:
        return self._book

    def set_book(self, book: FilterBook) -> None:
        self._book = book
        self._fill_saved_menu()

    def set_text(self, text: str) -> None:
        """Put ``text`` in the field and apply it now."""
        self.edit.blockSignals(True)
        self.edit.setText(text)
        self.edit.blockSignals(False)
        self.apply()

    def apply(self) -> None:
        """Compile the field's text now and report the result."""
        self._debounce.stop()
        text = self.edit.text().strip()
        if not text:
            self._set(None, "")
            return
        try:
            query = compile_query(text, now=self._clock())
        except QueryError as exc:
            self._set_error(describe_error(exc, text))
            return
        self._set(query, "")

    def save_current(self, name: str) -> bool:
        """Save the field's expression under ``name``; False when it is empty or bad."""
        name = name.strip()
        text = self.edit.text().strip()
        if not name or not text:
            return False
        try:
            compile_query(text, now=self._clock())
        except QueryError as exc:
            self._set_error(describe_error(exc, text))
            return False
        self._book.save(name, text)
        self._fill_saved_menu()
        return True

    def pick(self, name: str) -> None:
        """Apply the saved filter ``name``."""
        text = self._book.get(name)
        if text is not None:
            self.set_text(text)

    # -- internals -------------------------------------------------------------------------

    def _set(self, query: Query | None, error: str) -> None:
        self._query = query
        uses_age = query is not None and "age" in query.fields
        if uses_age:
            self._age_timer.start()
        else:
            self._age_timer.stop()
        self._set_error(error)
        self.query_changed.emit(query)

    def _set_error(self, error: str) -> None:
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))
        if error != self._error:
            self._error = error
            self.error_changed.emit(error)

    def _refresh_age(self) -> None:
        if self._query is not None:
            self._set(compile_query(self._query.text, now=self._clock()), self._error)

    def _fill_saved_menu(self) -> None:
        menu = self.saved_menu
        menu.clear()
        names = self._book.names()
        for name in names:
            action = menu.addAction(name)
            action.setToolTip(self._book.get(name) or "")
            action.triggered.connect(lambda _checked=False, n=name: self.pick(n))
        if not names:
            empty = menu.addAction(self.tr("No saved filters"))
            empty.setEnabled(False)
        menu.addSeparator()
        save = menu.addAction(self.tr("Save this filter as…"))
        save.triggered.connect(self._ask_name)
        if names:
            delete = menu.addMenu(self.tr("Delete"))
            for name in names:
                action = delete.addAction(name)
                action.triggered.connect(lambda _checked=False, n=name: self._delete(n))

    def _delete(self, name: str) -> None:
        self._book.delete(name)
        self._fill_saved_menu()

    def _ask_name(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Save filter"))
        dialog.setLabelText(self.tr("Name of this filter:"))
        dialog.textValueSelected.connect(self.save_current)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # not exec(): a nested event loop would stall the asyncio side
