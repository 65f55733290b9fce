"""Save -> searchable: a save writes one file, reopens nothing that did not change, and leaves
merging to a quiet moment."""

from __future__ import annotations

import time

import pytest

from search import index as search_index
from search import matching
from search.index import SearchIndex
from search.records import IndexRecord
from tests.search.test_segments import MORE, _contents


def _save(index: SearchIndex, number: int, version: str = "1") -> None:
    index.upsert([IndexRecord(f"saved-{number}", f"保存的第{number}号案例", f"正文写到独有词{number}号。",
                              version=version)])


@pytest.fixture
def built(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.rebuild(iter(MORE), len(MORE))
    yield index
    if not index._closed:
        index.close()


def _segment_files(folder, segment_id: str) -> list[str]:
    return sorted(f.name for f in folder.iterdir() if f.name.startswith(f"{segment_id}."))


def test_a_save_writes_its_segment_as_one_file_that_searches_read(built):
    _save(built, 1)
    new = built._matcher.segments[-1]
    assert _segment_files(built.folder, new.id) == [f"{new.id}.seg"]
    assert [hit.id for hit in built.search('"独有词1号"').hits] == ["saved-1"]
    assert built.search("保存").total == 1


def test_a_save_reopens_no_other_segment_and_decodes_none_of_its_columns_again(built, monkeypatch):
    built.search("防汛 预警")
    built.search("县气象局")
    readers = dict(built._readers)
    loaded: list[str] = []
    for name in ("field_lengths", "column_strings", "column_codes", "column_numbers", "posting_arrays"):
        original = getattr(matching, name)
        monkeypatch.setattr(matching, name, lambda reader, *a, _original=original, **k:
                            loaded.append(reader.segment().segment_id()) or _original(reader, *a, **k))
    _save(built, 1)
    assert all(built._readers[key] is reader for key, reader in readers.items())
    built.search("防汛 预警")
    built.search("县气象局")
    assert set(loaded) == {built._matcher.segments[-1].id}  # the save's segment only


def test_an_edit_replaces_the_old_version_on_disk_too(built):
    built.upsert([IndexRecord("extra-3", "改过的标题", "改过的正文。", version="edited")])
    assert built.versions()["extra-3"] == "edited"
    assert built.search("第3号防汛简报").total == 0
    built.close()
    again = SearchIndex.open(built.folder)
    assert again.versions()["extra-3"] == "edited" and len(again.versions()) == len(MORE)
    assert [hit.id for hit in again.search("改过的标题").hits] == ["extra-3"]
    again.close()


def test_saves_are_merged_once_they_pause_not_while_saving(built, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 0.3)
    large = len(built._matcher.segments)
    for number in range(4):
        _save(built, number)
    assert len(built._matcher.segments) == large + 4  # no save waited for a merge
    deadline = time.monotonic() + 10
    while len(built._matcher.segments) > large + 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(built._matcher.segments) == large + 1  # the four saves' segments merged into one
    assert sorted(hit.id for hit in built.search("保存").hits) == [f"saved-{n}" for n in range(4)]


def test_saves_that_never_pause_merge_once_segments_pile_up(built, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    large = len(built._matcher.segments)
    for number in range(search_index._MERGE_AT_SEGMENTS + 5):
        _save(built, number)
        assert len(built._matcher.segments) <= search_index._MERGE_AT_SEGMENTS
    assert built.search("保存").total == search_index._MERGE_AT_SEGMENTS + 5
    assert len(built._matcher.segments) > large


def test_merging_saved_segments_changes_nothing_a_reader_sees(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    index = SearchIndex.create(tmp_path / "ix")
    index.rebuild(iter(MORE[:20]), 20)
    for record in MORE[20:]:
        index.upsert([record])
    index.upsert([IndexRecord("extra-25", "改过的标题", "改过的正文。", version="edited")])
    before = _contents(tmp_path / "ix")
    index._merge_saved_segments()
    assert len(index._matcher.segments) == 2
    index.close()
    after = _contents(tmp_path / "ix")
    assert after["documents"] == before["documents"]
    # Whoosh's merge leaves deleted documents out, so document numbers (and postings) shift.
    assert {key[:2] for key in after["postings"]} <= {key[:2] for key in before["postings"]}


def test_closing_stops_the_merge_thread(built, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    _save(built, 1)
    merger = built._merger
    assert merger.is_alive()
    built.close()
    assert not merger.is_alive()
