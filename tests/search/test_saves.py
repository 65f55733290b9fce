"""Save -> searchable: a save writes one file, reopens nothing that did not change, and leaves
merging to a quiet moment."""

from __future__ import annotations

import functools
import itertools
import threading
import time

import pytest

from search import index as search_index
from search import matching, merging
from search.index import SearchIndex
from search.records import IndexRecord
from search.small_segment import SmallSegment
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


def _segments_read(monkeypatch) -> list[str]:
    """The segments whose columns, field lengths or postings are decoded from now on."""
    loaded: list[str] = []
    for name in ("field_lengths", "column_strings", "column_codes", "column_numbers", "posting_arrays"):
        original = getattr(matching, name)
        monkeypatch.setattr(matching, name, lambda reader, *a, _original=original, **k:
                            loaded.append(reader.segment().segment_id()) or _original(reader, *a, **k))
    return loaded


def test_a_save_reopens_no_other_segment_and_decodes_none_of_its_columns_again(built, monkeypatch):
    built.search("防汛 预警")
    built.search("县气象局")
    readers = dict(built._readers)
    loaded = _segments_read(monkeypatch)
    _save(built, 1)
    assert all(built._readers[key] is reader for key, reader in readers.items())
    built.search("防汛 预警")
    built.search("县气象局")
    assert set(loaded) <= {built._matcher.segments[-1].id}  # the save's segment at most


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


def test_a_save_that_only_puts_the_merge_off_does_not_wake_the_merge_thread(built, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    large = len(built._matcher.segments)
    _save(built, 0)  # the merge thread starts, to merge in an hour
    wakeups = []
    notify_all = built._merge_wakeup.notify_all
    monkeypatch.setattr(built._merge_wakeup, "notify_all", lambda: wakeups.append(1) or notify_all())
    for number in range(1, 4):
        _save(built, number)
    assert wakeups == []  # each put the merge off: the thread wakes at the hour and waits on
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 0.0)
    _save(built, 4)  # a merge due sooner: woken
    assert wakeups
    deadline = time.monotonic() + 10
    while len(built._matcher.segments) > large + 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(built._matcher.segments) == large + 1
    assert built.search("保存").total == 5


def test_saves_that_never_pause_are_merged_in_the_background_once_segments_pile_up(built, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    large = len(built._matcher.segments)
    saves = search_index._MERGE_AT_SAVED + 5
    for number in range(saves):
        _save(built, number)
        assert len(built._matcher.segments) <= search_index._MOST_SEGMENTS
    deadline = time.monotonic() + 30
    while built._piled_up() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert large < len(built._matcher.segments) < large + search_index._MERGE_AT_SAVED
    assert built.search("保存").total == saves


@pytest.fixture
def held_merge(monkeypatch):
    """Merges of saves' segments stop after their first piece, until `release` is set."""
    started, release = threading.Event(), threading.Event()
    merge = search_index.merge_saved_segments

    def held(*args, turns, **kwargs):
        def in_two(pieces):
            if not turns(itertools.islice(pieces, 1)):
                return False
            started.set()
            assert release.wait(30)
            return turns(pieces)

        return merge(*args, turns=in_two, **kwargs)

    monkeypatch.setattr(search_index, "merge_saved_segments", held)
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 0.0)
    yield started, release
    release.set()


def _in_thread(work) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_saves_and_searches_do_not_wait_for_a_running_merge(built, held_merge):
    started, release = held_merge
    _save(built, 1)
    _save(built, 2)
    assert started.wait(10)
    saving = _in_thread(lambda: (_save(built, 3), built.search("保存")))
    saving.join(10)
    assert not saving.is_alive() and not release.is_set()
    assert built.search('"独有词3号"').total == 1
    release.set()
    deadline = time.monotonic() + 10
    while built._merging.locked() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(hit.id for hit in built.search("保存").hits) == ["saved-1", "saved-2", "saved-3"]


