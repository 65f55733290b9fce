"""The façade: store and index in step, the lock, damage, backups, import and trash."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from archive import indexing
from archive.errors import (
    ArchiveError,
    ArchiveLockedError,
    DamagedArchiveError,
    ReadOnlyArchiveError,
)
from archive.library import Library
from archive.model import CaseDraft, NewFile
from search.records import SearchFilters

FLOOD = CaseDraft(
    title="叫应机制筑牢防汛第一道防线", unit="某市气象局", date=dt.date(2024, 7, 2),
    tags=("防汛",),
    body="一、主要做法\n\n市气象局与应急管理局建立暴雨预警“叫应”机制，直达基层责任人。\n")
HARVEST = CaseDraft(
    title="夏收夏种气象服务保障粮食丰收", unit="某县农业农村局", date=dt.date(2023, 6, 1),
    tags=("粮食安全",),
    body="夏收期间，县农业农村局联合气象部门发布麦收天气窗口，小麦颗粒归仓。\n")


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "archive") as library:
        yield library


def ids_found(library: Library, query: str, **filters) -> list[str]:
    return [hit.id for hit in library.search(query, SearchFilters(**filters)).hits]


def test_a_new_archive_has_the_default_taxonomy(library):
    groups = [t.name for t in library.tags() if t.parent is None]
    assert groups[:6] == ["防灾减灾", "粮食安全", "重大活动保障", "科技创新", "党建引领", "为民服务"]
    children = {t.name: t.parent for t in library.tags() if t.parent}
    assert children["防汛"] == "防灾减灾"


def test_a_saved_case_is_searchable_when_the_save_returns(library):
    case = library.cases.add(FLOOD)
    assert ids_found(library, "叫应") == [case.id]
    library.cases.update(case.id, CaseDraft(**{**FLOOD.__dict__, "title": "台风防御经验"}))
    assert ids_found(library, "台风") == [case.id]


def test_trash_removes_from_search_and_restore_brings_back(library):
    case = library.cases.add(FLOOD)
    library.trash([case.id[:8]])
    assert ids_found(library, "叫应") == []
    assert [t.id for t in library.trash.list()] == [case.id]
    library.trash.restore([case.id])
    assert ids_found(library, "叫应") == [case.id]


def test_purging_removes_files_no_other_case_uses(library):
    shared = NewFile("图1.png", b"\x89PNG shared picture", "image/png")
    kept = library.cases.add(FLOOD, attachments=[shared])
    gone = library.cases.add(HARVEST, attachments=[shared, NewFile("表.csv", b"a,b")])
    library.trash([gone.id])
    library.trash.purge([gone.id])
    assert library.file_path(kept.attachments[0]).is_file()
    assert len(list(library.layout.blobs.glob("??/*"))) == 1


def test_files_a_backup_refers_to_survive_purge_and_repair(library):
    case = library.cases.add(HARVEST, attachments=[NewFile("表.csv", b"a,b")])
    backup = library.maintenance.backup()
    library.trash([case.id])
    library.trash.purge([case.id])
    assert library.maintenance.check(repair=True).healthy
    library.maintenance.restore_backup(backup)
    restored = library.get_case(case.id)
    assert library.file_path(restored.attachments[0]).read_bytes() == b"a,b"
    assert library.maintenance.check().healthy


def test_filtering_by_a_group_includes_its_tags(library):
    flood = library.cases.add(FLOOD)
    library.cases.add(HARVEST)
    assert ids_found(library, "", tags_any=("防灾减灾",)) == [flood.id]


def test_renaming_a_tag_reaches_the_index(library):
    case = library.cases.add(FLOOD)
    library.tags.rename("防汛", "汛期服务")
    assert ids_found(library, "", tags_any=("汛期服务",)) == [case.id]
    assert ids_found(library, "", tags_any=("防汛",)) == []


def test_restoring_a_revision_keeps_the_state_it_replaces(library):
    case = library.cases.add(FLOOD)
    library.cases.update(case.id, CaseDraft(**{**FLOOD.__dict__, "title": "第二稿"}))
    restored = library.cases.restore_revision(case.id, 1)
    assert restored.title == FLOOD.title
    assert [r.title for r in library.revisions(case.id)] == ["第二稿", FLOOD.title]


def test_an_empty_title_is_refused(library):
    with pytest.raises(ArchiveError, match="标题不能为空"):
        library.cases.add(CaseDraft(title="   ", body="正文"))
    assert library.case_count() == 0


def test_a_second_opener_is_refused_or_gets_read_only(tmp_path, library):
    with pytest.raises(ArchiveLockedError, match="另一个程序"):
        Library.open(library.layout.root)
    library.cases.add(FLOOD)
    with Library.open(library.layout.root, allow_read_only=True) as reader:
        assert reader.read_only
        assert reader.case_count() == 1
        assert [h.id for h in reader.search("叫应").hits]
        with pytest.raises(ReadOnlyArchiveError):
            reader.cases.add(HARVEST)


def test_the_lock_is_released_on_close(tmp_path):
    Library.open(tmp_path).close()
    Library.open(tmp_path).close()


def test_the_lock_is_released_by_a_close_on_another_thread_than_the_opening(tmp_path):
    """The window opens an archive in a worker, which lives on, and closes it on its own thread."""
    with ThreadPoolExecutor(1) as worker:
        worker.submit(Library.open, tmp_path).result().close()
        worker.submit(Library.open, tmp_path).result().close()


def test_a_missing_index_is_rebuilt_on_open(tmp_path):
    with Library.open(tmp_path) as library:
        case = library.cases.add(FLOOD)
    import shutil

    shutil.rmtree(tmp_path / "index")
    seen = []
    with Library.open(tmp_path, progress=lambda done, total, what: seen.append(what)) as library:
        assert ids_found(library, "叫应") == [case.id]
    assert seen


def test_an_index_behind_the_store_is_reconciled_on_open(tmp_path, monkeypatch):
    with Library.open(tmp_path) as library:
        kept = library.cases.add(FLOOD)
        # Simulate a crash between the SQLite commit and the index update.
        monkeypatch.setattr(Library, "_reindex_cases", lambda self, ids: None)
        late = library.cases.add(HARVEST)
        monkeypatch.undo()
        assert ids_found(library, "夏收") == []
    with Library.open(tmp_path) as library:
        assert ids_found(library, "夏收") == [late.id]
        assert ids_found(library, "叫应") == [kept.id]


def test_opening_reads_the_index_versions_once_for_its_check_and_its_reconciling(tmp_path, monkeypatch):
    # Decoding the id and version columns is tens of milliseconds of every opening at 20,000 cases.
    from search.index import SearchIndex

    with Library.open(tmp_path) as library:
        library.cases.add(FLOOD)
    reads, versions = [], SearchIndex.versions
    monkeypatch.setattr(SearchIndex, "versions", lambda self: reads.append(1) or versions(self))
    with Library.open(tmp_path) as library:
        assert ids_found(library, "叫应")
    assert len(reads) == 1


def test_an_index_far_behind_the_store_is_rebuilt_rather_than_patched(tmp_path, monkeypatch):
    with Library.open(tmp_path) as library:
        monkeypatch.setattr(Library, "_reindex_cases", lambda self, ids: None)
        cases = [library.cases.add(FLOOD), library.cases.add(HARVEST)]
        monkeypatch.undo()
    monkeypatch.setattr("archive.indexing._RECONCILE_BATCH", 1)
    rebuilt, rebuild = [], indexing.rebuild
    monkeypatch.setattr(indexing, "rebuild", lambda *args: rebuilt.append(1) or rebuild(*args))
    with Library.open(tmp_path) as library:
        assert rebuilt
        assert ids_found(library, "夏收") == [cases[1].id] and ids_found(library, "叫应") == [cases[0].id]


def test_an_archive_folder_that_is_a_file_is_refused(tmp_path):
    path = tmp_path / "not-a-folder"
    path.write_text("x")
    with pytest.raises(ArchiveError, match="是一个文件，不是文件夹"):
        Library.open(path)


def test_an_archive_folder_without_permission_is_refused(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(ArchiveError, match="权限"):
        Library.open(locked / "archive")


def test_a_damaged_database_is_reported_and_never_written(tmp_path):
    with Library.open(tmp_path) as library:
        library.cases.add(FLOOD)
        library.maintenance.backup()
    database = tmp_path / "archive.sqlite3"
    data = bytearray(database.read_bytes())
    data[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)
    database.write_bytes(bytes(data))
    with Library.open(tmp_path) as library:
        assert library.damage and "已损坏" in library.damage
        with pytest.raises(DamagedArchiveError, match="备份"):
            library.cases.add(HARVEST)
        report = library.maintenance.check()
        assert not report.healthy
        assert "backup --restore" in report.problems[0].repair


def test_restoring_a_backup_repairs_a_damaged_archive(tmp_path):
    with Library.open(tmp_path) as library:
        case = library.cases.add(FLOOD)
        backup = library.maintenance.backup()
    (tmp_path / "archive.sqlite3").write_bytes(b"garbage" * 1000)
    with Library.open(tmp_path) as library:
        assert library.damage
        library.maintenance.restore_backup(backup)
        assert library.damage is None
        assert ids_found(library, "叫应") == [case.id]
    assert list(tmp_path.glob("archive.sqlite3.replaced-*"))


def test_an_older_schema_is_backed_up_before_migrating(tmp_path):
    from archive import migrations

    db = sqlite3.connect(tmp_path / "archive.sqlite3", isolation_level=None)
    migrations.migrate(db, target=1)
    db.close()
    with Library.open(tmp_path) as library:
        assert [p.name for p in library.maintenance.list_backups()][0].endswith(
            f"before-v{migrations.LATEST_VERSION}.sqlite3")


def test_an_archive_from_a_newer_program_is_refused(tmp_path):
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(ArchiveError, match="更新版本"):
        Library.open(tmp_path)


def test_check_reports_and_repairs_what_it_can(library):
    case = library.cases.add(FLOOD, attachments=[NewFile("图.png", b"png bytes")])
    assert library.maintenance.check().healthy
    library.layout.blobs.joinpath("ab").mkdir(parents=True, exist_ok=True)
    library.layout.blobs.joinpath("ab", "ab" + "0" * 62).write_bytes(b"orphan")
    library.file_path(case.attachments[0]).write_bytes(b"changed")
    report = library.maintenance.check(repair=True)
    assert report.repaired == ["删除了 1 个无主文件"]
    assert [p.what for p in report.problems] == [f"案例 {case.id[:8]} 的文件「图.png」缺失或已损坏"]


def test_listeners_hear_about_changes(library):
    events = []
    library.subscribe(events.append)
    case = library.cases.add(FLOOD)
    library.trash([case.id])
    assert [(e.kind, e.ids) for e in events] == [("cases", (case.id,)), ("cases", (case.id,))]


def test_merge_case_keeps_ids_and_takes_newer_revisions(library):
    incoming = "11111111-2222-3333-4444-555555555555"
    later = dt.datetime.now().astimezone() + dt.timedelta(days=1)
    assert library.merge_case(incoming, FLOOD, updated_at=later, provenance="交流包") == (
        "added", incoming)
    assert library.merge_case(incoming, FLOOD, updated_at=later) == ("skipped", incoming)
    newer = CaseDraft(**{**FLOOD.__dict__, "body": FLOOD.body + "补充：已推广到全省。\n"})
    assert library.merge_case(incoming, newer, updated_at=later + dt.timedelta(days=1)) == (
        "updated", incoming)
    assert len(library.revisions(incoming)) == 1
    assert library.get_case(incoming).provenance == "交流包"


def test_add_cases_saves_in_batches_and_stops_on_cancel(library):
    drafts = [CaseDraft(title=f"案例{n}", body=f"第{n}个案例的正文，讲防汛。") for n in range(3)]
    assert len(library.cases.add_many(drafts)) == 3
    assert library.search("防汛").total == 3
    assert library.cases.add_many(drafts, is_cancelled=lambda: True) == []



def _png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + \
        chunk(b"IEND", b"")


def test_export_writes_the_cases_with_their_pictures(library, tmp_path):
    from docx import Document

    from archive.briefing import BriefingOptions

    body = FLOOD.body + "\n![雷达回波](attachment:radar.png)\n"
    flood = library.cases.add(CaseDraft(**{**FLOOD.__dict__, "body": body}),
                             attachments=[NewFile("radar.png", _png(40, 20), "image/png")])
    harvest = library.cases.add(HARVEST)
    out = library.word.export([harvest.id, flood.id[:8]], tmp_path / "汇编.docx", BriefingOptions())
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.rfind(HARVEST.title) < text.rfind(FLOOD.title)
    assert len(document.inline_shapes) == 1


def test_a_cancelled_export_writes_nothing(library, tmp_path):
    from archive.briefing import BriefingCancelled, BriefingOptions

    case = library.cases.add(FLOOD)
    out = tmp_path / "汇编.docx"
    with pytest.raises(BriefingCancelled):
        library.word.export([case.id], out, BriefingOptions(), is_cancelled=lambda: True)
    assert list(tmp_path.glob("*.docx")) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_export_to_a_pdf_name_writes_a_pdf(library, tmp_path):
    from archive.briefing import BriefingOptions

    case = library.cases.add(FLOOD)
    out = library.word.export([case.id], tmp_path / "汇编.pdf", BriefingOptions())
    assert out == tmp_path / "汇编.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "汇编.pdf"]


def test_search_ordered_by_a_column_pages_through_every_hit(library):
    undated = CaseDraft(title="气象科普进校园", unit="", body="气象科普讲座。\n")
    flood, harvest, no_date = (library.cases.add(d).id for d in (FLOOD, HARVEST, undated))
    library.trash([library.cases.add(CaseDraft(title="气象旧稿", body="气象。\n")).id])

    def order(sort: str, limit: int = 10, offset: int = 0) -> list[str]:
        return [hit.id for hit in library.search("气象", sort=sort, limit=limit, offset=offset).hits]

    assert order("title:asc") == [flood, no_date, harvest]  # by pinyin: 叫 jiào < 气 qì < 夏 xià
    assert order("title:desc") == [harvest, no_date, flood]
    assert order("date:asc") == [harvest, flood, no_date]  # no date comes last either way
    assert order("date:desc") == [flood, harvest, no_date]
    assert order("unit:asc") == [harvest, flood, no_date]  # 县 < 市; no unit last
    assert order("tags:desc", limit=1, offset=1) == [harvest]
    result = library.search("气象", sort="updated:desc", limit=1)
    assert result.total == 3 and result.facets["year"] == {"2024": 1, "2023": 1}
    assert "气象" in result.hits[0].snippet_html  # the page is highlighted as any search's
    with pytest.raises(ArchiveError, match="排序"):
        library.search("气象", sort="colour:asc")
