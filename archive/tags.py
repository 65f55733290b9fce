"""The tag taxonomy of an archive, as a manager hung off the library: `library.tags()` lists it,
`library.tags.rename(old, new)` and the like change it and re-index the cases concerned."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from archive import indexing
from archive.model import Tag
from archive.state import ArchiveState, ChangeEvent

_UNGROUPED_COLOR = "#7f8c8d"


class TagManager:
    def __init__(self, state: ArchiveState) -> None:
        self._state = state

    def __call__(self) -> list[Tag]:
        """The taxonomy: groups first, each followed by its tags, with live case counts."""
        return self._state.store.list_tags()

    def add(self, name: str, color: str | None = None, parent: str | None = None) -> None:
        self._state.require_writable()
        with self._state.guard:
            if color is None:
                parents = [t for t in self() if t.name == parent]
                color = parents[0].color if parents else _UNGROUPED_COLOR
            self._state.store.add_tag(name, color, parent)
        self._state.notify(ChangeEvent("tags"))

    def rename(self, old: str, new: str) -> None:
        self._retag(old, lambda: self._state.store.rename_tag(old, new))

    def merge(self, source: str, target: str) -> None:
        self._retag(source, lambda: self._state.store.merge_tags(source, target))

    def delete(self, name: str) -> int:
        """Remove a tag from the taxonomy and every case; returns how many cases had it."""
        affected = len(self._state.store.tag_case_ids(name))
        self._retag(name, lambda: self._state.store.delete_tag(name))
        return affected

    def recolor(self, name: str, color: str) -> None:
        self._state.require_writable()
        with self._state.guard:
            self._state.store.recolor_tag(name, color)
        self._state.notify(ChangeEvent("tags"))

    def groups(self) -> dict[str, tuple[str, ...]]:
        """Each group of the taxonomy with its tags (a top-level tag with none is no group)."""
        members: dict[str, list[str]] = {}
        for tag in self._state.store.list_tags(counts=False):  # every search asks: no counting
            if tag.parent:
                members.setdefault(tag.parent, []).append(tag.name)
        return {group: tuple(names) for group, names in members.items()}

    def expand(self, names: Iterable[str]) -> tuple[str, ...]:
        return expand_groups(names, self.groups())

    def suggester(self) -> Callable[[str], list[str]]:
        """Tags for a text being written: the tags the importer would give it, taxonomy tags
        named in it, then its keywords once their tables are loaded (`Library.load_keyword_tables`).

        The taxonomy is read now, so the suggester works on without the archive (an open editor).
        """
        from archive.importers.tagging import keywords, keywords_ready, suggest_tags, vocabulary_for

        current = self()
        taxonomy = [tag.name for tag in current if tag.parent]
        # The taxonomy as the user has it now: a renamed or merged tag never comes back.
        vocabulary = vocabulary_for(current)

        def suggest(text: str) -> list[str]:
            named = [tag for tag in taxonomy if tag in text]
            found = keywords(text) if keywords_ready() else []
            return list(dict.fromkeys([*suggest_tags(text, vocabulary), *named, *found]))

        return suggest

    def _retag(self, name: str, change: Callable[[], object]) -> None:
        self._state.require_writable()
        with self._state.guard:
            affected = self._state.store.tag_case_ids(name)
            change()
        indexing.reindex_cases(self._state, affected)
        self._state.notify(ChangeEvent("tags"))


def expand_groups(names: Iterable[str], groups: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """The tags, each group followed by its tags: what ticking or typing a group means."""
    return tuple(dict.fromkeys(name for tag in names for name in (tag, *groups.get(tag, ()))))
