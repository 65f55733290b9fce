"""`check`, `check --repair` and `backup` through the command line, on archives with real damage."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from archive import backup as backups
from archive import migrations
from archive.cli import main
from archive.library import Library
from archive.model import CaseDraft, NewFile
from archive.store import Store

PICTURE = NewFile("现场照片.png", b"\x89PNG" + bytes(range(256)) * 8, "image/png")


@pytest.fixture
def archive(tmp_path) -> Path:
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        for number in range(40):
            library.cases.add(CaseDraft(
                f"第{number}号防汛案例", "一、做法\n\n" + "叫应机制直达基层责任人。" * 40, unit="某市气象局",
                date=dt.date(2024, 1, 1 + number % 28), tags=("防汛",)),
                attachments=[PICTURE] if number == 0 else [])
    return folder


def cli(capsys, folder: Path, *args: str) -> tuple[int, str]:
    status = main(["--archive", str(folder), *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def first_case(folder: Path):
    with Library.open(folder) as library:
        return next(c for c in library.list_cases() if c.attachments)


def test_a_healthy_archive_checks_clean(archive, capsys):
    status, out = cli(capsys, archive, "check")
    assert status == 0
    assert "案例库完好：40 个案例，1 个文件。" in out


@pytest.mark.parametrize("damage", ["deleted", "altered"])
def test_an_attachment_deleted_or_altered_is_reported_with_the_way_to_repair(archive, capsys, damage):
    case = first_case(archive)
    with Library.open(archive) as library:
        path = library.file_path(case.attachments[0])
    if damage == "deleted":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes()[:-1] + b"!")
    status, out = cli(capsys, archive, "check")
    assert status == 1
    assert f"问题：案例 {case.id[:8]} 的文件「现场照片.png」缺失或已损坏" in out
    assert "处理：从备份的 files 文件夹或原始文件恢复该文件" in out
    # Nothing to repair without the bytes: --repair must not drop the record, and says so again.
    status, out = cli(capsys, archive, "check", "--repair")
    assert status == 1 and "缺失或已损坏" in out
    assert first_case(archive).attachments == case.attachments


def test_an_orphan_file_is_removed_by_repair(archive, capsys):
    stray = archive / "files" / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"left behind by a crash")
    status, out = cli(capsys, archive, "check")
    assert status == 1 and "1 个文件不属于任何案例" in out and "check --repair 会删除它们" in out
    status, out = cli(capsys, archive, "check", "--repair")
    assert status == 0 and "已修复：删除了 1 个无主文件" in out
    assert not stray.exists()


def test_a_deleted_index_folder_is_rebuilt_by_itself(archive, capsys):
    shutil.rmtree(archive / "index")
    status, out = cli(capsys, archive, "check")
    assert status == 0 and "案例库完好" in out
    status, out = cli(capsys, archive, "search", "第7号防汛案例", "--json")
    assert status == 0 and "第7号防汛案例" in out


def test_an_index_out_of_step_is_reconciled(archive, capsys):
    db = sqlite3.connect(archive / "archive.sqlite3")
    with db:
        db.execute("UPDATE cases SET title = '台风防御新案例', updated_at = '2030-01-01T00:00:00+00:00'"
                   " WHERE title = '第3号防汛案例'")
    db.close()
    status, out = cli(capsys, archive, "check")
    assert status == 0
    status, out = cli(capsys, archive, "search", "台风防御", "--json")
    assert "台风防御新案例" in out


def test_an_index_of_garbage_is_rebuilt(archive, capsys):
    for segment in (archive / "index").glob("*.seg"):
        segment.write_bytes(b"\x00garbage" * 100)
    status, out = cli(capsys, archive, "check")
    assert status == 0
    status, out = cli(capsys, archive, "search", "叫应", "--json")
    assert '"total": 40' in out


def _garble(database: Path) -> None:
    # SQLite keeps no checksums of row data: garbling shows when it hits page headers and cell pointers.
    data = bytearray(database.read_bytes())
    page = 4096
    for start in range(page * 2, len(data) - page, page * 3):
        data[start : start + 64] = b"\xff" * 64
    database.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["truncated", "garbled"])
def test_a_damaged_database_is_reported_and_restored_from_a_backup(archive, capsys, damage):
    status, out = cli(capsys, archive, "backup")
    assert status == 0 and "已备份到" in out
    (latest,) = [p for p in backups.list_backups(archive / "backups") if "manual" in p.name]
    database = archive / "archive.sqlite3"
    if damage == "truncated":
        with database.open("r+b") as handle:
            handle.truncate(database.stat().st_size // 2)
    else:
        _garble(database)
    status, out = cli(capsys, archive, "check")
    assert status == 1
    assert "已损坏" in out and "backup --restore" in out
    status, out = cli(capsys, archive, "list")
    assert status in (0, 1)  # read-only listing of what is still readable, or a clear error
    status, out = cli(capsys, archive, "import", str(latest))
    assert status == 1 and "已损坏" in out  # writes refused
    status, out = cli(capsys, archive, "check", "--repair")
    assert status == 1  # a damaged database is not repaired in place: nothing is thrown away
    status, out = cli(capsys, archive, "backup", "--restore", str(latest))
    assert status == 0 and "已从" in out
    assert list(archive.glob("archive.sqlite3.replaced-*"))  # the damaged file is kept aside
    status, out = cli(capsys, archive, "check")
    assert status == 0 and "40 个案例" in out


def test_a_backup_is_a_consistent_database_and_old_backups_rotate(archive, capsys):
    for _ in range(backups.KEEP_BACKUPS + 3):
        assert cli(capsys, archive, "backup")[0] == 0
    files = backups.list_backups(archive / "backups")
    assert len(files) == backups.KEEP_BACKUPS
    db = sqlite3.connect(f"{files[0].as_uri()}?mode=ro", uri=True)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 40
    db.close()
    status, out = cli(capsys, archive, "backup", "--list")
    assert out.split() == [str(p) for p in files]


def test_restore_brings_back_deleted_cases(archive, capsys):
    cli(capsys, archive, "backup")
    (saved,) = [p for p in backups.list_backups(archive / "backups") if "manual" in p.name]
    with Library.open(archive) as library:
        ids = [c.id for c in library.list_cases()[:5]]
        library.trash(ids)
        library.trash.purge(ids)
    assert '"cases"' in cli(capsys, archive, "list", "--json")[1]
    cli(capsys, archive, "backup", "--restore", str(saved))
    with Library.open(archive) as library:
        assert library.case_count() == 40
        assert [h.id for h in library.search(library.get_case(ids[0]).title).hits][:1] == [ids[0]]


def test_a_corrupt_backup_is_refused_and_the_database_left_alone(archive, capsys, tmp_path):
    bad = tmp_path / "archive-20240101-000000-000000-manual.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    status, out = cli(capsys, archive, "backup", "--restore", str(bad))
    assert status == 1 and "无法从" in out
    assert cli(capsys, archive, "check")[0] == 0


def test_a_daily_backup_is_taken_when_none_is_recent(archive):
    shutil.rmtree(archive / "backups", ignore_errors=True)
    with Library.open(archive):
        pass
    assert [p.name.rsplit("-", 1)[1] for p in backups.list_backups(archive / "backups")] == ["daily.sqlite3"]


def test_opening_with_a_recent_backup_does_not_count_the_cases(archive, monkeypatch):
    with Library.open(archive):
        pass  # the day's backup, if the fixture's archive had none
    counted = []
    monkeypatch.setattr(Store, "case_count", lambda store: counted.append(store) or 1)
    with Library.open(archive):
        pass
    assert counted == []


def test_a_backup_is_taken_before_a_migration(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    db = sqlite3.connect(folder / "archive.sqlite3", isolation_level=None)
    migrations.migrate(db, target=migrations.LATEST_VERSION - 1)
    db.close()
    with Library.open(folder) as library:
        assert library.case_count() == 0
    (before,) = backups.list_backups(folder / "backups")
    assert before.name.endswith(f"-before-v{migrations.LATEST_VERSION}.sqlite3")
    old = sqlite3.connect(before)
    assert old.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION - 1
    old.close()


def test_reading_commands_leave_the_daily_backup_to_the_next_opening_that_may_write(archive, capsys):
    prefix = first_case(archive).id[:8]
    shutil.rmtree(archive / "backups", ignore_errors=True)
    for args in (["search", "防汛"], ["list"], ["show", prefix]):
        assert cli(capsys, archive, *args)[0] == 0, args
    assert backups.list_backups(archive / "backups") == []
    assert cli(capsys, archive, "tags", "add", "汛后评估")[0] == 0
    assert len(backups.list_backups(archive / "backups")) == 1


def test_the_daily_backup_left_to_later_is_a_full_copy_taken_once(archive):
    shutil.rmtree(archive / "backups", ignore_errors=True)
    with Library.open(archive, daily_backup=False) as library:
        assert backups.list_backups(archive / "backups") == []
        copy = library.maintenance.daily_backup()
        assert library.maintenance.daily_backup() is None  # one a day
    assert backups.list_backups(archive / "backups") == [copy]
    store = Store.open(copy, read_only=True)
    try:
        assert store.case_count() == 40
    finally:
        store.close()
