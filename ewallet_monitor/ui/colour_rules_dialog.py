"""View → Colouring rules…: edit the ordered *filter → colours* list of this profile.

One row per rule: a check box to turn it on or off and its name (painted in the rule's
colours, as rows it matches will be), its filter in the filter language, its text and
background colours (``#rrggbb``; *Colours…* picks them). The first matching rule wins, so
order matters (*Up*/*Down*). A rule whose filter or colour is wrong is named below the
table and *OK* stays off until it is fixed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.models.colour_rules import DEFAULT_RULES, ColourRule, ColourRules, check_rule
from ewallet_monitor.ui.accessibility import let_tab_leave_views, name_controls

NAME, FILTER, TEXT, BACKGROUND = range(4)
_TITLES = (
    QT_TRANSLATE_NOOP("ColourRulesDialog", "Rule"),
    QT_TRANSLATE_NOOP("ColourRulesDialog", "Filter"),
    QT_TRANSLATE_NOOP("ColourRulesDialog", "Text"),
    QT_TRANSLATE_NOOP("ColourRulesDialog", "Background"),
)


class ColourRulesDialog(QDialog):
    """Edits a copy of the rules; ``rules_accepted`` carries them when OK is pressed."""

    rules_accepted = Signal(object)  # ColourRules

    def __init__(self, rules: ColourRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("colourRulesDialog")
        self.setWindowTitle(self.tr("Colouring rules"))
        self.table = QTableWidget(0, len(_TITLES))
        self.table.setObjectName("colourRulesTable")
        self.table.setAccessibleName(self.tr("Colouring rules"))
        self.table.setAccessibleDescription(self.tr("The first enabled rule that matches wins"))
        self.table.setHorizontalHeaderLabels([self.tr(title) for title in _TITLES])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FILTER, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("colourRulesError")
        self.error_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.add_button = self._button("&Add", self.add_rule, buttons)
        self.remove_button = self._button("&Remove", self.remove_rule, buttons)
        self.up_button = self._button("&Up", lambda: self.move_rule(-1), buttons)
        self.down_button = self._button("&Down", lambda: self.move_rule(1), buttons)
        self.colours_button = self._button(self.tr("&Colours…"), self.pick_colours, buttons)
        self.defaults_button = self._button(self.tr("Defaults"), self.reset_to_defaults, buttons)
        buttons.addStretch(1)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "The first enabled rule whose filter matches a row colours it "
                '(filter language: e.g. status == "failed" and amount > 0.5).'
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.box)
        self.set_rules(rules.rules)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.resize(820, 360)
        name_controls(self)
        let_tab_leave_views(self)

    def _button(self, text: str, slot: object, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # -- contents ----------------------------------------------------------------------------

    def set_rules(self, rules: tuple[ColourRule, ...] | list[ColourRule]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for rule in rules:
            self._append(rule)
        self.table.blockSignals(False)
        self._validate()

    def _append(self, rule: ColourRule) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(rule.name)
        name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        name.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
        self.table.setItem(row, NAME, name)
        self.table.setItem(row, FILTER, QTableWidgetItem(rule.expression))
        self.table.setItem(row, TEXT, QTableWidgetItem(rule.foreground))
        self.table.setItem(row, BACKGROUND, QTableWidgetItem(rule.background))
        self._paint(row)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def rule_at(self, row: int) -> ColourRule:
        name = self.table.item(row, NAME)
        enabled = name is not None and name.checkState() == Qt.CheckState.Checked
        return ColourRule(
            self._text(row, NAME) or self.tr("Rule {number}").format(number=row + 1),
            self._text(row, FILTER),
            self._text(row, TEXT),
            self._text(row, BACKGROUND),
            enabled,
        )

    def rules(self) -> ColourRules:
        """The rules as the table shows them, in order."""
        return ColourRules(self.rule_at(row) for row in range(self.table.rowCount()))

    def _paint(self, row: int) -> None:
        item = self.table.item(row, NAME)
        if item is None:
            return
        foreground, background = QColor(self._text(row, TEXT)), QColor(self._text(row, BACKGROUND))
        if foreground.isValid():
            item.setForeground(foreground)
        if background.isValid():
            item.setBackground(background)

    def _validate(self) -> bool:
        problems = [
            problem
            for row in range(self.table.rowCount())
            if (problem := check_rule(self.rule_at(row))) is not None
        ]
        self.error_label.setText("\n".join(problems))
        ok = self.box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)
        return not problems

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        self.table.blockSignals(True)
        self._paint(item.row())
        self.table.blockSignals(False)
        self._validate()

    # -- buttons -----------------------------------------------------------------------------

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def add_rule(self) -> None:
        self.table.blockSignals(True)
        self._append(ColourRule(self.tr("New rule"), 'status == "pending"', "#000000", "#e0e0ff"))
        self.table.blockSignals(False)
        self.table.selectRow(self.table.rowCount() - 1)
        self._validate()

    def remove_rule(self) -> None:
        row = self._selected_row()
        if row >= 0:
            self.table.removeRow(row)
            self._validate()

    def move_rule(self, step: int) -> None:
        row = self._selected_row()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rules = [self.rule_at(r) for r in range(self.table.rowCount())]
        rules[row], rules[target] = rules[target], rules[row]
        self.set_rules(rules)
        self.table.selectRow(target)

    def pick_colours(self) -> None:
        """Pick the selected rule's background, then its text colour."""
        row = self._selected_row()
        if row < 0:
            return
        for column, title in ((BACKGROUND, self.tr("Background")), (TEXT, self.tr("Text colour"))):
            colour = QColorDialog.getColor(QColor(self._text(row, column)), self, title)
            if colour.isValid():
                item = self.table.item(row, column)
                if item is not None:
                    item.setText(colour.name())

    def reset_to_defaults(self) -> None:
        self.set_rules(DEFAULT_RULES)

    def accept(self) -> None:
        if not self._validate():
            return
        self.rules_accepted.emit(self.rules())
        super().accept()


__all__ = ["ColourRulesDialog"]
