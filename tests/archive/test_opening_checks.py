"""What every opening does besides opening: SQLite's quick_check runs beside the search index's
opening (it reads the whole database file) and passes before anything is written."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from archive import indexing
from archive.library import CaseDraft, Library
from archive.store import Store
from search.index import SearchIndex

WAIT_S = 5


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        library.cases.add(CaseDraft("防汛叫应机制", "一、做法\n\n叫应到人。", tags=("防汛",)))
    return folder


def check_after_the_index_opened(monkeypatch, problems: list[str]) -> list[str]:
    """The database check answers `problems` only once the index has opened (so only when the two
    run side by side); returns what the opening reconciled meanwhile."""
    index_opened = threading.Event()
    reconciled: list[str] = []
    open_index, reconcile = SearchIndex.open, indexing.reconcile

    def opened(*args, **kwargs):
        index = open_index(*args, **kwargs)
        index_opened.set()
        return index

    def quick_check(store: Store) -> list[str]:
        assert index_opened.wait(WAIT_S), "the check waited for the index, or the index for the check"
        return problems

    monkeypatch.setattr(SearchIndex, "open", opened)
    monkeypatch.setattr(Store, "quick_check", quick_check)
    monkeypatch.setattr(indexing, "reconcile", lambda *a, **k: reconciled.append("index") or reconcile(*a, **k))
    return reconciled


def test_the_database_is_checked_while_the_index_opens(archive, monkeypatch):
    reconciled = check_after_the_index_opened(monkeypatch, [])
    with Library.open(archive) as library:
        assert library.damage is None and not library.read_only
        assert library.search("防汛").total == 1
    assert reconciled == ["index"]


def test_damage_found_while_the_index_opened_opens_read_only_and_writes_nothing(archive, monkeypatch):
    reconciled = check_after_the_index_opened(monkeypatch, ["Page 7: btreeInitPage() returns error code 11"])
    with Library.open(archive) as library:
        assert library.damage and "Page 7" in library.damage
        assert library.read_only
    assert reconciled == []
    assert not (archive / "backups").exists() or not list((archive / "backups").iterdir())


def test_an_opening_neither_sorts_nor_scans_the_cases_table(archive, monkeypatch):
    # Either reads every case's row with its body: 40 ms at 20,000 cases, all the file from disk.
    statements: list[str] = []
    open_store = Store.open

    def traced(*args, **kwargs) -> Store:
        store = open_store(*args, **kwargs)
        store.connection.set_trace_callback(statements.append)
        return store

    monkeypatch.setattr(Store, "open", traced)
    Library.open(archive).close()
    database = sqlite3.connect(archive / "archive.sqlite3")
    try:
        plans = [" ".join(str(row[-1]) for row in database.execute(f"EXPLAIN QUERY PLAN {sql}"))
                 for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    finally:
        database.close()
    on_cases = [plan for plan in plans if "cases" in plan.replace("case_tags", "")]
    assert on_cases, plans
    assert not [plan for plan in on_cases if "SCAN cases" in plan or "TEMP B-TREE" in plan], on_cases
