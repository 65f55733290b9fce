"""Importing files into the archive: read them (in worker processes when there are many), skip exact
duplicates, note near duplicates, and store each file in its own transaction so that one bad file
never stops the batch."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from archive import indexing
from archive.diagnostics import is_disk_full
from archive.errors import ArchiveError, DuplicateCaseError, ImportFailure
from archive.fingerprint import NEAR_DUPLICATE_DISTANCE, signature_distance
from archive.model import CaseDraft
from archive.progress import Cancelled, Progress
from archive.state import ArchiveState, clean_draft

if TYPE_CHECKING:
    from archive.importers.document import ImportedDocument

log = logging.getLogger(__name__)

_INDEX_BATCH = 200
_PARALLEL_IMPORT_FROM = 8


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    cancelled: bool = False
    disk_full: bool = False
    """The disk filled up: the batch stopped, and what `imported` lists is saved."""
    index_behind: bool = False
    """Saved cases the index could not take yet (a full disk); the next opening adds them."""

    def to_json(self) -> dict:
        """The `import --json` shape of DESIGN.md, exactly (similarity shows in `show`)."""
        return {
            "imported": [{k: e[k] for k in ("path", "id", "title")} for e in self.imported],
            "skipped": self.skipped,
            "failed": self.failed,
        }


def import_paths(state: ArchiveState, paths: Iterable[Path], *, tags: Sequence[str] = (),
                 progress: Progress | None = None,
                 is_cancelled: Cancelled | None = None,
                 phases: Progress | None = None) -> ImportReport:
    """Import files and folders, one transaction per file; the batch goes on past failures.

    `progress(done, total, file name)` comes once a file is saved (or failed); `phases` also
    says what is being done meanwhile ("name · 读取", "name · 保存", "更新索引").
    """
    from archive import importers  # heavy (trafilatura, mammoth): load on first import

    state.require_writable()
    report = ImportReport()
    files = _expand_inputs(paths, importers, report)
    # Suggestions come from the taxonomy as the user has it now, not as it was shipped.
    keywords = importers.tagging.vocabulary_for(state.store.list_tags())
    workers = 2 if len(files) >= _PARALLEL_IMPORT_FROM else 1
    pending_index: list[str] = []
    done = 0

    def phase(what: str) -> None:
        # Every step says which file and what is happening to it, so a large file's wait shows.
        if phases:
            phases(done, len(files), what)

    if files:
        phase(f"{files[0].name} · 读取")
    for path, outcome in importers.read_documents_parallel(
            files, workers=workers, tag_keywords=keywords, is_cancelled=is_cancelled):
        if isinstance(outcome, ImportFailure):
            report.failed.append({"path": str(path), "error": str(outcome)})
        else:
            phase(f"{path.name} · 保存")
            _import_one(state, path, outcome, tags, report, pending_index)
        done += 1
        if progress:
            progress(done, len(files), path.name)
        if report.disk_full:
            break
        if len(pending_index) >= _INDEX_BATCH:
            phase("更新索引")
            _index_saved(state, pending_index, report)
        if done < len(files):
            phase(f"{files[done].name} · 读取")
    report.cancelled = bool(is_cancelled and is_cancelled() and done < len(files))
    if pending_index:
        phase("更新索引")
    _index_saved(state, pending_index, report)
    return report


def _index_saved(state: ArchiveState, case_ids: list[str], report: ImportReport) -> None:
    """Index the cases saved so far; on a full disk they stay saved and the index catches up later."""
    try:
        indexing.reindex_cases(state, case_ids)
    except OSError as error:
        if not is_disk_full(error):
            raise
        log.warning("imported cases not indexed yet: %s", error)
        report.index_behind = True
    case_ids.clear()


def _import_one(state: ArchiveState, path: Path, document: ImportedDocument, tags: Sequence[str],
                report: ImportReport, pending_index: list[str]) -> None:
    fingerprint = document.fingerprint
    duplicate = state.store.find_by_fingerprint(fingerprint)
    if duplicate:
        title = state.store.get_case(duplicate).title
        report.skipped.append({"path": str(path), "reason": f"与已有案例「{title}」内容相同",
                               "duplicate_of": duplicate})
        return
    signature = document.similarity
    similar_to = _most_similar(state, signature)
    try:
        draft = clean_draft(CaseDraft(
            title=document.title, body=document.body, unit=document.unit,
            source=document.source, author=document.author, date=document.date,
            tags=(*document.suggested_tags, *tags)))
        with state.saving_files([*document.attachments, document.original]) as stored, \
                state.guard, state.store.transaction():
            case_id = state.store.add_case(draft, fingerprint=fingerprint,
                                           similarity=signature, similar_to=similar_to)
            state.attach(case_id, document.attachments, stored, document.original)
    except DuplicateCaseError:
        # Another desktop saved the same text between the lookup above and this save.
        duplicate = state.store.find_by_fingerprint(fingerprint) or ""
        report.skipped.append({"path": str(path), "reason": "与他人刚导入的案例内容相同",
                               "duplicate_of": duplicate})
        return
    except (ArchiveError, OSError, sqlite3.Error) as error:
        if is_disk_full(error):
            report.disk_full = True
            report.failed.append({"path": str(path), "error":
                                  f"「{path.name}」未能保存：磁盘空间已满，导入已停止（之前的文件已保存）"})
        else:
            report.failed.append({"path": str(path), "error": f"「{path.name}」保存失败：{error}"})
        return
    entry = {"path": str(path), "id": case_id, "title": draft.title, "keywords": document.keywords}
    if similar_to:
        entry["similar_to"] = similar_to
    report.imported.append(entry)
    pending_index.append(case_id)


def _most_similar(state: ArchiveState, signature: int) -> str | None:
    if not signature:
        return None
    best = min(((signature_distance(signature, other), case_id)
                for case_id, other in state.store.similarity_signatures()), default=None)
    return best[1] if best and best[0] <= NEAR_DUPLICATE_DISTANCE else None


def _expand_inputs(paths: Iterable[Path], importers: ModuleType, report: ImportReport) -> list[Path]:
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
