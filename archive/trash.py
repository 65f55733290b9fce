"""The trash, as a manager hung off the library: `library.trash(ids)` moves cases there,
`library.trash.restore(ids)` brings them back, `library.trash.purge(ids)` deletes them for good."""

from __future__ import annotations

from collections.abc import Iterable

from archive import indexing, maintenance
from archive.model import TrashedCase
from archive.state import ArchiveState, ChangeEvent


class TrashManager:
    def __init__(self, state: ArchiveState) -> None:
        self._state = state

    def __call__(self, case_ids: Iterable[str]) -> list[str]:
        """Move cases to the trash; they leave the search results at once."""
        state = self._state
        state.require_writable()
        ids = [state.store.resolve_id(i) for i in case_ids]
        with state.guard, state.store.transaction():
            for case_id in ids:
                state.store.trash_case(case_id)
        indexing.unindex(state, ids)
        return ids

    def restore(self, case_ids: Iterable[str]) -> list[str]:
        """Bring cases back from the trash."""
        state = self._state
        state.require_writable()
        ids = [state.store.resolve_id(i, include_trashed=True) for i in case_ids]
        with state.guard, state.store.transaction():
            for case_id in ids:
                state.store.restore_case(case_id)
        indexing.reindex_cases(state, ids)
        return ids

    def purge(self, case_ids: Iterable[str]) -> list[str]:
        """Delete trashed cases for good, with files no other case uses."""
        state = self._state
        state.require_writable()
        ids = [state.store.resolve_id(i, include_trashed=True) for i in case_ids]
        with state.guard, state.store.transaction():
            for case_id in ids:
                state.store.purge_case(case_id)
        maintenance.remove_unreferenced_files(state)
        state.notify(ChangeEvent("trash", tuple(ids)))
        return ids

    def empty(self) -> list[str]:
        return self.purge([t.id for t in self.list()])

    def list(self) -> list[TrashedCase]:
        return self._state.store.list_trash()
