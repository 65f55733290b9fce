"""Opening an archive (folder, lock, damaged databases, migrations, the daily backup), backups and
their restore, and the integrity check with its repairs."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from archive import backup as backups
from archive import indexing, partfiles
from archive.backends import is_shared_location
from archive.errors import ArchiveError, DamagedArchiveError, ReadOnlyArchiveError
from archive.migrations import LATEST_VERSION
from archive.paths import ArchiveLayout
from archive.progress import Cancelled, Progress
from archive.state import ArchiveState, ChangeEvent, take_lock
from archive.store import Store
from archive.taxonomy import add_default_groups
from search.index import SearchIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    what: str
    repair: str
    repairable: bool


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    cases: int = 0
    files_checked: int = 0

    @property
    def healthy(self) -> bool:
        return not self.problems


# -- opening -------------------------------------------------------------------------------------

def open_archive(folder: Path, *, allow_read_only: bool, progress: Progress | None,
                 is_cancelled: Cancelled | None = None, daily_backup: bool = True) -> ArchiveState:
    """Lock and open the archive in `folder`, creating it on first use (see `Library.open`); a
    `postgresql://` URL opens a shared archive."""
    if is_shared_location(folder):
        from archive.backends.shared_archive import open_shared  # SQLAlchemy loads for it only

        return open_shared(folder, allow_read_only=allow_read_only, progress=progress,
                           is_cancelled=is_cancelled)
    layout = ArchiveLayout(Path(folder).expanduser())
    if allow_read_only and layout.database.is_file() and _unwritable(layout.root):
        # A CD, a read-only share or a folder without write permission: read it as it is.
        return _open_locked(layout, None, progress, is_cancelled)
    _prepare_folder(layout.root)
    lock = take_lock(layout, f"案例库 {layout.root} 正被另一个程序（或另一个窗口）使用。"
                             "请先关闭它，或以只读方式打开。", allow_read_only=allow_read_only)
    try:
        return _open_locked(layout, lock, progress, is_cancelled, daily=daily_backup)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open_locked(layout: ArchiveLayout, lock: filelock.BaseFileLock | None, progress: Progress | None,
                 is_cancelled: Cancelled | None, *, daily: bool = True) -> ArchiveState:
    read_only = lock is None
    if read_only and not layout.database.exists():
        raise ArchiveError(f"案例库 {layout.root} 还没有数据库，无法以只读方式打开。")
    store, check = _open_store(layout, read_only=read_only)
    if store is None:
        return _damaged_state(layout, lock, check)
    state = ArchiveState(layout, store, None, lock, None)
    try:
        if not read_only and store.schema_version() != LATEST_VERSION:
            check.require_healthy()  # an upgrade writes
            _upgrade(layout, store)
        if not read_only:
            partfiles.remove_stale_folders()  # working folders of killed imports and exports
        # The index opens while the database is checked; it writes only once the check has passed.
        state.index = indexing.open_index(state, progress, is_cancelled, before_writing=check.require_healthy)
        check.require_healthy()
    except BaseException as error:
        state.close_unfinished()
        # A damaged database may fail a read before its check has said so.
        if not isinstance(error, (_Damaged, sqlite3.DatabaseError)) or not check.problems():
            raise
        return _damaged_state(layout, lock, check)
    if daily and not read_only:
        daily_backup(state)
    return state


def _upgrade(layout: ArchiveLayout, store: Store) -> None:
    version = store.schema_version()
    if version > LATEST_VERSION:
        raise ArchiveError(
            f"案例库 {layout.root} 由更新版本的程序创建（数据库版本 {version}），"
            "请升级本程序后再打开。")
    if 0 < version < LATEST_VERSION:
        backups.backup_database(store.connection, layout.backups, reason=f"before-v{LATEST_VERSION}")
    store.migrate()
    if version == 0:
        add_default_groups(store)


def close(state: ArchiveState) -> None:
    state.stop_background_work()  # before the guard, which a background thread may be waiting for
    with state.guard:
        if state.index is not None:
            state.index.close()
            state.index = None
        state.store.close()
        if state.lock is not None:
            state.lock.release()
            state.lock = None


def daily_backup(state: ArchiveState) -> Path | None:
    """The day's backup, when the latest is more than a day old; None when none was due or it
    failed (a full disk: taken at the next opening instead), and on a read-only or shared archive.
    It reads the database on a connection of its own, a consistent copy while searches and saves
    go on (0.1 s at 20,000 cases here; seconds where the disk is slow or a virus scanner reads it)."""
    if state.read_only or not isinstance(state.store, Store):
        return None
    age = backups.latest_backup_age(state.layout.backups)
    # The backup's age first: counting the cases scans the table (40 ms at 20,000) on every opening.
    if age is not None and age <= dt.timedelta(days=1):
        return None
    with state.reading_store():
        if not state.store.case_count():
            return None
    try:
        source = sqlite3.connect(f"{state.layout.database.absolute().as_uri()}?mode=ro", uri=True)
        try:
            return backups.backup_database(source, state.layout.backups, reason="daily")
        finally:
            source.close()
    except (OSError, sqlite3.Error) as error:
        log.warning("daily backup skipped: %s", error)
        return None


def _unwritable(root: Path) -> bool:
    try:
        read_only_mount = bool(os.statvfs(root).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        read_only_mount = False
    return read_only_mount or not os.access(root, os.W_OK)


def _prepare_folder(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise ArchiveError(f"案例库路径 {root} 是一个文件，不是文件夹。请换一个文件夹。")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise ArchiveError(f"无法创建案例库文件夹 {root}：没有权限。") from None
    except OSError as error:
        raise ArchiveError(f"无法创建案例库文件夹 {root}：{error.strerror or error}") from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise ArchiveError(f"没有写入案例库文件夹 {root} 的权限。")


class _Damaged(Exception):
    """The database check found damage: the opening writes nothing and opens read-only."""


class _DatabaseCheck:
    """SQLite's quick_check of the database on a connection of its own, in a thread: it reads every
    page (0.2 s at 20,000 cases when the file is not cached, 40 ms when it is) while the search
    index opens. `problems` waits for it; nothing is written before `require_healthy` passed."""

    def __init__(self, layout: ArchiveLayout | None = None, *, immutable: bool = False,
                 problems: list[str] | None = None) -> None:
        """Checks `layout`'s database, or holds the `problems` found already."""
        self._problems, self._error = problems or [], None
        self._thread = None
        if layout is not None:
            self._thread = threading.Thread(target=self._run, args=(layout.database, immutable),
                                            name="database-check", daemon=True)
            self._thread.start()

    def _run(self, database: Path, immutable: bool) -> None:
        try:
            checking = Store.open(database, read_only=True, immutable=immutable)
            try:
                self._problems = checking.quick_check()
            finally:
                checking.close()
        except sqlite3.DatabaseError as error:
            self._problems = [str(error)]
        except BaseException as error:  # raised again in the opening's thread
            self._error = error

    def problems(self) -> list[str]:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._problems

    def require_healthy(self) -> None:
        if self.problems():
            raise _Damaged


