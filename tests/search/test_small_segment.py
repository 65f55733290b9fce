"""A save's segment written in plain Python: Whoosh's files, byte for byte, in one compound file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3Segment
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from search import array_postings, merging, segments
from search import index as search_index
from search.index import SearchIndex, _create_empty, _document
from search.records import IndexRecord
from search.small_segment import write_small_segment
from tests.search.test_segments import MORE, RECORDS, _contents

# Twice each record (another id and version): terms of several documents, in blocks.
TWICE = [*MORE[:25], *(dataclasses.replace(r, id=f"again-{r.id}", version="again") for r in MORE[:25])]


@pytest.fixture
def fixed_segment_id(monkeypatch):
    """New segments all named alike, so that two writers' files can be compared byte for byte."""
    monkeypatch.setattr(W3Segment, "_random_id", classmethod(lambda cls, size=16: "samesegmentid000"))


def _index(folder: Path) -> FileStorage:
    _create_empty(folder)
    return FileStorage(str(folder))


def _members(folder: Path, segment: W3Segment) -> dict[str, bytes]:
    """The files in a segment's compound file."""
    compound = CompoundStorage(FileStorage(str(folder)).open_file(segment.make_filename(".seg")), use_mmap=False)
    try:
        return {name: compound.open_file(name).read() for name in compound.list()}
    finally:
        compound.close()


@pytest.mark.parametrize("records", [MORE[:1], RECORDS, TWICE], ids=["one", "a few", "terms in blocks"])
def test_a_save_s_segment_holds_the_files_whoosh_s_writer_writes_byte_for_byte(tmp_path, fixed_segment_id,
                                                                               records):
    theirs = _index(tmp_path / "theirs")
    writer = segments._SegmentWriter(tmp_path / "theirs", _document)  # Whoosh's per-document writer
    for record in records:
        writer.add(record)
    expected = writer.finish()
    files = {name: (tmp_path / "theirs" / name).read_bytes() for name in theirs.list() if name.startswith("MAIN_")}
    ours = _index(tmp_path / "ours").open_index()
    written = write_small_segment(tmp_path / "ours", records, _document, schema=ours.schema,
                                  indexname=ours.indexname)
    assert [p.name for p in (tmp_path / "ours").iterdir() if p.name.startswith("MAIN_")] == [
        written.make_filename(".seg")]
    assert _members(tmp_path / "ours", written) == files
    assert written.compound and written.doc_count_all() == expected.doc_count_all() == len(records)
    assert written._fieldlengths == expected._fieldlengths


def test_merging_saved_segments_writes_what_one_save_of_their_live_records_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    index = SearchIndex.create(tmp_path / "ix")
    try:
        index.upsert(TWICE[:3], merge=False)
        for record in TWICE[3:]:
            index.upsert([record], merge=False)
        edited = dataclasses.replace(TWICE[1], title="改过的标题", version="edited")
        index.upsert([edited], merge=False)  # its old version is deleted in the first segment
        index.delete([TWICE[30].id])
        toc = index._toc
        live = [TWICE[0], TWICE[2], *TWICE[3:30], *TWICE[31:], edited]
        monkeypatch.setattr(W3Segment, "_random_id", classmethod(lambda cls, size=16: "samesegmentid000"))
        merged, segment = merging.merge_saved_segments(index.folder, index._ix.indexname, toc)
        assert len(merged) == len(toc.segments)
        saved = _index(tmp_path / "one").open_index()
        expected = write_small_segment(tmp_path / "one", live, _document, schema=saved.schema,
                                       indexname=saved.indexname)
        assert (tmp_path / "ix" / segment.make_filename(".seg")).read_bytes() == \
            (tmp_path / "one" / expected.make_filename(".seg")).read_bytes()
        assert index._list_merged(toc, merged, segment)
        assert len(index._matcher.segments) == 1
        assert index.versions() == {r.id: r.version for r in live}
        assert [hit.id for hit in index.search("改过的标题").hits] == [edited.id]
    finally:
        index.close()


def test_a_merged_index_reads_as_the_index_of_its_records_written_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "_IDLE_MERGE_SECONDS", 3600)
    index = SearchIndex.create(tmp_path / "ix")
    for record in RECORDS:
        index.upsert([record], merge=False)
    index._merge_saved_segments()
    assert len(index._matcher.segments) == 1
    index.close()
    once = tmp_path / "once"
    _create_empty(once)
    segments.write_segments(once, iter(RECORDS), len(RECORDS), _document, processes=1)
    assert _contents(tmp_path / "ix") == _contents(once)


def test_a_save_reads_no_table_of_contents(tmp_path, monkeypatch):
    index = SearchIndex.create(tmp_path / "ix")
    try:
        index.upsert(RECORDS[:3])
        read = []
        original = TOC.read
        monkeypatch.setattr(TOC, "read", classmethod(lambda cls, *a, **k: read.append(1) or original(*a, **k)))
        index.upsert([IndexRecord("new", "新保存的案例", "正文提到独有词。", version="1")])
        assert [hit.id for hit in index.search("独有词").hits] == ["new"]
        assert read == []
    finally:
        index.close()


@pytest.mark.parametrize("weights", [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [1.0, 3.0, 300.0], [0.5, 1.25, 2.0]],
                         ids=["ones", "one weight", "integers", "fractions"])
def test_a_block_from_lists_is_the_block_from_arrays(weights):
    gaps, frequencies, positions = [3, 1, 70_000], [1, 2, 1], [5, 0, 4, 9]
    arrays = array_postings.block(
        np.array(gaps, np.int64), np.array(weights), array_postings.PackedValues(
            array_postings.smallest(np.array(positions, "<u4")), array_postings.smallest(np.array(frequencies))),
        70_004, 3, 9)
    lists = array_postings.small_block(gaps, weights, array_postings.PackedValues(
        array_postings.smallest_of(positions), array_postings.smallest_of(frequencies)), 70_004, 3, 9)
    assert lists == arrays