def test_an_edit_or_a_deletion_while_a_merge_runs_is_kept(built, held_merge):
    started, release = held_merge
    for number in range(3):
        _save(built, number)
    assert started.wait(10)
    _save(built, 1, version="2")  # its old version is in a segment being merged
    built.delete(["saved-2"])
    release.set()
    deadline = time.monotonic() + 10
    while built._merging.locked() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not built._merging.locked()
    assert {key: v for key, v in built.versions().items() if key.startswith("saved")} == {
        "saved-0": "1", "saved-1": "2"}
    assert sorted(hit.id for hit in built.search("保存").hits) == ["saved-0", "saved-1"]
    built.close()
    again = SearchIndex.open(built.folder)
    assert sorted(hit.id for hit in again.search("保存").hits) == ["saved-0", "saved-1"]
    again.close()


def test_a_merge_of_saves_segments_works_only_while_it_holds_the_index_s_lock(built, monkeypatch):
    # Never beside a save or a search: each would wait for Python's lock, and on a busy machine
    # for the merge's thread to be given a core again.
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    held: list[bool] = []
    for name in ("add_segment", "_field_entries", "_term_files", "write"):
        method = getattr(SmallSegment, name)
        monkeypatch.setattr(SmallSegment, name, lambda writer, *a, _method=method, **k:
                            held.append(built._lock._is_owned()) or _method(writer, *a, **k))
    for number in range(3):
        _save(built, number)
    held.clear()
    built._merge_saved_segments()
    assert len(held) > 3 and all(held)
    assert built.search("保存").total == 3


def test_saves_faster_than_merges_wait_once_segments_reach_the_bound(built, held_merge, monkeypatch):
    started, release = held_merge
    monkeypatch.setattr(search_index, "_MOST_SEGMENTS", len(built._matcher.segments) + 3)
    _save(built, 0)
    _save(built, 1)
    assert started.wait(10)
    _save(built, 2)  # the third segment of saves: at the bound
    saving = _in_thread(lambda: _save(built, 3))
    saving.join(0.5)
    assert saving.is_alive()  # waits for the merge
    release.set()
    saving.join(10)
    assert not saving.is_alive()
    assert built.search("保存").total == 4


def test_the_first_save_after_opening_reads_no_other_segments_columns(built, monkeypatch):
    monkeypatch.setattr(search_index, "_WARM_UP_AFTER_SECONDS", 3600)
    built.close()
    index = SearchIndex.open(built.folder)
    loaded = _segments_read(monkeypatch)
    _save(index, 1)
    assert [hit.id for hit in index.search('"独有词1号"').hits] == ["saved-1"]
    assert set(loaded) <= {index._matcher.segments[-1].id}
    index.close()