def _damaged_state(layout: ArchiveLayout, lock: filelock.BaseFileLock | None,
                   check: _DatabaseCheck) -> ArchiveState:
    store, damage = _damaged(layout, None, check.problems())
    return ArchiveState(layout, store, None, lock, damage)


def _open_store(layout: ArchiveLayout, *, read_only: bool) -> tuple[Store | None, _DatabaseCheck]:
    """The database opened (None when it cannot be) and its check under way."""
    if _emptied(layout):
        return None, _DatabaseCheck(problems=["数据库文件是空的，而案例库里已有文件或备份"])
    immutable = read_only and _unwritable(layout.root)
    try:
        store = Store.open(layout.database, read_only=read_only, immutable=immutable)
    except sqlite3.DatabaseError as error:
        return None, _DatabaseCheck(problems=[str(error)])
    return store, _DatabaseCheck(layout, immutable=immutable)


def _open_checked(layout: ArchiveLayout) -> tuple[Store, str | None]:
    """The database opened for writing once checked; a damaged one as `_damaged` opens it."""
    store, check = _open_store(layout, read_only=False)
    problems = check.problems()
    return (store, None) if not problems else _damaged(layout, store, problems)


def _damaged(layout: ArchiveLayout, store: Store | None, problems: list[str]) -> tuple[Store, str]:
    """A damaged database, opened read-only (never written), and what is wrong with it."""
    if store is not None:
        store.close()
    damage = f"案例库数据库 {layout.database} 已损坏（{problems[0]}）。"
    log.error("%s", damage)
    try:
        if _emptied(layout):
            raise sqlite3.DatabaseError("empty")
        store = Store.open(layout.database, read_only=True)
    except sqlite3.DatabaseError:
        store = Store(sqlite3.connect(":memory:", check_same_thread=False), read_only=True)
    return store, damage


