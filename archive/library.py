"""The one door into an archive, for the window and the command line alike.

A `Library` owns an archive folder: the SQLite store (the truth), the content-addressed files,
the search index (kept in step: write to SQLite, then index; on open, reconcile) and the
process lock. Long operations report progress through plain callbacks and can be cancelled;
they never know about Qt.

The façade keeps the reads and hands the rest to rooms that share one `ArchiveState`, each
hung off it as a manager: writing cases (`library.cases`), search (`library.finder`;
`library.search` is its door), tags (`library.tags`), the trash (`library.trash`), kept briefings
and the basket (`library.briefings`), Word output (`library.word`), exchange packages
(`library.packages`) and backups with the integrity check (`library.maintenance`). Importing
(`archive.importing`), index upkeep (`archive.indexing`) and opening (`archive.maintenance`) are
reached through its methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from archive import blobs, importing, indexing, maintenance, merging
from archive.backends import is_shared_location
from archive.backends.address import SSL_MODES, ServerAddress
from archive.briefings import BriefingRecords, markdown_blocks, parse_range, section_range, selection_range
from archive.cases import CaseRecords
from archive.diagnostics import configure_logging, unexpected_error_message
from archive.drafts import DraftRecords, MergedEdits, field_value, merge_edits
from archive.errors import (
    AmbiguousIdError,
    ArchiveError,
    ArchiveLockedError,
    CaseNotFoundError,
    ConflictError,
    ConnectionFailedError,
    DamagedArchiveError,
    OpenCancelled,
    PermissionDeniedError,
    ReadOnlyArchiveError,
    TagError,
    UnexpectedError,
)
from archive.exchange import PackageError, PackSummary, UnpackSummary
from archive.exporting import WordExport
from archive.finding import STORE_ORDERS, Finder
from archive.importing import ImportReport
from archive.maintenance import CheckReport, Maintenance, Problem
from archive.model import (
    Attachment,
    BriefingItem,
    BriefingRecord,
    Case,
    CaseDraft,
    KeptDraft,
    NewFile,
    Revision,
    Tag,
    TrashedCase,
)
from archive.packages import PackageExchange
from archive.paths import HOME_ENV, ArchiveLayout, default_archive_folder, user_cache_folder
from archive.progress import Cancelled, Progress
from archive.resources import resource_path
from archive.state import ADMIN_ROLE, EDIT_ROLE, READ_ROLE, ArchiveState, ChangeEvent
from archive.tags import TagManager
from archive.trash import TrashManager
from search import analysis, word_table
from search.query import QueryExplanation
from search.records import SearchFilters, SearchHit, SearchResult

# The plain types that go with the door: the window and the command line import them from here,
# never from the modules behind it (tests/test_layers.py keeps it so).
__all__ = [
    "ADMIN_ROLE", "HOME_ENV", "AmbiguousIdError", "ArchiveError", "ArchiveLockedError", "Attachment",
    "BriefingItem", "BriefingRecord", "parse_range",
    "Cancelled", "Case", "CaseDraft", "CaseNotFoundError",
    "ChangeEvent", "CheckReport", "ConflictError", "ConnectionFailedError", "DamagedArchiveError",
    "ImportReport", "KeptDraft", "Library", "MergedEdits", "merge_edits", "field_value",
    "NewFile", "OpenCancelled", "PermissionDeniedError", "ROLES", "SSL_MODES",
    "ServerAddress", "PackSummary", "PackageError", "Problem", "Progress",
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


ROLES = (READ_ROLE, EDIT_ROLE, ADMIN_ROLE)
"""What a user may do in an archive, weakest first (see archive.state)."""


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
        self.finder = Finder(state, self.tags, self.briefings)
        self.maintenance = Maintenance(state)
        self.packages = PackageExchange(state, self.tags, self.briefings, self.finder)
        self.drafts = DraftRecords(state, self.cases)

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str, *, allow_read_only: bool = False,
             progress: Progress | None = None, is_cancelled: Cancelled | None = None,
             daily_backup: bool = True) -> Library:
        """Open the archive in `folder`, creating it on first use; a `postgresql://` URL opens a
        shared archive on that server (see docs/shared-archive.md).

        When another process holds the archive, raise ArchiveLockedError, or open it read-only
        if `allow_read_only`. A damaged database opens read-only with `damage` set. When
        `is_cancelled` turns true while the search index is being built (a shared archive's first
        sync, or a folder's unusable index), OpenCancelled: the archive is closed again, unchanged.
        The day's backup of a folder archive is taken here unless `daily_backup` is False: a caller
        that never writes needs none, and the window takes it after its first results
        (`library.maintenance.daily_backup()`).
        """
        # Queries are cut with a table of jieba's words that loads in milliseconds, not seconds.
        word_table.keep_in(user_cache_folder() / "words")
        analysis.keep_jieba_cache_in(user_cache_folder() / "jieba")
        return cls(maintenance.open_archive(folder, allow_read_only=allow_read_only, progress=progress,
                                            is_cancelled=is_cancelled, daily_backup=daily_backup))

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

    @property
    def role(self) -> str:
        """One of ROLES: what the connected user may do (a folder archive is its owner's, 管理)."""
        return self._state.role

    @property
    def server(self) -> ServerAddress | None:
        """Where the shared archive is (no password); None for a folder archive."""
        return ServerAddress.from_url(self._state.url) if self._state.url else None

    @property
    def location(self) -> str:
        """What names this archive for 最近打开 and `--archive`: the folder, or the URL without password."""
        return self.server.url() if self._state.url else str(self.folder)

    def subscribe(self, listener: Callable[[ChangeEvent], None]) -> None:
        """Call `listener` after every change; it runs on the thread that made the change (on a shared
        archive, other desktops' changes arrive on the background thread that follows the server)."""
        self._state.listeners.append(listener)

    # -- cases --------------------------------------------------------------------------------

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
    def probe_server(url: str) -> str:
        """Connect to the shared archive at `url` and check it, changing nothing; returns the
        user's role there (ConnectionFailedError or ArchiveError saying why not)."""
        from archive.backends.shared_archive import probe

        return probe(url)

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

    # -- search -------------------------------------------------------------------------------

    def search(self, query: str, filters: SearchFilters = SearchFilters(), *,
               sort: str = "relevance", limit: int = 20, offset: int = 0) -> SearchResult:
        """Full-text search (`library.finder` has the rest): see `Finder.search`."""
        return self.finder.search(query, filters, sort=sort, limit=limit, offset=offset)

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

    @staticmethod
    def convert_to_pdf(docx: Path, pdf: Path) -> Path:
        """A Word file as PDF through LibreOffice (BriefingError saying how to get it if missing)."""
        from archive import briefing

        return briefing.convert_to_pdf(docx, pdf)

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

    def _reindex_cases(self, case_ids: Sequence[str]) -> None:
        indexing.reindex_cases(self._state, case_ids)

