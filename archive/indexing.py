"""Keeping the search index in step with the store: SQLite is the truth, the index follows it.

Open reconciles (or rebuilds an unusable index), each write re-indexes the cases it touched, and
`check` counts the differences.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from archive.errors import OpenCancelled
from archive.model import Case
from archive.progress import Cancelled, Progress
from archive.state import ArchiveState, ChangeEvent
from search.errors import IndexNeedsRebuild
from search.index import SearchIndex
from search.records import IndexRecord

log = logging.getLogger(__name__)

_CANCELLED = "已取消打开案例库：搜索索引没有建完，下次打开时会重新建立；案例库本身没有改动。"
_RECONCILE_BATCH = 500
_REBUILD_FROM_SHARE = 4
"""Reconciling more than a quarter of the cases (and more than a batch) rebuilds the index instead."""


def open_index(state: ArchiveState, progress: Progress | None,
               is_cancelled: Cancelled | None = None, *,
               before_writing: Callable[[], None] = lambda: None) -> SearchIndex | None:
    """The archive's index, reconciled with the store (rebuilt when it is unusable), or None
    when it is unusable and the archive is read-only; OpenCancelled when `is_cancelled` turns
    true during a rebuild. `before_writing` is called before the index is changed (the opening
    checks the database meanwhile)."""
    writable = state.lock is not None
    folder = state.layout.index
    if writable and folder.exists() and not folder.is_dir():
        # Something else took the index's name: kept aside (it is not ours to delete), index rebuilt.
        aside = folder.with_name(f"{folder.name}.not-a-folder-{uuid.uuid4().hex[:8]}")
        log.warning("%s is not a folder: moved to %s", folder, aside)
        folder.rename(aside)
    try:
        index = SearchIndex.open(folder, read_only=not writable)
    except OSError as error:
        log.warning("search index cannot be opened: %s", error)
        return None
    except IndexNeedsRebuild as reason:
        if not writable:
            log.warning("search index unusable and archive read-only: %s", reason)
            return None
        log.info("rebuilding the search index: %s", reason)
        before_writing()
        return _rebuilt(state, progress, is_cancelled)
    state.index = index
    indexed, damage = _read_versions(state, sample=3)
    if damage:
        # Truncated files open fine and fail only when read: rebuilt like a missing index.
        index.close()
        state.index = None
        if not writable:
            log.warning("search index unreadable and archive read-only: %s", damage)
            return None
        before_writing()
        return _rebuilt(state, progress, is_cancelled)
    if writable:
        before_writing()
        try:
            reconcile(state, progress, is_cancelled, indexed=indexed)
        except OSError as error:
            # Reading never needs free space: the index stays a little behind until the next opening.
            log.warning("search index not brought up to date: %s", error)
    return index


def _rebuilt(state: ArchiveState, progress: Progress | None,
             is_cancelled: Cancelled | None) -> SearchIndex | None:
    try:
        state.index = SearchIndex.create(state.layout.index)
        rebuild_while_opening(state, progress, is_cancelled)
    except OSError as error:
        # A full disk: the archive opens without search, and the next opening rebuilds.
        log.warning("search index not rebuilt: %s", error)
        shutil.rmtree(state.layout.index, ignore_errors=True)
        state.index = None
    return state.index


def rebuild(state: ArchiveState, progress: Progress | None, is_cancelled: Cancelled | None) -> None:
    total = state.store.case_count()
    step = (lambda done, count: progress(done, count, "重建搜索索引")) if progress else None
    state.index.rebuild((record(c) for c in state.store.iter_cases()), total,
                        progress=step, is_cancelled=is_cancelled)


def rebuild_while_opening(state: ArchiveState, progress: Progress | None,
                          is_cancelled: Cancelled | None, *,
                          cancelled_message: str = _CANCELLED) -> None:
    """`rebuild`, and OpenCancelled when `is_cancelled` turned true meanwhile: the index then holds
    what it held before, which the next opening finds stale again (an empty new index, or one
    too far behind the store)."""
    rebuild(state, progress, is_cancelled)
    if is_cancelled is not None and is_cancelled():
        raise OpenCancelled(cancelled_message)


def unreadable(state: ArchiveState, sample: int = 20) -> str:
    """Why the index cannot be read ("" when it can): opening it is not enough, a truncated
    postings or column file shows only when read, so the index is probed with a sample of titles."""
    return _read_versions(state, sample)[1]


def _read_versions(state: ArchiveState, sample: int) -> tuple[dict[str, str], str]:
    """The index's versions and "" when it can be read, else nothing and why not (`unreadable`):
    opening reconciles with the versions read here rather than decoding their columns again."""
    if state.index is None:
        return {}, "索引未打开"
    try:
        indexed = state.index.versions()
        # The titles of the cases indexed last, read by id: the newest by date (`list_cases`) sorted
        # the whole table first (40 ms at 20,000 cases; all of the file when it was not cached).
        titles = [case.title for case in state.store.get_cases(list(indexed)[-sample:])]
        state.index.probe(titles)
    except Exception as error:  # Whoosh raises many types for damaged files.
        log.warning("search index unreadable: %r", error)
        return {}, f"{type(error).__name__}: {str(error)[:80]}"
    return indexed, ""


def differences(state: ArchiveState) -> int:
    """How many cases the index has wrong, missing or extra."""
    if state.index is None:
        return state.store.case_count()
    wanted, have = state.store.versions(), state.index.versions()
    return sum(1 for i, v in wanted.items() if have.get(i) != v) + len(have.keys() - wanted)


def reconcile(state: ArchiveState, progress: Progress | None, is_cancelled: Cancelled | None = None, *,
              indexed: dict[str, str] | None = None) -> None:
    """Bring the index in step with the store; `indexed`: the index's versions, when just read."""
    wanted = state.store.versions()
    have = state.index.versions() if indexed is None else indexed
    stale = [i for i, version in wanted.items() if have.get(i) != version]
    if len(stale) > max(_RECONCILE_BATCH, len(wanted) // _REBUILD_FROM_SHARE):
        # Writing whole segments at once beats a commit every few dozen cases.
        log.info("index far behind the store (%d of %d cases): rebuilding", len(stale), len(wanted))
        rebuild_while_opening(state, progress, is_cancelled)
        return
    extra = list(have.keys() - wanted.keys())
    if extra:
        state.index.delete(extra)
    for start in range(0, len(stale), _RECONCILE_BATCH):
        chunk = stale[start : start + _RECONCILE_BATCH]
        state.index.upsert(record(c) for c in state.store.get_cases(chunk))
        if progress:
            progress(start + len(chunk), len(stale), "更新搜索索引")
    if stale or extra:
        log.info("index reconciled: %d updated, %d removed", len(stale), len(extra))


def position_file(state: ArchiveState) -> Path:
    """Where a shared archive's local index keeps the number of the last change it holds."""
    return state.layout.root / "index.change"


def read_position(state: ArchiveState) -> int | None:
    """The last change the local index holds, or None when it is unknown (index to be built)."""
    try:
        return int(json.loads(position_file(state).read_text(encoding="utf-8"))["change"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_position(state: ArchiveState, number: int) -> None:
    target = position_file(state)
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps({"change": number}), encoding="utf-8")
    partial.replace(target)


COMMIT_CASES = 500
"""Cases indexed per hold of the archive's guard: a search waits for one such chunk at most (the
index itself commits in smaller pieces, `search.index`), and the window draws between them."""


def reindex_cases(state: ArchiveState, case_ids: Sequence[str]) -> None:
    if case_ids and state.index is not None:
        for start in range(0, len(case_ids), COMMIT_CASES):
            chunk = list(case_ids[start : start + COMMIT_CASES])
            records, applied = None, None
            if state.url is not None:
                # A shared archive's store reads from any thread: its server is read before the
                # guard is taken, which is then held only for the index commit.
                applied = read_position(state)
                records = [record(c) for c in state.store.get_cases(chunk)]
            with state.guard:
                if records is None or read_position(state) != applied:
                    # A folder archive reads here; a shared one again when the follower applied
                    # others' changes meanwhile (one may be a newer save of these cases).
                    records = [record(c) for c in state.store.get_cases(chunk)]
                state.index.upsert(records, merge=not state.merges_index_when_idle)
    if case_ids:
        state.notify(ChangeEvent("cases", tuple(case_ids)))


def unindex(state: ArchiveState, case_ids: Sequence[str]) -> None:
    if state.index is not None:
        with state.guard:
            state.index.delete(case_ids)
    state.notify(ChangeEvent("cases", tuple(case_ids)))


def record(case: Case) -> IndexRecord:
    return IndexRecord(
        id=case.id, title=case.title, body=case.body, unit=case.unit, source=case.source,
        author=case.author, tags=tuple(case.tags), date=case.date,
        version=case.updated_at.isoformat() if case.updated_at else "",
    )
