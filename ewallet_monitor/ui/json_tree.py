"""A read-only tree of a JSON value: key, value, type.

Values are rendered from the Python objects themselves, so integers of any size (amounts
in subunits beyond 2**53) are shown exactly, never through a float or a QVariant.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

# Children shown per object or array before a "… N more" line (a huge frame must not freeze
# the pane; the text view still shows everything).
MAX_CHILDREN = 500
# Levels shown in the tree; deeper containers show "{…}" (the Text view has them). Each
# level is two Python calls, so this also keeps the tree far from the recursion limit.
MAX_TREE_DEPTH = 64
VALUE_PREVIEW_CHARS = 300


def scalar_text(value: Any) -> str:
    """JSON text of a scalar: ``null``, ``true``, exact ints, quoted-free strings."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return f"object ({len(value)})"
    if isinstance(value, list | tuple):
        return f"array ({len(value)})"
    return type(value).__name__


class JsonTreeWidget(QTreeWidget):
    """Shows one JSON value; :meth:`set_value` replaces it. Top levels start expanded."""

    KEY_COLUMN, VALUE_COLUMN, TYPE_COLUMN = 0, 1, 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("Key"), self.tr("Value"), self.tr("Type")])
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.KEY_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.VALUE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.TYPE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnWidth(self.KEY_COLUMN, 220)
        self._value: Any = None

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any, expand_depth: int = 1) -> None:
        """Show ``value``; containers down to ``expand_depth`` levels start expanded."""
        self._value = value
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            if isinstance(value, dict | list | tuple):
                self._add_children(self.invisibleRootItem(), value)
            else:
                self.addTopLevelItem(self._item("", value))
            if expand_depth >= 0:
                self.expandToDepth(expand_depth)
        finally:
            self.setUpdatesEnabled(True)

    def find_value_text(self, text: str) -> QTreeWidgetItem | None:
        """The first item whose value column shows exactly ``text`` (tests, search)."""
        matches = self.findItems(
            text,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
            self.VALUE_COLUMN,
        )
        return matches[0] if matches else None

    def _item(self, key: str, value: Any, depth: int = 0) -> QTreeWidgetItem:
        item = QTreeWidgetItem([key, "", type_name(value)])
        if isinstance(value, dict | list | tuple):
            if depth < MAX_TREE_DEPTH:
                self._add_children(item, value, depth + 1)
            else:
                item.setToolTip(
                    self.VALUE_COLUMN,
                    self.tr("nested deeper than {levels} levels: see Text").format(
                        levels=MAX_TREE_DEPTH
                    ),
                )
            item.setText(self.VALUE_COLUMN, "{…}" if isinstance(value, dict) else "[…]")
            item.setForeground(self.VALUE_COLUMN, self.palette().placeholderText())
        else:
            text = scalar_text(value)
            shown = text if len(text) <= VALUE_PREVIEW_CHARS else text[:VALUE_PREVIEW_CHARS] + "…"
            item.setText(self.VALUE_COLUMN, shown.replace("\n", "⏎"))
            item.setToolTip(self.VALUE_COLUMN, text[:4000])
            if value is None:
                item.setForeground(self.VALUE_COLUMN, self.palette().placeholderText())
        return item

    def _add_children(
        self,
        parent: QTreeWidgetItem,
        value: dict[Any, Any] | list[Any] | tuple[Any, ...],
        depth: int = 0,
    ) -> None:
        pairs = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        items = [self._item(str(key), child, depth) for key, child in pairs[:MAX_CHILDREN]]
        if len(pairs) > MAX_CHILDREN:
            more = QTreeWidgetItem(
                ["…", self.tr("%n more (see Text)", "", len(pairs) - MAX_CHILDREN), ""]
            )
            items.append(more)
        parent.addChildren(items)
