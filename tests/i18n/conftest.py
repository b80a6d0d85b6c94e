"""Speaking a language for one test: the translators and the default locale, undone after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from ewallet_monitor.i18n import install_language


@pytest.fixture
def speak(qapp: Any) -> Iterator[Callable[..., None]]:
    """``speak("ja")`` makes the application Japanese until the test ends (on a system
    whose locale is ``system``: C unless given)."""
    before = QLocale()
    installed: list[Any] = []

    def use(language: str, system: str = "C") -> None:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
        installed[:] = install_language(qapp, language, QLocale(system))

    yield use
    for translator in installed:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(before)
