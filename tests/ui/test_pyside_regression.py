"""Regression: a real QTableView repainting over a Python item model must not leak ``None``.

PySide6 6.12.0 on CPython 3.11 lowers ``None``'s reference count on every call from a view
into a Python ``QAbstractItemModel``; after a few thousand repaints the process aborts with
``Fatal Python error: none_dealloc`` (architecture.md §2). Python >= 3.12 is immune (``None``
is immortal). This test drives the real event log model through a visible table with many
more model calls than ``None`` has references, so an affected build aborts (or, before
that, fails the refcount check below), and any dependency bump that brings the bug back
fails CI.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.protocol.events import MonitorEvent
from tests.models import samples

# Each cycle inserts a row, scrolls and repaints the table (~300 model calls). A small
# viewport keeps a repaint cheap so the test gets through thousands of them in seconds.
CYCLES = 3000


class CountingEventLog(EventLogModel):
    """The real model, counting how often the view calls ``data``."""

    def __init__(self) -> None:
        super().__init__(max_rows=3000, flush_interval_ms=10_000)  # flushed by hand
        self.data_calls = 0

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        self.data_calls += 1
        return super().data(index, role)


def test_thousands_of_repaints_keep_none_referenced(qtbot: Any) -> None:
    model = CountingEventLog()
    table = QTableView()
    model.setParent(table)
    qtbot.addWidget(table)
    table.setModel(model)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(18)
    table.resize(600, 160)
    table.show()
    qtbot.waitExposed(table)
    events: list[MonitorEvent] = [
        samples.request_event(),
        samples.heartbeat_reply(),
        samples.invalid_frame(),  # rows whose columns are empty: data() returns "" and None
        samples.gap(),
    ]
    none_before = sys.getrefcount(None)
    for cycle in range(CYCLES):
        model.append(events[cycle % len(events)])
        model.flush()
        if cycle % 7 == 0:
            table.verticalScrollBar().setValue(cycle % max(1, model.rowCount()))
        else:
            table.scrollToBottom()
        QApplication.processEvents()  # paints the rows just inserted or scrolled to
    none_after = sys.getrefcount(None)
    # Far more calls than None has references: an affected build cannot get through this.
    assert model.data_calls > 50 * CYCLES  # every cycle repainted visible rows
    assert model.data_calls > 4 * none_before
    # An affected build loses one reference per call; a sound one stays roughly level.
    assert none_after > none_before - 2_000, (none_before, none_after, model.data_calls)
