"""Which language the window speaks, and the translators that make it speak it.

The language is ``--lang`` when given, else the system locale's language when the app has
a translation for it, else English. The window's own texts come from
``resources/translations/ewallet_monitor_<lang>.qm``; Qt's own (standard dialog buttons,
text-field context menus) from Qt's ``qtbase_<lang>.qm`` where Qt ships one, with the
missing ones in our own file (:mod:`ewallet_monitor.i18n.qt_texts`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ewallet_monitor.resources import resources_root

# English is the source language: it needs no translation file.
LANGUAGES = ("en", "th", "ja", "id")
CATALOG = "ewallet_monitor"


class UnknownLanguage(ValueError):
    """A ``--lang`` value the app has no translation for."""


def parse_language(value: str) -> str:
    """``value`` as one of :data:`LANGUAGES` (``ja``, ``ja_JP``, ``ja-JP`` and ``JA`` are
    all Japanese); :class:`UnknownLanguage` names the choices otherwise."""
    code = value.strip().replace("-", "_").split("_", 1)[0].lower()
    if code not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {value!r}: choose one of {', '.join(LANGUAGES)}")
    return code


def choose_language(requested: str | None, system: QLocale) -> str:
    """``requested`` (already checked) or the system locale's language, else English."""
    if requested is not None:
        return parse_language(requested)
    for name in system.uiLanguages():
        try:
            return parse_language(name)
        except UnknownLanguage:
            continue
    return "en"


def language_locale(language: str, system: QLocale) -> QLocale:
    """The locale whose formats the window uses: the system's when it speaks ``language``
    (so ``en_GB`` keeps its dates) or when it is the C locale and the window speaks
    English (24-hour ISO-like times), else the language's main locale (``id`` → ``id_ID``)."""
    if system.name().split("_", 1)[0] == language:
        return system
    if language == "en" and system.language() == QLocale.Language.C:
        return system
    return QLocale({"en": "en_US", "th": "th_TH", "ja": "ja_JP", "id": "id_ID"}[language])


def translations_dir() -> Path | None:
    """Where the compiled ``.qm`` files are (``None`` when the resources are missing)."""
    root = resources_root()
    return None if root is None else root / "translations"


def install_language(
    app: QCoreApplication, language: str, system: QLocale | None = None
) -> list[QTranslator]:
    """Make ``app`` speak ``language``: the default locale and its translators.

    Returns the installed translators (kept alive by the caller: a translator that is
    garbage-collected stops translating). English has one too: the source texts' plural
    forms ("1 payment" / "2 payments"). A missing ``.qm`` raises ``FileNotFoundError``: a
    broken install must not silently fall back to English.
    """
    QLocale.setDefault(language_locale(language, system or QLocale.system()))
    installed: list[QTranslator] = []
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and qt_own.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    folder = translations_dir()
    ours = QTranslator(app)
    if folder is None or not ours.load(f"{CATALOG}_{language}", str(folder)):
        raise FileNotFoundError(f"no {CATALOG}_{language}.qm under {folder}")
    # Installed last, so it is asked first: our words for Qt's buttons win where Qt has some.
    app.installTranslator(ours)
    installed.append(ours)
    return installed
