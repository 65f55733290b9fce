"""Drafts of refused saves, as a manager hung off the library (`library.drafts`): on a shared archive
a save over a newer version is refused and its text kept on the server; here it is listed, shown
beside the newest version, merged onto that version, or discarded.

A folder archive keeps no such drafts: only one program writes it, and a refused save's text stays
in the editor that made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import merge3

from archive.cases import CaseRecords
from archive.errors import CaseNotFoundError
from archive.model import Case, CaseDraft, KeptDraft, Revision
from archive.state import ArchiveState

FIELDS = ("title", "unit", "source", "author", "date", "tags", "body")
"""The fields of a case a merge compares, in the order they are shown."""
CONFLICT_MARKERS = ("〔冲突：我的修改〕", "〔冲突：他人的修改〕", "〔冲突结束〕")
Edited = Case | Revision | CaseDraft
"""What a merge reads `FIELDS` of."""


@dataclass(frozen=True)
class MergedEdits:
    """Both sides' changes to the version an edit started from (`merge_edits`)."""

    draft: CaseDraft
    differing: tuple[str, ...]
    """The fields (of `FIELDS`) in which the user's text and the newest version differ."""
    conflicting: tuple[str, ...]
    """Those both sides changed differently: the body has both passages between markers; any
    other such field keeps the user's value."""


def merge_edits(base: Edited | None, mine: Edited, theirs: Edited,
                markers: Sequence[str] = CONFLICT_MARKERS) -> MergedEdits:
    """A three-way merge of every field: a field only one side changed takes that change; tags
    added or removed on either side are added or removed; the body is merged line by line
    (`merge3`), passages both changed kept between the three `markers` (start, middle, end). With
    no `base` (its revision is gone) every differing field is a conflict and keeps the user's."""
    values: dict[str, object] = {}
    differing, conflicting = [], []
    for field in FIELDS:
        own, other = field_value(mine, field), field_value(theirs, field)
        old = field_value(base, field) if base is not None else None
        if own == other:
            values[field] = own
            continue
        differing.append(field)
        if base is not None and own == old:
            values[field] = other
        elif base is not None and other == old:
            values[field] = own
        elif base is not None and field == "tags":
            values[field] = _combined_tags(old, own, other)
        elif base is not None and field == "body":
            values[field], clashed = _combined_body(old, own, other, markers)
            if clashed:
                conflicting.append(field)
        else:
            values[field] = own
            conflicting.append(field)
    return MergedEdits(CaseDraft(**values), tuple(differing), tuple(conflicting))


def field_value(edited: Edited, field: str) -> object:
    """One of `FIELDS` of a case, a revision or a draft (tags as a tuple, whichever it holds)."""
    value = getattr(edited, field)
    return tuple(value) if field == "tags" else value


def _combined_tags(base: Sequence[str], mine: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
    removed = (set(base) - set(mine)) | (set(base) - set(theirs))
    return tuple(tag for tag in dict.fromkeys((*theirs, *mine)) if tag not in removed)


def _combined_body(base: str, mine: str, theirs: str, markers: Sequence[str]) -> tuple[str, bool]:
    start, middle, end = (f"\n{marker}\n" for marker in markers)
    lines = merge3.Merge3(base.splitlines(True), mine.splitlines(True), theirs.splitlines(True))
    clashed = any(region[0] == "conflict" for region in lines.merge_regions())
    return "".join(lines.merge_lines(start_marker=start, mid_marker=middle, end_marker=end)), clashed


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

    def combined(self, draft_id: int) -> tuple[MergedEdits, Case, int]:
        """The kept draft merged with the newest version against the version it started from
        (`merge_edits`); with that newest version and its number."""
        kept = self.get(draft_id)
        store = self._state.store
        newest, version = store.get_case(kept.case_id), store.case_version(kept.case_id)
        base = next((r for r in store.list_revisions(kept.case_id) if r.number == kept.based_on), None)
        return merge_edits(base, kept.draft, newest), newest, version

    def _kept(self, case_id: str | None = None, *, draft_id: int | None = None) -> list[KeptDraft]:
        store = self._state.store
        return store.drafts(case_id, draft_id=draft_id) if hasattr(store, "drafts") else []  # a folder: none
