"""Errors for people: a plain sentence first, the technical detail one click away.

:func:`explain_connection` turns a connection state or run outcome (code + redacted
detail) into words a cashier understands. :class:`ErrorBanner` is a non-modal bar with a
"Details" toggle and a close button.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n.marks import QT_TRANSLATE_NOOP
from ewallet_monitor.protocol.errors import CREDENTIALS_STOPPED_WORKING
from ewallet_monitor.ui.theme import card_colors, is_dark_mode

_PLAIN_BY_CODE = {
    "http_403": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The server refused these credentials. Check the key and the secret."
    ),
    CREDENTIALS_STOPPED_WORKING: QT_TRANSLATE_NOOP(
        "ErrorBanner",
        "The server no longer accepts these credentials: the token may have expired or been "
        "logged out. Enter a new one.",
    ),
    "client:invalid_api_key": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The server does not know this API key."
    ),
    "client:invalid_auth_scheme": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The server does not accept this kind of credential."
    ),
    "user:auth_token_expired": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The authentication token has expired. Sign in again for a new one."
    ),
    # What the server sends for an unknown token: client API, then admin API.
    "user:auth_token_not_found": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The server does not know this authentication token."
    ),
    "auth_token:not_found": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The server does not know this authentication token."
    ),
    "user:access_token_not_found": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The server does not know this authentication token."
    ),
    "client:invalid_version": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The server speaks a different API version."
    ),
    "unauthorized": QT_TRANSLATE_NOOP(
        "ErrorBanner", "These credentials are not allowed to do this."
    ),
    "close_1011": QT_TRANSLATE_NOOP(
        "ErrorBanner", "The server hit an internal error and closed the connection."
    ),
}


def explain_connection(code: str | None, detail: str) -> str:
    """One sentence for a failed or refused connection."""
    if code and code in _PLAIN_BY_CODE:
        return QCoreApplication.translate("ErrorBanner", _PLAIN_BY_CODE[code])
    lowered = detail.lower()
    if code and code.startswith("http_4"):
        return QCoreApplication.translate(
            "ErrorBanner",
            "The server turned the connection down. Check the URL and the credentials.",
        )
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return QCoreApplication.translate(
            "ErrorBanner",
            "The server's security certificate could not be verified. Check the CA file, or "
            "ask your administrator.",
        )
    if "refused" in lowered or "connect call failed" in lowered:
        return QCoreApplication.translate(
            "ErrorBanner",
            "Nothing answers at this address. Is the server running, and is the URL right?",
        )
    if "name or service" in lowered or "resolve" in lowered or "getaddrinfo" in lowered:
        return QCoreApplication.translate(
            "ErrorBanner", "This server name cannot be found. Check the URL."
        )
    if "timed out" in lowered or "timeout" in lowered:
        return QCoreApplication.translate("ErrorBanner", "The server did not answer in time.")
    return QCoreApplication.translate("ErrorBanner", "The connection to the server failed.")


class ErrorBanner(QWidget):
    """A dismissable strip: summary, optional details shown on demand."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setToolTip(self.tr("Show the technical detail (for support)"))
        self.close_button = QPushButton(self.tr("Dismiss"))
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)
        self.details.setAccessibleName(self.tr("Error details"))
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(120)
        self.details.hide()
        row = QHBoxLayout()
        row.addWidget(self.summary_label, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(row)
        layout.addWidget(self.details)
        self.details_button.toggled.connect(self.details.setVisible)
        self.close_button.clicked.connect(self.dismiss)
        self.setAutoFillBackground(True)
        self.apply_theme()
        self.hide()

    def apply_theme(self) -> None:
        colors = card_colors(is_dark_mode())
        self.setStyleSheet(
            f"#errorBanner {{ background: {colors['failed_bg']}; }}"
            f"#errorBanner QLabel {{ color: {colors['error_fg']}; font-weight: bold; }}"
        )

    def show_error(self, summary: str, detail: str = "") -> None:
        self.summary_label.setText(summary)
        self.details.setPlainText(detail)
        self.details_button.setVisible(bool(detail))
        self.details_button.setChecked(False)
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    @property
    def summary(self) -> str:
        return self.summary_label.text()

    @property
    def detail(self) -> str:
        return self.details.toPlainText()
