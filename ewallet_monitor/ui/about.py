"""The About box: what this is, and the versions that matter for a bug report."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from ewallet_monitor import __version__


def _version(distribution: str) -> str:
    # Imported here: importlib.metadata (and the email package it brings) costs ~20 ms of
    # start-up, for a box that is rarely opened.
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return QCoreApplication.translate("about", "not installed")


def versions() -> dict[str, str]:
    return {
        "ewallet-monitor": __version__,
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "Python": platform.python_version(),
        "websockets": _version("websockets"),
        "aiohttp": _version("aiohttp"),
        "qasync": _version("qasync"),
    }


def about_text() -> str:
    rows = "".join(
        f"<tr><td>{name}</td><td>{value}</td></tr>" for name, value in versions().items()
    )
    title = QCoreApplication.translate("about", "eWallet monitor")
    what = QCoreApplication.translate(
        "about",
        "Watch eWallet websocket channels live, and approve or reject payments that "
        "need a cashier's confirmation.",
    )
    licence = QCoreApplication.translate("about", "Licensed under Apache-2.0.")
    return f"<h3>{title}</h3><p>{what}</p><table cellspacing='4'>{rows}</table><p>{licence}</p>"


def show_about(parent: QWidget) -> QMessageBox:
    """Open the About box without blocking (``open()``, never ``exec()``)."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("about", "About eWallet monitor"))
    box.setTextFormat(box.textFormat().RichText)
    box.setText(about_text())
    box.setWindowIcon(parent.windowIcon())
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.open()
    return box
