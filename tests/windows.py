"""Windows built in tests, destroyed at once while their parts are still alive."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from ewallet_monitor.app.gui import Assembly, build_window
from ewallet_monitor.settings.keys import Settings


def delete_window(window: QWidget) -> None:
    """Destroy a closed window now, while the caller still holds its parts: a
    ``deleteLater`` left for a later turn of the loop (often in a later test), or a
    window let go of with its parts and collected with them in any order, ran after
    its models were freed — its views then read freed memory (an intermittent SIGSEGV,
    often in a later test)."""
    window.close()
    shiboken6.delete(window)


def window_builder() -> Iterator[Callable[..., Assembly]]:
    """Body of a fixture: ``build(settings, **options)`` is ``build_window``, and every
    window it built is destroyed at teardown, its parts held until then."""
    built: list[Assembly] = []

    def build(settings: Settings, **options: Any) -> Assembly:
        parts = build_window(settings, **options)
        built.append(parts)
        return parts

    yield build
    for parts in built:
        delete_window(parts.window)
