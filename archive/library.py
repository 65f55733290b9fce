"""The one door into an archive, for the window and the command line alike.

A `Library` owns an archive folder: the SQLite store (the truth), the content-addressed files,
the search index (kept in step: write to SQLite, then index; on open, reconcile) and the
process lock. Long operations report progress through plain callbacks and can be cancelled;
they never know about Qt.

The façade keeps the reads and the search itself and hands the rest to rooms that share one
`ArchiveState`: importing (`archive.importing`), index upkeep (`archive.indexing`), opening,
backups and the integrity check (`archive.maintenance`), the merge of exchange packages
(`archive.merging`), and the managers hung off it: writing cases (`library.cases`), Word output
(`library.word`), kept briefings and the basket (`library.briefings`), tags (`library.tags`) and
the trash (`library.trash`). Its flat names for writes (`add_case`, `export`, `restore`, …) are
one-line doors into those managers, for the scripts and tests written against them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from archive import backup as backups
from archive import blobs, exchange, importing, indexing, maintenance, merging
from archive.backends import is_shared_location
from archive.briefings import BriefingRecords, markdown_blocks, parse_range, section_range, selection_range
from archive.cases import CaseRecords
from archive.diagnostics import configure_logging, unexpected_error_message
from archive.errors import (
    AmbiguousIdError,
    ArchiveError,
    ArchiveLockedError,
    CaseNotFoundError,
    ConflictError,
    DamagedArchiveError,
    ReadOnlyArchiveError,
    TagError,
    UnexpectedError,
)
from archive.exchange import PackageError, PackSummary, UnpackSummary
from archive.exporting import WordExport
from archive.importing import ImportReport
from archive.maintenance import CheckReport, Problem
from archive.model import (
    Attachment,
    BriefingItem,
    BriefingRecord,
    Case,
    CaseDraft,
    NewFile,
    Revision,
    Tag,
    TrashedCase,
)
from archive.paths import HOME_ENV, ArchiveLayout, default_archive_folder, user_cache_folder
from archive.progress import Cancelled, Progress
from archive.resources import resource_path
from archive.state import ArchiveState, ChangeEvent
from archive.store import Store
from archive.tags import TagManager, expand_groups
from archive.trash import TrashManager
from search import word_table
from search.highlight import find_hits
from search.index import MAX_QUERY_CHARS
from search.query import QueryExplanation, explain, widen_tag_groups
from search.query import parse as parse_query
from search.records import SearchFilters, SearchHit, SearchResult

if TYPE_CHECKING:
    from archive.briefing import BriefingOptions

# The plain types that go with the door: the window and the command line import them from here,
# never from the modules behind it (tests/test_layers.py keeps it so).
__all__ = [
    "HOME_ENV", "AmbiguousIdError", "ArchiveError", "ArchiveLockedError", "Attachment",
    "BriefingItem", "BriefingRecord", "parse_range",
    "Cancelled", "Case", "CaseDraft", "CaseNotFoundError",
    "ChangeEvent", "CheckReport", "ConflictError", "DamagedArchiveError", "ImportReport",
    "Library", "NewFile", "PackSummary", "PackageError", "Problem", "Progress",
    "QueryExplanation", "ReadOnlyArchiveError", "Revision", "SearchFilters", "SearchHit",
    "STORE_ORDERS", "SearchResult", "Tag",
    "TagError", "TrashedCase", "UnexpectedError", "UnpackSummary", "configure_logging",
    "default_archive_folder", "resource_path", "unexpected_error_message",
]

# Word export loads python-docx, the reader's `body_html` Markdown and lxml.html, each a few hundred
# milliseconds: their names are looked up on first use so that opening an archive (every command)
# does not pay for them (they are left out of __all__).
_BRIEFING_NAMES = frozenset({"BriefingOptions", "BriefingError", "LAYOUTS", "LAYOUT_NAMES"})


def __getattr__(name: str) -> object:
    if name == "body_html":  # Markdown and lxml.html: the window's reader loads them, no command does
        from archive.briefing.reading import body_html

        return body_html
    if name in _BRIEFING_NAMES:
        from archive.briefing import options

        return getattr(options, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


STORE_ORDERS = tuple(Store.ORDERS)
"""Columns `Library.search` can order by besides relevance, as sort="COLUMN:asc" or "COLUMN:desc"."""


class Library:
    """An open archive. Use `Library.open(folder)`; close it (or use `with`) when done."""

    def __init__(self, state: ArchiveState) -> None:
        self._state = state
        self.tags = TagManager(state)
        self.trash = TrashManager(state)
        self.briefings = BriefingRecords(state)
        # Through the library's own index step, which a test replaces to simulate a crash.
        self.cases = CaseRecords(state, reindex=lambda ids: self._reindex_cases(ids))
        self.word = WordExport(state, self.briefings)

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str, *, allow_read_only: bool = False,
             progress: Progress | None = None) -> Library:
        """Open the archive in `folder`, creating it on first use; a `postgresql://` URL opens a
        shared archive on that server (see docs/shared-archive.md).

        When another process holds the archive, raise ArchiveLockedError, or open it read-only
        if `allow_read_only`. A damaged database opens read-only with `damage` set.
        """
        # Queries are cut with a table of jieba's words that loads in milliseconds, not seconds.
        word_table.keep_in(user_cache_folder() / "words")
        return cls(maintenance.open_archive(folder, allow_read_only=allow_read_only,
                                            progress=progress))

    def close(self) -> None:
        maintenance.close(self._state)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def layout(self) -> ArchiveLayout:
        return self._state.layout

    @property
    def folder(self) -> Path:
        """The archive folder."""
        return self._state.layout.root

    @property
    def backups_folder(self) -> Path:
        return self._state.layout.backups

    @property
    def damage(self) -> str | None:
        """Why the database is damaged (it is then open read-only), or None."""
        return self._state.damage

    @property
    def read_only(self) -> bool:
        return self._state.read_only

    def subscribe(self, listener: Callable[[ChangeEvent], None]) -> None:
        """Call `listener` after every change; it runs on the thread that made the change."""
        self._state.listeners.append(listener)

    # -- cases --------------------------------------------------------------------------------

    def add_case(self, draft: CaseDraft, *, attachments: Sequence[NewFile] = (),
                 original: NewFile | None = None) -> Case:
        return self.cases.add(draft, attachments=attachments, original=original)

    def add_cases(self, drafts: Iterable[CaseDraft], *, progress: Progress | None = None,
                  is_cancelled: Cancelled | None = None) -> list[str]:
        return self.cases.add_many(drafts, progress=progress, is_cancelled=is_cancelled)

    def update_case(self, case_id: str, draft: CaseDraft, *,
                    new_attachments: Sequence[NewFile] = (), base_version: int | None = None) -> Case:
        return self.cases.update(case_id, draft, new_attachments=new_attachments, base_version=base_version)

    def edit_cases(self, case_ids: Sequence[str], *, add_tags: Sequence[str] = (),
                   remove_tags: Sequence[str] = (), unit: str | None = None,
                   date: dt.date | None = None, progress: Progress | None = None) -> int:
        return self.cases.edit_many(case_ids, add_tags=add_tags, remove_tags=remove_tags, unit=unit,
                                    date=date, progress=progress)

    def merge_case(self, case_id: str, draft: CaseDraft, *, updated_at: dt.datetime,
                   created_at: dt.datetime | None = None, provenance: str = "",
                   attachments: Sequence[NewFile] = (),
                   original: NewFile | None = None) -> tuple[str, str]:
        """Bring in a case from another archive, keeping its id.

        Returns (outcome, id), outcome one of "added", "updated" (the incoming case is newer:
        it becomes a new revision, the old state kept) or "skipped" (same content present, or
        the local copy is as new). A case in the trash is left there, untouched.
        """
        return merging.merge_case(self._state, case_id, draft, updated_at=updated_at,
                                  created_at=created_at, provenance=provenance,
                                  attachments=attachments, original=original)

    def get_case(self, case_id: str) -> Case:
        return self._state.store.get_case(self.resolve_id(case_id))

    def get_cases(self, case_ids: Sequence[str]) -> list[Case]:
        """Live cases with these full ids, in the order given; missing ids are left out."""
        return self._state.store.get_cases(case_ids)

    def resolve_id(self, prefix: str, *, include_trashed: bool = False) -> str:
        """The full id of the single case whose id starts with `prefix`."""
        return self._state.store.resolve_id(prefix, include_trashed=include_trashed)

    def list_cases(self, *, limit: int | None = None, offset: int = 0) -> list[Case]:
        """Live cases, newest first."""
        return self._state.store.list_cases(limit=limit, offset=offset)

    def case_count(self) -> int:
        return self._state.store.case_count()

    def case_version(self, case_id: str) -> int:
        """1 as first saved, one more per edit: what an editor passes back as `base_version`."""
        return self._state.store.case_version(self.resolve_id(case_id))

    # The shared archive's server (`casearchive server init|migrate URL`): see archive.backends.
    is_shared_location = staticmethod(is_shared_location)

    @staticmethod
    def init_server(url: str) -> list[int]:
        from archive.backends.server_admin import init_server

        return init_server(url)

    @staticmethod
    def migrate_server(url: str) -> list[int]:
        from archive.backends.server_admin import migrate_server

        return migrate_server(url)

    def iter_cases(self) -> Iterator[Case]:
        return self._state.store.iter_cases()

    def file_path(self, attachment: Attachment) -> Path:
        """Where an attachment's or original's bytes are on disk."""
        return self._state.blobs.path(attachment.sha256)

    def copy_to_open(self, attachment: Attachment) -> Path:
        """A copy of the attachment under its own name, for the system's program to open."""
        return blobs.copy_to_open(self.file_path(attachment), attachment.sha256, attachment.name)

    def revisions(self, case_id: str) -> list[Revision]:
        """Earlier states of a case, newest first."""
        return self._state.store.list_revisions(self.resolve_id(case_id))

    def restore_revision(self, case_id: str, number: int) -> Case:
        return self.cases.restore_revision(case_id, number)

    # The trash and the tags keep their first, flat names too (`library.restore(ids)` is
    # `library.trash.restore(ids)`), for the scripts and tests written against them.

    def restore(self, case_ids: Iterable[str]) -> list[str]:
        return self.trash.restore(case_ids)

    def purge(self, case_ids: Iterable[str]) -> list[str]:
        return self.trash.purge(case_ids)

    def list_trash(self) -> list[TrashedCase]:
        return self.trash.list()

    def add_tag(self, name: str, color: str | None = None, parent: str | None = None) -> None:
        self.tags.add(name, color, parent)

    def rename_tag(self, old: str, new: str) -> None:
        self.tags.rename(old, new)

    # -- search -------------------------------------------------------------------------------

    def search(self, query: str, filters: SearchFilters = SearchFilters(), *,
               sort: str = "relevance", limit: int = 20, offset: int = 0) -> SearchResult:
        """Full-text search; a group tag, in `filters.tags_any` or typed as `标签:组`, also
        matches its tags; `已用于:简报名` keeps the cases a kept briefing of that series used,
        `未用于:简报名` drops them ("not yet reported")."""
        state = self._state
        if state.index is None:
            raise ArchiveError(state.damage or "搜索索引不可用：请运行 reindex 重建索引。")
        # Bytes that were not text (0xFF typed in a terminal) arrive as lone surrogates.
        query = "".join(c for c in query if not "\ud800" <= c <= "\udfff")
        if len(query) > MAX_QUERY_CHARS:
            raise ArchiveError(f"检索词过长（{len(query)} 字），最多 {MAX_QUERY_CHARS} 字。")
        groups = self.tags.groups()
        query, used_only, used_excluded = self.briefings.use_filters(query)
        query = widen_tag_groups(query, groups)
        if used_only is not None and filters.ids_only is not None:
            used_only &= filters.ids_only
        filters = dataclasses.replace(
            filters, tags_any=expand_groups(filters.tags_any, groups),
            ids_only=filters.ids_only if used_only is None else used_only,
            ids_excluded=filters.ids_excluded | used_excluded)
        state.refresh()
        with state.guard:
            if sort in ("relevance", "date"):
                return state.index.search(query, filters, sort=sort, limit=limit, offset=offset)
            return self._search_ordered_by_store(query, filters, sort, limit, offset)

    def _search_ordered_by_store(self, query: str, filters: SearchFilters, sort: str, limit: int,
                                 offset: int) -> SearchResult:
        """`sort` is "COLUMN:asc" or "COLUMN:desc" (COLUMN one of STORE_ORDERS): the index finds the
        hits, the database orders them, and only the page asked for is highlighted."""
        column, _, direction = sort.partition(":")
        if column not in STORE_ORDERS or direction not in ("asc", "desc"):
            raise ArchiveError(f"未知的排序方式：{sort}")
        index, store = self._state.index, self._state.store
        whole = index.search(query, filters, limit=0)
        page = store.ordered_ids(index.matching_ids(query, filters), column,
                                 descending=direction == "desc", limit=max(0, limit), offset=max(0, offset))
        shown = index.search(query, dataclasses.replace(filters, ids_only=frozenset(page)), limit=len(page))
        rank = {case_id: number for number, case_id in enumerate(page)}
        hits = sorted(shown.hits, key=lambda hit: rank[hit.id])
        return SearchResult(whole.total, hits, whole.facets)

    def unused_counts(self, query: str, filters: SearchFilters, total: int) -> dict[str, int]:
        """For the 未用于 filter: per title of the kept briefings, how many of the `total` cases
        this search finds none of its live briefings used."""
        counts = {}
        for title in self.briefings.series_names():
            used = frozenset(self.briefings.cases_used(title))
            if filters.ids_only is not None:
                used &= filters.ids_only
            found = self.search(query, dataclasses.replace(filters, ids_only=used), limit=1).total \
                if used else 0
            counts[title] = max(total - found, 0)
        return counts

    def hits_with_cases(self, result: SearchResult) -> list[tuple[SearchHit, Case]]:
        """Each hit with its case, in rank order; a hit whose case has gone meanwhile is left out."""
        cases = {c.id: c for c in self.get_cases([h.id for h in result.hits])}
        return [(hit, cases[hit.id]) for hit in result.hits if hit.id in cases]

    @staticmethod
    def date_in_text(text: str) -> dt.date | None:
        """The first date written in `text` (2023年7月21日, 2023-07-21, 二〇二三年…), as import reads it."""
        from archive.importers.metadata import parse_date

        return parse_date(text)

    @staticmethod
    def explain_query(query: str) -> QueryExplanation:
        """How `query` is read and what in it looks mistyped, for a search that found nothing."""
        return explain(query)

    @staticmethod
    def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
        """Where `query` matches in `text` (any script), as (start, end) character spans."""
        return find_hits(text, parse_query(query).needles)

    def reindex(self, progress: Progress | None = None,
                is_cancelled: Cancelled | None = None) -> None:
        """Rebuild the search index from the store (the previous index stays on cancel)."""
        state = self._state
        state.require_writable()
        with state.guard:
            indexing.rebuild(state, progress, is_cancelled)
        state.notify(ChangeEvent("index"))

    # -- import and paste ---------------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path], *, tags: Sequence[str] = (),
                     progress: Progress | None = None,
                     is_cancelled: Cancelled | None = None,
                     phases: Progress | None = None) -> ImportReport:
        """Import files and folders, one transaction per file; the batch goes on past failures.
        `phases` reports each file's steps too (reading, saving, indexing)."""
        return importing.import_paths(self._state, paths, tags=tags, progress=progress,
                                      is_cancelled=is_cancelled, phases=phases)

    @staticmethod
    def load_importers() -> None:
        """Load the importers (paste clean-up, tag suggestions need them): slow the first time."""
        import archive.importers  # noqa: F401

    @staticmethod
    def load_keyword_tables() -> None:
        """Load the tables keyword suggestions need (`library.tags.suggester()`): a second or two."""
        from archive.importers import tagging

        tagging.extractor()

    @staticmethod
    def clean_pasted(html: str | None, text: str) -> str:
        """Pasted Word or web content as Markdown, cleaned the way imported files are."""
        from archive.importers.textual import clean_paste

        return clean_paste(html, text)

    # -- Word export --------------------------------------------------------------------------

    def export(self, items: Sequence[str | BriefingItem], out: Path, options: BriefingOptions, *,
               progress: Progress | None = None, is_cancelled: Cancelled | None = None) -> Path:
        return self.word.export(items, out, options, progress=progress, is_cancelled=is_cancelled)

    def preview(self, items: Sequence[str | BriefingItem], pdf: Path, options: BriefingOptions, *,
                progress: Progress | None = None, is_cancelled: Cancelled | None = None) -> Path:
        return self.word.preview(items, pdf, options, progress=progress, is_cancelled=is_cancelled)

    @staticmethod
    def convert_to_pdf(docx: Path, pdf: Path) -> Path:
        """A Word file as PDF through LibreOffice (BriefingError saying how to get it if missing)."""
        from archive import briefing

        return briefing.convert_to_pdf(docx, pdf)

    def reexport(self, record_id: str, out: Path, *, progress: Progress | None = None,
                 is_cancelled: Cancelled | None = None) -> Path:
        return self.word.reexport(record_id, out, progress=progress, is_cancelled=is_cancelled)

    def excerpt(self, case_id: str, start: int, end: int, title: str = "") -> BriefingItem:
        """Blocks `start`..`end` (counted from 1) of a case's top-level Markdown as an excerpt."""
        return self.briefings.excerpt(self.get_case(case_id), start, end, title)

    @staticmethod
    def markdown_blocks(body: str) -> list[str]:
        """A body's top-level Markdown blocks, as excerpt ranges count them."""
        return markdown_blocks(body)

    @staticmethod
    def selection_blocks(body: str, selected: str) -> tuple[int, int]:
        """The block range (from 1) that text selected in the reader covers."""
        return selection_range(body, selected)

    @staticmethod
    def section_blocks(body: str, selected: str) -> tuple[int, int]:
        """The block range of the section (heading to next heading) the selected text is in."""
        return section_range(body, selection_range(body, selected)[0])

    def next_briefing_issue(self, title: str, day: dt.date | None = None) -> int:
        return self.word.next_issue(title, day)

    # -- exchange packages --------------------------------------------------------------------

    def select_for_package(self, ids: Sequence[str] = (), *, tags: Sequence[str] = (),
                           query: str = "") -> list[str]:
        """Full ids for `pack`: the given ids (or prefixes), plus cases matching a query or tags.

        With a query, tags narrow its hits; with tags alone, every live case carrying one of them
        (a group tag also selects its tags).
        """
        chosen = [self.resolve_id(i) for i in ids]
        if query.strip():
            filters = SearchFilters(tags_any=tuple(tags))
            total = self.search(query, filters, limit=1).total
            chosen += [hit.id for hit in self.search(query, filters, limit=max(total, 1)).hits]
        elif tags:
            wanted = set(self.tags.expand(tags))
            chosen += [case.id for case in self.iter_cases() if wanted & set(case.tags)]
        return list(dict.fromkeys(chosen))

    def pack(self, case_ids: Sequence[str], out: Path, *, exporting_unit: str = "",
             progress: Progress | None = None, with_briefings: bool = False) -> PackSummary:
        """Write the cases into the exchange package `out` (docs/exchange-format.md); with
        `with_briefings`, also the live kept briefings that used any of them, and their files."""
        cases = self.get_cases(list(dict.fromkeys(self.resolve_id(i) for i in case_ids)))
        records = {record.id: record for case in cases if with_briefings
                   for record in self.briefings.list(case_id=case.id)}
        briefings = [(record, self.briefings.file_path(record)) for record in records.values()]
        return exchange.write_package(cases, self.file_path, out, exporting_unit=exporting_unit,
                                      progress=progress, briefings=briefings)

    def unpack(self, package: Path, *, progress: Progress | None = None,
               limits: exchange.PackageLimits = exchange.DEFAULT_LIMITS) -> UnpackSummary:
        """Merge an exchange package, after checking all of it (PackageError if refused)."""
        return merging.unpack(self._state, package, progress=progress, limits=limits)

    # -- backups and integrity ----------------------------------------------------------------

    def backup(self) -> Path:
        """Write a consistent copy of the database into the archive's backups folder."""
        return maintenance.backup(self._state)

    def list_backups(self) -> list[Path]:
        return backups.list_backups(self._state.layout.backups)

    def set_aside_databases(self) -> list[Path]:
        """Databases a restore moved aside (archive.sqlite3.replaced-STAMP), newest first."""
        database = self._state.layout.database
        return sorted((p for p in database.parent.glob(database.name + ".replaced-*")
                       if not p.name.endswith(("-wal", "-shm"))), reverse=True)

    def restore_backup(self, backup_file: Path, progress: Progress | None = None) -> None:
        """Replace the database with a backup (the current one is kept aside) and reindex."""
        maintenance.restore_backup(self._state, backup_file, progress)

    def check(self, *, repair: bool = False, progress: Progress | None = None) -> CheckReport:
        """Database integrity, files present with the right hashes, index in step with the store."""
        return maintenance.check(self._state, repair=repair, progress=progress)

    def _reindex_cases(self, case_ids: Sequence[str]) -> None:
        indexing.reindex_cases(self._state, case_ids)

