"""Where to connect and as whom: URL, credentials, transport options, channels.

Validation happens on Connect and names the problem next to the field. A plain-text
(``ws://`` / ``http://``) URL to a host that is not this machine is only used after the
cashier says so ("Connect anyway"). The form never stores the secret; the window saves
the other fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.protocol.auth import AuthScheme, CredentialError, Credentials
from ewallet_monitor.protocol.topics import TopicError, parse_topic
from ewallet_monitor.protocol.urls import Endpoints, UrlError, resolve_endpoints
from ewallet_monitor.ui.error_details import ErrorBanner
from ewallet_monitor.ui.theme import card_colors, is_dark_mode

AUTH_IN_HEADERS = "In headers"
AUTH_IN_QUERY = "In the URL query"


@dataclass(frozen=True)
class ConnectionRequest:
    """What the form produced: checked credentials, endpoints and options."""

    url: str
    credentials: Credentials
    endpoints: Endpoints
    auth_in_query: bool = False
    verify_tls: bool = True
    cafile: str | None = None
    heartbeat_interval: float = 10.0
    topics: list[str] = field(default_factory=list)


class ConnectionForm(QWidget):
    """The form. ``connect_requested`` carries a :class:`ConnectionRequest`."""

    connect_requested = Signal(object)
    disconnect_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionForm")
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://ewallet.example.com")
        self.scheme_combo = QComboBox()
        for scheme in AuthScheme:
            self.scheme_combo.addItem(scheme.value, scheme)
        self.key_label = QLabel()
        self.key_edit = QLineEdit()
        self.secret_label = QLabel()
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal_button = QToolButton()
        self.reveal_button.setText("Show")
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip("Show or hide the secret")
        self.reveal_button.toggled.connect(self._on_reveal)
        self.auth_combo = QComboBox()
        self.auth_combo.addItems([AUTH_IN_HEADERS, AUTH_IN_QUERY])
        self.auth_combo.setToolTip(
            "Headers (Authorization) is the normal way. The URL query form is for proxies "
            "that strip headers; the URL then holds the credentials."
        )
        self.verify_check = QCheckBox("Verify the certificate")
        self.verify_check.setChecked(True)
        self.verify_check.setToolTip(
            "Check the server's TLS certificate. Turn off only for a test server."
        )
        self.cafile_edit = QLineEdit()
        self.cafile_edit.setPlaceholderText("system certificates")
        self.cafile_button = QToolButton()
        self.cafile_button.setText("…")
        self.cafile_button.setToolTip("Choose a CA certificate file")
        self.cafile_button.clicked.connect(self._choose_cafile)
        self.heartbeat_spin = QDoubleSpinBox()
        self.heartbeat_spin.setRange(1.0, 55.0)
        self.heartbeat_spin.setDecimals(1)
        self.heartbeat_spin.setSuffix(" s")
        self.heartbeat_spin.setValue(10.0)
        self.heartbeat_spin.setToolTip(
            "How often to check the connection (the server drops it after 60 s of silence)"
        )
        self.topics_edit = QPlainTextEdit()
        self.topics_edit.setPlaceholderText("user:usr_…\ntransaction_request:txr_…")
        self.topics_edit.setToolTip("Channels to join, one topic per line")
        self.topics_edit.setMaximumHeight(90)
        self.connect_button = QPushButton("Connect")
        self.connect_button.setDefault(True)
        self.disconnect_button = QPushButton("Disconnect")
        self.disconnect_button.setEnabled(False)

        self.errors: dict[str, QLabel] = {}
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret_edit, 1)
        secret_row.addWidget(self.reveal_button)
        cafile_row = QHBoxLayout()
        cafile_row.addWidget(self.cafile_edit, 1)
        cafile_row.addWidget(self.cafile_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Server URL", self._with_error("url", self.url_edit))
        form.addRow("Credential", self.scheme_combo)
        form.addRow(self.key_label, self._with_error("key", self.key_edit))
        form.addRow(self.secret_label, self._with_error("secret", secret_row))
        form.addRow("Send credentials", self.auth_combo)
        form.addRow("", self.verify_check)
        form.addRow("CA file", self._with_error("cafile", cafile_row))
        form.addRow("Heartbeat", self.heartbeat_spin)
        form.addRow("Channels", self._with_error("topics", self.topics_edit))

        # Asked before a plain-text connection to another machine.
        self.insecure_box = QFrame()
        self.insecure_box.setObjectName("insecureBox")
        self.insecure_label = QLabel()
        self.insecure_label.setWordWrap(True)
        self.insecure_confirm = QPushButton("Connect anyway")
        self.insecure_cancel = QPushButton("Cancel")
        insecure_buttons = QHBoxLayout()
        insecure_buttons.addStretch(1)
        insecure_buttons.addWidget(self.insecure_cancel)
        insecure_buttons.addWidget(self.insecure_confirm)
        insecure_layout = QVBoxLayout(self.insecure_box)
        insecure_layout.addWidget(self.insecure_label)
        insecure_layout.addLayout(insecure_buttons)
        self.insecure_box.hide()
        self._waiting_request: ConnectionRequest | None = None

        self.error_banner = ErrorBanner()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.disconnect_button)
        buttons.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.insecure_box)
        layout.addWidget(self.error_banner)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.scheme_combo.currentIndexChanged.connect(lambda _i: self._update_labels())
        self.verify_check.toggled.connect(self._on_verify_toggled)
        self.connect_button.clicked.connect(self.submit)
        self.disconnect_button.clicked.connect(self.disconnect_requested)
        self.insecure_confirm.clicked.connect(self._on_insecure_confirmed)
        self.insecure_cancel.clicked.connect(self._on_insecure_cancelled)
        self._update_labels()
        self.apply_theme()

    # -- building blocks ---------------------------------------------------------------------

    def _with_error(self, name: str, field_or_layout: QWidget | QHBoxLayout) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        if isinstance(field_or_layout, QWidget):
            column.addWidget(field_or_layout)
        else:
            column.addLayout(field_or_layout)
        error = QLabel()
        error.setObjectName(f"{name}Error")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.errors[name] = error
        return box

    def apply_theme(self) -> None:
        colors = card_colors(is_dark_mode())
        for label in self.errors.values():
            label.setStyleSheet(f"color: {colors['error_fg']};")
        self.insecure_box.setStyleSheet(
            f"#insecureBox {{ background: {colors['warning_bg']}; border-radius: 6px; }}"
            f"#insecureBox QLabel {{ color: {colors['warning_fg']}; }}"
        )
        self.error_banner.apply_theme()

    # -- values --------------------------------------------------------------------------------

    @property
    def scheme(self) -> AuthScheme:
        value = self.scheme_combo.currentData()
        return value if isinstance(value, AuthScheme) else AuthScheme.OMG_CLIENT

    def set_scheme(self, scheme: AuthScheme) -> None:
        self.scheme_combo.setCurrentIndex(self.scheme_combo.findData(scheme))

    def set_values(
        self,
        *,
        url: str = "",
        scheme: AuthScheme = AuthScheme.OMG_CLIENT,
        key: str = "",
        secret: str = "",
        auth_in_query: bool = False,
        verify_tls: bool = True,
        cafile: str = "",
        heartbeat_interval: float = 10.0,
        topics: list[str] | tuple[str, ...] = (),
    ) -> None:
        self.url_edit.setText(url)
        self.set_scheme(scheme)
        self.key_edit.setText(key)
        self.secret_edit.setText(secret)
        self.auth_combo.setCurrentIndex(1 if auth_in_query else 0)
        self.verify_check.setChecked(verify_tls)
        self.cafile_edit.setText(cafile)
        self.heartbeat_spin.setValue(heartbeat_interval)
        self.topics_edit.setPlainText("\n".join(topics))

    def topic_lines(self) -> list[str]:
        return [
            line.strip() for line in self.topics_edit.toPlainText().splitlines() if line.strip()
        ]

    def validate(self) -> ConnectionRequest | None:
        """Check every field; show each problem next to its field. ``None`` if any."""
        problems: dict[str, str] = {}
        scheme = self.scheme
        endpoints: Endpoints | None = None
        try:
            endpoints = resolve_endpoints(self.url_edit.text(), scheme)
        except UrlError as exc:
            problems["url"] = _sentence(str(exc))
        credentials: Credentials | None = None
        key_label, secret_label = scheme.field_labels
        try:
            credentials = Credentials(scheme, self.key_edit.text(), self.secret_edit.text())
        except CredentialError as exc:
            message = str(exc)
            at_key = message.startswith(key_label) and not message.startswith(secret_label)
            problems["key" if at_key else "secret"] = _sentence(message)
        topics: list[str] = []
        topic_problems = []
        for number, line in enumerate(self.topic_lines(), start=1):
            try:
                topics.append(str(parse_topic(line)))
            except TopicError as exc:
                topic_problems.append(f"Line {number}: {exc}")
        if topic_problems:
            problems["topics"] = "\n".join(topic_problems)
        cafile = self.cafile_edit.text().strip()
        if cafile and not self.verify_check.isChecked():
            problems["cafile"] = "A CA file is only used when the certificate is verified."
        self.show_problems(problems)
        if problems or endpoints is None or credentials is None:
            return None
        return ConnectionRequest(
            url=self.url_edit.text().strip(),
            credentials=credentials,
            endpoints=endpoints,
            auth_in_query=self.auth_combo.currentIndex() == 1,
            verify_tls=self.verify_check.isChecked(),
            cafile=cafile or None,
            heartbeat_interval=self.heartbeat_spin.value(),
            topics=list(dict.fromkeys(topics)),
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            text = problems.get(name, "")
            label.setText(text)
            label.setVisible(bool(text))
        first = next((name for name in self.errors if name in problems), None)
        if first is not None:
            widget = {
                "url": self.url_edit,
                "key": self.key_edit,
                "secret": self.secret_edit,
                "topics": self.topics_edit,
                "cafile": self.cafile_edit,
            }[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    # -- actions ---------------------------------------------------------------------------------

    def submit(self) -> None:
        """Validate, ask about plain text to another host, then emit ``connect_requested``."""
        self.error_banner.hide()
        request = self.validate()
        if request is None:
            return
        endpoints = request.endpoints
        if not endpoints.is_tls and not endpoints.is_loopback:
            self._waiting_request = request
            self.insecure_label.setText(
                f"{endpoints.host} is reached without encryption (ws:// / http://): the "
                "credentials and every payment can be read and changed on the way. Use "
                "https:// unless you know this network is private."
            )
            self.insecure_box.show()
            self.insecure_confirm.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.connect_requested.emit(request)

    def set_running(self, running: bool) -> None:
        """Connect is offered when not running; Disconnect when running."""
        self.connect_button.setText("Reconnect" if running else "Connect")
        self.disconnect_button.setEnabled(running)

    def show_connection_error(self, summary: str, detail: str = "") -> None:
        self.error_banner.show_error(summary, detail)

    def _on_insecure_confirmed(self) -> None:
        request = self._waiting_request
        self._waiting_request = None
        self.insecure_box.hide()
        if request is not None:
            self.connect_requested.emit(request)

    def _on_insecure_cancelled(self) -> None:
        self._waiting_request = None
        self.insecure_box.hide()

    def _update_labels(self) -> None:
        key_label, secret_label = self.scheme.field_labels
        self.key_label.setText(key_label)
        self.secret_label.setText(secret_label)
        self.key_edit.setPlaceholderText(key_label)
        self.secret_edit.setPlaceholderText(secret_label)

    def _on_reveal(self, shown: bool) -> None:
        self.secret_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.reveal_button.setText("Hide" if shown else "Show")

    def _on_verify_toggled(self, verify: bool) -> None:
        self.cafile_edit.setEnabled(verify)
        self.cafile_button.setEnabled(verify)

    def _choose_cafile(self) -> None:
        # open(), not exec(): a nested event loop would stall the asyncio side.
        dialog = QFileDialog(self, "CA certificate file")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["Certificates (*.pem *.crt *.cer)", "All files (*)"])
        dialog.fileSelected.connect(self.cafile_edit.setText)
        dialog.open()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
