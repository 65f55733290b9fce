"""The main window: filters on the left, results in the centre, the case on the right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from archive.library import ChangeEvent, Library, SearchFilters
from ui.archives import ArchiveSwitcher
from ui.delegates import ResultDelegate
from ui.dialogs.connect_dialog import role_text
from ui.dialogs.editor import CaseEditor
from ui.dialogs.preferences import apply_font_size
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.language import follow_language
from ui.models.basket import BasketModel
from ui.models.filters import FilterTreeModel
from ui.models.results import ResultsModel
from ui.models.results_table import ResultsTableModel
from ui.operations import Operation, run_in_background
from ui.reader import ReaderPane
from ui.roles import IdRole
from ui.search_controller import Page, SearchController, SearchRequest
from ui.settings import Settings
from ui.tasks import Task, TaskRunner
from ui.widgets.basket_panel import BasketPanel
from ui.widgets.result_placeholder import ResultPlaceholder
from ui.widgets.results_table_view import ResultsTableView
from ui.widgets.saved_searches import SavedSearchList
from ui.window.actions import ActionsMixin
from ui.window.dialogs import DialogLauncherMixin
from ui.window.drops import DropMixin
from ui.window.reading import ReaderMixin
from ui.window.search_bar import SearchBarMixin
from ui.window.status_bar import StatusBarMixin

SEARCH_DELAY_MS = 250
CARD_LAYOUT_BATCH = 10
"""Cards measured between two events: a few milliseconds' work (a page is 100)."""
BASKET_WIDTH = 200
"""The basket holds a few titles: a narrow column unless the user widens it."""


class _ChangeBridge(QObject):
    """Library change events come from any thread; this brings them to the UI thread."""

    changed = Signal(object)


