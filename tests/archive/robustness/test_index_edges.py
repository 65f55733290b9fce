"""The search index's own defences: opened read-only it changes no file (another process's write
lock stays), it refuses to be created over a file, and it refuses an overlong query itself."""

from __future__ import annotations

import time
from pathlib import Path

import filelock
import pytest

from archive.library import CaseDraft, Library
from search.errors import SearchError
from search.index import MAX_QUERY_CHARS, SearchIndex


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    with Library.open(tmp_path / "archive") as library:
        library.cases.add(CaseDraft("防汛案例", "防汛叫应机制正文"))
    return tmp_path / "archive"


def test_a_read_only_opening_keeps_the_writers_lock(archive: Path):
    lock = archive / "index" / "MAIN_WRITELOCK"
    lock.write_text("")  # the writing process is saving right now
    with filelock.FileLock(archive / "archive.lock", timeout=0), \
            Library.open(archive, allow_read_only=True) as reader:
        assert reader.read_only
        assert reader.search("防汛").total == 1
        assert lock.exists()
    index = SearchIndex.open(archive / "index", read_only=True)
    try:
        assert lock.exists()
    finally:
        index.close()


def test_creating_an_index_over_a_file_is_refused_clearly(tmp_path: Path):
    occupied = tmp_path / "index"
    occupied.write_text("someone's file")
    with pytest.raises(SearchError, match="是一个文件，不是文件夹"):
        SearchIndex.create(occupied)
    assert occupied.read_text() == "someone's file"


def test_the_index_refuses_an_overlong_query_itself(archive: Path):
    index = SearchIndex.open(archive / "index")
    try:
        started = time.monotonic()
        with pytest.raises(SearchError, match="检索词过长"):
            index.search("防汛演练" * 2500)
        assert time.monotonic() - started < 1
        assert index.search("防" * MAX_QUERY_CHARS).total == 0
    finally:
        index.close()
