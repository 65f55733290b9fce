"""The window's results: what to search for (the query, the ticked filters, the order), the card
list and the table that show the hits, the notice that stands in for an empty list, and the tag
counts of the filter tree. The searches themselves run through `ui.search_controller`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QMainWindow, QStackedWidget

from archive.library import Library, SearchFilters
from ui.delegates import ResultDelegate
from ui.i18n import fill
from ui.models.filters import KINDS, FilterTreeModel
from ui.models.results import ResultsModel
from ui.models.results_table import ResultsTableModel
from ui.operations import run_in_background
from ui.roles import IdRole
from ui.search_controller import Page, SearchController, SearchRequest
from ui.widgets.result_placeholder import ResultPlaceholder
from ui.widgets.results_table_view import ResultsTableView
from ui.window.search_bar import SearchBarController
from ui.window.status_bar import StatusBarController

SEARCH_DELAY_MS = 250
CARD_LAYOUT_BATCH = 10
"""Cards measured between two events: a few milliseconds' work (a page is 100)."""
ROWS_PAINTED_WAIT_MS = 500
"""What waits for the list's first rows on screen (`after_rows_painted`) waits this long at most."""


class _RowsPainted(QObject):
    """Calls back once the delegate has painted a row (after that paint), or after `wait_ms`."""

    def __init__(self, delegate: ResultDelegate, callback: Callable[[], None], wait_ms: int) -> None:
        super().__init__(delegate)
        self._delegate, self._callback = delegate, callback
        delegate.row_painted.connect(self._painted)
        QTimer.singleShot(wait_ms, self, self._call)

    def _painted(self) -> None:
        QTimer.singleShot(0, self, self._call)  # once this paint is done

    def _call(self) -> None:
        if self._callback is None:
            return
        callback, self._callback = self._callback, None
        self._delegate.row_painted.disconnect(self._painted)
        self.deleteLater()
        callback()


