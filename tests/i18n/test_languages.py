"""Which language the window speaks: ``--lang``, the system locale, English otherwise;
and a real window in each language shows its texts translated."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QSettings

from ewallet_monitor.app.connection_options import UsageError
from ewallet_monitor.app.gui import Assembly, parse_window_args
from ewallet_monitor.i18n import UnknownLanguage, choose_language, parse_language
from ewallet_monitor.protocol.approval import ApprovalCard
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.ui.approval_card import ApprovalCardWidget
from tests.conftest import TIME_UNIT
from tests.models.samples import consumption

ROOT = Path(__file__).resolve().parents[2]

# What each language calls a few things the cashier meets first.
EXPECTED = {
    "th": {"approve": "อนุมัติ", "reject": "ปฏิเสธ", "file": "ไฟล์(&F)", "offline": "● ออฟไลน์"},
    "ja": {"approve": "承認", "reject": "拒否", "file": "ファイル(&F)", "offline": "● オフライン"},
    "id": {"approve": "Setujui", "reject": "Tolak", "file": "&Berkas", "offline": "● Luring"},
    "en": {"approve": "Approve", "reject": "Reject", "file": "&File", "offline": "● Offline"},
}


@pytest.mark.parametrize(
    ("given", "code"), [("ja", "ja"), ("JA", "ja"), ("ja_JP", "ja"), ("id-ID", "id"), ("th", "th")]
)
def test_a_language_is_named_by_its_code_with_or_without_a_territory(given: str, code: str) -> None:
    assert parse_language(given) == code


def test_an_unknown_language_names_the_choices() -> None:
    with pytest.raises(
        UnknownLanguage, match="unknown language 'fr': choose one of en, th, ja, id"
    ):
        parse_language("fr")


def test_the_system_locale_decides_unless_lang_is_given() -> None:
    assert choose_language(None, QLocale("th_TH")) == "th"
    assert choose_language(None, QLocale("id_ID")) == "id"
    assert choose_language(None, QLocale("de_DE")) == "en"
    assert choose_language("ja", QLocale("th_TH")) == "ja"


def test_an_unknown_lang_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown language 'xx'"):
        parse_window_args(["--lang", "xx"])
    assert parse_window_args(["--lang", "id"]).lang == "id"


def run_window(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": lang}
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "ewallet_monitor.app.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90 * TIME_UNIT,
        check=False,
    )


def test_an_unknown_lang_on_the_command_line_exits_2_with_the_reason_on_stderr() -> None:
    result = run_window("--lang", "klingon")
    assert result.returncode == 2
    assert "unknown language 'klingon': choose one of en, th, ja, id" in result.stderr
    assert result.stdout == ""


def test_lang_opens_the_window_in_that_language(tmp_path: Path) -> None:
    result = run_window("--lang", "ja", "--quit-after", "500", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "language ja_JP (eWallet モニター)" in result.stderr


def test_without_lang_the_system_locale_chooses(tmp_path: Path) -> None:
    result = run_window("--quit-after", "500", "--data-dir", str(tmp_path), lang="id_ID.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "language id_ID (Pemantau eWallet)" in result.stderr
    result = run_window("--quit-after", "500", "--data-dir", str(tmp_path), lang="de_DE.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "(eWallet monitor)" in result.stderr


@pytest.mark.parametrize("language", ["th", "ja", "id", "en"])
def test_a_real_window_speaks_the_chosen_language(
    qtbot: Any, speak: Callable[[str], None], build: Callable[..., Assembly], language: str
) -> None:
    speak(language)
    settings = Settings(QSettings(f"{tempfile.mkdtemp()}/s.ini", QSettings.Format.IniFormat))
    window = build(settings, demo_mode="cashier").window
    words = EXPECTED[language]
    assert window.menuBar().actions()[0].text() == words["file"]
    assert window.status.connection_label.text() == words["offline"]
    card = ApprovalCardWidget(ApprovalCard.from_request(consumption()))
    qtbot.addWidget(card)
    assert card.approve_button.text() == words["approve"]
    assert card.reject_button.text() == words["reject"]
    if language != "en":
        assert "Approve" not in card.approve_button.toolTip()


def test_english_plurals_come_from_the_english_catalog(
    speak: Callable[[str], None], build: Callable[..., Assembly]
) -> None:
    speak("en")
    settings = Settings(QSettings(f"{tempfile.mkdtemp()}/s.ini", QSettings.Format.IniFormat))
    window = build(settings).window
    window.status.set_pending(1)
    assert window.status.pending_label.text() == "1 waiting"
    window.status.set_store_health(None, 1)
    assert window.status.store_label.text() == "⚠ 1 event not saved"
    window.status.set_store_health(None, 3)
    assert window.status.store_label.text() == "⚠ 3 events not saved"


@pytest.mark.parametrize(
    ("language", "cancel"), [("th", "ยกเลิก"), ("id", "Batal"), ("ja", "キャンセル")]
)
def test_qts_own_buttons_speak_the_language_too(
    qtbot: Any, speak: Callable[[str], None], language: str, cancel: str
) -> None:
    from PySide6.QtWidgets import QMessageBox

    speak(language)
    box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    button = box.button(QMessageBox.StandardButton.Cancel)
    assert button is not None
    assert button.text() == cancel


def test_plurals_are_translated_in_thai(
    speak: Callable[[str], None], build: Callable[..., Assembly]
) -> None:
    speak("th")
    settings = Settings(QSettings(f"{tempfile.mkdtemp()}/s.ini", QSettings.Format.IniFormat))
    window = build(settings).window
    window.status.set_pending(3)
    assert window.status.pending_label.text() == "รออยู่ 3 รายการ"
