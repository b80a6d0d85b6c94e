"""The operator's tools in the main window: colouring rules (View → Colouring rules…),
the Anomalies dock (View → Anomalies) and the supervisor's statistics.

Installed by :class:`~ewallet_monitor.ui.main_window.MainWindow` with one call, so the
window's own layout code stays as it is. The rules are the chosen profile's
(``settings.profiles.ColourRuleBook``) and colour both the live log and History.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu

from ewallet_monitor.models.anomalies import AnomalyModel
from ewallet_monitor.models.colour_rules import ColourRules
from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.settings.profiles import ColourRuleBook
from ewallet_monitor.ui.anomalies_view import AnomaliesView
from ewallet_monitor.ui.colour_rules_dialog import ColourRulesDialog
from ewallet_monitor.ui.window_layout import WindowLayout

if TYPE_CHECKING:
    from ewallet_monitor.ui.main_window import MainWindow
    from ewallet_monitor.ui.stats_dialog import StatsDialog


class OperatorTools(QObject):
    """Colouring rules for the window's log and its History; the Anomalies dock."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.rule_book = ColourRuleBook(window.settings)
        self.profile = window.connection_form.current_profile
        self.rules = self.rule_book.load(self.profile)
        self.rules_dialog: ColourRulesDialog | None = None
        self._models: list[EventLogModel] = [window.event_log]
        self._anomalies_shown = False
        window.event_log.set_colour_rules(self.rules)
        window.connection_form.profile_selected.connect(self.on_form_profile_selected)
        self.rules_action = QAction(self.tr("Colouring &rules…"), window)
        self.rules_action.setStatusTip(
            self.tr(
                "Colour rows of the log and History by filter expressions (this profile's rules)"
            )
        )
        self.rules_action.triggered.connect(self.show_rules)
        window.addAction(self.rules_action)
        view_menu = next(
            (a.menu() for a in window.menuBar().actions() if a.text() == "&View"), None
        )
        self.anomalies = AnomalyModel(self)
        window.controller.event_sinks.append(self.anomalies.observe)
        self.anomalies_view = AnomaliesView(self.anomalies, show_row=window.event_log_view.show_seq)
        self.anomalies_view.table_activated.connect(self.activate_anomaly)
        self.anomalies_dock = QDockWidget(self.tr("Anomalies"), window)
        self.anomalies_dock.setObjectName("anomaliesDock")
        self.anomalies_dock.setWidget(self.anomalies_view)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.anomalies_dock)
        self.anomalies_dock.hide()
        self.anomalies.found.connect(self._on_anomalies_found)
        anomalies_toggle = self.anomalies_dock.toggleViewAction()
        anomalies_toggle.setShortcut("Ctrl+Shift+6")
        anomalies_toggle.setText(self.tr("Anomal&ies"))
        window.addAction(anomalies_toggle)
        self.stats_dialog: StatsDialog | None = None
        self.stats_action = QAction(self.tr("&Statistics…"), window)
        self.stats_action.setStatusTip(
            self.tr("Counts, volumes, failures and approval times per operator, from the history")
        )
        self.stats_action.triggered.connect(self.show_stats)
        self.stats_action.setEnabled(window.store is not None)
        window.addAction(self.stats_action)
        if isinstance(view_menu, QMenu):
            view_menu.addSeparator()
            view_menu.addAction(anomalies_toggle)
            view_menu.addAction(self.rules_action)
            view_menu.addAction(self.stats_action)

    def activate_anomaly(self, row: int) -> int | None:
        """Jump to the next log row of the anomaly at ``row``; says so when none of its
        rows can be shown."""
        seq = self.anomalies_view.activate(row)
        if seq is None:
            self.window.status.showMessage(
                self.tr(
                    "Its rows are no longer in the log, or the filter hides them (History has "
                    "every stored event)"
                ),
                10000,
            )
        return seq

    def _on_anomalies_found(self, _anomaly: object) -> None:
        # The first anomaly brings the dock up once in the Operator layout (the Cashier
        # layout keeps the payments first); closing it afterwards is respected.
        if not self._anomalies_shown and self.window.window_layout is WindowLayout.OPERATOR:
            self._anomalies_shown = True
            chart = self.window.chart_dock
            if chart.isVisible() and not chart.isFloating():
                # A tab beside the live chart: the chart's width, not a slice of it (the
                # window's layouts place the chart after this object is made).
                self.window.tabifyDockWidget(chart, self.anomalies_dock)
            self.anomalies_dock.show()
            self.anomalies_dock.raise_()

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

    def show_stats(self) -> StatsDialog | None:
        """Open the statistics of the history (the last day) and compute them."""
        store = self.window.store
        if store is None:
            return None
        if self.stats_dialog is None:
            from ewallet_monitor.ui.stats_dialog import StatsDialog  # opened on demand

            self.stats_dialog = StatsDialog(store.reader, self.window)
            self.stats_dialog.compute()
        self.stats_dialog.show()
        self.stats_dialog.raise_()
        return self.stats_dialog

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
