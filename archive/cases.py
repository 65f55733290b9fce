"""Writing case records, as a manager hung off the library (`library.cases`): one case added or
edited, many added in batches, one change to many cases at once, an earlier revision made current.

Every write takes the steps of `archive.state`: writable check, files saved, one SQLite
transaction, the index updated, listeners told (by `indexing.reindex_cases`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from archive.errors import ArchiveError
from archive.fingerprint import exact_fingerprint, similarity_signature
from archive.model import Case, CaseDraft, NewFile
from archive.progress import Cancelled, Progress
from archive.state import ArchiveState, clean_draft, stored_attachments

BULK_BATCH = 500
"""Cases per transaction (and per index update) in batch writes."""


class CaseRecords:
    def __init__(self, state: ArchiveState, reindex: Callable[[Sequence[str]], None]) -> None:
        """`reindex(ids)` brings the index in step after a commit (the library's one step)."""
        self._state = state
        self._reindex = reindex

    def add(self, draft: CaseDraft, *, attachments: Sequence[NewFile] = (),
            original: NewFile | None = None) -> Case:
        """Save a new case; it is searchable when this returns."""
        state = self._state
        state.require_writable()
        files = [*attachments, *([original] if original else [])]
        with state.saving_files(files) as stored, state.writing():
            case_id = state.store.add_case(
                clean_draft(draft), fingerprint=exact_fingerprint(draft.title, draft.body),
                similarity=similarity_signature(draft.body))
            state.attach(case_id, attachments, stored, original)
        self._reindex([case_id])
        return state.store.get_case(case_id)

    def add_many(self, drafts: Iterable[CaseDraft], *, progress: Progress | None = None,
                 is_cancelled: Cancelled | None = None) -> list[str]:
        """Save many new cases (demo cases, generated archives) in batches; returns their ids.

        Each batch is one transaction followed by one index update, so a cancel or a crash
        keeps whole batches only.
        """
        state = self._state
        state.require_writable()
        drafts = list(drafts)
        ids: list[str] = []
        for start in range(0, len(drafts), BULK_BATCH):
            if is_cancelled and is_cancelled():
                break
            batch = [clean_draft(d) for d in drafts[start : start + BULK_BATCH]]
            with state.guard, state.store.transaction():
                added = [state.store.add_case(
                    d, fingerprint=exact_fingerprint(d.title, d.body),
                    similarity=similarity_signature(d.body)) for d in batch]
            self._reindex(added)
            ids.extend(added)
            if progress:
                progress(len(ids), len(drafts), "添加案例")
        return ids

    def update(self, case_id: str, draft: CaseDraft, *,
               new_attachments: Sequence[NewFile] = (), base_version: int | None = None) -> Case:
        """Save an edit; the previous state becomes a revision. Searchable when this returns.
        With `base_version` (`case_version` when editing began), a save over a newer version
        raises ConflictError, the text kept as a draft."""
        state = self._state
        state.require_writable()
        case_id = state.store.resolve_id(case_id)
        with state.saving_files(new_attachments) as stored, state.writing():
            changed = state.store.update_case(
                case_id, clean_draft(draft), fingerprint=exact_fingerprint(draft.title, draft.body),
                similarity=similarity_signature(draft.body),
                attachments=stored_attachments(new_attachments, stored), base_version=base_version)
        if changed:
            self._reindex([case_id])
        return state.store.get_case(case_id)

    def edit_many(self, case_ids: Sequence[str], *, add_tags: Sequence[str] = (),
                  remove_tags: Sequence[str] = (), unit: str | None = None,
                  date: dt.date | None = None, progress: Progress | None = None) -> int:
        """One change to many cases: tags added or removed, unit or date set (None: unchanged).

        Each case keeps its previous state as a revision; returns how many cases changed.
        """
        state = self._state
        state.require_writable()
        ids = [state.store.resolve_id(i) for i in case_ids]
        changed: list[str] = []
        for start in range(0, len(ids), BULK_BATCH):
            batch = ids[start : start + BULK_BATCH]
            with state.guard, state.store.transaction():
                for case in state.store.get_cases(batch):
                    tags = [t for t in dict.fromkeys((*case.tags, *add_tags)) if t not in remove_tags]
                    draft = clean_draft(CaseDraft(
                        title=case.title, body=case.body, unit=case.unit if unit is None else unit,
                        source=case.source, author=case.author,
                        date=case.date if date is None else date, tags=tuple(tags)))
                    if state.store.update_case(case.id, draft,
                                               fingerprint=exact_fingerprint(draft.title, draft.body),
                                               similarity=similarity_signature(draft.body)):
                        changed.append(case.id)
            if progress:
                progress(min(start + BULK_BATCH, len(ids)), len(ids), "修改案例")
        self._reindex(changed)
        return len(changed)

    def restore_revision(self, case_id: str, number: int) -> Case:
        """Make an earlier revision current again, with its attachments; the state it replaces
        is kept too."""
        state = self._state
        state.require_writable()
        case_id = state.store.resolve_id(case_id)
        with state.guard:
            old = next((r for r in state.store.list_revisions(case_id) if r.number == number), None)
            if old is None:
                raise ArchiveError(f"案例 {case_id[:8]} 没有第 {number} 版。")
            state.store.restore_revision(case_id, number,
                                         fingerprint=exact_fingerprint(old.title, old.body),
                                         similarity=similarity_signature(old.body))
        self._reindex([case_id])
        return state.store.get_case(case_id)
