"""Where the log's columns sit, in the live log and History alike.

The model keeps its column numbers; the views show Summary, the most useful column, right
after Event, taking the width the others leave, Δt right after Time and Latency right
after Ref, as Wireshark shows its delta time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView

from ewallet_monitor.models.event_log import Column


def arrange_timing_columns(table: QTableView) -> None:
    """Move Summary after Event (stretching), Δt after Time and Latency after Ref, and
    size the last two for their figures."""
    header = table.horizontalHeader()
    header.moveSection(header.visualIndex(Column.SUMMARY), header.visualIndex(Column.EVENT) + 1)
    header.setSectionResizeMode(Column.SUMMARY, QHeaderView.ResizeMode.Stretch)
    for column, after in ((Column.DELTA, Column.TIME), (Column.LATENCY, Column.REF)):
        header.moveSection(header.visualIndex(column), header.visualIndex(after) + 1)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    metrics = table.fontMetrics()
    table.setColumnWidth(Column.DELTA, metrics.horizontalAdvance("0000.000") + 16)
    table.setColumnWidth(Column.LATENCY, metrics.horizontalAdvance("Latency 0") + 16)


__all__ = ["arrange_timing_columns"]