def _emptied(layout: ArchiveLayout) -> bool:
    """A 0-byte database (its log empty too) in a folder that already holds files or backups: the
    database was truncated, and SQLite would silently start a new, empty one over it. Without
    files or backups it is a first opening interrupted before anything was saved."""
    database, wal = layout.database, layout.database.with_name(layout.database.name + "-wal")
    if not database.is_file() or database.stat().st_size or (wal.is_file() and wal.stat().st_size):
        return False
    return bool(backups.list_backups(layout.backups) or layout.blobs.is_dir() and any(layout.blobs.iterdir()))


# -- backups -------------------------------------------------------------------------------------

def backup(state: ArchiveState) -> Path:
    _refuse_on_shared(state)
    if state.damage:
        raise DamagedArchiveError(state.damage)
    with state.guard:
        return backups.backup_database(state.store.connection, state.layout.backups)


def restore_backup(state: ArchiveState, backup_file: Path, progress: Progress | None = None) -> None:
    """Replace the database with a backup (the current one is kept aside) and reindex."""
    _refuse_on_shared(state)
    if state.lock is None:
        raise ReadOnlyArchiveError("案例库以只读方式打开，不能从备份恢复。")
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise ArchiveError(f"备份文件 {backup_file} 不存在。")
    with state.guard:
        if state.index is not None:
            state.index.close()
            state.index = None
        state.store.close()
        try:
            backups.restore_database(backup_file, state.layout.database)
        except sqlite3.DatabaseError as error:
            raise ArchiveError(f"无法从 {backup_file.name} 恢复：{error}") from error
        finally:
            state.store, state.damage = _open_checked(state.layout)
        if not state.damage:
            _upgrade(state.layout, state.store)
            state.index = SearchIndex.create(state.layout.index)
            indexing.rebuild(state, progress, None)
    state.notify(ChangeEvent("archive"))


def _refuse_on_shared(state: ArchiveState) -> None:
    if not isinstance(state.store, Store):
        raise ArchiveError("共享案例库由管理员在服务器上用 pg_dump 备份和恢复（见 docs/shared-archive.md）。")


# -- integrity -----------------------------------------------------------------------------------

