"""Exchange packages, as a room hung off the library (`library.packages`): which cases go into a
package, writing it (`archive.exchange` turns plain records into the zip) and merging one in
(`archive.merging` holds the rules)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from archive import exchange, merging
from archive.briefings import BriefingRecords
from archive.exchange import PackSummary, UnpackSummary
from archive.finding import Finder
from archive.progress import Progress
from archive.state import ArchiveState
from archive.tags import TagManager
from search.records import SearchFilters


class PackageExchange:
    def __init__(self, state: ArchiveState, tags: TagManager, briefings: BriefingRecords,
                 finder: Finder) -> None:
        self._state = state
        self._tags = tags
        self._briefings = briefings
        self._finder = finder

    def select(self, ids: Sequence[str] = (), *, tags: Sequence[str] = (), query: str = "") -> list[str]:
        """Full ids for `pack`: the given ids (or prefixes), plus cases matching a query or tags.

        With a query, tags narrow its hits; with tags alone, every live case carrying one of them
        (a group tag also selects its tags).
        """
        store = self._state.store
        chosen = [store.resolve_id(i) for i in ids]
        if query.strip():
            filters = SearchFilters(tags_any=tuple(tags))
            total = self._finder.search(query, filters, limit=1).total
            chosen += [hit.id for hit in self._finder.search(query, filters, limit=max(total, 1)).hits]
        elif tags:
            wanted = set(self._tags.expand(tags))
            chosen += [case.id for case in store.iter_cases() if wanted & set(case.tags)]
        return list(dict.fromkeys(chosen))

    def pack(self, case_ids: Sequence[str], out: Path, *, exporting_unit: str = "",
             progress: Progress | None = None, with_briefings: bool = False) -> PackSummary:
        """Write the cases into the exchange package `out` (docs/exchange-format.md); with
        `with_briefings`, also the live kept briefings that used any of them, and their files."""
        store = self._state.store
        cases = store.get_cases(list(dict.fromkeys(store.resolve_id(i) for i in case_ids)))
        records = {record.id: record for case in cases if with_briefings
                   for record in self._briefings.list(case_id=case.id)}
        briefings = [(record, self._briefings.file_path(record)) for record in records.values()]
        return exchange.write_package(cases, lambda file: self._state.blobs.path(file.sha256), out,
                                      exporting_unit=exporting_unit, progress=progress,
                                      briefings=briefings)

    def unpack(self, package: Path, *, progress: Progress | None = None,
               limits: exchange.PackageLimits = exchange.DEFAULT_LIMITS) -> UnpackSummary:
        """Merge an exchange package, after checking all of it (PackageError if refused)."""
        return merging.unpack(self._state, package, progress=progress, limits=limits)
