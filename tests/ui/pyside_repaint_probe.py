"""Run by test_pyside_regression.py in a fresh interpreter: thousands of real repaints.

Prints one JSON line with the ``None`` reference counts before and after and the number of
``data()``/``multiData()`` calls (the view's delegate asks ``multiData``). An affected PySide6 build either aborts (``Fatal Python error:
none_dealloc``) or shows the lost references. A fresh process keeps the count free of what
other tests allocate and free meanwhile.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.protocol.events import MonitorEvent
from tests.models import samples


class CountingEventLog(EventLogModel):
    """The real model, counting how often the view calls into it for cell values."""

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

    def multiData(self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: Any) -> None:
        self.data_calls += 1
        super().multiData(index, roleDataSpan)


def main(cycles: int) -> None:
    app = QApplication.instance() or QApplication([])
    model = CountingEventLog()
    table = QTableView()
    model.setParent(table)
    table.setModel(model)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(18)
    table.resize(600, 160)  # a small viewport keeps each repaint cheap
    table.show()
    app.processEvents()
    events: list[MonitorEvent] = [
        samples.request_event(),
        samples.heartbeat_reply(),
        samples.invalid_frame(),  # rows whose columns are empty: data() returns "" and None
        samples.gap(),
    ]
    gc.collect()
    gc.disable()  # no collection may free None references while counting
    none_before = sys.getrefcount(None)
    for cycle in range(cycles):
        model.append(events[cycle % len(events)])
        model.flush()
        if cycle % 7 == 0:
            table.verticalScrollBar().setValue(cycle % max(1, model.rowCount()))
        else:
            table.scrollToBottom()
        app.processEvents()  # paints the rows just inserted or scrolled to
    none_after = sys.getrefcount(None)
    gc.enable()
    print(
        json.dumps(
            {"none_before": none_before, "none_after": none_after, "data_calls": model.data_calls}
        )
    )
    table.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
