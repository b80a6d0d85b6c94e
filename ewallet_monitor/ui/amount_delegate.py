"""A table column of amounts: a cell too narrow for its amount offers the whole of it.

The column is sized to its contents by the table; when the window makes it narrower than
an amount, the hover tooltip (and a screen reader's accessible text) carries the full
exact amount, so a cut amount is never the only one in reach.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

AnyIndex = QModelIndex | QPersistentModelIndex
# A cell's text margins on both sides (the styles' focus-frame margin, with room to spare).
CELL_PADDING = 8


class AmountColumnDelegate(QStyledItemDelegate):
    def is_cut(self, option: QStyleOptionViewItem, index: AnyIndex) -> bool:
        """Whether the cell shows less than its whole text."""
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return option.fontMetrics.horizontalAdvance(text) + CELL_PADDING > option.rect.width()

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if text and self.is_cut(option, index):
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)
