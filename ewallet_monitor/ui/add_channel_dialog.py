"""Add a channel: pick a kind and type an id, or paste a whole ``kind:id`` topic.

Validated as you type with the protocol's own rules (:mod:`ewallet_monitor.protocol.topics`);
OK stays disabled until the topic is valid. Open it with ``open()`` (never ``exec()`` from
async code) and read :meth:`AddChannelDialog.topic` or connect ``topic_accepted``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n import topic_kind_label
from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.protocol.topics import Topic, TopicError, TopicKind, parse_topic, validate_id
from ewallet_monitor.ui.accessibility import name_controls
from ewallet_monitor.ui.colors import error_text_color, is_dark

_EXAMPLES = {
    TopicKind.ACCOUNT: "acc_01cbfg9qtdken61agxhx6wvj9h",
    TopicKind.ADDRESS: "omri489161761367",
    TopicKind.TRANSACTION_REQUEST: "txr_01dp2k9m7f4z0x8t3c5b6n1q2w",
    TopicKind.TRANSACTION_CONSUMPTION: "txc_01cbfg9qtdken61agxhx6wvj9h",
    TopicKind.USER: QT_TRANSLATE_NOOP(
        "AddChannelDialog", "usr_01cbfg9qtdken61agxhx6wvj9h or a provider user id"
    ),
}


class AddChannelDialog(QDialog):
    """Asks for one channel topic. ``topic_accepted(str)`` carries the wire form."""

    topic_accepted = Signal(str)

    def __init__(self, existing: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add channel"))
        self._existing = set(existing)
        self._topic: Topic | None = None
        self._error = ""

        self.kind_combo = QComboBox()
        for kind in TopicKind:
            self.kind_combo.addItem(topic_kind_label(kind), kind)
        self.kind_combo.setCurrentIndex(list(TopicKind).index(TopicKind.TRANSACTION_REQUEST))
        self.id_edit = QLineEdit()
        self.id_edit.setMinimumWidth(380)
        self.id_edit.setClearButtonEnabled(True)
        hint = QLabel(
            self.tr("Type the id, or paste a whole topic such as transaction_request:txr_…")
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)  # the palette's muted text
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setMinimumHeight(self.fontMetrics().height() * 2 + 4)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Join"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Kind:"), self.kind_combo)
        form.addRow(self.tr("Id or topic:"), self.id_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._validate())
        self.id_edit.textChanged.connect(lambda _t: self._validate())
        self._validate()
        name_controls(self)

    def topic(self) -> str | None:
        """The valid topic typed so far (wire form), or ``None``."""
        return str(self._topic) if self._topic else None

    @property
    def error_text(self) -> str:
        """What is wrong with the input ("" when it is valid)."""
        return self._error

    def accept(self) -> None:
        if self._topic is None:
            return  # Enter on an invalid input does nothing; the message says why
        self.topic_accepted.emit(str(self._topic))
        super().accept()

    def _validate(self) -> None:
        text = self.id_edit.text().strip()
        kind: TopicKind = self.kind_combo.currentData()
        self.id_edit.setPlaceholderText(self.tr(_EXAMPLES[kind]))
        self._topic, self._error, note = None, "", ""
        try:
            if ":" in text:
                topic = parse_topic(text)
                if topic.kind is not kind:
                    # A pasted topic decides the kind; keep the combo truthful.
                    self.kind_combo.blockSignals(True)
                    self.kind_combo.setCurrentIndex(list(TopicKind).index(topic.kind))
                    self.kind_combo.blockSignals(False)
            elif text:
                topic = Topic(kind, validate_id(kind, text))
            else:
                topic = None
                self._error = self.tr("Enter a {kind} id.").format(
                    kind=topic_kind_label(kind).lower()
                )
        except TopicError as exc:
            topic = None
            self._error = str(exc)[:1].upper() + str(exc)[1:] + "."
        if topic is not None and str(topic) in self._existing:
            self._error = self.tr("{topic} is already in the channel list (use Rejoin).").format(
                topic=topic
            )
            topic = None
        if topic is not None:
            self._topic = topic
            note = self.tr("Will join {topic}").format(topic=topic)
            if not topic.is_strict:
                note += "\n" + self.tr("(not the current server's id form; fine for older servers)")
        empty = not text
        self.ok_button.setEnabled(self._topic is not None)
        dark = is_dark(self.palette())
        color = "palette(text)" if self._topic or empty else error_text_color(dark).name()
        self.message_label.setStyleSheet(f"color: {color};")
        self.message_label.setText(note or ("" if empty else self._error))
