"""Find the files under ``resources/`` (icons, sounds) at run time.

Looked up, first match wins:

1. ``$EWALLET_MONITOR_RESOURCES`` (packagers, tests);
2. ``ewallet_monitor/_resources`` inside the installed package (the wheel ships
   ``resources/`` there as package data), or wherever ``importlib.resources`` finds the
   ``ewallet_monitor._resources`` package;
3. ``resources/`` next to the package (a source checkout or an editable install);
4. ``resources/`` under a PyInstaller bundle (``sys._MEIPASS``).

A missing file gives ``None``, never an exception: the app runs without icons or sound.
"""

from __future__ import annotations

import importlib.resources
import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
APP_ICON_SVG = "icons/ewallet-monitor.svg"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
REQUEST_SOUND = "sounds/request.wav"


def candidate_roots() -> list[Path]:
    roots: list[Path] = []
    override = os.environ.get("EWALLET_MONITOR_RESOURCES")
    if override:
        roots.append(Path(override))
    roots.append(_PACKAGE_DIR / "_resources")
    packaged = _packaged_root()
    if packaged is not None:
        roots.append(packaged)
    roots.append(_PACKAGE_DIR.parent / "resources")
    bundle = getattr(sys, "_MEIPASS", None)
    if isinstance(bundle, str):
        roots.append(Path(bundle) / "resources")
    return roots


def _packaged_root() -> Path | None:
    """Where ``importlib.resources`` puts ``ewallet_monitor._resources`` (editable installs
    map it onto the checkout's ``resources/``); ``None`` when it is not a plain folder."""
    try:
        files = importlib.resources.files("ewallet_monitor._resources")
    except (ModuleNotFoundError, TypeError):
        return None
    return files if isinstance(files, Path) else None


@cache
def resources_root() -> Path | None:
    """The first root that holds the app icon, or ``None``."""
    for root in candidate_roots():
        if (root / APP_ICON_SVG).is_file():
            return root
    return None


def resource_path(relative: str) -> Path | None:
    """The path of ``relative`` (e.g. ``"sounds/request.wav"``), or ``None`` if absent."""
    root = resources_root()
    if root is None:
        return None
    path = root / relative
    return path if path.is_file() else None


def app_icon_paths() -> list[Path]:
    """The SVG and every PNG size found, for building a multi-size ``QIcon``."""
    names = [APP_ICON_SVG] + [f"icons/ewallet-monitor-{size}.png" for size in APP_ICON_SIZES]
    return [path for name in names if (path := resource_path(name)) is not None]
