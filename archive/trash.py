"""The trash, as a manager hung off the library: `library.trash(ids)` moves cases there,
`library.trash.restore(ids)` brings them back, `library.trash.purge(ids)` deletes them for good."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from archive import indexing, maintenance
from archive.model import TrashedCase
from archive.state import ArchiveState, ChangeEvent


class TrashManager:
    def __init__(self, state: ArchiveState) -> None:
        self._state = state

    def __call__(self, case_ids: Iterable[str]) -> list[str]:
        """Move cases to the trash; they leave the search results at once."""
        ids = self._change(case_ids, self._state.store.trash_case, trashed=False)
        indexing.unindex(self._state, ids)
        return ids

    def restore(self, case_ids: Iterable[str]) -> list[str]:
        """Bring cases back from the trash."""
        ids = self._change(case_ids, self._state.store.restore_case, trashed=True)
        indexing.reindex_cases(self._state, ids)
        return ids

    def purge(self, case_ids: Iterable[str]) -> list[str]:
        """Delete trashed cases for good, with files no other case uses."""
        ids = self._change(case_ids, self._state.store.purge_case, trashed=True)
        maintenance.remove_unreferenced_files(self._state)
        self._state.notify(ChangeEvent("trash", tuple(ids)))
        return ids

    def empty(self) -> list[str]:
        return self.purge([t.id for t in self.list()])

    def list(self) -> list[TrashedCase]:
        return self._state.store.list_trash()

    def _change(self, case_ids: Iterable[str], change: Callable[[str], object], *,
                trashed: bool) -> list[str]:
        """Apply `change` to each case (ids or prefixes, of trashed cases if `trashed`) in one
        transaction; returns the full ids."""
        state = self._state
        state.require_writable()
        ids = [state.store.resolve_id(i, include_trashed=trashed) for i in case_ids]
        with state.guard, state.store.transaction():
            for case_id in ids:
                change(case_id)
        return ids
