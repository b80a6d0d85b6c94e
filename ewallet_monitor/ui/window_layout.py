"""The window's two layouts, where each profile's choice is kept, and fitting the screen.

*Cashier* puts the payments first: the Approvals panel fills the window, everything else
is hidden (the View menu brings any of it back). *Operator* is the event log in the centre
with every dock around it. The choice and the dock arrangement are kept per profile (the
demo counts as a profile of its own).
"""

from __future__ import annotations

import enum
from urllib.parse import quote

from PySide6.QtCore import QByteArray, QCoreApplication, QRect, QSize

from ewallet_monitor.settings.keys import Setting


class WindowLayout(enum.Enum):
    CASHIER = "cashier"
    OPERATOR = "operator"

    @property
    def title(self) -> str:
        if self is WindowLayout.CASHIER:
            return QCoreApplication.translate("WindowLayout", "Cashier")
        return QCoreApplication.translate("WindowLayout", "Operator")

    @classmethod
    def parse(cls, text: str) -> WindowLayout | None:
        for layout in cls:
            if layout.value == text:
                return layout
        return None


# The largest a layout's minimum may be: Cashier fits 1920x1080 at 2x (960x540 logical,
# less a panel); Operator fits a 1024x768 screen.
MAX_MINIMUM = {
    WindowLayout.CASHIER: QSize(800, 520),
    WindowLayout.OPERATOR: QSize(1024, 700),
}
# What a first start asks for, before the screen cuts it down.
PREFERRED_SIZE = {
    WindowLayout.CASHIER: QSize(1280, 800),
    WindowLayout.OPERATOR: QSize(1360, 860),
}

NO_PROFILE_KEY = "(default)"


def profile_key(profile: str, demo_mode: str | None) -> str:
    """Whose layout: the demo's (one per demo mode), a profile's, or the default one."""
    if demo_mode:
        return f"(demo {demo_mode})"
    return profile or NO_PROFILE_KEY


def layout_setting(key: str) -> Setting[str]:
    return Setting[str](f"layouts/{quote(key, safe='')}/layout", "")


def dock_state_setting(key: str, layout: WindowLayout) -> Setting[QByteArray]:
    return Setting[QByteArray](f"layouts/{quote(key, safe='')}/{layout.value}", QByteArray())


def fits(frame: QRect, available: QRect) -> bool:
    """Whether a window's frame lies wholly inside a screen's available area."""
    return available.contains(frame)


def placed_inside(size: QSize, available: QRect) -> QRect:
    """``size`` cut down to ``available`` and centred in it."""
    width = min(size.width(), available.width())
    height = min(size.height(), available.height())
    left = available.left() + (available.width() - width) // 2
    top = available.top() + (available.height() - height) // 2
    return QRect(left, top, width, height)
