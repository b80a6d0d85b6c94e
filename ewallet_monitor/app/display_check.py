"""Whether the window can have a screen, asked before Qt is: without a display Qt aborts
(exit 134) with a hint about a missing xcb-cursor library, which is rarely the reason."""

from __future__ import annotations

import socket
import sys
from collections.abc import Mapping
from pathlib import Path

# Platforms that need no display server.
_HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")
HOW_TO_RUN_OFFSCREEN = "to run without a screen, set QT_QPA_PLATFORM=offscreen"


def display_problem(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """One line saying why no window can be shown here ("" when one can, or when this
    cannot be told before Qt tries: other systems, a remote X display, Wayland)."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return ""
    qpa = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip()
    if qpa.startswith(_HEADLESS_PLATFORMS):
        return ""
    if qpa.startswith("wayland") or (not qpa and env.get("WAYLAND_DISPLAY")):
        return ""
    display = env.get("DISPLAY", "")
    if not display:
        return f"no display to open the window on (DISPLAY is not set); {HOW_TO_RUN_OFFSCREEN}"
    if not _local_x_display_answers(display):
        return f"the X display {display} cannot be reached; {HOW_TO_RUN_OFFSCREEN}"
    return ""


def _local_x_display_answers(display: str) -> bool:
    """For a local display (``:99``, ``unix:0.0``): whether its socket takes a connection.
    A remote one (``host:0``) is left to Qt."""
    host, _, rest = display.rpartition(":")
    if host not in ("", "unix") or not rest:
        return True
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return True
    path = Path("/tmp/.X11-unix") / f"X{number}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(2.0)
        try:
            probe.connect(str(path))
        except OSError:
            # Linux X servers also listen on an abstract socket of the same name.
            try:
                probe.connect(f"\0{path}")
            except OSError:
                return False
    return True
