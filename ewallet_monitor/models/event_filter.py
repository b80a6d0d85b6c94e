"""The event log's filter: text or regex, kinds, topic, direction, control frames.

The proxy reads each row's :class:`~ewallet_monitor.models.event_log.EventRecord` directly
(never the display strings), and the search text is computed once per record, so
filtering 200 000 rows stays quick. Filtering only hides rows: capture goes on untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Signal,
)

from ewallet_monitor.models.event_log import CONTROL_KINDS, KINDS, EventLogModel, EventRecord
from ewallet_monitor.query import Query
from ewallet_monitor.safe_regex import UnsupportedPattern, compile_filter

ModelIndex = QModelIndex | QPersistentModelIndex


class EventFilterProxy(QSortFilterProxyModel):
    """Filters an :class:`EventLogModel`.

    Heartbeats and ``phx_reply`` rows are hidden by default (``set_show_control_frames``);
    a control frame that carries an error is always shown. Regular expressions run on RE2
    (linear time: no pattern can freeze the window). An invalid or unsupported one
    does not filter by text; :attr:`filter_error` holds the message and
    ``filter_error_changed`` reports it ("" when the expression is valid again).
    """

    filter_error_changed = Signal(str)
    filter_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)  # rows never change after insertion
        self._text = ""
        self._use_regex = False
        self._pattern: Callable[[str], bool] | None = None
        self._filter_error = ""
        self._kinds: frozenset[str] | None = None
        self._topic = ""
        self._direction: str | None = None
        self._show_control = False
        self._query: Query | None = None
        self._log: EventLogModel | None = None  # the source, typed (filterAcceptsRow is hot)

    # -- criteria --------------------------------------------------------------------------

    def set_text(self, text: str, regex: bool | None = None) -> None:
        """Match rows containing ``text`` (case-insensitive), or matching it as a regex."""
        if regex is not None:
            self._use_regex = regex
        self._text = text
        error = ""
        self._pattern = None
        if self._use_regex and text:
            try:
                # Linear time whatever the pattern (safe_regex.py); multi-line: each
                # field is a line of the search text, so ^ and $ anchor to a field.
                self._pattern = compile_filter(text)
            except UnsupportedPattern as exc:
                error = str(exc)
        self._apply()
        if error != self._filter_error:
            self._filter_error = error
            self.filter_error_changed.emit(error)

    def set_regex(self, regex: bool) -> None:
        self.set_text(self._text, regex)

    def set_kinds(self, kinds: Iterable[str] | None) -> None:
        """Show only these row kinds; ``None`` shows every kind."""
        self._kinds = None if kinds is None else frozenset(kinds)
        self._apply()

    def set_topic(self, text: str) -> None:
        """Show only rows whose topic contains ``text`` (case-insensitive)."""
        self._topic = text.strip().lower()
        self._apply()

    def set_direction(self, direction: str | None) -> None:
        """``"in"``, ``"out"``, ``"—"`` (the monitor's own rows) or ``None`` for all."""
        self._direction = direction or None
        self._apply()

    def set_query(self, query: Query | None) -> None:
        """Show only rows the filter-language expression selects (``None``: no filter)."""
        self._query = query
        self._apply()

    @property
    def query(self) -> Query | None:
        return self._query

    def set_show_control_frames(self, show: bool) -> None:
        """Show heartbeats and replies (hidden by default)."""
        self._show_control = show
        self._apply()

    @property
    def text(self) -> str:
        return self._text

    @property
    def use_regex(self) -> bool:
        return self._use_regex

    @property
    def kinds(self) -> frozenset[str] | None:
        return self._kinds

    @property
    def show_control_frames(self) -> bool:
        return self._show_control

    @property
    def filter_error(self) -> str:
        """Why the text filter is not applied ("" when it is)."""
        return self._filter_error

    @property
    def all_kinds(self) -> tuple[str, ...]:
        return KINDS

    def record(self, index: ModelIndex) -> EventRecord | None:
        """The record behind a proxy index."""
        if self._log is None or not index.isValid():
            return None
        return self._log.record(self.mapToSource(index))

    # -- filtering -------------------------------------------------------------------------

    def accepts(self, record: EventRecord) -> bool:
        """The filter's verdict on one record."""
        log = self._log
        if record.duplicate_of is not None and log is not None and log.one_row_per_event:
            return False  # shown in its first copy's row
        if not self._show_control and record.kind in CONTROL_KINDS and not record.is_problem:
            return False
        if self._kinds is not None and record.kind not in self._kinds:
            return False
        if self._direction is not None and record.direction != self._direction:
            return False
        if self._topic and not any(self._topic in t.lower() for t in record.all_topics):
            return False
        if self._text:
            if self._use_regex:
                if self._pattern is not None and not self._pattern(record.search_text):
                    return False
            elif self._text.lower() not in record.search_text:
                return False
        return self._query is None or self._query.matches(record.facts())

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        """Filter ``source``, which must be an :class:`EventLogModel`."""
        if not isinstance(source, EventLogModel):
            raise TypeError(f"EventFilterProxy filters an EventLogModel, not {source!r}")
        self._log = source
        source.one_row_per_event_changed.connect(lambda _on: self._apply())
        super().setSourceModel(source)

    def multiData(self, index: ModelIndex, roleDataSpan: Any) -> None:
        """A cell's roles from the log in one call (Qt's default asks this proxy once
        per role, and each answer maps the index to the source again)."""
        if self._log is None:
            super().multiData(index, roleDataSpan)
            return
        self._log.multiData(self.mapToSource(index), roleDataSpan)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if self._log is None or source_parent.isValid():
            return False
        return self.accepts(self._log.record_at(source_row))

    def _apply(self) -> None:
        # Qt 6.10 deprecates invalidateFilter() for begin/endFilterChange(); keep both.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - PySide6 < 6.10
            self.invalidateRowsFilter()
        self.filter_changed.emit()