def check(state: ArchiveState, *, repair: bool = False, progress: Progress | None = None) -> CheckReport:
    """Database integrity, files present with the right hashes, index in step with the store."""
    report = CheckReport()
    with state.guard:
        if state.damage:
            report.problems.append(Problem(state.damage, state.restore_advice(), False))
            return report
        for problem in state.store.integrity_check():
            report.problems.append(Problem(f"数据库：{problem}", state.restore_advice(), False))
        report.cases = state.store.case_count()
        attachments = state.store.all_attachments()
        for done, (case_id, attachment) in enumerate(attachments, 1):
            if progress:
                progress(done, len(attachments), "校验附件")
            if not state.blobs.verify(attachment.sha256):
                report.problems.append(Problem(
                    f"案例 {case_id[:8]} 的文件「{attachment.name}」缺失或已损坏",
                    "从备份的 files 文件夹或原始文件恢复该文件", False))
        briefings = [*state.store.list_briefings(), *state.store.list_briefings(deleted=True)]
        for record in briefings:
            if not state.blobs.verify(record.sha256):
                report.problems.append(Problem(
                    f"简报记录 {record.id[:8]} 的文件「{record.file_name}」缺失或已损坏",
                    "从备份的 files 文件夹恢复该文件，或用 briefings reexport 重新导出", False))
        report.files_checked = len(attachments) + len(briefings)
        orphans = _unreferenced_files(state)
        if orphans:
            report.problems.append(Problem(
                f"{len(orphans)} 个文件不属于任何案例", "check --repair 会删除它们", True))
        leftovers = _interrupted_index_folders(state.layout)
        if leftovers:
            report.problems.append(Problem(
                f"{len(leftovers)} 个中断的索引重建留下的临时文件夹", "check --repair 会删除它们", True))
        unfinished = [*partfiles.stale_parts(state.layout.export_folders), *state.blobs.unfinished()]
        if unfinished:
            report.problems.append(Problem(
                f"{len(unfinished)} 个中断的导出或保存留下的临时文件（{unfinished[0]}）",
                "check --repair 会删除它们", True))
        unreadable = indexing.unreadable(state)
        if unreadable:
            report.problems.append(Problem(
                f"搜索索引无法读取（{unreadable}）", "check --repair 会重建索引", True))
        stale = 0 if unreadable else indexing.differences(state)
        if stale:
            report.problems.append(Problem(
                f"搜索索引与数据不一致（{stale} 个案例）", "check --repair 会更新索引", True))
        if repair and not state.read_only:
            if orphans:
                remove_unreferenced_files(state)
                report.repaired.append(f"删除了 {len(orphans)} 个无主文件")
            for folder in leftovers:
                shutil.rmtree(folder, ignore_errors=True)
            if leftovers:
                report.repaired.append(f"删除了 {len(leftovers)} 个索引临时文件夹")
            removed = state.blobs.remove_unfinished() + sum(
                len(partfiles.remove_stale(folder)) for folder in {p.parent for p in unfinished})
            if removed:
                report.repaired.append(f"删除了 {removed} 个中断的导出或保存留下的临时文件")
            if unreadable:
                state.index = state.index or SearchIndex.create(state.layout.index)
                indexing.rebuild(state, progress, None)
                report.repaired.append("重建了搜索索引")
            if stale:
                indexing.reconcile(state, progress)
                report.repaired.append(f"更新了 {stale} 个案例的索引")
            report.problems = [p for p in report.problems if not p.repairable]
    return report


def _unreferenced_files(state: ArchiveState) -> set[str]:
    """Files no case uses, and no backup or set-aside database either (a restore needs them)."""
    layout = state.layout
    kept_databases = [*backups.list_backups(layout.backups),
                      *layout.root.glob(f"{layout.database.name}.replaced-*[0-9]")]
    return (state.blobs.all_hashes() - state.store.referenced_hashes()
            - backups.hashes_in(kept_databases))


def _interrupted_index_folders(layout: ArchiveLayout) -> list[Path]:
    """What a killed rebuild or swap leaves beside the index (search.index names them so)."""
    name = layout.index.name
    return [p for p in [*layout.root.glob(f"{name}.rebuild-*"), *layout.root.glob(f"{name}.old-*")]
            if p.is_dir()]


def note_export_folder(state: ArchiveState, folder: Path) -> None:
    """Remember where an export writes, so that `check` finds what a killed one left there."""
    if not state.read_only:
        partfiles.remember_folder(state.layout.export_folders, folder)


def remove_unreferenced_files(state: ArchiveState) -> None:
    for digest in _unreferenced_files(state):
        state.blobs.remove(digest)


class Maintenance:
    """Backups and the integrity check, as a room hung off the library (`library.maintenance`)."""

    def __init__(self, state: ArchiveState) -> None:
        self._state = state

    def backup(self) -> Path:
        """Write a consistent copy of the database into the archive's backups folder."""
        return backup(self._state)

    def daily_backup(self) -> Path | None:
        """The day's backup, when due (an opening with `daily_backup=False` leaves it to this):
        see `archive.maintenance.daily_backup`. Safe in a worker while the archive is in use."""
        return daily_backup(self._state)

    def list_backups(self) -> list[Path]:
        return backups.list_backups(self._state.layout.backups)

    def set_aside_databases(self) -> list[Path]:
        """Databases a restore moved aside (archive.sqlite3.replaced-STAMP), newest first."""
        database = self._state.layout.database
        return sorted((p for p in database.parent.glob(database.name + ".replaced-*")
                       if not p.name.endswith(("-wal", "-shm"))), reverse=True)

    def restore_backup(self, backup_file: Path, progress: Progress | None = None) -> None:
        restore_backup(self._state, backup_file, progress)

    def check(self, *, repair: bool = False, progress: Progress | None = None) -> CheckReport:
        return check(self._state, repair=repair, progress=progress)
