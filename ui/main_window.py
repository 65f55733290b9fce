"""The main window: filters on the left, results in the centre, the case on the right."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from archive.library import BriefingItem, Case, ChangeEvent, Library, SearchFilters
from ui.archives import ArchiveSwitcher
from ui.delegates import ResultDelegate
from ui.dialogs.about_dialog import AboutDialog
from ui.dialogs.backup_dialog import BackupDialog
from ui.dialogs.batch_edit_dialog import BatchEditDialog
from ui.dialogs.briefings_dialog import BriefingsDialog
from ui.dialogs.check_dialog import CheckDialog
from ui.dialogs.editor import CaseEditor, load_keyword_tables
from ui.dialogs.export_dialog import ExportDialog
from ui.dialogs.history_dialog import HistoryDialog
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.pack_dialog import PackDialog
from ui.dialogs.stats import StatsDialog
from ui.dialogs.tag_manager import TagManagerDialog
from ui.dialogs.trash_dialog import TrashDialog
from ui.dialogs.unpack_dialog import UnpackDialog
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.models.basket import BasketModel
from ui.models.filters import FilterTreeModel
from ui.models.results import ResultRow, ResultsModel
from ui.models.results_table import ResultsTableModel
from ui.operations import Operation, ProgressDisplay
from ui.reader import ReaderPane
from ui.roles import IdRole, KindRole, ValueRole
from ui.search_controller import Page, SearchController, SearchRequest
from ui.settings import Settings
from ui.tasks import Task, TaskRunner
from ui.toolbar import add_tool_bar
from ui.widgets.basket_panel import BasketPanel
from ui.widgets.result_placeholder import ResultPlaceholder
from ui.widgets.saved_searches import SavedSearchList
from ui.widgets.search_help import SearchHelpPopup
from ui.widgets.undo_offer import UndoOffer

SEARCH_DELAY_MS = 250
BASKET_WIDTH = 200
"""The basket holds a few titles: a narrow column unless the user widens it."""
PACKAGE_SUFFIX = ".zip"
"""Dropped files with this suffix are exchange packages; Library.unpack refuses other zips."""


def row_of_case(case: Case) -> ResultRow:
    return ResultRow(case.id, case.title, html.escape(case.title, quote=False), "", case.date,
                     case.unit, tuple(case.tags), case.updated_at)


class _ChangeBridge(QObject):
    """Library change events come from any thread; this brings them to the UI thread."""

    changed = Signal(object)


class MainWindow(QMainWindow):
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
        self.table_view = QTableView()
        self.table_view.setObjectName("results-table")
        self.table_view.setModel(self.table)
        self.table_view.setSortingEnabled(True)
        self.table_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table_view.setWordWrap(False)
        self.table_view.verticalHeader().hide()
        # The title takes the room; dates fit their text; unit and tags elide (widen by dragging).
        header = self.table_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultSectionSize(90)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
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
        self.table.sort_requested.connect(self._sort_by)
        self._build_menus()
        self._build_status_bar()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS,
                                    timeout=self.run_search)
        self._restore_layout()
        self._set_enabled(False)

    # -- construction -----------------------------------------------------------------------

    def _build_search_bar(self) -> None:
        bar = QToolBar(self.tr("检索"))
        bar.setObjectName("search-bar")
        bar.setMovable(False)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText(self.tr("检索案例：输入词语，空格分隔（Ctrl+F）"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(lambda _: self._search_timer.start())
        self.search_box.returnPressed.connect(self.run_search)
        # Typing alone searches, so a query is remembered when the typing is over.
        self.search_box.returnPressed.connect(self._remember_query)
        self.search_box.editingFinished.connect(self._remember_query)
        self._history = QCompleter(self.settings.get(Settings.SEARCH_HISTORY), self)
        self._history.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_box.setCompleter(self._history)
        self.search_box.installEventFilter(self)
        self.sort_box = QComboBox()
        self.sort_box.addItem(self.tr("按相关度"), "relevance")
        self.sort_box.addItem(self.tr("按日期"), "date")
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(self.settings.get(Settings.SORT))))
        self.sort_box.currentIndexChanged.connect(self.run_search)
        self.search_help = SearchHelpPopup(self)
        help_button = QToolButton()
        help_button.setObjectName("help")
        help_button.setText("?")
        help_button.setToolTip(self.tr("检索语法"))
        help_button.clicked.connect(lambda: self.search_help.show_below(self.search_box))
        self.save_search_button = QPushButton(self.tr("保存检索"))
        self.save_search_button.clicked.connect(self.ask_save_search)
        clear_filters = QPushButton(self.tr("清除筛选"))
        clear_filters.clicked.connect(self.filters.clear_checks)
        self.basket_button = QPushButton(self.tr("加入简报篮"))
        self.basket_button.setToolTip(self.tr("把选中的案例加入简报篮（Ctrl+B）"))
        self.basket_button.clicked.connect(self.add_selection_to_basket)
        for widget in (self.search_box, help_button, self.sort_box, self.save_search_button,
                       clear_filters, self.basket_button):
            bar.addWidget(widget)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        def action(menu, text, handler, shortcut=None) -> QAction:
            item = menu.addAction(text)
            item.triggered.connect(handler)
            if shortcut is not None:
                item.setShortcut(shortcut)
            return item

        files = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.archives.add_actions(files)
        files.addSeparator()
        self.new_action = action(files, self.tr("新建案例"), lambda: self.edit_case(None),
                                 QKeySequence.StandardKey.New)
        self.import_action = action(files, self.tr("导入文件…"), self.choose_import_files, "Ctrl+I")
        self.import_folder_action = action(files, self.tr("导入文件夹…"), self.choose_import_folder)
        self.unpack_action = action(files, self.tr("导入交流包…"), self.choose_packages)
        files.addSeparator()
        self.export_action = action(files, self.tr("导出 Word…"), lambda: self.export_cases(None), "Ctrl+E")
        self.briefings_action = action(files, self.tr("简报与汇编…"), self.show_briefings)
        self.pack_action = action(files, self.tr("导出交流包…"), lambda: self.export_package())
        files.addSeparator()
        self.backups_action = action(files, self.tr("备份与恢复…"), self.show_backups)
        files.addSeparator()
        action(files, self.tr("退出"), self.close, QKeySequence.StandardKey.Quit)

        edit = self.menuBar().addMenu(self.tr("编辑(&E)"))
        self.edit_action = action(edit, self.tr("编辑案例"), lambda: self.edit_case(self._current_id()),
                                  "F2")
        self.trash_action = action(edit, self.tr("移入回收站"), self.trash_selected,
                                   QKeySequence.StandardKey.Delete)
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.result_view.addAction(self.trash_action)
        self.add_to_basket_action = action(edit, self.tr("加入简报篮"), self.add_selection_to_basket,
                                           "Ctrl+B")
        self.batch_action = action(edit, self.tr("批量修改标签、单位、日期…"), self.edit_selected_cases)
        edit.addSeparator()
        action(edit, self.tr("回收站…"), self.show_trash)
        self.tags_action = action(edit, self.tr("管理标签…"), self.show_tag_manager)
        action(edit, self.tr("检索"), self.focus_search, QKeySequence.StandardKey.Find)

        view = self.menuBar().addMenu(self.tr("视图(&V)"))
        basket_toggle = self.basket_dock.toggleViewAction()
        basket_toggle.setText(self.tr("简报篮"))
        view.addAction(basket_toggle)
        self.stats_action = action(view, self.tr("统计概览…"), self.show_statistics)
        self.table_action = action(view, self.tr("表格视图"), lambda checked: self.show_table(checked),
                                   "Ctrl+T")
        self.table_action.setCheckable(True)
        view.addSeparator()
        languages = view.addMenu(self.tr("界面语言"))
        current = self.settings.get(Settings.LANGUAGE)
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            choice = action(languages, name, lambda _=False, c=code: self._choose_language(c))
            choice.setCheckable(True)
            choice.setChecked(code == current)

        tools = self.menuBar().addMenu(self.tr("工具(&T)"))
        self.reindex_action = action(tools, self.tr("重建搜索索引"), self.reindex)
        self.check_action = action(tools, self.tr("检查案例库…"), self.show_check)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        action(help_menu, self.tr("检索语法"), lambda: self.search_help.show_below(self.search_box))
        action(help_menu, self.tr("关于典型案例库"), self.show_about)
        add_tool_bar(self)

        for view in (self.result_view, self.table_view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(self._result_menu)
        self.table_view.addAction(self.trash_action)

    def _build_status_bar(self) -> None:
        self.path_label = QLabel()
        self.count_label = QLabel()
        self.task_label = QLabel()
        self.task_progress = QProgressBar()
        self.task_progress.setMaximumWidth(180)
        self.task_progress.hide()
        self.task_cancel = QToolButton()
        self.task_cancel.setText(self.tr("取消"))
        self.task_cancel.hide()
        self.task_cancel.clicked.connect(self.cancel_background_work)
        status = self.statusBar()
        status.addWidget(self.path_label, 1)
        status.addPermanentWidget(self.task_label)
        status.addPermanentWidget(self.task_progress)
        status.addPermanentWidget(self.task_cancel)
        status.addPermanentWidget(self.count_label)
        self.undo_offer = UndoOffer(self)

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

    def _set_enabled(self, enabled: bool) -> None:
        writable = enabled and self.library is not None and not self.library.read_only
        for widget in (self.search_box, self.sort_box, self.filter_view, self.result_view,
                       self.basket_panel, self.saved_searches):
            widget.setEnabled(enabled)
        for item in (self.export_action, self.add_to_basket_action, self.stats_action, self.pack_action,
                     self.backups_action, self.check_action, self.briefings_action):
            item.setEnabled(enabled)
        for item in (self.new_action, self.import_action, self.import_folder_action, self.tags_action,
                     self.edit_action, self.trash_action, self.reindex_action, self.unpack_action,
                     self.batch_action):
            item.setEnabled(writable)
        self.reader_pane.set_editable(writable)

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
        self.path_label.setText(str(library.folder) + note)
        self.path_label.setToolTip(str(library.folder))

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

    def _refresh_tags(self) -> None:
        """Tag counts are counted over every case: in a worker, like any query."""
        library = self.library
        self.runner.start(lambda _context: (library.tags(), library.case_count()), name="tags",
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

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def current_filters(self) -> SearchFilters:
        unused = self.filters.selected("unused")
        reported = frozenset().union(*(self.library.briefings.cases_used(title) for title in unused)) \
            if unused and self.library is not None else frozenset()
        return SearchFilters(tags_any=tuple(self.filters.selected("tag")),
                             units=tuple(self.filters.selected("unit")),
                             years=tuple(self.filters.selected("year")), ids_excluded=reported)

    def _search_request(self) -> SearchRequest:
        return SearchRequest(self.search_box.text(), self.current_filters(), self.sort_box.currentData())

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
            self.placeholder.show_no_hits(query, self.library.explain_query(query),
                                          any(self.current_filters().__dict__.values()))
        self.result_stack.setCurrentWidget(self.placeholder)

    def _search_for(self, query: str) -> None:
        self.search_box.setText(query)
        self.run_search()

    def _remember_query(self) -> None:
        history = self.settings.remember_search(self.search_box.text().strip())
        if history != self._history.model().stringList():
            self._history.model().setStringList(history)

    def show_search_history(self) -> None:
        """Every remembered query in the completer's popup, whatever is typed (the Down key)."""
        self._history.setCompletionPrefix("")
        self._history.complete()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓ moves from the search box into the results; Alt+↓ (or ↓ with no results) shows the
        remembered queries."""
        if (watched is self.search_box and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and not self._history.popup().isVisible()):
            if self.results.rowCount() and not event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.result_view.setFocus()
                if not self.result_view.currentIndex().isValid():
                    self.result_view.setCurrentIndex(self.results.index(0))
            else:
                self.show_search_history()
            return True
        return super().eventFilter(watched, event)

    def current_search(self) -> dict:
        return {"query": self.search_box.text(), "sort": self.sort_box.currentData(),
                **{kind: self.filters.selected(kind) for kind in ("tag", "year", "unit")}}

    def apply_search(self, search: dict) -> None:
        """Run a saved search: its words, its ticked filters and its order."""
        self.search_box.blockSignals(True)
        self.search_box.setText(search.get("query", ""))
        self.search_box.blockSignals(False)
        self.sort_box.blockSignals(True)
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(search.get("sort", "relevance"))))
        self.sort_box.blockSignals(False)
        self.filters.set_selection(search)  # emits filters_changed, which runs the search

    def ask_save_search(self) -> None:
        search = self.current_search()
        name, ok = QInputDialog.getText(self, self.tr("保存检索"), self.tr("名称："),
                                        text=search["query"] or "、".join(search["tag"]))
        if ok and name.strip():
            self.saved_searches.save(name.strip(), search)

    # -- reading and editing ----------------------------------------------------------------

    def active_results_view(self) -> QAbstractItemView:
        """The card list or the table, whichever the person chose (视图 ▸ 表格)."""
        return self.table_view if self.table_action.isChecked() else self.result_view

    def show_table(self, table: bool) -> None:
        self.table_action.setChecked(table)
        if self.result_stack.currentWidget() is not self.placeholder:
            self.result_stack.setCurrentWidget(self.active_results_view())

    def _sort_by(self, order: str) -> None:
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(order)))

    def _current_id(self) -> str | None:
        index = self.active_results_view().currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        rows = self.active_results_view().selectionModel().selectedRows()
        return [i.data(IdRole) for i in sorted(rows, key=lambda i: i.row())]

    def edit_selected_cases(self) -> BatchEditDialog | None:
        """Tags, unit or date of every selected case at once, in a worker."""
        ids = self.selected_ids()
        if not ids or self.library is None or self.library.read_only:
            return None
        dialog = BatchEditDialog(len(ids), self)
        library = self.library

        def apply() -> None:
            edit = dialog.edit()
            self.run_with_progress(fill(self.tr("正在修改 %1 个案例"), len(ids)),
                                   lambda context: library.edit_cases(ids, progress=context.progress,
                                                                      **edit.as_arguments()))

        dialog.accepted.connect(apply)
        dialog.open()
        return dialog

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_case(current.data(IdRole))
        else:
            self.reader.show_empty()

    def _show_case(self, case_id: str) -> None:
        try:
            case = self.library.get_case(case_id)
        except Exception:  # The case was trashed meanwhile: nothing to show.
            self.reader.show_empty()
            return
        self.reader.show_case(self.library, case, self.search_box.text())

    def open_case(self, case_id: str) -> None:
        """Select the case in the list when it is there, and show it in the reader."""
        row = self.results.row_of(case_id)
        if row >= 0:
            self.result_view.setCurrentIndex(self.results.index(row))
        self._show_case(case_id)

    def edit_case(self, case_id: str | None) -> CaseEditor | None:
        if self.library is None or self.library.read_only:
            return None
        case = self.library.get_case(case_id) if case_id else None
        editor = CaseEditor(self.library, case, parent=self)
        editor.case_saved.connect(self._case_saved)
        editor.finished.connect(lambda _result: self._editors.remove(editor))
        self._editors.append(editor)
        editor.show()
        if self._keyword_tables is None:
            self._keyword_tables = self.runner.start(
                load_keyword_tables, name="keywords",
                on_success=lambda _result: [e.refresh_suggestions() for e in self._editors])
        return editor

    def _case_saved(self, case: Case) -> None:
        self.results.replace_row(row_of_case(case))
        self.open_case(case.id)

    def show_history(self, case_id: str) -> HistoryDialog:
        dialog = HistoryDialog(self.library, case_id, self)
        dialog.revision_restored.connect(self._case_saved)
        dialog.open()
        return dialog

    def trash_selected(self) -> None:
        """Asks first; then offers 撤销 (and Ctrl+Z) for a few seconds."""
        ids = self.selected_ids()
        if not ids or self.library is None:
            return
        first = self.results.index(self.results.row_of(ids[0])).data()
        question = (fill(self.tr("把「%1」移入回收站？"), first) if len(ids) == 1
                    else fill(self.tr("把选中的 %1 个案例移入回收站？"), len(ids)))
        answer = QMessageBox.question(self, self.tr("移入回收站"), question + "\n\n"
                                      + self.tr("可以马上撤销，以后也可在「编辑 ▸ 回收站」中恢复。"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        library = self.library
        library.trash(ids)
        self.results.remove_ids(set(ids))
        self.undo_offer.offer(fill(self.tr("已把 %1 个案例移入回收站"), len(ids)),
                              lambda: self._untrash(library, ids))

    def _untrash(self, library: Library, ids: list[str]) -> None:
        if library is self.library:
            library.restore(ids)
            self.statusBar().showMessage(fill(self.tr("已恢复 %1 个案例"), len(ids)), 5000)

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.library.folder if self.library else None, self)
        dialog.open()
        return dialog

    def show_trash(self) -> TrashDialog:
        dialog = TrashDialog(self.library, self)
        dialog.open()
        return dialog

    def show_tag_manager(self) -> TagManagerDialog:
        dialog = TagManagerDialog(self.library, self.runner, self)
        dialog.open()
        return dialog

    def show_statistics(self) -> StatsDialog:
        dialog = StatsDialog(self.library, self.runner, self)
        dialog.filter_requested.connect(self.filter_by)
        dialog.show()
        return dialog

    def _result_menu(self, position: QPoint) -> None:
        view = self.active_results_view()
        if view.indexAt(position).isValid():
            self.result_menu().popup(view.viewport().mapToGlobal(position))

    def result_menu(self) -> QMenu:
        """The context menu of the selected cases in the result list."""
        menu = self._popup_menu()
        menu.addActions([self.edit_action, self.add_to_basket_action, self.batch_action, self.pack_action])
        menu.addSeparator()
        menu.addAction(self.trash_action)
        return menu

    def _filter_menu(self, position: QPoint) -> None:
        index = self.filter_view.indexAt(position)
        if index.data(KindRole) == "tag" and self.library is not None:
            self.tag_menu(index.data(ValueRole)).popup(self.filter_view.viewport().mapToGlobal(position))

    def tag_menu(self, tag: str) -> QMenu:
        """The context menu of a tag in the tree."""
        menu = self._popup_menu()
        menu.addAction(fill(self.tr("只看「%1」"), tag), lambda: self.filters.set_selection({"tag": [tag]}))
        pack = menu.addAction(fill(self.tr("导出「%1」的交流包…"), tag), lambda: self.export_package(tag=tag))
        pack.setEnabled(self.pack_action.isEnabled())
        return menu

    def _popup_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def filter_by(self, kind: str, value: str) -> None:
        """From the overview: show only the cases of that tag group, year or unit."""
        self.filters.set_selection({kind: [value]})
        self.activateWindow()

    # -- the briefing basket ----------------------------------------------------------------

    def add_selection_to_basket(self) -> int:
        added = self.basket.add(self.selected_ids())
        self.basket_dock.show()
        self.statusBar().showMessage(fill(self.tr("简报篮中已有 %1 个案例"), self.basket.rowCount()), 5000)
        return added

    def add_excerpt_to_basket(self, item: BriefingItem) -> None:
        self.basket.add_excerpt(item)
        self.basket_dock.show()
        self.statusBar().showMessage(fill(self.tr("已把第 %1-%2 段加入简报篮"), item.start, item.end), 5000)

    def _save_basket(self) -> None:
        if self.library is not None and not self.library.read_only:
            self.library.briefings.set_basket(self.basket.entries())

    def show_briefings(self) -> BriefingsDialog | None:
        """简报与汇编: the briefings kept from every export."""
        if self.library is None:
            return None
        dialog = BriefingsDialog(self.library, self.runner, self)
        dialog.to_basket.connect(self._refill_basket)
        dialog.show()
        return dialog

    def _refill_basket(self, entries: list) -> None:
        self.basket.set_ids(entries)
        self.basket_dock.show()

    def export_cases(self, ids: list[str | BriefingItem] | None = None) -> ExportDialog | None:
        """Export the basket (or, with an empty basket, the selected cases) to Word."""
        ids = ids if ids is not None else (self.basket.entries() or self.selected_ids())
        if self.library is None or not ids:
            QMessageBox.information(self, self.tr("导出 Word"),
                                    self.tr("请先把要导出的案例加入简报篮（选中后按 Ctrl+B）。"))
            return None
        dialog = ExportDialog(self.library, self.runner, self.settings, ids, self)
        dialog.open()
        return dialog

    # -- import -----------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("导入文件"), "",
            self.tr("案例文件 (*.docx *.doc *.wps *.txt *.md *.html *.htm *.mhtml *.pdf);;所有文件 (*)"))
        if names:
            self.import_paths([Path(n) for n in names])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("导入文件夹"))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> ImportDialog:
        dialog = ImportDialog(self.library, self.runner, paths, self)
        dialog.case_activated.connect(self.open_case)
        dialog.show()
        return dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.library and not self.library.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Exchange packages are unpacked, everything else imported."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        packages = [p for p in paths if p.suffix.lower() == PACKAGE_SUFFIX and p.is_file()]
        others = [p for p in paths if p not in packages]
        if packages:
            self.unpack_packages(packages)
        if others:
            self.import_paths(others)
        if paths:
            event.acceptProposedAction()

    # -- exchange packages ------------------------------------------------------------------

    def export_package(self, ids: list[str] | None = None, tag: str = "") -> PackDialog | None:
        """Pack the given (or selected) cases, or every case of `tag`, into an exchange package."""
        ids = ids if ids is not None else ([] if tag else self.selected_ids())
        if self.library is None or not (ids or tag):
            QMessageBox.information(self, self.tr("导出交流包"), self.tr(
                "请先在列表中选中要导出的案例（可按住 Ctrl 或 Shift 多选），"
                "或在左侧标签上点右键，导出该标签下的全部案例。"))
            return None
        dialog = PackDialog(self.library, self.runner, self.settings, ids=ids, tag=tag, parent=self)
        dialog.open()
        return dialog

    def choose_packages(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("导入交流包"),
                                                self.settings.get(Settings.EXCHANGE_FOLDER),
                                                self.tr("交流包 (*.zip)"))
        if names:
            self.unpack_packages([Path(n) for n in names])

    def unpack_packages(self, packages: list[Path]) -> UnpackDialog:
        dialog = UnpackDialog(self.library, self.runner, packages, self)
        dialog.case_activated.connect(self.open_case)
        dialog.show()
        return dialog

    # -- maintenance ------------------------------------------------------------------------

    def run_with_progress(self, label: str, function, on_success=None) -> None:
        """Background work shown in the status bar, with its progress and a cancel button."""
        self.task_cancel.show()

        def done(result=None) -> None:
            self._background = None
            self.task_progress.hide()
            self.task_cancel.hide()
            self.task_label.clear()
            if on_success:
                on_success(result)

        display = ProgressDisplay(self.task_label, self.task_progress)
        display.busy(label)
        self._background = Operation(self.runner, function, name=label, on_success=done,
                                     on_failure=lambda error: (done(), self._show_error(error)),
                                     display=display)
        self._background.start()

    def cancel_background_work(self) -> None:
        if self._background is not None:
            self._background.cancel(self.tr("正在取消…"))

    def reindex(self) -> None:
        library = self.library
        self.run_with_progress(self.tr("正在重建索引"), lambda context: library.reindex(
            context.progress, context.is_cancelled))

    def show_backups(self) -> BackupDialog:
        dialog = BackupDialog(self.library, self.runner, self)
        dialog.open()
        return dialog

    def show_check(self) -> CheckDialog:
        dialog = CheckDialog(self.library, self.runner, self)
        dialog.backups_requested.connect(self.show_backups)
        dialog.open()
        return dialog

    def _choose_language(self, code: str) -> None:
        self.settings.set(Settings.LANGUAGE, code)
        QMessageBox.information(self, self.tr("界面语言"), self.tr("重新启动程序后生效。"))

    def _show_error(self, error: Exception) -> None:
        if self.library is not None and self.library.damage:
            # Reads of a damaged archive fail one after another; its notice already says why.
            self.statusBar().showMessage(str(error), 10_000)
            return
        QMessageBox.warning(self, self.tr("出错了"), str(error))

    # -- closing ----------------------------------------------------------------------------

    def _close_editors(self) -> bool:
        for editor in list(self._editors):
            editor.close()
            if editor.isVisible():
                return False
        return True

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
