"""Attachments are versioned with the text, and nothing a restore could need is ever removed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from archive.library import Library
from archive.model import CaseDraft, NewFile

FLOOD = CaseDraft(
    title="叫应机制筑牢防汛第一道防线", unit="某市气象局", date=dt.date(2024, 7, 2), tags=("防汛",),
    body="一、主要做法\n\n市气象局与应急管理局建立暴雨预警“叫应”机制，直达基层责任人。\n")
FIRST_PHOTO = NewFile("现场照片.png", b"\x89PNG first photo", "image/png")
SECOND_PHOTO = NewFile("现场照片.png", b"\x89PNG second photo", "image/png")


def photo_bytes(library: Library, case_id: str) -> bytes:
    (attachment,) = library.get_case(case_id).attachments
    return library.file_path(attachment).read_bytes()


def test_a_package_update_keeps_the_replaced_attachment_in_the_revision(tmp_path: Path):
    case_id = "11111111-2222-3333-4444-555555555555"
    later = dt.datetime.now().astimezone() + dt.timedelta(days=1)
    newer = CaseDraft(**{**FLOOD.__dict__, "body": FLOOD.body + "补充：已推广到全省。\n"})
    with Library.open(tmp_path / "archive") as library:
        library.merge_case(case_id, FLOOD, updated_at=later, attachments=[FIRST_PHOTO])
        assert library.merge_case(case_id, newer, updated_at=later + dt.timedelta(days=1),
                                  attachments=[SECOND_PHOTO]) == ("updated", case_id)
        assert photo_bytes(library, case_id) == SECOND_PHOTO.data
        # Backups rotated away: the revision alone must keep the first photo from repair.
        shutil.rmtree(library.layout.backups, ignore_errors=True)
        report = library.maintenance.check(repair=True)
        assert report.healthy and not report.repaired
        restored = library.cases.restore_revision(case_id, 1)
        assert restored.body == FLOOD.body
        assert photo_bytes(library, case_id) == FIRST_PHOTO.data
        # ...and the state it replaced, second photo included, is a revision in turn.
        library.cases.restore_revision(case_id, 2)
        assert photo_bytes(library, case_id) == SECOND_PHOTO.data


def test_replacing_an_attachment_without_editing_the_text_is_a_revision(tmp_path: Path):
    with Library.open(tmp_path / "archive") as library:
        case = library.cases.add(FLOOD, attachments=[FIRST_PHOTO])
        library.cases.update(case.id, FLOOD, new_attachments=[SECOND_PHOTO])
        assert [r.number for r in library.revisions(case.id)] == [1]
        library.cases.restore_revision(case.id, 1)
        assert photo_bytes(library, case.id) == FIRST_PHOTO.data


def test_the_files_of_a_set_aside_database_are_not_orphans(tmp_path: Path):
    with Library.open(tmp_path / "archive") as library:
        backup = library.maintenance.backup()
        for number in range(5):
            library.cases.add(CaseDraft(f"第{number}号案例", f"正文{number}"),
                             attachments=[NewFile(f"表{number}.csv", f"a,{number}".encode(), "text/csv")])
        files = library.layout.blobs
        before = sorted(files.rglob("*"))
        library.maintenance.restore_backup(backup)
        library.maintenance.restore_backup(backup)  # twice within a second: both set-aside databases kept
        assert len(list(library.layout.root.glob("archive.sqlite3.replaced-*[0-9]"))) == 2
        report = library.maintenance.check(repair=True)
        assert report.healthy and not report.repaired
        assert sorted(files.rglob("*")) == before


@pytest.mark.parametrize("with_wal", [False, True])
def test_an_emptied_database_opens_as_damage(tmp_path: Path, with_wal: bool):
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        library.cases.add(FLOOD, attachments=[FIRST_PHOTO])
        library.maintenance.backup()
    (folder / "archive.sqlite3").write_bytes(b"")
    if with_wal:
        (folder / "archive.sqlite3-wal").write_bytes(b"")
    with Library.open(folder) as library:
        assert library.damage and "已损坏" in library.damage
        assert "backup --restore" in library.maintenance.check().problems[0].repair
    assert (folder / "archive.sqlite3").stat().st_size == 0


def test_a_creation_interrupted_before_anything_was_saved_starts_again(tmp_path: Path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "archive.sqlite3").write_bytes(b"")
    with Library.open(folder) as library:
        assert library.damage is None
        library.cases.add(FLOOD)


def test_check_removes_what_an_interrupted_reindex_left(tmp_path: Path):
    with Library.open(tmp_path / "archive") as library:
        library.cases.add(FLOOD)
        for leftover in ("index.rebuild-0a1b2c3d", "index.old-4e5f6a7b"):
            (library.layout.root / leftover / "seg").mkdir(parents=True)
        report = library.maintenance.check()
        assert not report.healthy and "索引重建" in report.problems[0].what
        assert library.maintenance.check(repair=True).healthy
        assert sorted(p.name for p in library.layout.root.glob("index*")) == ["index"]


def test_a_pack_killed_half_way_leaves_nothing_after_the_next(tmp_path: Path):
    with Library.open(tmp_path / "archive") as library:
        case = library.cases.add(FLOOD)
        out = tmp_path / "交流包.zip"
        (tmp_path / ".交流包.zip.k1l2m3.partial").write_bytes(b"PK half")
        library.packages.pack([case.id], out)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name != "archive") == ["交流包.zip"]


@pytest.mark.parametrize("suffix", [".pst", "_stored.col", ".id.col"])
def test_truncated_index_files_are_found_by_check_and_rebuilt(tmp_path: Path, suffix: str):
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        for number in range(30):
            library.cases.add(CaseDraft(f"防汛案例{number}", f"叫应机制第{number}条。" * 200))
    for file in (folder / "index").iterdir():
        if file.name.endswith(suffix):
            file.write_bytes(file.read_bytes()[: file.stat().st_size // 3])
    with Library.open(folder) as library:  # opening finds the damage and rebuilds
        assert library.search("叫应").total == 30
        assert library.maintenance.check().healthy
