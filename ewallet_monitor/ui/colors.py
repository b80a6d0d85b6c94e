"""Colours for event kinds, errors, channel states and chart series, light and dark.

Backgrounds are soft tints so text in the palette's own colour stays readable; in a dark
palette they are deep shades of the same hues. Pick the set with :func:`is_dark`.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from ewallet_monitor.models.event_log import RowStyle
from ewallet_monitor.protocol.events import ChannelState


def is_dark(palette: QPalette) -> bool:
    """True when the palette's window colour is dark (the system's dark mode)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


# kind → (light background, dark background, light text, dark text); None = palette's.
_KIND_COLORS: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "request": ("#fff3c4", "#3d3413", None, None),
    "finalized": ("#dcf5dc", "#1b3320", None, None),
    "recovered": ("#e4ecff", "#1c2b4f", None, None),
    "gap": ("#ffe0b8", "#5a3300", None, None),
    "invalid": ("#ffd6d6", "#5c1a1a", None, None),
    "error": ("#ffe4e4", "#4d1c1c", None, None),
    "close": (None, None, "#6b6b6b", "#a0a0a0"),
    "heartbeat": (None, None, "#8a8a8a", "#8c8c8c"),
    "reply": (None, None, "#6b6b6b", "#a0a0a0"),
    "join": (None, None, "#2f5d8a", "#8fbbe8"),
    "leave": (None, None, "#2f5d8a", "#8fbbe8"),
    "channel": (None, None, "#2f5d8a", "#8fbbe8"),
    "connection": ("#ececf4", "#2a2a38", None, None),
    "notice": (None, None, "#5b4a8a", "#c3b5ee"),
}


def _qcolor(name: str | None) -> QColor | None:
    return QColor(name) if name else None


def event_row_styles(dark: bool) -> dict[str, RowStyle]:
    """Row colours per event kind for :meth:`EventLogModel.set_row_styles`."""
    styles: dict[str, RowStyle] = {}
    for kind, (light_bg, dark_bg, light_fg, dark_fg) in _KIND_COLORS.items():
        styles[kind] = RowStyle(
            foreground=_qcolor(dark_fg if dark else light_fg),
            background=_qcolor(dark_bg if dark else light_bg),
        )
    return styles


def problem_row_style(dark: bool) -> RowStyle:
    """Rows whose outcome is an error, an invalid frame or a failed state."""
    return RowStyle(foreground=QColor("#ff8a80" if dark else "#b00020"), background=None)


def error_text_color(dark: bool) -> QColor:
    """Inline error messages (filter, dialogs)."""
    return QColor("#ff8a80" if dark else "#b00020")


def channel_state_colors(dark: bool) -> dict[ChannelState, QColor]:
    """Dot colours for channel states: green joined, amber in progress, red refused/failed."""
    green, amber, red, grey = (
        ("#4caf50", "#ffb300", "#ef5350", "#9e9e9e")
        if dark
        else ("#2e7d32", "#f9a825", "#c62828", "#9e9e9e")
    )
    return {
        ChannelState.JOINED: QColor(green),
        ChannelState.JOINING: QColor(amber),
        ChannelState.ERRORED: QColor(amber),
        ChannelState.LEAVING: QColor(amber),
        ChannelState.REFUSED: QColor(red),
        ChannelState.FAILED: QColor(red),
        ChannelState.CLOSED: QColor(grey),
    }


# Chart series; the same hues as the rows where they correspond.
SERIES_COLORS: dict[str, str] = {
    "requests": "#e0a800",
    "finalized": "#2e9d3a",
    "control": "#7f8c9a",
    "other": "#3d7dd8",
    "pending": "#d9534f",
}
