"""What the rooms behind `archive.library` share about one open archive: its folder, the store, the
search index, the process lock and the change listeners, plus the few steps every write takes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import filelock

from archive import backup as backups
from archive.blobs import BlobStore
from archive.errors import ArchiveError, ArchiveLockedError, DamagedArchiveError, ReadOnlyArchiveError
from archive.model import MAX_BODY_CHARS, MAX_TAGS_PER_CASE, Attachment, CaseDraft, NewFile
from archive.paths import ArchiveLayout, safe_file_name, unique_file_names
from archive.store import Store
from search.index import SearchIndex


def take_lock(layout: ArchiveLayout, busy: str, *, allow_read_only: bool) -> filelock.BaseFileLock | None:
    """This process's hold on the archive folder (released by the OS if it dies); None when another
    process holds it and reading is enough, else ArchiveLockedError with the message `busy`."""
    # Not thread-local (filelock's default): the window opens an archive in a worker thread and
    # closes it on its own, and a thread-local lock released there stays held.
    lock = filelock.FileLock(layout.lock_file, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        if not allow_read_only:
            raise ArchiveLockedError(busy) from None
        return None
    except OSError as error:
        raise ArchiveError(f"无法锁定案例库 {layout.root}：{error.strerror or error}") from error
    return lock


READ_ROLE, EDIT_ROLE, ADMIN_ROLE = "只读", "编辑", "管理"
"""What a user may do in an archive: read; also write cases; also restore, purge and change the
taxonomy."""


@dataclass(frozen=True)
class ChangeEvent:
    """What changed, so that each view can decide whether to refresh."""

    kind: str  # "cases", "tags", "index" or "archive"
    ids: tuple[str, ...] = ()


class ArchiveState:
    """One open archive. The store and the index are replaced when a backup is restored, so the
    rooms read them from here each time rather than keeping their own reference."""

    role = ADMIN_ROLE
    """What the user may do here (one of the roles above): a folder archive is its owner's."""
    url: str | None = None
    """The shared archive's `postgresql://` URL; None for a folder."""
    merges_index_when_idle = False
    """Whether a background thread merges the index's small segments, so that saves need not."""

    def __init__(self, layout: ArchiveLayout, store: Store, index: SearchIndex | None,
                 lock: filelock.BaseFileLock | None, damage: str | None) -> None:
        self.layout = layout
        self.store = store
        self.index = index
        self.lock = lock
        self.damage = damage
        self.listeners: list[Callable[[ChangeEvent], None]] = []
        self.guard = threading.RLock()

    @property
    def read_only(self) -> bool:
        return self.lock is None or self.damage is not None

    @property
    def blobs(self) -> BlobStore:
        return BlobStore(self.layout.blobs)

    def require_writable(self) -> None:
        if self.damage:
            raise DamagedArchiveError(f"{self.damage}\n为防止数据进一步损坏，已禁止写入。"
                                      f"{self.restore_advice()}。")
        if self.lock is None:
            raise ReadOnlyArchiveError(
                f"案例库 {self.layout.root} 正被另一个程序使用，当前为只读，不能修改。")

    def restore_advice(self) -> str:
        latest = backups.list_backups(self.layout.backups)
        where = f"最近的备份是 {latest[0]}" if latest else f"备份文件夹是 {self.layout.backups}"
        return f"用「casearchive backup --restore 备份文件」从备份恢复（{where}）"

    @contextlib.contextmanager
    def saving_files(self, files: Sequence[NewFile]) -> Iterator[dict[int, str]]:
        """Store files before the transaction; take back the new ones if the transaction fails."""
        created: list[str] = []
        stored: dict[int, str] = {}
        try:
            for position, new_file in enumerate(files):
                if new_file.stream_sha256 and self.blobs.exists(new_file.stream_sha256):
                    stored[position] = new_file.stream_sha256
                    continue
                digest, is_new = self.blobs.put_chunks(new_file.chunks())
                stored[position] = digest
                if is_new:
                    created.append(digest)
            yield stored
        except BaseException:
            referenced = self.store.referenced_hashes()
            for digest in created:
                if digest not in referenced:
                    self.blobs.remove(digest)
            raise

    def attach(self, case_id: str, attachments: Sequence[NewFile], stored: dict[int, str],
               original: NewFile | None) -> None:
        """Record the files of a new case (an update goes through `Store.update_case`)."""
        for attachment in stored_attachments(attachments, stored):
            self.store.add_attachment(case_id, attachment, original=False)
        if original is not None:
            self.store.add_attachment(case_id, Attachment(
                safe_file_name(original.name, "原始文件"), stored[len(attachments)], original.size,
                original.mime), original=True)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """A store transaction, under the guard: restoring a backup replaces the store."""
        with self.guard, self.store.transaction():
            yield

    @contextlib.contextmanager
    def reading_store(self) -> Iterator[None]:
        """Around a read of the store by a thread that may not be the window's: under the guard,
        as restoring a backup replaces the store and its one connection is shared by the threads."""
        with self.guard:
            yield

    def close_unfinished(self) -> None:
        """Close what an opening that failed or was cancelled had opened (the lock is its caller's)."""
        if self.index is not None:
            self.index.close()
            self.index = None
        self.store.close()

    def stop_background_work(self) -> None:
        """Before closing: only a shared archive has work of its own running (following the server)."""

    def notify(self, event: ChangeEvent) -> None:
        for listener in list(self.listeners):
            listener(event)


def stored_attachments(files: Sequence[NewFile], stored: dict[int, str]) -> list[Attachment]:
    """The attachment records of `files`, saved by `ArchiveState.saving_files` as `stored`."""
    names = unique_file_names([f.name for f in files], fallback="附件")
    return [Attachment(name, stored[position], f.size, f.mime)
            for position, (name, f) in enumerate(zip(names, files, strict=True))]


def clean_draft(draft: CaseDraft) -> CaseDraft:
    """A draft as it is stored: whitespace trimmed, a title required, tags unique."""
    title = " ".join(draft.title.split())
    if not title:
        raise ArchiveError("案例标题不能为空。")
    if len(draft.body) > MAX_BODY_CHARS:
        raise ArchiveError(f"案例「{title[:40]}」的正文过长（{len(draft.body):,} 字），"
                           f"最多 {MAX_BODY_CHARS:,} 字：请分成几个案例。")
    tags = tuple(dict.fromkeys(t.strip() for t in draft.tags if t.strip()))
    if len(tags) > MAX_TAGS_PER_CASE:
        raise ArchiveError(f"案例「{title[:40]}」的标签过多（{len(tags)} 个），最多 {MAX_TAGS_PER_CASE} 个。")
    return CaseDraft(title, draft.body.strip() + "\n" if draft.body.strip() else "",
                     draft.unit.strip(), draft.source.strip(), draft.author.strip(), draft.date, tags)
