"""The supervisor's window: every desk of a shared store at a glance, read-only.

Five tabs — Desks, Waiting (payments pending, which desks received them, who claims
them), Claims, Decisions (the audit trail, every desk), Statistics — filled from one
snapshot (``store.postgres.supervisor.SupervisorSnapshot``) each time the window is given
one. Nothing here can approve, reject or take over: there are no such buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.store.stats import render

if TYPE_CHECKING:
    from ewallet_monitor.store.postgres.supervisor import SupervisorSnapshot


def _time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            table.setItem(r, c, item)


class SupervisorWindow(QMainWindow):
    """Read-only view of every desk; :meth:`show_snapshot` refreshes it."""

    def __init__(self, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorWindow")
        self.setWindowTitle(self.tr("eWallet monitor — supervisor — {where}").format(where=where))
        self.summary = QLabel(self.tr("Reading the shared store…"))
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        desk, user, consumption = self.tr("Desk"), self.tr("User"), self.tr("Consumption")
        state, action, amount = self.tr("State"), self.tr("Action"), self.tr("Amount")
        self.desks_table = _table(
            [
                desk,
                user,
                self.tr("Host"),
                self.tr("Kind"),
                state,
                self.tr("Last heartbeat"),
                self.tr("Open claims"),
            ]
        )
        self.waiting_table = _table(
            [consumption, amount, self.tr("Since"), self.tr("Received at"), self.tr("Claimed by")]
        )
        self.claims_table = _table(
            [consumption, desk, user, state, action, self.tr("Taken over from"), self.tr("Reason")]
        )
        self.decisions_table = _table(
            [
                self.tr("Time"),
                desk,
                user,
                action,
                consumption,
                amount,
                self.tr("Answer"),
                self.tr("Outcome"),
            ]
        )
        self.statistics_text = QPlainTextEdit()
        self.statistics_text.setReadOnly(True)
        mono = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.statistics_text.setFont(mono)
        for widget, title in (
            (self.desks_table, self.tr("Desks")),
            (self.waiting_table, self.tr("Waiting")),
            (self.claims_table, self.tr("Claims")),
            (self.decisions_table, self.tr("Decisions")),
            (self.statistics_text, self.tr("Statistics")),
        ):
            self.tabs.addTab(widget, title)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.resize(1100, 640)

    def show_problem(self, text: str) -> None:
        """The store cannot be read now (the last snapshot stays shown)."""
        self.statusBar().showMessage(text)

    def show_snapshot(self, snapshot: SupervisorSnapshot) -> None:
        alive = [d for d in snapshot.desks if d.alive]
        deciding = sum(1 for c in snapshot.claims if c.state == "deciding")
        self.summary.setText(
            self.tr(
                "{desks} desks alive · {waiting} payments waiting · {claims} claimed "
                "({deciding} deciding) · read {at}"
            ).format(
                desks=len(alive),
                waiting=len(snapshot.waiting),
                claims=len(snapshot.claims),
                deciding=deciding,
                at=_time(snapshot.read_at),
            )
        )
        self.statusBar().clearMessage()
        _fill(
            self.desks_table,
            [
                (
                    d.name,
                    d.os_user,
                    d.host,
                    d.kind,
                    self.tr("stopped")
                    if d.stopped
                    else (self.tr("alive") if d.alive else self.tr("gone")),
                    _time(d.heartbeat_at),
                    str(d.open_claims),
                )
                for d in snapshot.desks
            ],
        )
        _fill(
            self.waiting_table,
            [
                (w.consumption_id, w.amount, _time(w.seen_at), w.desks, w.holder)
                for w in snapshot.waiting
            ],
        )
        _fill(
            self.claims_table,
            [
                (
                    c.consumption_id,
                    c.desk_name,
                    c.os_user,
                    c.state,
                    c.action or "",
                    c.taken_over_from or "",
                    c.takeover_reason or "",
                )
                for c in snapshot.claims
            ],
        )
        _fill(
            self.decisions_table,
            [
                (
                    _time(d.at),
                    d.desk,
                    d.os_user,
                    d.action,
                    d.consumption_id,
                    d.amount,
                    d.answer_code,
                    d.outcome,
                )
                for d in snapshot.decisions
            ],
        )
        self.statistics_text.setPlainText(render(snapshot.statistics))
