"""The bulk segment writer of rebuilds: Whoosh's own files, as its own writer would write them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search import index as search_index
from search import segments
from search.index import SearchIndex, _create_empty, _document
from search.records import IndexRecord
from search.segments import write_segments
from tests.search.test_search import CASES

MORE = [IndexRecord(f"extra-{n}", f"第{n}号防汛简报", f"第{n}次会商研判，山洪预警“叫应”到户、到人。" * (n % 4 + 1),
                    unit="某县气象局" if n % 2 else "某縣氣象局", author="张三", tags=("防灾减灾",) * (n % 2),
                    date=dt.date(2020 + n % 5, 1 + n % 12, 1) if n % 3 else None, version=str(n))
        for n in range(40)]
RECORDS = CASES + MORE


def _contents(folder: Path) -> dict:
    """Everything a reader sees: every field's terms with their postings, stored fields, lengths
    and columns."""
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        schema = ix.schema
        postings = {}
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            postings[field, term] = [(d, v) for d, v in matcher.items_as("weight")]
            info = reader.term_info(field, term)
            postings[field, term, "info"] = (info.weight(), info.doc_frequency(), info.min_length(),
                                             info.max_length(), info.max_weight(), info.min_id(), info.max_id())
            if schema[field].format.supports("positions"):
                postings[field, term, "positions"] = list(reader.postings(field, term).items_as("positions"))
        ids = reader.column_reader("id")
        by_id = {ids[d]: d for d in reader.all_doc_ids()}
        documents = {record_id: (reader.stored_fields(d),
                                 {f: reader.doc_field_length(d, f) for f in schema.scorable_names()},
                                 {f: reader.column_reader(f)[d] for f in schema.names() if schema[f].column_type})
                     for record_id, d in by_id.items()}
        totals = {f: reader.field_length(f) for f in schema.scorable_names()}
    ix.close()
    return {"postings": postings, "documents": documents, "totals": totals}


# Enough records that a common term's postings fill several blocks (Whoosh's hold 128 postings).
MANY = [dataclasses.replace(record, id=f"many-{n}-{record.id}", version=str(n))
        for n in range(7) for record in MORE]


@pytest.mark.parametrize(("records", "chunk"), [(RECORDS, None), (MANY, None), (MANY, 50)],
                         ids=["a few", "several blocks a term", "postings listed a few at a time"])
def test_the_bulk_writer_writes_what_whoosh_s_writer_writes(tmp_path, monkeypatch, records, chunk):
    if chunk:
        monkeypatch.setattr("search.segments._CHUNK_POSTINGS", chunk)
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    _create_empty(ours)
    assert write_segments(ours, iter(records), len(records), _document, processes=1)
    _create_empty(theirs)
    writer = whoosh_index.open_dir(str(theirs)).writer()
    for record in records:
        writer.add_document(**_document(record))
    writer.commit()
    assert _contents(ours) == _contents(theirs)


def test_two_processes_write_every_record_once(tmp_path, monkeypatch):
    monkeypatch.setattr("search.segments._BATCH_RECORDS", 3)  # batches for both workers to take
    folder = tmp_path / "ix"
    _create_empty(folder)
    progress: list[tuple[int, int]] = []
    assert write_segments(folder, iter(RECORDS), len(RECORDS), _document,
                          progress=lambda done, total: progress.append((done, total)), processes=2)
    assert progress[-1] == (len(RECORDS), len(RECORDS))
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        sizes = sorted(leaf.doc_count_all() for leaf, _ in searcher.reader().leaf_readers())
    assert len(sizes) <= 2 and sum(sizes) == len(RECORDS)  # a segment per worker that took a batch
    ix.close()
    single = tmp_path / "single"
    _create_empty(single)
    write_segments(single, iter(RECORDS), len(RECORDS), _document, processes=1)
    assert _contents(folder)["documents"] == _contents(single)["documents"]


def test_a_worker_starts_a_new_segment_every_segment_docs_documents(tmp_path, monkeypatch):
    monkeypatch.setattr("search.segments._BATCH_RECORDS", 4)
    monkeypatch.setattr("search.segments.SEGMENT_DOCS", 10)
    folder = tmp_path / "ix"
    _create_empty(folder)
    assert write_segments(folder, iter(RECORDS), len(RECORDS), _document, processes=2)
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        sizes = [leaf.doc_count_all() for leaf, _ in searcher.reader().leaf_readers()]
    ix.close()
    assert max(sizes) <= 12 and sum(sizes) == len(RECORDS)  # a batch of 4 may cross 10
    single = tmp_path / "single"
    _create_empty(single)
    write_segments(single, iter(RECORDS), len(RECORDS), _document, processes=1)
    assert _contents(folder)["documents"] == _contents(single)["documents"]


def _bad_record(record):
    raise ValueError("坏记录")


def _killed(record):
    os._exit(9)


@pytest.mark.parametrize(("failure", "error"), [(_bad_record, ValueError), (_killed, segments.WorkerFailed)],
                         ids=["raises", "dies"])
def test_a_rebuild_whose_worker_fails_raises_and_keeps_the_previous_index(tmp_path, monkeypatch, failure, error):
    monkeypatch.setattr("search.index._PARALLEL_FROM", 2)
    monkeypatch.setattr("search.segments._BATCH_RECORDS", 5)
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    add = segments._SegmentWriter.add

    def failing(writer, record):
        if record.id == MORE[-1].id:
            failure(record)
        add(writer, record)

    monkeypatch.setattr(segments._SegmentWriter, "add", failing)  # the workers are forked: they see it
    with pytest.raises(error):
        index.rebuild(iter(RECORDS), len(RECORDS))
    assert index.search("").total == len(CASES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]
    index.close()


def test_a_rebuild_cancelled_while_workers_write_keeps_the_previous_index(tmp_path, monkeypatch):
    monkeypatch.setattr("search.index._PARALLEL_FROM", 2)
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    asked = []
    index.rebuild(iter(RECORDS), len(RECORDS), is_cancelled=lambda: asked.append(1) or len(asked) > 1)
    assert index.search("").total == len(CASES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]
    index.close()


def test_a_save_opens_only_its_own_segment_and_sees_deletions_in_the_others(tmp_path, monkeypatch):
    monkeypatch.setattr("search.index._PARALLEL_FROM", 2)
    index = SearchIndex.create(tmp_path / "ix")
    index.rebuild(iter(RECORDS), len(RECORDS))
    opened = []
    original = search_index.SegmentReader
    monkeypatch.setattr(search_index, "SegmentReader", lambda *a, **k: opened.append(1) or original(*a, **k))
    index.upsert([IndexRecord("new", "新保存的案例", "正文提到独有词。", version="1")])
    assert len(opened) == 1
    assert [h.id for h in index.search("独有词").hits] == ["new"]
    # Replacing a case of the rebuild deletes it in its large segment: that segment is read again.
    index.upsert([IndexRecord("flood", "新标题", "改写后的正文", version="2")])
    assert len(opened) == 3 and index.search("渔船").total == 0 and index.versions()["flood"] == "2"
    index.close()


def test_a_batch_edit_commits_in_chunks_and_keeps_the_last_version_of_a_repeated_case(tmp_path, monkeypatch):
    monkeypatch.setattr("search.index._UPSERT_CHUNK", 2)
    index = SearchIndex.create(tmp_path / "ix")
    commits = []
    commit = SearchIndex._change
    monkeypatch.setattr(SearchIndex, "_change",
                        lambda self, *args: commits.append(1) or commit(self, *args))
    index.upsert([*CASES, IndexRecord("flood", "第二版标题", "第二版正文", version="2")])
    assert len(commits) == 3  # five distinct cases, two a commit
    assert index.versions() == {**{case.id: "1" for case in CASES}, "flood": "2"}
    assert [hit.id for hit in index.search("第二版").hits] == ["flood"]
    index.close()


def test_whoosh_merges_bulk_written_segments_without_changing_what_they_hold(tmp_path):
    folder = tmp_path / "ix"
    _create_empty(folder)
    write_segments(folder, iter(RECORDS), len(RECORDS), _document, processes=2)
    before = _contents(folder)
    ix = whoosh_index.open_dir(str(folder))
    ix.writer().commit(optimize=True)
    ix.close()
    after = _contents(folder)
    # Not the total field lengths: Whoosh's merge adds up the one-byte rounded lengths.
    assert (after["postings"], after["documents"]) == (before["postings"], before["documents"])


def test_a_large_upsert_is_written_in_the_helper_process_and_without_it_if_it_died(tmp_path, monkeypatch):
    monkeypatch.setattr("search.index._APART_FROM", 20)  # MORE has 40 records
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(MORE)
    helper = search_index._write_helper._pool
    assert helper is not None and all(pid != os.getpid() for pid in helper._processes)
    assert index.search("叫应").total == len(MORE)
    for process in list(helper._processes.values()):
        process.kill()
        process.join()
    index.upsert([dataclasses.replace(record, title=f"改写{record.title}", version="2") for record in MORE])
    assert index.search("改写").total == len(MORE) and set(index.versions().values()) == {"2"}
    assert search_index._write_helper._pool is None  # a new helper next time
    index.close()