def test_merging_saved_segments_changes_nothing_a_reader_sees(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    index = SearchIndex.create(tmp_path / "ix")
    index.rebuild(iter(MORE[:20]), 20)
    for record in MORE[20:]:
        index.upsert([record], merge=False)
    index.upsert([IndexRecord("extra-25", "改过的标题", "改过的正文。", version="edited")], merge=False)
    before = _contents(tmp_path / "ix")
    index._merge_saved_segments()
    assert len(index._matcher.segments) == 2
    index.close()
    after = _contents(tmp_path / "ix")
    # Whoosh's merge writes no length column for a field empty in all its documents: its reader
    # then says None where a save's segment says 0 (never read: a term's documents have length).
    assert _zero_lengths(after["documents"]) == _zero_lengths(before["documents"])
    # Whoosh's merge leaves deleted documents out, so document numbers (and postings) shift.
    assert {key[:2] for key in after["postings"]} <= {key[:2] for key in before["postings"]}


def _zero_lengths(documents: dict) -> dict:
    return {key: (stored, {f: length or 0 for f, length in lengths.items()}, columns)
            for key, (stored, lengths, columns) in documents.items()}


def test_closing_stops_the_merge_thread(built, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    _save(built, 1)
    merger = built._merger
    assert merger.is_alive()
    built.close()
    assert not merger.is_alive()


def test_closing_merges_the_segments_saves_piled_up(built, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    monkeypatch.setattr(search_index, "_MERGE_AT_SAVED", 100)
    large = len(built._matcher.segments)
    for number in range(3):
        _save(built, number)
    monkeypatch.setattr(search_index, "_MERGE_AT_SAVED", 3)
    built.close()
    again = SearchIndex.open(built.folder)
    assert len(again._matcher.segments) == large + 1
    assert again.search("保存").total == 3
    again.close()


class _Sized:
    """A segment of a table of contents, as `bulk_segments` sees it."""

    def __init__(self, documents: int) -> None:
        self.documents = documents

    def doc_count_all(self) -> int:
        return self.documents


def test_bulk_adds_pieces_are_merged_a_full_size_tier_at_a_time():
    def picked(*sizes: int) -> list[int]:
        return [s.documents for s in merging.bulk_segments([_Sized(n) for n in sizes])]

    assert picked(50, 60, 50, 10, 5, 20_000) == []  # three of a tier, saves' and a rebuild's
    assert picked(50, 60, 50, 70, 10, 20_000) == [50, 50, 60, 70]
    assert picked(50, 60, 200, 300, 250, 90) == [90, 200, 250, 300]  # the smallest full tier
    assert picked(*[125] * 40) == [125] * merging.MOST_MERGED
    assert picked(*[merging.LARGEST_MERGED] * 8) == []


def test_bulk_adds_leave_a_bounded_number_of_segments(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    try:
        records = [IndexRecord(f"bulk-{n}", f"批量第{n}号", f"正文写到批量独有词{n}号。", version="1")
                   for n in range(1_200)]
        for start in range(0, len(records), 100):  # as an import indexes: 2 segments of 50 each time
            index.upsert(records[start:start + 100])
        deadline = time.monotonic() + 120
        while (index._bulk_due() or index._merging.locked()) and time.monotonic() < deadline:
            time.sleep(0.1)
        sizes = sorted(segment.size for segment in index._matcher.segments)
        # Fewer than TIER_WIDTH per tier (50, 200 and 800 documents here), not 24 segments of 50.
        assert len(sizes) < 3 * merging.TIER_WIDTH, sizes
        assert sum(sizes) == len(records)
        assert index.search("批量独有词").total == len(records)
        assert [hit.id for hit in index.search('"批量独有词777号"').hits] == ["bulk-777"]
    finally:
        index.close()


def test_a_merge_whose_postings_spill_to_sorted_runs_keeps_them(tmp_path, monkeypatch):
    # Whoosh's posting pool writes runs past its memory limit (128 MB: a merge of a few hundred
    # cases) through raw files, which an in-memory storage never kept: the merge failed.
    monkeypatch.setattr(merging, "SegmentWriter", functools.partial(merging.SegmentWriter, limitmb=0.01))
    index = SearchIndex.create(tmp_path / "ix")
    try:
        records = [IndexRecord(f"bulk-{n}", f"批量第{n}号", f"正文写到批量独有词{n}号。" * 20, version="1")
                   for n in range(400)]
        for start in range(0, len(records), 100):
            index._change(records[start:start + 100], (), search_index.write_segment)
        toc = index._toc
        folders = {p for p in index.folder.iterdir() if p.is_dir()}
        merged, segment = merging.merge_segments(index.folder, index._ix.indexname, toc, merging.bulk_segments)
        assert len(merged) == 4 and index._list_merged(toc, merged, segment)
        assert [s.size for s in index._matcher.segments] == [400]
        assert index.search("批量独有词").total == len(records)
        assert {p for p in index.folder.iterdir() if p.is_dir()} == folders  # the runs' folder removed
    finally:
        index.close()


def test_an_edit_deleting_from_a_segment_whose_hits_were_shown_leaves_them_readable(built):
    shown = built.search("防汛简报")
    assert shown.hits[0].snippet_html
    built.upsert([IndexRecord("extra-3", "第3号防汛简报（改）", "改过的正文。", version="edited")])
    # The rebuilt segment's reader was closed and opened again; other words: marked afresh.
    again = built.search("会商研判")
    assert len(again.hits) == 20 and all("<b>" in hit.snippet_html for hit in again.hits)
