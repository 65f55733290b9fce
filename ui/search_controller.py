"""The window's searching, apart from its widgets: run a search in a worker, one at a time (while
one runs, only the latest request waits for it), drop results a newer request has overtaken, and
fetch further pages when the results list wants them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from archive.library import Library, SearchFilters
from ui.models.results import PAGE_SIZE, ResultRow, ResultsModel
from ui.operations import run_in_background
from ui.tasks import TaskRunner


@dataclass(frozen=True)
class SearchRequest:
    query: str
    filters: SearchFilters
    sort: str
    unused_in: tuple[str, ...] = ()
    """Titles of kept briefings (未用于): the cases any of them used are left out. Read in the
    worker, not where the request is made: at 20,000 cases the lookup is not the window's work."""

    def resolved(self, library: Library) -> SearchFilters:
        """The filters with the 未用于 briefings' cases excluded (run in a worker)."""
        if not self.unused_in:
            return self.filters
        used = frozenset().union(*(library.briefings.cases_used(title) for title in self.unused_in))
        return dataclasses.replace(self.filters, ids_excluded=self.filters.ids_excluded | used)


@dataclass(frozen=True)
class Page:
    """One page of a result, as a worker hands it to the window."""

    total: int
    rows: list[ResultRow]
    facets: dict[str, dict[str, int]]
    case_count: int


def fetch_rows(library: Library, request: SearchRequest, offset: int, limit: int = PAGE_SIZE) -> Page:
    """Run in a worker: one page of results joined with the cases' metadata and 已用于; the first
    page also counts, per kept briefing title, the result's cases it has not used (未用于)."""
    query, sort, filters = request.query, request.sort, request.resolved(library)
    result = library.search(query, filters, sort=sort, limit=limit, offset=offset)
    used = library.briefings.cases_used() if not library.damage else set()
    rows = [ResultRow(hit.id, case.title, hit.title_html, hit.snippet_html, case.date, case.unit,
                      tuple(case.tags), case.updated_at, case.id in used)
            for hit, case in library.finder.hits_with_cases(result)]
    facets = result.facets
    if offset == 0 and not library.damage:
        facets = {**facets, "unused": library.finder.unused_counts(query, filters, result.total)}
    return Page(result.total, rows, facets, library.case_count() if offset == 0 else 0)


class SearchController(QObject):
    """Searches for the window; `request()` reads what to search for from the window's widgets."""

    result_ready = Signal(int, object)
    """(generation, Page): the first page of the newest search."""
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, results: ResultsModel, request: Callable[[], SearchRequest],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self._runner, self._results, self._request = runner, results, request
        self._searching = self._search_again = False
        results.page_wanted.connect(self._fetch_page)

    def run(self) -> None:
        """Search in a worker; while one search runs, only the latest request waits for it."""
        if self.library is None:
            return
        if self._searching:
            # Typing on while a search runs: drop its result, search once more when it is done.
            self._results.next_generation()
            self._search_again = True
            return
        library, wanted = self.library, self._request()
        generation = self._results.next_generation()
        self._searching = True
        run_in_background(
            self._runner, lambda _context: fetch_rows(library, wanted, 0),
            name="search", on_success=lambda page: self._done(generation, page),
            on_failure=lambda error: self._done(generation, None, error))

    def _done(self, generation: int, page: Page | None, error: Exception | None = None) -> None:
        self._searching = False
        if self._search_again:
            self._search_again = False
            self.run()
        elif error is not None:
            self.failed.emit(error)
        elif page is not None and generation == self._results.generation:
            self.result_ready.emit(generation, page)

    def _fetch_page(self, generation: int, offset: int) -> None:
        library, wanted = self.library, self._request()
        run_in_background(
            self._runner,
            lambda _context: fetch_rows(library, wanted, offset),
            name="page", on_success=lambda page: self._results.append_page(generation, page.rows),
            on_failure=self.failed.emit)
