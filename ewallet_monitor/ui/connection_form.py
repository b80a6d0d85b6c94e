"""Where to connect and as whom: URL, credentials, transport options, channels.

The URL and the heartbeat are checked as they are typed (the message under each always
describes what the field holds now); everything is checked again on Connect, each problem
named next to its field. A plain-text
(``ws://`` / ``http://``) URL to a host that is not this machine is only used after the
cashier says so ("Connect anyway").

Profiles (with :meth:`ConnectionForm.set_profile_book`): a combo to choose a named profile,
Save / Save as… / Rename… / Delete (asked inline, no modal dialog), and "Remember the
secret", which keeps the secret in the OS keyring only. Without a usable keyring the box
is disabled and the form says the secret will not be remembered; the secret is then
never written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.protocol.auth import AuthScheme, CredentialError, Credentials
from ewallet_monitor.protocol.session import (
    DEFAULT_HEARTBEAT_INTERVAL,
    MAX_HEARTBEAT_INTERVAL,
    MIN_HEARTBEAT_INTERVAL,
)
from ewallet_monitor.protocol.topics import TopicError, parse_topic
from ewallet_monitor.protocol.urls import Endpoints, UrlError, resolve_endpoints
from ewallet_monitor.settings.profiles import Profile, ProfileBook, ProfileError
from ewallet_monitor.ui.error_details import ErrorBanner
from ewallet_monitor.ui.seconds_field import SecondsField
from ewallet_monitor.ui.theme import card_colors, is_dark_mode

AUTH_IN_HEADERS = QT_TRANSLATE_NOOP("ConnectionForm", "In headers")
AUTH_IN_QUERY = QT_TRANSLATE_NOOP("ConnectionForm", "In the URL query")
NO_PROFILE = QT_TRANSLATE_NOOP("ConnectionForm", "(no profile)")


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
    profile_selected = Signal(str)  # a profile was loaded into the form ("" for none)
    profiles_changed = Signal()  # saved, renamed, deleted or imported

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionForm")
        self.profile_book: ProfileBook | None = None
        self._profile_mode = ""
        self._loading_profile = False
        self._build_profile_widgets()
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
        self.reveal_button.setText(self.tr("Show"))
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip(self.tr("Show or hide the secret"))
        self.reveal_button.toggled.connect(self._on_reveal)
        self.auth_combo = QComboBox()
        self.auth_combo.addItems([self.tr(AUTH_IN_HEADERS), self.tr(AUTH_IN_QUERY)])
        self.auth_combo.setToolTip(
            self.tr(
                "Headers (Authorization) is the normal way. The URL query form is for proxies "
                "that strip headers; the URL then holds the credentials."
            )
        )
        self.verify_check = QCheckBox(self.tr("Verify the certificate"))
        self.verify_check.setChecked(True)
        self.verify_check.setToolTip(
            self.tr("Check the server's TLS certificate. Turn off only for a test server.")
        )
        self.cafile_edit = QLineEdit()
        self.cafile_edit.setPlaceholderText(self.tr("system certificates"))
        self.cafile_button = QToolButton()
        self.cafile_button.setText("…")
        self.cafile_button.setToolTip(self.tr("Choose a CA certificate file"))
        self.cafile_button.clicked.connect(self._choose_cafile)
        self.heartbeat_field = SecondsField(
            MIN_HEARTBEAT_INTERVAL, MAX_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL
        )
        self.heartbeat_field.setToolTip(
            self.tr("How often to check the connection (the server drops it after 60 s of silence)")
        )
        self.heartbeat_range = QLabel(
            self.tr("seconds, {range}").format(range=self.heartbeat_field.range_text)
        )
        # What the typed URL will connect to, while it is valid.
        self.url_hint = QLabel()
        self.url_hint.setObjectName("urlHint")
        self.url_hint.setWordWrap(True)
        # A long URL is one unbreakable word: it must not widen the dock (tooltip has it).
        self.url_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.url_hint.hide()
        self._url_touched = False
        self.topics_edit = QPlainTextEdit()
        self.topics_edit.setPlaceholderText(self.tr("user:usr_…\ntransaction_request:txr_…"))
        self.topics_edit.setToolTip(self.tr("Channels to join, one topic per line"))
        self.topics_edit.setMaximumHeight(90)
        # Tab moves on (a topic never holds a tab): the form is filled from the keyboard.
        self.topics_edit.setTabChangesFocus(True)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.disconnect_button = QPushButton(self.tr("Disconnect"))
        self.disconnect_button.setEnabled(False)

        self.errors: dict[str, QLabel] = {}
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret_edit, 1)
        secret_row.addWidget(self.reveal_button)
        cafile_row = QHBoxLayout()
        cafile_row.addWidget(self.cafile_edit, 1)
        cafile_row.addWidget(self.cafile_button)
        heartbeat_row = QHBoxLayout()
        heartbeat_row.addWidget(self.heartbeat_field, 1)
        heartbeat_row.addWidget(self.heartbeat_range)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Profile"), self.profile_row)
        form.addRow("", self.profile_box)
        form.addRow("", self.cashier_desk_check)
        form.addRow(
            self.tr("Shared history"), self._with_error("history_store", self.history_store_edit)
        )
        form.addRow(self.tr("Server URL"), self._with_error("url", self.url_edit))
        form.addRow("", self.url_hint)
        form.addRow(self.tr("Credential"), self.scheme_combo)
        form.addRow(self.key_label, self._with_error("key", self.key_edit))
        form.addRow(self.secret_label, self._with_error("secret", secret_row))
        form.addRow("", self.remember_check)
        form.addRow("", self.keyring_label)
        form.addRow(self.tr("Send credentials"), self.auth_combo)
        form.addRow("", self.verify_check)
        form.addRow(self.tr("CA file"), self._with_error("cafile", cafile_row))
        form.addRow(self.tr("Heartbeat"), self._with_error("heartbeat", heartbeat_row))
        form.addRow(self.tr("Channels"), self._with_error("topics", self.topics_edit))

        # Asked before a plain-text connection to another machine.
        self.insecure_box = QFrame()
        self.insecure_box.setObjectName("insecureBox")
        self.insecure_label = QLabel()
        self.insecure_label.setWordWrap(True)
        self.insecure_confirm = QPushButton(self.tr("Connect anyway"))
        self.insecure_cancel = QPushButton(self.tr("Cancel"))
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
        layout.addWidget(self.profile_message)
        layout.addWidget(self.insecure_box)
        layout.addWidget(self.error_banner)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.scheme_combo.currentIndexChanged.connect(lambda _i: self._update_labels())
        self.scheme_combo.currentIndexChanged.connect(lambda _i: self._check_url_as_typed())
        self.url_edit.textEdited.connect(self._on_url_edited)
        self.url_edit.textChanged.connect(lambda _text: self._check_url_as_typed())
        self.heartbeat_field.textChanged.connect(lambda _text: self._check_heartbeat_as_typed())
        self.verify_check.toggled.connect(self._on_verify_toggled)
        self.connect_button.clicked.connect(self.submit)
        self.disconnect_button.clicked.connect(self.disconnect_requested)
        self.insecure_confirm.clicked.connect(self._on_insecure_confirmed)
        self.insecure_cancel.clicked.connect(self._on_insecure_cancelled)
        self._update_labels()
        self.apply_theme()

    # -- building blocks ---------------------------------------------------------------------

    def _build_profile_widgets(self) -> None:
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profileCombo")
        self.profile_combo.setToolTip(self.tr("Named connections: choose one to fill the form"))
        self.profile_combo.addItem(self.tr(NO_PROFILE), "")
        self.profile_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.profile_combo.setMinimumContentsLength(12)
        self.save_profile_button = QToolButton()
        self.save_profile_button.setText(self.tr("Save"))
        self.save_profile_button.setToolTip(self.tr("Save the form into the chosen profile"))
        self.save_as_button = QToolButton()
        self.save_as_button.setText(self.tr("Save as…"))
        self.save_as_button.setToolTip(self.tr("Save the form as a new profile"))
        self.rename_button = QToolButton()
        self.rename_button.setText(self.tr("Rename…"))
        self.delete_button = QToolButton()
        self.delete_button.setText(self.tr("Delete"))
        self.delete_button.setToolTip(
            self.tr("Delete the chosen profile (and its remembered secret)")
        )
        self.profile_row = QWidget()
        row = QHBoxLayout(self.profile_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.profile_combo, 1)
        for button in (
            self.save_profile_button,
            self.save_as_button,
            self.rename_button,
            self.delete_button,
        ):
            row.addWidget(button)

        # Asked inline (a modal dialog would need a nested event loop).
        self.profile_box = QFrame()
        self.profile_box.setObjectName("profileBox")
        self.profile_prompt = QLabel()
        self.profile_prompt.setWordWrap(True)
        self.profile_name_edit = QLineEdit()
        self.profile_name_edit.setPlaceholderText(self.tr("Profile name"))
        self.profile_ok = QPushButton(self.tr("Save"))
        self.profile_cancel = QPushButton(self.tr("Cancel"))
        box = QVBoxLayout(self.profile_box)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.profile_prompt)
        box.addWidget(self.profile_name_edit)
        box_buttons = QHBoxLayout()
        box_buttons.addStretch(1)
        box_buttons.addWidget(self.profile_cancel)
        box_buttons.addWidget(self.profile_ok)
        box.addLayout(box_buttons)
        self.profile_box.hide()

        self.remember_check = QCheckBox(self.tr("Remember the secret in the system keyring"))
        self.remember_check.setChecked(True)
        self.history_store_edit = QLineEdit()
        self.history_store_edit.setPlaceholderText(self.tr("this computer (SQLite)"))
        self.history_store_edit.setToolTip(
            self.tr(
                "A PostgreSQL history shared by several desks, e.g. "
                "postgresql://desk@dbhost:5432/ewallet — without the password (the keyring "
                "or PGPASSFILE has it). Used when the window starts with this profile."
            )
        )
        self.cashier_desk_check = QCheckBox(self.tr("Cashier desk: open in the Cashier layout"))
        self.cashier_desk_check.setToolTip(
            self.tr("Payments first: the Approvals panel fills the window (saved with the profile)")
        )
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("keyringLabel")
        self.keyring_label.setWordWrap(True)
        self.keyring_label.hide()
        self.profile_message = QLabel()
        self.profile_message.setObjectName("profileMessage")
        self.profile_message.setWordWrap(True)
        self.profile_message.hide()

        self.profile_combo.currentIndexChanged.connect(self._on_profile_combo_changed)
        self.save_profile_button.clicked.connect(lambda: self.save_profile())
        self.save_as_button.clicked.connect(lambda: self.ask_profile_name("save_as"))
        self.rename_button.clicked.connect(lambda: self.ask_profile_name("rename"))
        self.delete_button.clicked.connect(lambda: self.ask_profile_name("delete"))
        self.profile_ok.clicked.connect(self._on_profile_box_confirmed)
        self.profile_cancel.clicked.connect(self._close_profile_box)
        self.profile_name_edit.returnPressed.connect(self._on_profile_box_confirmed)
        self._update_profile_buttons()

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
        self.url_hint.setStyleSheet(f"color: {colors['muted']};")
        self.insecure_box.setStyleSheet(
            f"#insecureBox {{ background: {colors['warning_bg']}; border-radius: 6px; }}"
            f"#insecureBox QLabel {{ color: {colors['warning_fg']}; }}"
        )
        self.profile_box.setStyleSheet(
            f"#profileBox {{ background: {colors['warning_bg']}; border-radius: 6px; }}"
            f"#profileBox QLabel {{ color: {colors['warning_fg']}; }}"
        )
        self.keyring_label.setStyleSheet(f"color: {colors['warning_fg']};")
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
        self.heartbeat_field.setValue(heartbeat_interval)
        self.topics_edit.setPlainText("\n".join(topics))

    def topic_lines(self) -> list[str]:
        return [
            line.strip() for line in self.topics_edit.toPlainText().splitlines() if line.strip()
        ]

    def validate(self) -> ConnectionRequest | None:
        """Check every field; show each problem next to its field. ``None`` if any."""
        problems: dict[str, str] = {}
        scheme = self.scheme
        endpoints, url_problem = self._url_check()
        if url_problem:
            problems["url"] = url_problem
        heartbeat = self.heartbeat_field.value()
        if heartbeat is None:
            problems["heartbeat"] = self.heartbeat_field.problem(self.tr("The heartbeat"))
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
                topic_problems.append(
                    self.tr("Line {number}: {problem}").format(number=number, problem=exc)
                )
        if topic_problems:
            problems["topics"] = "\n".join(topic_problems)
        cafile = self.cafile_edit.text().strip()
        if cafile and not self.verify_check.isChecked():
            problems["cafile"] = self.tr("A CA file is only used when the certificate is verified.")
        self.show_problems(problems)
        if problems or endpoints is None or credentials is None or heartbeat is None:
            return None
        return ConnectionRequest(
            url=self.url_edit.text().strip(),
            credentials=credentials,
            endpoints=endpoints,
            auth_in_query=self.auth_combo.currentIndex() == 1,
            verify_tls=self.verify_check.isChecked(),
            cafile=cafile or None,
            heartbeat_interval=heartbeat,
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
                "heartbeat": self.heartbeat_field,
                "history_store": self.history_store_edit,
            }[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _url_check(self) -> tuple[Endpoints | None, str]:
        try:
            return resolve_endpoints(self.url_edit.text(), self.scheme), ""
        except UrlError as exc:
            return None, _sentence(str(exc))

    def _on_url_edited(self, _text: str) -> None:
        self._url_touched = True

    def _check_url_as_typed(self) -> None:
        """The URL's message for the text as it is now: its problem, or where it leads."""
        endpoints, problem = self._url_check()
        if not self._url_touched and not self.url_edit.text():
            problem = ""  # an untouched empty form is not an error yet
        label = self.errors["url"]
        label.setText(problem)
        label.setVisible(bool(problem))
        hint = self.tr("Connects to {url}").format(url=endpoints.socket_url) if endpoints else ""
        self.url_hint.setText(hint)
        self.url_hint.setToolTip(hint)
        self.url_hint.setVisible(endpoints is not None)

    def _check_heartbeat_as_typed(self) -> None:
        problem = self.heartbeat_field.problem(self.tr("The heartbeat"))
        label = self.errors["heartbeat"]
        label.setText(problem)
        label.setVisible(bool(problem))

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
                self.tr(
                    "{host} is reached without encryption (ws:// / http://): the "
                    "credentials and every payment can be read and changed on the way. Use "
                    "https:// unless you know this network is private."
                ).format(host=endpoints.host)
            )
            self.insecure_box.show()
            self.insecure_confirm.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.connect_requested.emit(request)

    def set_running(self, running: bool) -> None:
        """Connect is offered when not running; Disconnect when running."""
        self.connect_button.setText(self.tr("Reconnect") if running else self.tr("Connect"))
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
        self.key_edit.setAccessibleName(key_label)
        self.secret_edit.setAccessibleName(secret_label)
        self.key_edit.setPlaceholderText(key_label)
        self.secret_edit.setPlaceholderText(secret_label)

    def _on_reveal(self, shown: bool) -> None:
        self.secret_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.reveal_button.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _on_verify_toggled(self, verify: bool) -> None:
        self.cafile_edit.setEnabled(verify)
        self.cafile_button.setEnabled(verify)

    def _choose_cafile(self) -> None:
        # open(), not exec(): a nested event loop would stall the asyncio side.
        dialog = QFileDialog(self, self.tr("CA certificate file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("Certificates (*.pem *.crt *.cer)"), self.tr("All files (*)")]
        )
        dialog.fileSelected.connect(self.cafile_edit.setText)
        dialog.open()

    # -- profiles ------------------------------------------------------------------------------

    def set_profile_book(self, book: ProfileBook | None) -> None:
        """Use ``book`` for the profile combo and the secret (``None``: no profiles).

        A keyring not looked up yet is left so (the look-up takes ~0.1 s): the window
        calls :meth:`show_keyring_status` once it has painted.
        """
        self.profile_book = book
        if book is None or book.vault.resolved:
            self.show_keyring_status()
        self.refresh_profiles()

    def show_keyring_status(self) -> None:
        """Enable "Remember the secret" when the keyring can keep it, else say why not."""
        book = self.profile_book
        can_remember = book is not None and book.can_remember_secrets
        self.remember_check.setEnabled(can_remember)
        if book is not None and not can_remember:
            self.remember_check.setChecked(False)
            reason = book.no_keyring_reason
            self.keyring_label.setText(reason)
            self.remember_check.setToolTip(reason)
            self.keyring_label.show()
        else:
            self.keyring_label.hide()
            self.remember_check.setToolTip(
                self.tr("Keep the secret in the system keyring (never in a settings file)")
            )

    @property
    def current_profile(self) -> str:
        """The chosen profile's name ("" for none)."""
        value = self.profile_combo.currentData()
        return value if isinstance(value, str) else ""

    def refresh_profiles(self, select: str | None = None) -> None:
        """Re-read the profile names; keep (or choose ``select``) without loading it."""
        wanted = self.current_profile if select is None else select
        self._loading_profile = True
        try:
            self.profile_combo.clear()
            self.profile_combo.addItem(self.tr(NO_PROFILE), "")
            if self.profile_book is not None:
                for name in self.profile_book.names():
                    self.profile_combo.addItem(name, name)
            index = self.profile_combo.findData(wanted)
            self.profile_combo.setCurrentIndex(max(0, index))
        finally:
            self._loading_profile = False
        self._update_profile_buttons()

    def select_profile(self, name: str) -> bool:
        """Choose and load the profile ``name``; True when its secret came from the
        keyring (so it can connect at once). False also when there is no such profile."""
        index = self.profile_combo.findData(name)
        if not name or index < 0:
            return False
        self._loading_profile = True
        try:
            self.profile_combo.setCurrentIndex(index)
        finally:
            self._loading_profile = False
        return self.load_profile(name)

    def load_profile(self, name: str) -> bool:
        """Fill the form from the profile ``name``; True when its secret was remembered."""
        book = self.profile_book
        profile = book.load(name) if book is not None else None
        if book is None or profile is None:
            return False
        secret = book.secret(profile) or ""
        self.set_values(
            url=profile.url,
            scheme=profile.auth_scheme,
            key=profile.key,
            secret=secret,
            auth_in_query=profile.auth_in_query,
            verify_tls=profile.verify_tls,
            cafile=profile.cafile,
            heartbeat_interval=profile.heartbeat_interval,
            topics=profile.topics,
        )
        if book.can_remember_secrets:
            self.remember_check.setChecked(profile.remember_secret)
        self.cashier_desk_check.setChecked(profile.cashier_desk)
        self.history_store_edit.setText(profile.history_store)
        self.show_problems({})
        if secret:
            self._say(
                self.tr("Profile “{name}” loaded; the secret came from the system keyring.").format(
                    name=name
                )
            )
        elif book.can_remember_secrets and profile.remember_secret:
            self._say(
                self.tr(
                    "Profile “{name}” loaded; enter the secret (none is remembered yet)."
                ).format(name=name)
            )
        else:
            self._say(self.tr("Profile “{name}” loaded; enter the secret.").format(name=name))
        self._update_profile_buttons()
        self.profile_selected.emit(name)
        return bool(secret)

    def focus_secret(self) -> None:
        self.secret_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def profile_from_fields(self, name: str) -> Profile:
        """A profile holding what the form shows (without the secret); :class:`ProfileError`
        when the heartbeat is out of range (it is refused, never replaced)."""
        heartbeat = self.heartbeat_field.value()
        if heartbeat is None:
            raise ProfileError(self.heartbeat_field.problem(self.tr("The heartbeat")))
        return Profile(
            name=name,
            url=self.url_edit.text().strip(),
            scheme=self.scheme.value,
            key=self.key_edit.text().strip(),
            auth_in_query=self.auth_combo.currentIndex() == 1,
            verify_tls=self.verify_check.isChecked(),
            cafile=self.cafile_edit.text().strip(),
            heartbeat_interval=heartbeat,
            topics=tuple(dict.fromkeys(self.topic_lines())),
            remember_secret=self.remember_check.isChecked(),
            cashier_desk=self.cashier_desk_check.isChecked(),
            history_store=self.history_store_edit.text().strip(),
        )

    def save_profile(self, name: str | None = None) -> bool:
        """Save the form as profile ``name`` (default: the chosen one). The secret goes to
        the keyring when "Remember" is on and a keyring exists, nowhere otherwise."""
        book = self.profile_book
        name = self.current_profile if name is None else name
        if book is None:
            return False
        if not name:
            self.ask_profile_name("save_as")
            return False
        try:
            profile = self.profile_from_fields(name)
        except ProfileError as exc:
            if str(exc).startswith("Shared history:"):
                self.show_problems({"history_store": str(exc)})
            self._say(str(exc), problem=True)
            return False
        remembered = book.save(profile, self.secret_edit.text().strip() or None)
        self.refresh_profiles(select=name)
        if remembered:
            self._say(
                self.tr("Profile “{name}” saved; the secret is in the system keyring.").format(
                    name=name
                )
            )
        elif not book.can_remember_secrets:
            self._say(
                self.tr("Profile “{name}” saved without the secret. {reason}").format(
                    name=name, reason=book.no_keyring_reason
                )
            )
        elif book.vault.last_error:
            self._say(
                self.tr("Profile “{name}” saved without the secret: {reason}").format(
                    name=name, reason=book.vault.last_error
                )
            )
        else:
            self._say(self.tr("Profile “{name}” saved without the secret.").format(name=name))
        self.profiles_changed.emit()
        return True

    def remember_request(self, request: ConnectionRequest) -> None:
        """After a connect: keep the chosen profile in step with what was used (its
        channels included), and its secret if it is to be remembered."""
        book = self.profile_book
        name = self.current_profile
        if book is None or not name:
            return
        try:
            profile = Profile(
                name=name,
                url=request.url,
                scheme=request.credentials.scheme.value,
                key=request.credentials.key,
                auth_in_query=request.auth_in_query,
                verify_tls=request.verify_tls,
                cafile=request.cafile or "",
                heartbeat_interval=request.heartbeat_interval,
                topics=tuple(request.topics),
                remember_secret=self.remember_check.isChecked(),
                cashier_desk=self.cashier_desk_check.isChecked(),
                history_store=self.history_store_edit.text().strip(),
            )
        except ProfileError:
            return
        book.save(profile, request.credentials.secret)
        book.last_profile = name

    def delete_profile(self, name: str | None = None) -> bool:
        book = self.profile_book
        name = self.current_profile if name is None else name
        if book is None or not name:
            return False
        book.delete(name)
        self.refresh_profiles(select="")
        self._say(
            self.tr("Profile “{name}” deleted (and its remembered secret, if any).").format(
                name=name
            )
        )
        self.profiles_changed.emit()
        return True

    def rename_profile(self, new: str, old: str | None = None) -> bool:
        book = self.profile_book
        old = self.current_profile if old is None else old
        if book is None or not old:
            return False
        try:
            book.rename(old, new)
        except ProfileError as exc:
            self._say(str(exc), problem=True)
            return False
        self.refresh_profiles(select=new)
        self._say(self.tr("Profile “{old}” is now “{new}”.").format(old=old, new=new))
        self.profiles_changed.emit()
        return True

    def ask_profile_name(self, mode: str) -> None:
        """Open the inline box: ``"save_as"``, ``"rename"`` or ``"delete"``."""
        if self.profile_book is None:
            return
        name = self.current_profile
        if mode in ("rename", "delete") and not name:
            return
        self._profile_mode = mode
        self.profile_name_edit.setVisible(mode != "delete")
        if mode == "save_as":
            self.profile_prompt.setText(self.tr("Save the form as a new profile named:"))
            self.profile_name_edit.setText(name)
            self.profile_ok.setText(self.tr("Save"))
        elif mode == "rename":
            self.profile_prompt.setText(self.tr("Rename “{name}” to:").format(name=name))
            self.profile_name_edit.setText(name)
            self.profile_ok.setText(self.tr("Rename"))
        else:
            self.profile_prompt.setText(
                self.tr("Delete the profile “{name}” and its remembered secret?").format(name=name)
            )
            self.profile_ok.setText(self.tr("Delete"))
        self.profile_box.show()
        if mode == "delete":
            self.profile_ok.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.profile_name_edit.selectAll()
            self.profile_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_profile_box_confirmed(self) -> None:
        mode = self._profile_mode
        new = self.profile_name_edit.text().strip()
        if mode == "delete":
            self.delete_profile()
        elif mode == "rename":
            if not self.rename_profile(new):
                return  # the box stays open with the reason shown
        elif mode == "save_as":
            book = self.profile_book
            if book is not None and new in book.names():
                self._say(
                    self.tr("A profile named “{name}” exists already.").format(name=new),
                    problem=True,
                )
                return
            if not self.save_profile(new):
                return
        self._close_profile_box()

    def _close_profile_box(self) -> None:
        self._profile_mode = ""
        self.profile_box.hide()

    def _on_profile_combo_changed(self, _index: int) -> None:
        self._update_profile_buttons()
        if self._loading_profile:
            return
        name = self.current_profile
        if name:
            self.load_profile(name)
        else:
            self.profile_selected.emit("")

    def _update_profile_buttons(self) -> None:
        has_book = self.profile_book is not None
        chosen = bool(self.current_profile)
        self.profile_combo.setEnabled(has_book)
        self.save_as_button.setEnabled(has_book)
        self.save_profile_button.setEnabled(has_book and chosen)
        self.rename_button.setEnabled(has_book and chosen)
        self.delete_button.setEnabled(has_book and chosen)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.profile_message.setText(text)
        self.profile_message.setVisible(bool(text))
        color = card_colors(is_dark_mode())["error_fg"] if problem else ""
        self.profile_message.setStyleSheet(f"color: {color};" if color else "")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
