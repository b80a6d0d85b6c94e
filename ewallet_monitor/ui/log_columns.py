"""Where the log's timing columns sit, in the live log and History alike.

The model keeps Δt and Latency last so the other columns keep their numbers; the views
show Δt right after Time and Latency right after Ref, as Wireshark shows its delta time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView

from ewallet_monitor.models.event_log import Column


def arrange_timing_columns(table: QTableView) -> None:
    """Move Δt after Time and Latency after Ref, and size both for their figures."""
    header = table.horizontalHeader()
    for column, after in ((Column.DELTA, Column.TIME), (Column.LATENCY, Column.REF)):
        header.moveSection(header.visualIndex(column), header.visualIndex(after) + 1)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    metrics = table.fontMetrics()
    table.setColumnWidth(Column.DELTA, metrics.horizontalAdvance("0000.000") + 16)
    table.setColumnWidth(Column.LATENCY, metrics.horizontalAdvance("Latency 0") + 16)


__all__ = ["arrange_timing_columns"]
