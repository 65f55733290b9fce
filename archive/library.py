"""The one door into an archive, for the window and the command line alike.

A `Library` owns an archive folder: the SQLite store (the truth), the content-addressed files,
the search index (kept in step: write to SQLite, then index; on open, reconcile) and the
process lock. Long operations report progress through plain callbacks and can be cancelled;
they never know about Qt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import filelock

from archive import backup as backups
from archive import exchange
from archive.blobs import BlobStore
from archive.briefing.reading import body_html as body_html  # the reader shows bodies as they print
from archive.errors import (
    ArchiveError,
    ArchiveLockedError,
    DamagedArchiveError,
    ImportFailure,
    ReadOnlyArchiveError,
)
from archive.fingerprint import (
    NEAR_DUPLICATE_DISTANCE,
    exact_fingerprint,
    signature_distance,
    similarity_signature,
)
from archive.migrations import LATEST_VERSION
from archive.model import Attachment, Case, CaseDraft, NewFile, Revision, Tag, TrashedCase
from archive.paths import ArchiveLayout
from archive.progress import Cancelled, Progress
from archive.store import Store
from archive.taxonomy import default_groups
from search.errors import IndexNeedsRebuild
from search.highlight import find_hits
from search.index import SearchIndex
from search.query import parse as parse_query
from search.records import IndexRecord, SearchFilters, SearchResult

if TYPE_CHECKING:
    from archive.briefing import BriefingOptions
    from archive.importers.document import ImportedDocument

log = logging.getLogger(__name__)


_INDEX_BATCH = 200
_PARALLEL_IMPORT_FROM = 8
_BULK_BATCH = 500


@dataclass(frozen=True)
class ChangeEvent:
    """What changed, so that each view can decide whether to refresh."""

    kind: str  # "cases", "tags", "index" or "archive"
    ids: tuple[str, ...] = ()


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    cancelled: bool = False

    def to_json(self) -> dict:
        """The `import --json` shape of DESIGN.md, exactly (similarity shows in `show`)."""
        return {
            "imported": [{k: e[k] for k in ("path", "id", "title")} for e in self.imported],
            "skipped": self.skipped,
            "failed": self.failed,
        }


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


class Library:
    """An open archive. Use `Library.open(folder)`; close it (or use `with`) when done."""

    def __init__(self, layout: ArchiveLayout, store: Store, index: SearchIndex | None,
                 lock: filelock.BaseFileLock | None, damage: str | None) -> None:
        self.layout = layout
        self._store = store
        self._index = index
        self._lock = lock
        self.damage = damage
        self._listeners: list[Callable[[ChangeEvent], None]] = []
        self._guard = threading.RLock()

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path, *, allow_read_only: bool = False,
             progress: Progress | None = None) -> Library:
        """Open the archive in `folder`, creating it on first use.

        When another process holds the archive, raise ArchiveLockedError, or open it read-only
        if `allow_read_only`. A damaged database opens read-only with `damage` set.
        """
        layout = ArchiveLayout(Path(folder).expanduser())
        _prepare_folder(layout.root)
        lock = filelock.FileLock(layout.lock_file, timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout:
            if not allow_read_only:
                raise ArchiveLockedError(
                    f"案例库 {layout.root} 正被另一个程序（或另一个窗口）使用。"
                    "请先关闭它，或以只读方式打开。") from None
            lock = None
        except OSError as error:
            raise ArchiveError(f"无法锁定案例库 {layout.root}：{error.strerror or error}") from error
        try:
            return cls._open_locked(layout, lock, progress)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def _open_locked(cls, layout: ArchiveLayout, lock: filelock.BaseFileLock | None,
                     progress: Progress | None) -> Library:
        read_only = lock is None
        if read_only and not layout.database.exists():
            raise ArchiveError(f"案例库 {layout.root} 还没有数据库，无法以只读方式打开。")
        store, damage = _open_store(layout, read_only=read_only)
        if damage:
            return cls(layout, store, None, lock, damage)
        if not read_only:
            cls._upgrade(layout, store)
        library = cls(layout, store, None, lock, None)
        library._index = library._open_index(progress)
        if not read_only:
            library._daily_backup()
        return library

    @staticmethod
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
            with store.transaction():
                for group in default_groups():
                    store.add_tag(group.name, group.color)
                    for tag in group.tags:
                        store.add_tag(tag, group.color, parent=group.name)

    def close(self) -> None:
        with self._guard:
            if self._index is not None:
                self._index.close()
                self._index = None
            self._store.close()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self._lock is None or self.damage is not None

    def subscribe(self, listener: Callable[[ChangeEvent], None]) -> None:
        """Call `listener` after every change; it runs on the thread that made the change."""
        self._listeners.append(listener)

    # -- cases --------------------------------------------------------------------------------

    def add_case(self, draft: CaseDraft, *, attachments: Sequence[NewFile] = (),
                 original: NewFile | None = None) -> Case:
        """Save a new case; it is searchable when this returns."""
        self._require_writable()
        files = [*attachments, *([original] if original else [])]
        with self._saving_files(files) as stored, self._guard, self._store.transaction():
            case_id = self._store.add_case(
                _clean(draft), fingerprint=exact_fingerprint(draft.title, draft.body),
                similarity=similarity_signature(draft.body))
            self._attach(case_id, attachments, stored, original)
        self._reindex_cases([case_id])
        return self.get_case(case_id)

    def add_cases(self, drafts: Iterable[CaseDraft], *, progress: Progress | None = None,
                  is_cancelled: Cancelled | None = None) -> list[str]:
        """Save many new cases (demo cases, generated archives) in batches; returns their ids.

        Each batch is one transaction followed by one index update, so a cancel or a crash
        keeps whole batches only.
        """
        self._require_writable()
        drafts = list(drafts)
        ids: list[str] = []
        for start in range(0, len(drafts), _BULK_BATCH):
            if is_cancelled and is_cancelled():
                break
            batch = [_clean(d) for d in drafts[start : start + _BULK_BATCH]]
            with self._guard, self._store.transaction():
                added = [self._store.add_case(
                    d, fingerprint=exact_fingerprint(d.title, d.body),
                    similarity=similarity_signature(d.body)) for d in batch]
            self._reindex_cases(added)
            ids.extend(added)
            if progress:
                progress(len(ids), len(drafts), "添加案例")
        return ids

    def update_case(self, case_id: str, draft: CaseDraft, *,
                    new_attachments: Sequence[NewFile] = ()) -> Case:
        """Save an edit; the previous state becomes a revision. Searchable when this returns."""
        self._require_writable()
        case_id = self.resolve_id(case_id)
        with self._saving_files(new_attachments) as stored, self._guard, \
                self._store.transaction():
            changed = self._store.update_case(
                case_id, _clean(draft), fingerprint=exact_fingerprint(draft.title, draft.body),
                similarity=similarity_signature(draft.body))
            self._attach(case_id, new_attachments, stored, None)
        if changed or new_attachments:
            self._reindex_cases([case_id])
        return self.get_case(case_id)

    def merge_case(self, case_id: str, draft: CaseDraft, *, updated_at: dt.datetime,
                   created_at: dt.datetime | None = None, provenance: str = "",
                   attachments: Sequence[NewFile] = (),
                   original: NewFile | None = None) -> tuple[str, str]:
        """Bring in a case from another archive, keeping its id.

        Returns (outcome, id), outcome one of "added", "updated" (the incoming case is newer:
        it becomes a new revision, the old state kept) or "skipped" (same content present, or
        the local copy is as new). A case in the trash is left there, untouched.
        """
        self._require_writable()
        fingerprint = exact_fingerprint(draft.title, draft.body)
        draft = _clean(draft)
        with self._guard:
            if self._store.exists(case_id):
                try:
                    current = self._store.get_case(case_id)
                except ArchiveError:
                    return "skipped", case_id
                same = exact_fingerprint(current.title, current.body) == fingerprint and \
                    sorted(current.tags) == sorted(draft.tags)
                if same or (current.updated_at and current.updated_at >= updated_at):
                    return "skipped", case_id
                with self._saving_files(attachments) as stored, self._store.transaction():
                    self._store.update_case(case_id, draft, fingerprint=fingerprint,
                                            similarity=similarity_signature(draft.body),
                                            updated_at=updated_at)
                    if provenance:
                        self._store.set_provenance(case_id, provenance)
                    self._attach(case_id, attachments, stored, None)
                outcome = "updated"
            else:
                duplicate = self._store.find_by_fingerprint(fingerprint)
                if duplicate:
                    return "skipped", duplicate
                files = [*attachments, *([original] if original else [])]
                with self._saving_files(files) as stored, self._store.transaction():
                    self._store.add_case(draft, case_id=case_id, fingerprint=fingerprint,
                                         similarity=similarity_signature(draft.body),
                                         provenance=provenance, created_at=created_at,
                                         updated_at=updated_at)
                    self._attach(case_id, attachments, stored, original)
                outcome = "added"
        self._reindex_cases([case_id])
        return outcome, case_id

    def get_case(self, case_id: str) -> Case:
        return self._store.get_case(self.resolve_id(case_id))

    def get_cases(self, case_ids: Sequence[str]) -> list[Case]:
        """Live cases with these full ids, in the order given; missing ids are left out."""
        return self._store.get_cases(case_ids)

    def resolve_id(self, prefix: str, *, include_trashed: bool = False) -> str:
        """The full id of the single case whose id starts with `prefix`."""
        return self._store.resolve_id(prefix, include_trashed=include_trashed)

    def list_cases(self, *, limit: int | None = None, offset: int = 0) -> list[Case]:
        """Live cases, newest first."""
        return self._store.list_cases(limit=limit, offset=offset)

    def case_count(self) -> int:
        return self._store.case_count()

    def iter_cases(self) -> Iterator[Case]:
        return self._store.iter_cases()

    def file_path(self, attachment: Attachment) -> Path:
        """Where an attachment's or original's bytes are on disk."""
        return self._blobs.path(attachment.sha256)

    # -- trash and revisions ------------------------------------------------------------------

    def trash(self, case_ids: Iterable[str]) -> list[str]:
        """Move cases to the trash; they leave the search results at once."""
        self._require_writable()
        ids = [self.resolve_id(i) for i in case_ids]
        with self._guard, self._store.transaction():
            for case_id in ids:
                self._store.trash_case(case_id)
        self._unindex(ids)
        return ids

    def restore(self, case_ids: Iterable[str]) -> list[str]:
        """Bring cases back from the trash."""
        self._require_writable()
        ids = [self.resolve_id(i, include_trashed=True) for i in case_ids]
        with self._guard, self._store.transaction():
            for case_id in ids:
                self._store.restore_case(case_id)
        self._reindex_cases(ids)
        return ids

    def purge(self, case_ids: Iterable[str]) -> list[str]:
        """Delete trashed cases for good, with files no other case uses."""
        self._require_writable()
        ids = [self.resolve_id(i, include_trashed=True) for i in case_ids]
        with self._guard, self._store.transaction():
            for case_id in ids:
                self._store.purge_case(case_id)
        self._remove_unreferenced_files()
        self._notify(ChangeEvent("trash", tuple(ids)))
        return ids

    def empty_trash(self) -> list[str]:
        return self.purge([t.id for t in self.list_trash()])

    def list_trash(self) -> list[TrashedCase]:
        return self._store.list_trash()

    def revisions(self, case_id: str) -> list[Revision]:
        """Earlier states of a case, newest first."""
        return self._store.list_revisions(self.resolve_id(case_id))

    def restore_revision(self, case_id: str, number: int) -> Case:
        """Make an earlier revision current again; the state it replaces is kept too."""
        case_id = self.resolve_id(case_id)
        matches = [r for r in self.revisions(case_id) if r.number == number]
        if not matches:
            raise ArchiveError(f"案例 {case_id[:8]} 没有第 {number} 版。")
        old = matches[0]
        return self.update_case(case_id, CaseDraft(
            old.title, old.body, old.unit, old.source, old.author, old.date, old.tags))

    # -- tags ---------------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        """The taxonomy: groups first, each followed by its tags, with live case counts."""
        return self._store.list_tags()

    def add_tag(self, name: str, color: str | None = None, parent: str | None = None) -> None:
        self._require_writable()
        with self._guard:
            if color is None:
                parents = [t for t in self.tags() if t.name == parent]
                color = parents[0].color if parents else "#7f8c8d"
            self._store.add_tag(name, color, parent)
        self._notify(ChangeEvent("tags"))

    def rename_tag(self, old: str, new: str) -> None:
        self._retag(old, lambda: self._store.rename_tag(old, new))

    def merge_tags(self, source: str, target: str) -> None:
        self._retag(source, lambda: self._store.merge_tags(source, target))

    def delete_tag(self, name: str) -> int:
        """Remove a tag from the taxonomy and every case; returns how many cases had it."""
        affected = len(self._store.tag_case_ids(name))
        self._retag(name, lambda: self._store.delete_tag(name))
        return affected

    def recolor_tag(self, name: str, color: str) -> None:
        self._require_writable()
        with self._guard:
            self._store.recolor_tag(name, color)
        self._notify(ChangeEvent("tags"))

    def _retag(self, name: str, change: Callable[[], object]) -> None:
        self._require_writable()
        with self._guard:
            affected = self._store.tag_case_ids(name)
            change()
        self._reindex_cases(affected)
        self._notify(ChangeEvent("tags"))

    # -- search -------------------------------------------------------------------------------

    def search(self, query: str, filters: SearchFilters = SearchFilters(), *,
               sort: str = "relevance", limit: int = 20, offset: int = 0) -> SearchResult:
        """Full-text search; a group tag in `filters.tags_any` also matches its tags."""
        if self._index is None:
            raise ArchiveError(self.damage or "搜索索引不可用：请运行 reindex 重建索引。")
        children: dict[str, list[str]] = {}
        for tag in self.tags():
            if tag.parent:
                children.setdefault(tag.parent, []).append(tag.name)
        expanded = tuple(dict.fromkeys(
            name for tag in filters.tags_any for name in (tag, *children.get(tag, ()))))
        filters = dataclasses.replace(filters, tags_any=expanded)
        with self._guard:
            return self._index.search(query, filters, sort=sort, limit=limit, offset=offset)

    @staticmethod
    def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
        """Where `query` matches in `text` (any script), as (start, end) character spans."""
        return find_hits(text, parse_query(query).needles)

    def reindex(self, progress: Progress | None = None,
                is_cancelled: Cancelled | None = None) -> None:
        """Rebuild the search index from the store (the previous index stays on cancel)."""
        self._require_writable()
        with self._guard:
            self._rebuild_index(progress, is_cancelled)
        self._notify(ChangeEvent("index"))

    # -- import -------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path], *, tags: Sequence[str] = (),
                     progress: Progress | None = None,
                     is_cancelled: Cancelled | None = None) -> ImportReport:
        """Import files and folders, one transaction per file; the batch goes on past failures."""
        from archive import importers  # heavy (trafilatura, mammoth): load on first import

        self._require_writable()
        report = ImportReport()
        files = _expand_inputs(paths, importers, report)
        keywords = {g.name: list(g.keywords) for g in default_groups()}
        workers = 2 if len(files) >= _PARALLEL_IMPORT_FROM else 1
        pending_index: list[str] = []
        done = 0
        for path, outcome in importers.read_documents_parallel(
                files, workers=workers, tag_keywords=keywords, is_cancelled=is_cancelled):
            if isinstance(outcome, ImportFailure):
                report.failed.append({"path": str(path), "error": str(outcome)})
            else:
                self._import_one(path, outcome, tags, report, pending_index)
            done += 1
            if progress:
                progress(done, len(files), path.name)
            if len(pending_index) >= _INDEX_BATCH:
                self._reindex_cases(pending_index)
                pending_index.clear()
        report.cancelled = bool(is_cancelled and is_cancelled() and done < len(files))
        self._reindex_cases(pending_index)
        return report

    def _import_one(self, path: Path, document: ImportedDocument, tags: Sequence[str],
                    report: ImportReport, pending_index: list[str]) -> None:
        fingerprint = document.fingerprint
        duplicate = self._store.find_by_fingerprint(fingerprint)
        if duplicate:
            title = self._store.get_case(duplicate).title
            report.skipped.append({"path": str(path), "reason": f"与已有案例「{title}」内容相同",
                                   "duplicate_of": duplicate})
            return
        signature = document.similarity
        similar_to = self._most_similar(signature)
        try:
            draft = _clean(CaseDraft(
                title=document.title, body=document.body, unit=document.unit,
                source=document.source, author=document.author, date=document.date,
                tags=(*document.suggested_tags, *tags)))
            with self._saving_files([*document.attachments, document.original]) as stored, \
                    self._guard, self._store.transaction():
                case_id = self._store.add_case(draft, fingerprint=fingerprint,
                                               similarity=signature, similar_to=similar_to)
                self._attach(case_id, document.attachments, stored, document.original)
        except (ArchiveError, OSError, sqlite3.Error) as error:
            report.failed.append({"path": str(path), "error": f"「{path.name}」保存失败：{error}"})
            return
        entry = {"path": str(path), "id": case_id, "title": draft.title, "keywords": document.keywords}
        if similar_to:
            entry["similar_to"] = similar_to
        report.imported.append(entry)
        pending_index.append(case_id)

    def _most_similar(self, signature: int) -> str | None:
        if not signature:
            return None
        best = min(((signature_distance(signature, other), case_id)
                    for case_id, other in self._store.similarity_signatures()), default=None)
        return best[1] if best and best[0] <= NEAR_DUPLICATE_DISTANCE else None

    @staticmethod
    def clean_pasted(html: str | None, text: str) -> str:
        """Pasted Word or web content as Markdown, cleaned the way imported files are."""
        from archive.importers.textual import clean_paste

        return clean_paste(html, text)

    # -- Word export --------------------------------------------------------------------------

    def export(self, case_ids: Sequence[str], out: Path, options: BriefingOptions, *,
               progress: Progress | None = None, is_cancelled: Cancelled | None = None) -> Path:
        """Write the cases, in this order, as a Word compilation or briefing; a `.pdf` name
        writes the same document to PDF through LibreOffice."""
        # python-docx loads in a few hundred milliseconds: only commands that export pay for it.
        from archive import briefing

        ids = list(dict.fromkeys(self.resolve_id(i) for i in case_ids))
        if not ids:
            raise briefing.BriefingError("没有选择要导出的案例。")
        cases = [briefing.BriefingCase.from_case(case, {a.name: self.file_path(a) for a in case.attachments})
                 for case in self.get_cases(ids)]
        out = Path(out)
        if options.layout == "briefing" and options.issue_number is None:  # a 简报 always has 第N期
            options = dataclasses.replace(options, issue_number=self.next_briefing_issue(
                options.display_title, options.issue_date()))
        if out.suffix.lower() != ".pdf":
            written = briefing.write_briefing(cases, options, out, progress=progress, cancelled=is_cancelled)
        else:
            with tempfile.TemporaryDirectory(prefix="casearchive-export-") as work:
                document = briefing.write_briefing(cases, options, Path(work, out.with_suffix(".docx").name),
                                                   progress=progress, cancelled=is_cancelled)
                written = briefing.convert_to_pdf(document, out)
        if options.layout == "briefing" and not self.read_only:
            self._store.record_briefing_issue(options.display_title, options.issue_date().year,
                                              options.issue_number)
        return written

    def next_briefing_issue(self, title: str, day: dt.date | None = None) -> int:
        """The number the next 简报 of this title takes: one after the last used in `day`'s year."""
        last = self._store.briefing_issue(" ".join(title.split()))
        year = (day or dt.date.today()).year
        return last[1] + 1 if last is not None and last[0] == year else 1

    # -- exchange packages --------------------------------------------------------------------

    def select_for_package(self, ids: Sequence[str] = (), *, tags: Sequence[str] = (),
                           query: str = "") -> list[str]:
        """Full ids of the given cases (or id prefixes) plus those matching a query or tags."""
        return exchange.select_case_ids(self, ids, tags=tags, query=query)

    def pack(self, case_ids: Sequence[str], out: Path, *, exporting_unit: str = "",
             progress: Progress | None = None) -> exchange.PackSummary:
        """Write the cases into the exchange package `out` (docs/exchange-format.md)."""
        return exchange.write_package(self, case_ids, out, exporting_unit=exporting_unit,
                                      progress=progress)

    def unpack(self, package: Path, *, progress: Progress | None = None) -> exchange.UnpackSummary:
        """Merge an exchange package, after checking all of it (PackageError if refused)."""
        self._require_writable()
        return exchange.read_package(self, package, progress=progress)

    # -- backups and integrity ----------------------------------------------------------------

    def backup(self) -> Path:
        """Write a consistent copy of the database into the archive's backups folder."""
        if self.damage:
            raise DamagedArchiveError(self.damage)
        with self._guard:
            return backups.backup_database(self._store.connection, self.layout.backups)

    def list_backups(self) -> list[Path]:
        return backups.list_backups(self.layout.backups)

    def restore_backup(self, backup_file: Path, progress: Progress | None = None) -> None:
        """Replace the database with a backup (the current one is kept aside) and reindex."""
        if self._lock is None:
            raise ReadOnlyArchiveError("案例库以只读方式打开，不能从备份恢复。")
        backup_file = Path(backup_file)
        if not backup_file.is_file():
            raise ArchiveError(f"备份文件 {backup_file} 不存在。")
        with self._guard:
            if self._index is not None:
                self._index.close()
                self._index = None
            self._store.close()
            try:
                backups.restore_database(backup_file, self.layout.database)
            except sqlite3.DatabaseError as error:
                raise ArchiveError(f"无法从 {backup_file.name} 恢复：{error}") from error
            finally:
                self._store, self.damage = _open_store(self.layout, read_only=False)
            if not self.damage:
                self._upgrade(self.layout, self._store)
                self._index = SearchIndex.create(self.layout.index)
                self._rebuild_index(progress, None)
        self._notify(ChangeEvent("archive"))

    def check(self, *, repair: bool = False, progress: Progress | None = None) -> CheckReport:
        """Database integrity, files present with the right hashes, index in step with the store."""
        report = CheckReport()
        with self._guard:
            if self.damage:
                report.problems.append(Problem(self.damage, self._restore_advice(), False))
                return report
            for problem in self._store.integrity_check():
                report.problems.append(Problem(f"数据库：{problem}", self._restore_advice(), False))
            report.cases = self._store.case_count()
            attachments = self._store.all_attachments()
            for done, (case_id, attachment) in enumerate(attachments, 1):
                if progress:
                    progress(done, len(attachments), "校验附件")
                if not self._blobs.verify(attachment.sha256):
                    report.problems.append(Problem(
                        f"案例 {case_id[:8]} 的文件「{attachment.name}」缺失或已损坏",
                        "从备份的 files 文件夹或原始文件恢复该文件", False))
            report.files_checked = len(attachments)
            orphans = self._unreferenced_files()
            if orphans:
                report.problems.append(Problem(
                    f"{len(orphans)} 个文件不属于任何案例", "check --repair 会删除它们", True))
            stale = self._index_differences()
            if stale:
                report.problems.append(Problem(
                    f"搜索索引与数据不一致（{stale} 个案例）", "check --repair 会更新索引", True))
            if repair and not self.read_only:
                if orphans:
                    self._remove_unreferenced_files()
                    report.repaired.append(f"删除了 {len(orphans)} 个无主文件")
                if stale:
                    self._reconcile_index(progress)
                    report.repaired.append(f"更新了 {stale} 个案例的索引")
                report.problems = [p for p in report.problems if not p.repairable]
        return report

    def _restore_advice(self) -> str:
        latest = self.list_backups()
        where = f"最近的备份是 {latest[0]}" if latest else f"备份文件夹是 {self.layout.backups}"
        return f"用「casearchive backup --restore 备份文件」从备份恢复（{where}）"

    # -- internals ----------------------------------------------------------------------------

    @property
    def _blobs(self) -> BlobStore:
        return BlobStore(self.layout.blobs)

    def _require_writable(self) -> None:
        if self.damage:
            raise DamagedArchiveError(f"{self.damage}\n为防止数据进一步损坏，已禁止写入。"
                                      f"{self._restore_advice()}。")
        if self._lock is None:
            raise ReadOnlyArchiveError(
                f"案例库 {self.layout.root} 正被另一个程序使用，当前为只读，不能修改。")

    @contextlib.contextmanager
    def _saving_files(self, files: Sequence[NewFile]) -> Iterator[dict[int, str]]:
        """Store files before the transaction; take back the new ones if the transaction fails."""
        created: list[str] = []
        stored: dict[int, str] = {}
        try:
            for position, new_file in enumerate(files):
                digest, is_new = self._blobs.put(new_file.data)
                stored[position] = digest
                if is_new:
                    created.append(digest)
            yield stored
        except BaseException:
            referenced = self._store.referenced_hashes()
            for digest in created:
                if digest not in referenced:
                    self._blobs.remove(digest)
            raise

    def _attach(self, case_id: str, attachments: Sequence[NewFile], stored: dict[int, str],
                original: NewFile | None) -> None:
        for position, new_file in enumerate(attachments):
            self._store.add_attachment(case_id, Attachment(
                new_file.name, stored[position], len(new_file.data), new_file.mime), original=False)
        if original is not None:
            self._store.add_attachment(case_id, Attachment(
                original.name, stored[len(attachments)], len(original.data), original.mime),
                original=True)

    def _unreferenced_files(self) -> set[str]:
        """Files no case uses, and no backup or set-aside database either (a restore needs them)."""
        kept_databases = [*self.list_backups(), *self.layout.root.glob(
            f"{self.layout.database.name}.replaced-*[0-9]")]
        return (self._blobs.all_hashes() - self._store.referenced_hashes()
                - backups.hashes_in(kept_databases))

    def _remove_unreferenced_files(self) -> None:
        for digest in self._unreferenced_files():
            self._blobs.remove(digest)

    def _daily_backup(self) -> None:
        age = backups.latest_backup_age(self.layout.backups)
        if self._store.case_count() and (age is None or age > dt.timedelta(days=1)):
            backups.backup_database(self._store.connection, self.layout.backups, reason="daily")

    def _notify(self, event: ChangeEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- keeping the index in step ------------------------------------------------------------

    def _open_index(self, progress: Progress | None) -> SearchIndex | None:
        writable = self._lock is not None
        try:
            index = SearchIndex.open(self.layout.index)
        except IndexNeedsRebuild as reason:
            if not writable:
                log.warning("search index unusable and archive read-only: %s", reason)
                return None
            log.info("rebuilding the search index: %s", reason)
            self._index = SearchIndex.create(self.layout.index)
            self._rebuild_index(progress, None)
            return self._index
        self._index = index
        if writable:
            self._reconcile_index(progress)
        return index

    def _rebuild_index(self, progress: Progress | None, is_cancelled: Cancelled | None) -> None:
        total = self._store.case_count()
        step = (lambda done, count: progress(done, count, "重建搜索索引")) if progress else None
        self._index.rebuild((_record(c) for c in self._store.iter_cases()), total,
                            progress=step, is_cancelled=is_cancelled)

    def _index_differences(self) -> int:
        if self._index is None:
            return self._store.case_count()
        wanted, have = self._store.versions(), self._index.versions()
        return sum(1 for i, v in wanted.items() if have.get(i) != v) + len(have.keys() - wanted)

    def _reconcile_index(self, progress: Progress | None) -> None:
        wanted, have = self._store.versions(), self._index.versions()
        stale = [i for i, version in wanted.items() if have.get(i) != version]
        extra = list(have.keys() - wanted.keys())
        if extra:
            self._index.delete(extra)
        for start in range(0, len(stale), 500):
            chunk = stale[start : start + 500]
            self._index.upsert(_record(c) for c in self._store.get_cases(chunk))
            if progress:
                progress(start + len(chunk), len(stale), "更新搜索索引")
        if stale or extra:
            log.info("index reconciled: %d updated, %d removed", len(stale), len(extra))

    def _reindex_cases(self, case_ids: Sequence[str]) -> None:
        if case_ids and self._index is not None:
            with self._guard:
                self._index.upsert(_record(c) for c in self._store.get_cases(list(case_ids)))
        if case_ids:
            self._notify(ChangeEvent("cases", tuple(case_ids)))

    def _unindex(self, case_ids: Sequence[str]) -> None:
        if self._index is not None:
            with self._guard:
                self._index.delete(case_ids)
        self._notify(ChangeEvent("cases", tuple(case_ids)))


def _record(case: Case) -> IndexRecord:
    return IndexRecord(
        id=case.id, title=case.title, body=case.body, unit=case.unit, source=case.source,
        author=case.author, tags=tuple(case.tags), date=case.date,
        version=case.updated_at.isoformat() if case.updated_at else "",
    )


def _clean(draft: CaseDraft) -> CaseDraft:
    title = " ".join(draft.title.split())
    if not title:
        raise ArchiveError("案例标题不能为空。")
    return CaseDraft(title, draft.body.strip() + "\n" if draft.body.strip() else "",
                     draft.unit.strip(), draft.source.strip(), draft.author.strip(), draft.date,
                     tuple(dict.fromkeys(t.strip() for t in draft.tags if t.strip())))


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


def _open_store(layout: ArchiveLayout, *, read_only: bool) -> tuple[Store, str | None]:
    """Open the database; a damaged one opens read-only and is described, never written."""
    try:
        store = Store.open(layout.database, read_only=read_only)
        problems = store.quick_check()
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
        store = None
    if not problems:
        return store, None
    if store is not None:
        store.close()
    damage = f"案例库数据库 {layout.database} 已损坏（{problems[0]}）。"
    log.error("%s", damage)
    try:
        store = Store.open(layout.database, read_only=True)
    except sqlite3.DatabaseError:
        store = Store(sqlite3.connect(":memory:", check_same_thread=False), read_only=True)
    return store, damage


def _expand_inputs(paths: Iterable[Path], importers, report: ImportReport) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                files.extend(importers.iter_importable(path))
            except PermissionError:
                report.failed.append({"path": str(path), "error": f"无法读取文件夹「{path}」：没有权限"})
        elif not path.exists():
            report.failed.append({"path": str(path), "error": f"文件「{path}」不存在"})
        elif path.suffix.lower() not in importers.SUPPORTED_SUFFIXES:
            supported = "、".join(sorted(importers.SUPPORTED_SUFFIXES))
            report.failed.append({"path": str(path), "error":
                                  f"不支持导入「{path.name}」这类文件（支持 {supported}）"})
        else:
            files.append(path)
    return files
