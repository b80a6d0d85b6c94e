"""The event log's detail pane: the selected row as a JSON tree and as pretty text.

For a consumption that is still pending it offers Approve / Reject, which only *ask*
(``consumption_action_requested``): the approval controller does the call and the
confirmation rules.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.models.event_log import EventRecord
from ewallet_monitor.ui.clipboard import copy_text
from ewallet_monitor.ui.json_tree import JsonTreeWidget

APPROVE = "approve"
REJECT = "reject"


def pretty_json(value: Any) -> str:
    """Indented JSON; ints stay exact (``json`` writes Python ints as they are). A value
    nested too deeply for the encoder gets a note instead of an error."""
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    except RecursionError:
        return "(nested too deeply to indent)"


class DetailPane(QWidget):
    """Shows one :class:`EventRecord`; :meth:`show_record` with ``None`` clears it.

    ``consumption_action_requested(action, consumption)``: ``action`` is ``"approve"`` or
    ``"reject"``, ``consumption`` the consumption dict as received (passed as a Python
    object so amounts beyond 2**53 survive the signal).
    """

    consumption_action_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._record: EventRecord | None = None
        self._pending = False

        self.title = QLabel(self.tr("Select an event to see its frame."))
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setWordWrap(False)
        self.title.setMinimumWidth(50)

        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setToolTip(self.tr("Approve this pending consumption"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setToolTip(self.tr("Reject this pending consumption"))
        self.copy_json_button = QPushButton(self.tr("Copy JSON"))
        self.copy_json_button.setToolTip(self.tr("Copy the frame as indented JSON"))
        self.copy_topic_button = QPushButton(self.tr("Copy topic"))
        self.approve_button.clicked.connect(lambda: self._request(APPROVE))
        self.reject_button.clicked.connect(lambda: self._request(REJECT))
        self.copy_json_button.clicked.connect(self.copy_json)
        self.copy_topic_button.clicked.connect(self.copy_topic)

        self.tree = JsonTreeWidget()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.tree, self.tr("Tree"))
        self.tabs.addTab(self.text, self.tr("Text"))

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        for button in (
            self.approve_button,
            self.reject_button,
            self.copy_topic_button,
            self.copy_json_button,
        ):
            header.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.show_record(None)

    @property
    def record(self) -> EventRecord | None:
        return self._record

    @property
    def offers_approval(self) -> bool:
        """True while Approve / Reject are offered (a pending consumption is shown)."""
        return self._pending

    def show_record(self, record: EventRecord | None, pending: bool = False) -> None:
        """Show ``record``; ``pending`` offers Approve / Reject (only with a consumption)."""
        self._record = record
        self._pending = bool(pending and record is not None and record.consumption())
        self.approve_button.setVisible(self._pending)
        self.reject_button.setVisible(self._pending)
        has_record = record is not None
        self.copy_json_button.setEnabled(has_record)
        self.copy_topic_button.setEnabled(bool(record and record.topic))
        if record is None:
            self.title.setText(self.tr("Select an event to see its frame."))
            self.tree.set_value(None)
            self.tree.clear()
            self.text.setPlainText("")
            return
        parts = [record.time_text, record.direction, record.topic, record.event]
        if record.ref:
            parts.append(f"ref {record.ref}")
        if record.outcome:
            parts.append(record.outcome)
        self.title.setText("  ·  ".join(part for part in parts if part))
        self.title.setToolTip(record.summary)
        self.tree.set_value(record.payload)
        self.text.setPlainText(self.payload_text())

    def set_pending(self, pending: bool) -> None:
        """Update the Approve / Reject offer for the shown record (its status changed)."""
        self.show_record(self._record, pending)

    def payload_text(self) -> str:
        """The shown payload as pretty JSON ("" when nothing is shown)."""
        if self._record is None:
            return ""
        return pretty_json(self._record.payload)

    def copy_json(self) -> None:
        if self._record is not None:
            copy_text(self.payload_text())

    def copy_topic(self) -> None:
        if self._record is not None and self._record.topic:
            copy_text(self._record.topic)

    def _request(self, action: str) -> None:
        consumption = self._record.consumption() if self._record else None
        if self._pending and consumption is not None:
            self.consumption_action_requested.emit(action, consumption)
