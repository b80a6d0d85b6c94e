"""Light or dark, following the system (Qt 6 ``styleHints().colorScheme()``).

Widgets ask :func:`is_dark_mode` and re-style on :func:`watch_color_scheme`. Colours for
the cashier's cards live here; event-log colours live in :mod:`ewallet_monitor.ui.colors`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette


def is_dark_mode() -> bool:
    """True when the system asks for dark, or (unknown scheme) the palette is dark."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def watch_color_scheme(callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the system switches between light and dark."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: callback())


# Countdown steps: plenty of time, under a minute, under 15 s.
COUNTDOWN_AMBER_S = 60
COUNTDOWN_RED_S = 15


def card_colors(dark: bool) -> dict[str, str]:
    """Named colours for the approval cards (CSS hex)."""
    if dark:
        return {
            "card_bg": "#20262e",
            "card_border": "#3d4956",
            "selected_border": "#58a6ff",
            "amount": "#f0f6fc",
            "muted": "#9aa7b4",
            "normal": "#7ee787",
            "amber": "#e3b341",
            "red": "#ff7b72",
            "confirmed_bg": "#12361d",
            "rejected_bg": "#3b2a14",
            "failed_bg": "#4b1c1c",
            "expired_bg": "#30343a",
            "warning_bg": "#4a3b00",
            "warning_fg": "#ffe08a",
            "demo_bg": "#5a3d00",
            "demo_fg": "#ffe8b0",
            "error_fg": "#ff8a80",
        }
    return {
        "card_bg": "#ffffff",
        "card_border": "#c9d1d9",
        "selected_border": "#1f6feb",
        "amount": "#0d1117",
        "muted": "#57606a",
        "normal": "#1a7f37",
        "amber": "#9a6700",
        "red": "#cf222e",
        "confirmed_bg": "#dafbe1",
        "rejected_bg": "#fff1e5",
        "failed_bg": "#ffebe9",
        "expired_bg": "#eaeef2",
        "warning_bg": "#fff8c5",
        "warning_fg": "#4d2d00",
        "demo_bg": "#ffd8a8",
        "demo_fg": "#4d2d00",
        "error_fg": "#b00020",
    }


def countdown_color(seconds: float | None, dark: bool) -> str:
    colors = card_colors(dark)
    if seconds is None:
        return colors["muted"]
    if seconds < COUNTDOWN_RED_S:
        return colors["red"]
    if seconds < COUNTDOWN_AMBER_S:
        return colors["amber"]
    return colors["normal"]
