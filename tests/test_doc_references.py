"""Docstrings and comments cite only documents the repository has, and sections they have."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "docs" / "protocol-notes.md"
CITATION = re.compile(r"docs/protocol-notes\.md (§[\d.]+(?:[–,] ?§[\d.]+)*)")
# Documents that live outside the repository (a bare name, not one of docs/).
FOREIGN = re.compile(r"(?<![\w/-])(?:protocol|architecture)\.md")


def sources() -> list[Path]:
    """Every Python file of the project but this one (its samples are bad on purpose)."""
    here = Path(__file__).resolve()
    return sorted(
        path
        for folder in ("ewallet_monitor", "tests", "benchmarks", "scripts")
        for path in (ROOT / folder).rglob("*.py")
        if path != here
    )


def notes_sections() -> set[str]:
    text = NOTES.read_text(encoding="utf-8")
    return set(re.findall(r"^#+ (§[\d.]+)", text, flags=re.MULTILINE))


def cited_sections(text: str) -> set[str]:
    found: set[str] = set()
    for group in CITATION.findall(text):
        found.update(re.findall(r"§[\d.]+", group))
    return {section.rstrip(".") for section in found}


def test_nothing_cites_a_document_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FOREIGN.search(line)
    ]
    assert offenders == []


def test_every_cited_section_of_the_protocol_notes_exists() -> None:
    sections = notes_sections()
    assert {"§1", "§5", "§6.2", "§7"} <= sections
    missing = {
        f"{path.relative_to(ROOT)}: {section}"
        for path in sources()
        for section in cited_sections(path.read_text(encoding="utf-8"))
        if section not in sections
    }
    assert missing == set()


def test_the_checks_see_a_bad_citation() -> None:
    assert FOREIGN.search("see protocol.md §3")
    assert not FOREIGN.search("see docs/protocol-notes.md §3")
    assert cited_sections("(docs/protocol-notes.md §2–§5) and (docs/protocol-notes.md §9)") == {
        "§2",
        "§5",
        "§9",
    }