class MainWindow(ActionsMixin, SearchBarMixin, StatusBarMixin, ReaderMixin, DialogLauncherMixin, DropMixin,
                 QMainWindow):
    """Lays out the panes and composes the window's parts; each part lives in `ui/window/`."""

    search_finished = Signal()
    tags_refreshed = Signal()

    def __init__(self, settings: Settings, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.library: Library | None = None
        self._bridge = _ChangeBridge()
        self._bridge.changed.connect(self._library_changed)
        self._editors: list[CaseEditor] = []
        self._keyword_tables: Task | None = None
        self._reader_wants: object | None = None
        """The latest request to show a case in the reader: a worker's older answers are dropped."""
        self._background: Operation | None = None
        self._tag_counts: dict[str, int] | None = None
        """Tag counts of the current result; None before the first search."""
        self.archives = ArchiveSwitcher(self)
        self.setWindowTitle(self.tr("典型案例库"))
        self.setAcceptDrops(True)
        fit_to_screen(self, 1320, 820)

        self.filters = FilterTreeModel(self)
        self.filters.filters_changed.connect(self.run_search)
        self.filter_view = QTreeView()
        self.filter_view.setModel(self.filters)
        self.filter_view.setHeaderHidden(True)
        # 年份 and 标签 open, 单位 (often a long list) and the tag groups closed until clicked.
        for kind in ("year", "tag"):
            self.filter_view.expand(self.filters.section_index(kind))
        self.filter_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.filter_view.customContextMenuRequested.connect(self._filter_menu)
        self.saved_searches = SavedSearchList(settings)
        self.saved_searches.search_chosen.connect(self.apply_search)
        saved_heading = QLabel(self.tr("保存的检索"))
        saved_heading.setObjectName("section")
        saved_box = QWidget()
        saved_layout = QVBoxLayout(saved_box)
        saved_layout.setContentsMargins(0, 4, 0, 0)
        saved_layout.addWidget(saved_heading)
        saved_layout.addWidget(self.saved_searches)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.addWidget(self.filter_view)
        self.left_splitter.addWidget(saved_box)
        self.left_splitter.setStretchFactor(0, 4)
        self.left_splitter.setStretchFactor(1, 1)

        self.results = ResultsModel(self)
        self.search = SearchController(self.runner, self.results, self._search_request, self)
        self.search.result_ready.connect(self._show_result)
        self.search.failed.connect(self._show_error)
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
        self.result_view.activated.connect(lambda index: self.edit_case(index.data(IdRole)))

        self.placeholder = ResultPlaceholder()
        self.placeholder.import_requested.connect(self.choose_import_files)
        self.placeholder.new_case_requested.connect(lambda: self.edit_case(None))
        self.placeholder.clear_filters_requested.connect(lambda: self.filters.clear_checks())
        self.placeholder.query_fix_requested.connect(self._search_for)
        self.table = ResultsTableModel(self.results, self)
        self.table_view = ResultsTableView(self.table)
        self.table_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table_view.activated.connect(lambda index: self.edit_case(index.data(IdRole)))
        self.result_stack = QStackedWidget()
        self.result_stack.addWidget(self.result_view)
        self.result_stack.addWidget(self.placeholder)
        self.result_stack.addWidget(self.table_view)

        self.reader_pane = ReaderPane()
        self.reader = self.reader_pane.reader
        self.reader.edit_requested.connect(self.edit_case)
        self.reader.history_requested.connect(self.show_history)
        self.reader.excerpt_taken.connect(self.add_excerpt_to_basket)
        self._bridge.changed.connect(self.reader.library_changed)

        self.splitter = QSplitter()
        for widget in (self.left_splitter, self.result_stack, self.reader_pane):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.setCentralWidget(self.splitter)

        self.basket = BasketModel(parent=self)
        self.basket.basket_changed.connect(self._save_basket)
        self.basket_panel = BasketPanel(self.basket)
        self.basket_panel.export_requested.connect(self.export_cases)
        self.basket_panel.case_selected.connect(self.open_case)
        self.basket_dock = QDockWidget(self.tr("简报篮"), self)
        self.basket_dock.setObjectName("basket")
        self.basket_dock.setWidget(self.basket_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.basket_dock)

        self._build_search_bar()
        self.table.sort_requested.connect(lambda _order: self.run_search())
        self._build_menus()
        self._build_status_bar()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS,
                                    timeout=self.run_search)
        self._restore_layout()
        apply_font_size([self.result_view, self.table_view, self.reader], settings.get(Settings.FONT_SIZE))
        self._set_enabled(False)

    # -- construction -----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.get(Settings.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.get(Settings.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        else:
            self.resizeDocks([self.basket_dock], [BASKET_WIDTH], Qt.Orientation.Horizontal)
        self.splitter.setSizes(self.settings.get(Settings.SPLITTER))

    # -- the library ------------------------------------------------------------------------

    def set_library(self, library: Library) -> None:
        self.library = self.search.library = library
        library.subscribe(self._bridge.changed.emit)
        self._show_path()
        # The basket lives in the archive; a basket left in the settings by an older version moves in.
        saved_basket = [] if library.damage else [
            item if item.is_excerpt else item.case_id for item in library.briefings.basket()]
        self.basket.set_lookup(library.get_cases)
        self.basket.is_stale = library.briefings.is_stale
        self.basket_panel.library = library
        self.basket.set_ids(saved_basket or self.settings.get(Settings.BASKET))
        self.basket.forget_missing()
        self._set_enabled(True)
        if library.damage:
            self.reader.show_empty(library.damage + "\n\n"
                                   + self.tr("可在「文件 ▸ 备份与恢复」中从备份恢复。"))
        self._refresh_tags()
        self.run_search()

    def close_library(self) -> bool:
        """Close the archive on show, once its open editors are closed; False when one stays open."""
        if not self._close_editors():
            return False
        self.runner.wait()
        if self.library is not None:
            self.library.close()
            self.library = self.search.library = None
        self._set_enabled(False)
        self.results.clear()
        self.reader.show_empty()
        return True

    def _show_path(self) -> None:
        library = self.library
        note = ""
        if library.damage:
            note = self.tr("（已损坏，只读）")
        elif library.read_only:
            note = self.tr("（只读）")
        server = library.server
        if server is None:
            self.path_label.setText(str(library.folder) + note)
            self.path_label.setToolTip(str(library.folder))
            self.setWindowTitle(self.tr("典型案例库"))
            return
        role = role_text(library.role)
        self.path_label.setText(fill(self.tr("共享案例库：服务器 %1，数据库 %2，用户 %3（%4）"),
                                     f"{server.host}:{server.port}", server.database, server.user, role))
        self.path_label.setToolTip(server.url())
        self.setWindowTitle(fill(self.tr("典型案例库 — %1（%2）"), str(server), role))

    def _library_changed(self, event: ChangeEvent) -> None:
        if event.kind == "archive":
            # A restore replaced the whole database: the case on show may be gone or older.
            self.reader.show_empty()
            self._show_path()
            self._set_enabled(True)
        if event.kind in ("tags", "cases", "archive", "index", "trash", "briefings"):
            self._refresh_tags()
        if event.kind in ("cases", "archive", "index", "tags", "briefings"):
            self._search_timer.start()
        if event.kind in ("cases", "trash", "archive"):
            self.basket.refresh_titles(event.ids)
            self.basket.forget_missing()
        current = self._current_id()
        if event.kind == "cases" and current in event.ids:
            self._show_case(current)  # changed here or on another desktop: show what is saved now

    def _refresh_tags(self) -> None:
        """Tag counts are counted over every case: in a worker, like any query."""
        library = self.library
        run_in_background(self.runner, lambda _context: (library.tags(), library.case_count()), name="tags",
                          on_success=lambda found: self._show_tags(*found), on_failure=self._show_error)

    def _show_tags(self, tags: list, count: int) -> None:
        self.results.tag_colors.clear()
        self.results.tag_colors.update({t.name: t.color for t in tags})
        self.filters.set_tags(tags)
        if self.library is not None and not self.library.damage:
            self.filters.set_series(self.library.briefings.series_names())
        if self._tag_counts is not None:
            self.filters.set_tag_counts(self._tag_counts)
        if not self.search_box.text() and not any(self.current_filters().__dict__.values()):
            self.count_label.setText(fill(self.tr("共 %1 个案例"), count))
        self.tags_refreshed.emit()

    # -- searching --------------------------------------------------------------------------

    def current_filters(self) -> SearchFilters:
        unused = self.filters.selected("unused")
        reported = frozenset().union(*(self.library.briefings.cases_used(title) for title in unused)) \
            if unused and self.library is not None else frozenset()
        return SearchFilters(tags_any=tuple(self.filters.selected("tag")),
                             units=tuple(self.filters.selected("unit")),
                             years=tuple(self.filters.selected("year")), ids_excluded=reported)

    def _search_request(self) -> SearchRequest:
        return SearchRequest(self.search_box.text(), self.current_filters(),
                             self.table.order or self.sort_box.currentData())

    def run_search(self) -> None:
        """Search now (typing waits a moment first, see SEARCH_DELAY_MS)."""
        self._search_timer.stop()
        self.search.run()

    def _show_result(self, generation: int, page: Page) -> None:
        current = self._current_id()
        self.results.set_result(generation, page.total, page.rows)
        self.filters.set_facets(page.facets)
        self._tag_counts = page.facets.get("tags", {})
        self.filters.set_tag_counts(self._tag_counts)
        self.count_label.setText(fill(self.tr("找到 %1 个 / 共 %2 个案例"), page.total, page.case_count))
        self._show_placeholder(page)
        row = self.results.row_of(current) if current else -1
        if row >= 0:
            self.result_view.setCurrentIndex(self.results.index(row))
        elif self.results.rowCount():
            # The case on show is not among the new results: the first hit takes its place.
            self.result_view.setCurrentIndex(self.results.index(0))
        else:
            self.reader.show_empty()
        self.search_finished.emit()

    def _show_placeholder(self, page: Page) -> None:
        """An empty list is never blank: it invites an import, or says why nothing was found."""
        if page.total:
            self.result_stack.setCurrentWidget(self.active_results_view())
            return
        if page.case_count == 0:
            self.placeholder.show_empty_archive(not self.library.read_only)
        else:
            query = self.search_box.text()
            self.placeholder.show_no_hits(query, self.library.finder.explain_query(query),
                                          any(self.current_filters().__dict__.values()))
        self.result_stack.setCurrentWidget(self.placeholder)

    def active_results_view(self) -> QAbstractItemView:
        """The card list or the table, whichever the person chose (视图 ▸ 表格)."""
        return self.table_view if self.table_action.isChecked() else self.result_view

    def show_table(self, table: bool) -> None:
        self.table_action.setChecked(table)
        if self.result_stack.currentWidget() is not self.placeholder:
            self.result_stack.setCurrentWidget(self.active_results_view())

    def _current_id(self) -> str | None:
        index = self.active_results_view().currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        # From the selection's ranges: selectedRows() tests every cell, slow for thousands of rows.
        selection = self.active_results_view().selectionModel().selection()
        rows = sorted({row for block in selection for row in range(block.top(), block.bottom() + 1)})
        return [self.results.case_id(row) for row in rows]

    def changeEvent(self, event: QEvent) -> None:
        """Another language was installed: the window's own texts, then those it fills in."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and follow_language(self):
            self.table_view.fit_date_columns()
            if self.library is not None:
                self._show_path()
                current = self._current_id()
                if current:
                    self._show_case(current)
                self.run_search()

    # -- errors -----------------------------------------------------------------------------

    def _show_error(self, error: Exception) -> None:
        if self.library is not None and self.library.damage:
            # Reads of a damaged archive fail one after another; its notice already says why.
            self.statusBar().showMessage(str(error), 10_000)
            return
        QMessageBox.warning(self, self.tr("出错了"), str(error))

    # -- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_editors():
            event.ignore()
            return
        self.settings.set(Settings.GEOMETRY, self.saveGeometry())
        self.settings.set(Settings.WINDOW_STATE, self.saveState())
        self.settings.set(Settings.SPLITTER, self.splitter.sizes())
        self.settings.set(Settings.SORT, self.sort_box.currentData())
        self.settings.sync()
        self.close_library()
        super().closeEvent(event)
