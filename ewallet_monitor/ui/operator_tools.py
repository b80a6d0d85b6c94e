"""The operator's tools in the main window: colouring rules (View → Colouring rules…).

Installed by :class:`~ewallet_monitor.ui.main_window.MainWindow` with one call, so the
window's own layout code stays as it is. The rules are the chosen profile's
(``app.profiles.ColourRuleBook``) and colour both the live log and History.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ewallet_monitor.app.profiles import ColourRuleBook
from ewallet_monitor.models.colour_rules import ColourRules
from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.ui.colour_rules_dialog import ColourRulesDialog

if TYPE_CHECKING:
    from ewallet_monitor.ui.main_window import MainWindow


class OperatorTools(QObject):
    """Colouring rules for the window's log and its History."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.rule_book = ColourRuleBook(window.settings)
        self.profile = window.connection_form.current_profile
        self.rules = self.rule_book.load(self.profile)
        self.rules_dialog: ColourRulesDialog | None = None
        self._models: list[EventLogModel] = [window.event_log]
        window.event_log.set_colour_rules(self.rules)
        window.connection_form.profile_selected.connect(self.on_form_profile_selected)
        self.rules_action = QAction("Colouring &rules…", window)
        self.rules_action.setStatusTip(
            "Colour rows of the log and History by filter expressions (this profile's rules)"
        )
        self.rules_action.triggered.connect(self.show_rules)
        window.addAction(self.rules_action)
        view_menu = next(
            (a.menu() for a in window.menuBar().actions() if a.text() == "&View"), None
        )
        if isinstance(view_menu, QMenu):
            view_menu.addSeparator()
            view_menu.addAction(self.rules_action)

    def colour(self, model: EventLogModel) -> None:
        """Colour ``model`` (History's) with the rules, now and when they change."""
        if model not in self._models:
            self._models.append(model)
        model.set_colour_rules(self.rules)

    def set_rules(self, rules: ColourRules, *, save: bool = True) -> None:
        self.rules = rules
        if save:
            self.rule_book.save(self.profile, rules)
        for model in self._models:
            model.set_colour_rules(rules)

    def on_form_profile_selected(self, name: str) -> None:
        if name == self.profile:
            return
        self.profile = name
        self.set_rules(self.rule_book.load(name), save=False)

    def show_rules(self) -> ColourRulesDialog:
        """Open the rules dialog on a copy of the rules; OK applies and saves them."""
        if self.rules_dialog is not None:
            self.rules_dialog.close()
        dialog = ColourRulesDialog(self.rules, self.window)
        dialog.rules_accepted.connect(self.set_rules)
        self.rules_dialog = dialog
        dialog.open()
        return dialog


__all__ = ["OperatorTools"]
