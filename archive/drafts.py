"""Drafts of refused saves, as a manager hung off the library (`library.drafts`): on a shared archive
a save over a newer version is refused and its text kept on the server; here it is listed, shown
beside the newest version, merged onto that version, or discarded.

A folder archive keeps no such drafts: only one program writes it, and a refused save's text stays
in the editor that made it.
"""

from __future__ import annotations

from archive.cases import CaseRecords
from archive.errors import CaseNotFoundError
from archive.model import Case, CaseDraft, KeptDraft
from archive.state import ArchiveState


class DraftRecords:
    def __init__(self, state: ArchiveState, cases: CaseRecords) -> None:
        self._state, self._cases = state, cases

    def list(self, case_id: str | None = None) -> list[KeptDraft]:
        """Kept drafts, newest first; of one case (an id or its prefix) when given."""
        store = self._state.store
        return self._kept(store.resolve_id(case_id, include_trashed=True) if case_id else None)

    def get(self, draft_id: int) -> KeptDraft:
        found = self._kept(draft_id=draft_id)
        if not found:
            raise CaseNotFoundError(f"没有编号为 {draft_id} 的草稿（可能已合并或删除）。")
        return found[0]

    def discard(self, draft_id: int) -> KeptDraft:
        """Delete a kept draft (one's own; 管理 may delete anyone's); returns what it held."""
        kept = self.get(draft_id)
        self._state.require_writable()
        if not self._state.store.discard_draft(draft_id):
            raise CaseNotFoundError(
                f"草稿 {draft_id} 是 {kept.saved_by} 保存的：只有本人或管理员可以删除。")
        return kept

    def merge(self, draft_id: int, merged: CaseDraft) -> Case:
        """Save `merged` (the draft's text, the newest version's, or a mix the user made) as the
        case's next version, on the newest one, and discard the draft."""
        kept = self.get(draft_id)
        newest = self._state.store.case_version(kept.case_id)
        case = self._cases.update(kept.case_id, merged, base_version=newest)
        self.discard(draft_id)
        return case

    def _kept(self, case_id: str | None = None, *, draft_id: int | None = None) -> list[KeptDraft]:
        store = self._state.store
        return store.drafts(case_id, draft_id=draft_id) if hasattr(store, "drafts") else []  # a folder: none
