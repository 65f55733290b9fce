"""A search takes the archive's index under the guard and searches it without: saving, closing and
restoring a backup go on meanwhile, and the search finishes or says why not."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from archive.errors import ArchiveError
from archive.library import Library
from archive.model import CaseDraft
from search.index import SearchIndex


class HeldSearch:
    """The first index search stops, before it reads the index, until `release` is set."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.inside, self.release = threading.Event(), threading.Event()
        self.outcome: list[object] = []
        real = SearchIndex.search

        def held(index: SearchIndex, *args, **kwargs):
            if not self.inside.is_set():
                self.inside.set()
                self.release.wait(20)
            return real(index, *args, **kwargs)

        monkeypatch.setattr(SearchIndex, "search", held)

    def start(self, library: Library, query: str) -> threading.Thread:
        def search() -> None:
            try:
                self.outcome.append(library.search(query))
            except ArchiveError as error:  # what the user would be told
                self.outcome.append(error)

        thread = threading.Thread(target=search)
        thread.start()
        assert self.inside.wait(10)
        return thread


def finishes(work: Callable[[], object], seconds: float = 10) -> bool:
    """Whether `work` returns within `seconds`, run on a thread of its own."""
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()


@pytest.fixture
def library(tmp_path):
    library = Library.open(tmp_path / "archive")
    yield library
    library.close()


def test_a_save_is_indexed_while_a_search_runs(library, monkeypatch):
    held = HeldSearch(monkeypatch)
    searching = held.start(library, "防汛")
    try:
        assert finishes(lambda: library.cases.add(CaseDraft("防汛演练", "汛前组织应急演练。")))
        assert library._state.index.matching_ids("演练")
    finally:
        held.release.set()
        searching.join()
    assert held.outcome[0].total == 1


def test_closing_while_a_search_runs_tells_the_search_why_it_ended(tmp_path, monkeypatch):
    library = Library.open(tmp_path / "archive")
    library.cases.add(CaseDraft("防汛演练", "汛前组织应急演练。"))
    held = HeldSearch(monkeypatch)
    searching = held.start(library, "防汛")
    try:
        assert finishes(library.close)
    finally:
        held.release.set()
        searching.join()
    [error] = held.outcome
    assert isinstance(error, ArchiveError) and "案例库在搜索时被关闭" in str(error)


def test_a_search_during_a_restore_answers_from_the_restored_archive(library, monkeypatch):
    library.cases.add(CaseDraft("防汛演练", "汛前组织应急演练。"))
    backup = library.maintenance.backup()
    library.cases.add(CaseDraft("防汛值守", "备份之后保存的案例。"))
    held = HeldSearch(monkeypatch)
    searching = held.start(library, "防汛")
    try:
        assert finishes(lambda: library.maintenance.restore_backup(backup))
    finally:
        held.release.set()
        searching.join()
    [result] = held.outcome
    assert result.total == 1
    assert library.search("防汛").total == 1
