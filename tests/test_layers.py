"""The layers of DESIGN.md: the core never imports Qt, search knows nothing of the archive, the
window and the command line come in through `archive.library` only, and no module imports itself
back through others."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("archive", "search", "ui")


def imported_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                # `from archive import exchange` imports the module archive.exchange.
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    names.add(submodule if _module_path(submodule) is not None else node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def _module_path(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(file: str) -> str:
    parts = Path(file).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


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


def test_the_window_and_the_command_line_come_in_through_the_library_only():
    clients = imported_modules("ui")
    clients["archive/cli.py"] = imported_modules("archive")["archive/cli.py"]
    offenders = {file: sorted(n for n in names if n.split(".")[0] in {"archive", "search"}
                              and n not in {"archive", "archive.library"})
                 for file, names in clients.items()}
    assert {file: names for file, names in offenders.items() if names} == {}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk of the import graph meets, each as a list of modules."""
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_module_imports_itself_back_through_others():
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for file, names in imported_modules(package).items():
            graph[_module_name(file)] = {n for n in names if _module_path(n) is not None}
    assert "archive.library" in graph["archive.cli"]  # the graph holds the real imports
    assert find_cycles(graph) == []


def test_the_cycle_walk_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_the_window_starts_long_work_through_operations_only():
    starting = {str(path.relative_to(ROOT)) for path in (ROOT / "ui").rglob("*.py")
                if "runner.start(" in path.read_text(encoding="utf-8")}
    assert starting == {"ui/operations.py"}


def test_the_matcher_reads_whoosh_internals_only_through_whoosh_bulk():
    """Whoosh's private attributes are read in `search/whoosh_bulk.py` (the reader's), `segments.py`,
    `small_segment.py` and `merging.py` (the writer's) alone, where tests compare what they read and
    write with Whoosh's public API: anywhere else an upgrade could change them unnoticed."""
    for path in (ROOT / "search").glob("*.py"):
        if path.name in ("whoosh_bulk.py", "segments.py", "small_segment.py", "merging.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owner = node.value.id if isinstance(node.value, ast.Name) else ""
                assert owner in ("self", "cls", "index"), f"{path.name}:{node.lineno} reads {owner}.{node.attr}"
