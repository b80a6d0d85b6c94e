"""The layer rules import-linter cannot express (a subpackage of an external package)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ewallet_monitor"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_models_never_import_qtwidgets() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "models").rglob("*.py")
        if any(name.startswith("PySide6.QtWidgets") for name in imported_modules(path))
    ]
    assert offenders == []


def test_i18n_never_imports_qtwidgets() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "i18n").rglob("*.py")
        if any(name.startswith("PySide6.QtWidgets") for name in imported_modules(path))
    ]
    assert offenders == []


def test_the_rule_sees_an_offending_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtWidgets import QTableView\n", encoding="utf-8")
    assert "PySide6.QtWidgets" in imported_modules(sample)
