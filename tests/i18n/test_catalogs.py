"""The translation catalogs: complete, in step with the code, consistent with the
glossary, with the English text's placeholders; and the check that CI runs fails on an
unfinished entry or a stale .qm."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from ewallet_monitor.i18n import protocol_text
from ewallet_monitor.i18n.protocol_texts import SENTENCES, TEMPLATES
from ewallet_monitor.protocol import approval
from tests.conftest import TIME_UNIT

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("th", "ja", "id")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%L?n")


def messages(language: str) -> list[tuple[str, str, list[str]]]:
    """``(context, source, [translation forms])`` of a catalog."""
    root = ET.parse(FOLDER / f"ewallet_monitor_{language}.ts").getroot()
    out = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text or "" for f in translation.findall("numerusform")]
            out.append((name, message.findtext("source") or "", forms or [translation.text or ""]))
    return out


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/translations.sh", "check"],
        cwd=ROOT,
        env={**os.environ, "TRANSLATIONS_DIR": str(folder)},
        capture_output=True,
        text=True,
        timeout=120 * TIME_UNIT,
        check=False,
    )


def test_the_catalogs_are_complete_and_in_step_with_the_code() -> None:
    result = run_check(FOLDER)
    assert result.returncode == 0, result.stderr
    assert "th ja id complete" in result.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "translations"
    shutil.copytree(FOLDER, folder)
    return folder


def test_the_check_fails_on_an_unfinished_entry(copy: Path) -> None:
    ts = copy / "ewallet_monitor_ja.ts"
    text = ts.read_text(encoding="utf-8")
    marked = text.replace(
        "<translation>承認</translation>", '<translation type="unfinished">承認</translation>', 1
    )
    assert marked != text
    ts.write_text(marked, encoding="utf-8")
    result = run_check(copy)
    assert result.returncode == 1
    assert "ewallet_monitor_ja.ts has unfinished or empty entries" in result.stderr
    assert "'Approve'" in result.stderr


def test_the_check_fails_on_a_text_the_catalog_does_not_have(copy: Path) -> None:
    ts = copy / "ewallet_monitor_th.ts"
    text = ts.read_text(encoding="utf-8")
    start = text.index("    <message>\n        <source>Approve</source>")
    end = text.index("</message>\n", start) + len("</message>\n")
    ts.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run_check(copy)
    assert result.returncode == 1
    assert "ewallet_monitor_th.ts is not up to date with the code" in result.stderr
    assert "unfinished" in result.stderr  # what the code needs now has no translation


def test_the_check_fails_when_a_qm_is_older_than_its_ts(copy: Path) -> None:
    ts = copy / "ewallet_monitor_id.ts"
    text = ts.read_text(encoding="utf-8")
    changed = text.replace(
        "<translation>Setujui</translation>", "<translation>Terima</translation>", 1
    )
    assert changed != text
    ts.write_text(changed, encoding="utf-8")
    result = run_check(copy)
    assert result.returncode == 1
    assert "ewallet_monitor_id.qm does not match its .ts" in result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_accelerators(language: str) -> None:
    problems = []
    for context, source, forms in messages(language):
        wanted = sorted(PLACEHOLDER.findall(source))
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != wanted:
                problems.append((context, source, form))
            if re.search(r"&[^&\s]", source) and not re.search(r"&[^&\s]", form):
                problems.append((context, source, form))
    assert problems == []


def glossary() -> list[tuple[re.Pattern[str], dict[str, str]]]:
    rows = []
    for line in (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not (found := re.search(r"`([^`]+)`", cells[0])):
            continue
        words = {
            language: re.search(r"`([^`]+)`", cell).group(1)  # type: ignore[union-attr]
            for language, cell in zip(LANGUAGES, cells[1:4], strict=True)
        }
        rows.append((re.compile(found.group(1), re.IGNORECASE), words))
    return rows


def test_the_glossary_has_checked_terms() -> None:
    assert len(glossary()) >= 15


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_uses_the_glossarys_words(language: str) -> None:
    missing = []
    for _context, source, forms in messages(language):
        if "==" in source:  # quotes the filter language, which is never translated
            continue
        plain = PLACEHOLDER.sub("", source)
        for pattern, words in glossary():
            if pattern.search(plain):
                word = words[language].lower()
                missing += [(source, word, f) for f in forms if word not in f.lower()]
    assert missing == []


def test_the_protocols_sentences_are_the_ones_marked_for_translation() -> None:
    constants = [
        approval.UNVERIFIED_TEXT,
        approval._NOT_CHECKED_TEXT,
        *approval._HTTP_ERROR_TEXT.values(),
    ]
    for text in constants:
        assert text in SENTENCES
    card = approval.ApprovalCard.from_request({"id": "txc_1", "status": "pending"})
    failed = card.start(approval.Action.APPROVE).on_transport_error(approval.Action.APPROVE, "boom")
    assert any(
        re.fullmatch(
            re.escape(t).replace(r"\{action\}", "approve").replace(r"\{reason\}", "boom"),
            failed.message,
        )
        for t in TEMPLATES
    )


def test_card_messages_are_shown_in_the_windows_language(speak: Callable[[str], None]) -> None:
    speak("ja")
    card = approval.ApprovalCard.from_request({"id": "txc_1", "status": "pending"})
    failed = card.start(approval.Action.APPROVE).on_transport_error(approval.Action.APPROVE, "boom")
    assert protocol_text(failed.message) == "承認のためにサーバーに接続できませんでした: boom"
    assert protocol_text(approval.UNVERIFIED_TEXT).startswith("切断以降は未確認です。")
    assert protocol_text("a server's own words") == "a server's own words"


def test_the_shared_historys_state_is_shown_in_the_windows_language(
    speak: Callable[[str], None],
) -> None:
    source = (ROOT / "ewallet_monitor" / "store" / "postgres" / "store.py").read_text("utf-8")
    for template in TEMPLATES[-2:]:
        assert template.replace("{count}", "{status.spooled}") in source
    speak("ja")
    text = "History database unreachable — spooling locally (12 events)"
    assert (
        protocol_text(text)
        == "履歴データベースに接続できません — ローカルに保管中 (イベント 12 件)"
    )


def translated_literals() -> set[tuple[str, str]]:
    """``(file, text)`` of every ``tr("…")`` / ``translate("Context", "…")`` /
    ``QT_TRANSLATE_NOOP("Context", "…")`` in the code, f-strings' insides included (which
    lupdate does not read)."""
    found = set()
    for path in (ROOT / "ewallet_monitor").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            index = {"tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}.get(name)
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add((path.name, arg.value))
    return found


def test_every_text_marked_in_the_code_is_in_the_catalogs() -> None:
    sources = {source for _context, source, _forms in messages("ja")}
    missing = sorted(item for item in translated_literals() if item[1] not in sources)
    assert missing == []
