"""Copying text to the clipboard, always through the session's redaction.

A frame shown in the window is the server's text as received: an echoed credential (plain,
JSON-escaped or base64) is in it. Whatever leaves the window through the clipboard goes
through :func:`copy_text`, which redacts with the function the composition root installs
(``app.gui`` passes the process-wide secret registry's ``redact``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication

from ewallet_monitor.protocol.auth import redact

# Credential-shaped values only until the application installs its secrets.
_redactor: Callable[[str], str] = redact


def set_clipboard_redactor(redactor: Callable[[str], str]) -> None:
    """Redact every copied text with ``redactor`` from now on."""
    global _redactor
    _redactor = redactor


def copy_text(text: str) -> None:
    """Put ``text``, redacted, on the system clipboard."""
    QGuiApplication.clipboard().setText(_redactor(text))