class SearchingController(QObject):
    """Searches when the query, the filters or the order change, and shows the result."""

    search_finished = Signal()
    tags_refreshed = Signal()
    current_changed = Signal(object)
    """The id of the case now current in the results, or None."""
    case_activated = Signal(str)
    """A result was double-clicked or Return pressed on it."""
    table_shown = Signal(bool)

    def __init__(self, window: QMainWindow, filters: FilterTreeModel, bar: SearchBarController,
                 status: StatusBarController) -> None:
        super().__init__(window)
        self._window, self.filters, self._bar, self._status = window, filters, bar, status
        self._showing_table = False
        self._tag_counts: dict[str, int] | None = None
        """Tag counts of the current result; None before the first search."""
        self.results = ResultsModel(self)
        self.search = SearchController(window.runner, self.results, self._search_request, self)
        self.search.result_ready.connect(self._show_result)
        self.search.failed.connect(window.show_error)

        self.result_view = QListView()
        self.result_view.setObjectName("results")
        self.result_view.setModel(self.results)
        self.result_view.setItemDelegate(ResultDelegate(self.results.tag_colors, self.result_view))
        self.result_view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.result_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.result_view.setResizeMode(QListView.ResizeMode.Adjust)
        # Cards are measured a batch at a time between events, not all at once on a new result.
        self.result_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.result_view.setBatchSize(CARD_LAYOUT_BATCH)
        # Rows are as wide as the viewport (titles and snippets wrap), never wider.
        self.result_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.result_view.setDragEnabled(True)
        self.result_view.selectionModel().currentChanged.connect(self._current_changed)
        self.result_view.activated.connect(lambda index: self.case_activated.emit(index.data(IdRole)))

        self.placeholder = ResultPlaceholder()
        self.placeholder.clear_filters_requested.connect(lambda: filters.clear_checks())
        self.placeholder.query_fix_requested.connect(bar.search_for)
        self.table = ResultsTableModel(self.results, self)
        self.table_view = ResultsTableView(self.table)
        self.table_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table_view.activated.connect(lambda index: self.case_activated.emit(index.data(IdRole)))
        self.result_stack = QStackedWidget()
        self.result_stack.addWidget(self.result_view)
        self.result_stack.addWidget(self.placeholder)
        self.result_stack.addWidget(self.table_view)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS,
                                    timeout=self.run_search)
        filters.filters_changed.connect(self.run_search)
        self.table.sort_requested.connect(lambda _order: self.run_search())
        bar.search_requested.connect(self.run_search)
        bar.text_edited.connect(self.schedule_search)
        # Choosing 按相关度/按日期 ends a table header's order (the header's sort() clears it).
        bar.order_chosen.connect(lambda: self.table_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder))
        bar.down_pressed.connect(self.enter_results)

    def set_library(self, library: Library | None) -> None:
        self.search.library = library
        if library is None:
            self.results.clear()

    # -- searching --------------------------------------------------------------------------

    def current_filters(self) -> SearchFilters:
        """The ticked tags, units and years (the ticked 未用于 briefings go with the request)."""
        return SearchFilters(tags_any=tuple(self.filters.selected("tag")),
                             units=tuple(self.filters.selected("unit")),
                             years=tuple(self.filters.selected("year")))

    def any_filter_ticked(self) -> bool:
        return any(self.filters.selected(kind) for kind in KINDS)

    def query(self) -> str:
        return self._bar.query()

    def _search_request(self) -> SearchRequest:
        return SearchRequest(self._bar.query(), self.current_filters(), self.table.order or self._bar.order(),
                             tuple(self.filters.selected("unused")))

    def schedule_search(self) -> None:
        """Search once the typing (or a burst of changes) pauses for SEARCH_DELAY_MS."""
        self._search_timer.start()

    def run_search(self) -> None:
        """Search now (typing waits a moment first, see SEARCH_DELAY_MS)."""
        self._search_timer.stop()
        self.search.run()

    def _show_result(self, generation: int, page: Page) -> None:
        current = self.current_id()
        self.results.set_result(generation, page.total, page.rows)
        self.filters.set_facets(page.facets)
        self._tag_counts = page.facets.get("tags", {})
        self.filters.set_tag_counts(self._tag_counts)
        self._status.count_label.setText(
            fill(self.tr("找到 %1 个 / 共 %2 个案例"), page.total, page.case_count))
        self._show_placeholder(page)
        row = self.results.row_of(current) if current else -1
        if row >= 0:
            self.result_view.setCurrentIndex(self.results.index(row))
        elif self.results.rowCount():
            # The case on show is not among the new results: the first hit takes its place.
            self.result_view.setCurrentIndex(self.results.index(0))
        else:
            self.current_changed.emit(None)
        self.search_finished.emit()

    def _show_placeholder(self, page: Page) -> None:
        """An empty list is never blank: it invites an import, or says why nothing was found."""
        if page.total:
            self.result_stack.setCurrentWidget(self.active_results_view())
            return
        library = self._window.library
        if page.case_count == 0:
            self.placeholder.show_empty_archive(not library.read_only)
        else:
            query = self._bar.query()
            self.placeholder.show_no_hits(query, library.finder.explain_query(query),
                                          self.any_filter_ticked())
        self.result_stack.setCurrentWidget(self.placeholder)

    # -- the tag counts ---------------------------------------------------------------------

    def refresh_tags(self) -> None:
        """Tag counts are counted over every case: in a worker, like any query."""
        library = self._window.library

        def count(_context: object) -> tuple[list, int, list[str] | None]:
            series = None if library.damage else library.briefings.series_names()
            return library.tags(), library.case_count(), series

        run_in_background(self._window.runner, count, name="tags",
                          on_success=lambda found: self._show_tags(*found),
                          on_failure=self._window.show_error)

    def _show_tags(self, tags: list, count: int, series: list[str] | None) -> None:
        """`series`: the kept briefings' titles, None when a damaged archive cannot tell."""
        self.results.tag_colors.clear()
        self.results.tag_colors.update({t.name: t.color for t in tags})
        self.filters.set_tags(tags)
        if series is not None:
            self.filters.set_series(series)
        if self._tag_counts is not None:
            self.filters.set_tag_counts(self._tag_counts)
        if not self._bar.query() and not self.any_filter_ticked():
            self._status.count_label.setText(fill(self.tr("共 %1 个案例"), count))
        self.tags_refreshed.emit()

    # -- the views --------------------------------------------------------------------------

    def active_results_view(self) -> QAbstractItemView:
        """The card list or the table, whichever the person chose (视图 ▸ 表格)."""
        return self.table_view if self._showing_table else self.result_view

    def show_table(self, table: bool) -> None:
        self._showing_table = table
        self.table_shown.emit(table)
        if self.result_stack.currentWidget() is not self.placeholder:
            self.result_stack.setCurrentWidget(self.active_results_view())

    def set_enabled(self, enabled: bool) -> None:
        self.result_view.setEnabled(enabled)

    def after_rows_painted(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the card list has painted rows, or ROWS_PAINTED_WAIT_MS from now:
        work that holds Python's lock (reading a case, Markdown's first import) would otherwise
        delay the first results' paint."""
        _RowsPainted(self.result_view.itemDelegate(), callback, ROWS_PAINTED_WAIT_MS)

    def enter_results(self) -> None:
        """↓ from the query box: into the results, on the first when none is current; with no
        results, the remembered queries."""
        if not self.results.rowCount():
            self._bar.show_search_history()
            return
        self.result_view.setFocus()
        if not self.result_view.currentIndex().isValid():
            self.result_view.setCurrentIndex(self.results.index(0))

    def select_case(self, case_id: str) -> None:
        """Make the case current in the list when it is among the results."""
        row = self.results.row_of(case_id)
        if row >= 0:
            self.result_view.setCurrentIndex(self.results.index(row))

    def current_id(self) -> str | None:
        index = self.active_results_view().currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        # From the selection's ranges: selectedRows() tests every cell, slow for thousands of rows.
        selection = self.active_results_view().selectionModel().selection()
        rows = sorted({row for block in selection for row in range(block.top(), block.bottom() + 1)})
        return [self.results.case_id(row) for row in rows]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(current.data(IdRole) if current.isValid() else None)
