"""The layers of DESIGN.md: the core never imports Qt, and search knows nothing of the archive."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize("package", ["archive", "search"])
def test_core_packages_never_import_qt(package):
    offenders = {file: sorted(n for n in names if n.split(".")[0] in {"PySide6", "shiboken6", "ui"})
                 for file, names in imported_modules(package).items()}
    assert {file: names for file, names in offenders.items() if names} == {}


def test_search_knows_nothing_of_the_archive_or_sqlite():
    offenders = {file: sorted(n for n in names if n.split(".")[0] in {"archive", "sqlite3"})
                 for file, names in imported_modules("search").items()}
    assert {file: names for file, names in offenders.items() if names} == {}


def test_the_ui_never_touches_sql_or_whoosh():
    offenders = {file: sorted(n for n in names if n.split(".")[0] in {"sqlite3", "whoosh"}
                              or n in {"archive.store", "archive.migrations"})
                 for file, names in imported_modules("ui").items()}
    assert {file: names for file, names in offenders.items() if names} == {}
