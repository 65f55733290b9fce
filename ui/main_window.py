"""The main window: filters on the left, results in the centre, the case on the right."""

from __future__ import annotations

import contextlib
import gc
import sys

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QTreeView, QVBoxLayout, QWidget

from archive.library import ChangeEvent, Library
from ui.archives import ArchiveSwitcher
from ui.dialogs.preferences import Preferences, apply_font_size, switch_language
from ui.geometry import fit_to_screen
from ui.language import follow_language
from ui.models.filters import FilterTreeModel
from ui.settings import Settings
from ui.tasks import TaskRunner
from ui.window import drops
from ui.window.actions import MenuController
from ui.window.dialogs import DialogLauncher
from ui.window.reading import ReadingController
from ui.window.search_bar import SearchBarController
from ui.window.searching import SearchingController
from ui.window.status_bar import StatusBarController

SWITCH_INTERVAL_S = 0.0005
"""How long the window's thread waits at most for Python's lock (the GIL) while a worker runs
Python, each time Qt calls into Python (a card's size, its paint, the model's data): Python's 5 ms
default, times the dozens of such calls in one batch of cards laid out while a search or a page
fetch ran, stalled the window 150-300 ms while typing."""
BASKET_WIDTH = 200
"""The basket holds a few titles: a narrow column unless the user widens it."""


class _ChangeBridge(QObject):
    """Library change events come from any thread; this brings them to the UI thread."""

    changed = Signal(object)


class MainWindow(QMainWindow):
    """Lays out the panes and composes the window's parts (`ui/window/`), which reach the window
    only through `library`, `runner`, `settings` and `show_error`."""

    def __init__(self, settings: Settings, runner: TaskRunner | None = None) -> None:
        super().__init__()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.library: Library | None = None
        self._bridge = _ChangeBridge()
        self._bridge.changed.connect(self._library_changed)
        self.archives = ArchiveSwitcher(self)
        self.setWindowTitle(self.tr("典型案例库"))
        self.setAcceptDrops(True)
        fit_to_screen(self, 1320, 820)

        self.filters = FilterTreeModel(self)
        self.filter_view = QTreeView()
        self.filter_view.setModel(self.filters)
        self.filter_view.setHeaderHidden(True)
        # 年份 and 标签 open, 单位 (often a long list) and the tag groups closed until clicked.
        for kind in ("year", "tag"):
            self.filter_view.expand(self.filters.section_index(kind))

        self.status = StatusBarController(self)
        self.search_bar = SearchBarController(self, self.filters)
        self.searching = SearchingController(self, self.filters, self.search_bar, self.status)
        self.reading = ReadingController(self, self.searching, self.status)
        self.dialogs = DialogLauncher(self, self.filters, self.searching, self.reading, self.status)
        self.menus = MenuController(self, self.archives, self.filter_view, self.search_bar, self.searching,
                                    self.reading, self.dialogs, self.status)
        self.searching.placeholder.new_case_requested.connect(lambda: self.reading.edit_case(None))
        self.search_bar.basket_button.clicked.connect(self.reading.add_selection_to_basket)
        self.dialogs.preferences_chosen.connect(self._apply_preferences)
        self._bridge.changed.connect(self.reading.reader.library_changed)

        self._lay_out_panes()
        self._restore_layout()
        self._apply_font_size(settings.get(Settings.FONT_SIZE))
        self._set_enabled(False)

    # -- construction -----------------------------------------------------------------------

    def _lay_out_panes(self) -> None:
        saved_heading = QLabel(self.tr("保存的检索"))
        saved_heading.setObjectName("section")
        saved_box = QWidget()
        saved_layout = QVBoxLayout(saved_box)
        saved_layout.setContentsMargins(0, 4, 0, 0)
        saved_layout.addWidget(saved_heading)
        saved_layout.addWidget(self.search_bar.saved_searches)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.addWidget(self.filter_view)
        self.left_splitter.addWidget(saved_box)
        self.left_splitter.setStretchFactor(0, 4)
        self.left_splitter.setStretchFactor(1, 1)

        self.splitter = QSplitter()
        for widget in (self.left_splitter, self.searching.result_stack, self.reading.reader_pane):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.setCentralWidget(self.splitter)

    def _restore_layout(self) -> None:
        geometry = self.settings.get(Settings.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.get(Settings.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        else:
            self.resizeDocks([self.reading.basket_dock], [BASKET_WIDTH], Qt.Orientation.Horizontal)
        self.splitter.setSizes(self.settings.get(Settings.SPLITTER))

    def _apply_font_size(self, size: int) -> None:
        apply_font_size([self.searching.result_view, self.searching.table_view, self.reading.reader], size)

    def _apply_preferences(self, chosen: Preferences) -> None:
        self._apply_font_size(chosen.font_size)
        self.searching.table_view.fit_date_columns()
        switch_language(chosen.language)
        self.menus.check_language()

    def _set_enabled(self, enabled: bool) -> None:
        writable = enabled and self.library is not None and not self.library.read_only
        self.filter_view.setEnabled(enabled)
        self.search_bar.set_enabled(enabled)
        self.searching.set_enabled(enabled)
        self.reading.set_enabled(enabled, writable)
        self.menus.set_enabled(enabled, writable)

    # -- the library ------------------------------------------------------------------------

    def set_library(self, library: Library) -> None:
        self.library = library
        self.runner.task_scope = library.finder.job
        self.searching.set_library(library)
        library.subscribe(self._bridge.changed.emit)
        self.status.show_location(library)
        self.reading.set_library(library)
        self._set_enabled(True)
        if library.damage:
            self.reading.reader.show_empty(library.damage + "\n\n"
                                           + self.tr("可在「文件 ▸ 备份与恢复」中从备份恢复。"))
        self.searching.refresh_tags()
        self.searching.run_search()
        # What the program and the archive keep for good (modules, Qt's wrappers, the index's
        # readers) is set aside from the garbage collector: a full collection then takes a
        # fraction of a millisecond, not 50-90 ms holding Python's lock while a search runs.
        gc.freeze()

    def close_library(self) -> bool:
        """Close the archive on show, once its open editors are closed; False when one stays open."""
        if not self.reading.close_editors():
            return False
        self.runner.wait()
        if self.library is not None:
            self.library.close()
            self.library = None
        self.runner.task_scope = contextlib.nullcontext
        self.searching.set_library(None)
        self._set_enabled(False)
        self.reading.reader.show_empty()
        return True

    def _library_changed(self, event: ChangeEvent) -> None:
        if event.kind == "archive":
            self.status.show_location(self.library)
            self._set_enabled(True)
        if event.kind in ("tags", "cases", "archive", "index", "trash", "briefings"):
            self.searching.refresh_tags()
        if event.kind in ("cases", "archive", "index", "tags", "briefings"):
            self.searching.schedule_search()
        self.reading.library_changed(event)

    def changeEvent(self, event: QEvent) -> None:
        """Another language was installed: the window's own texts, then those it fills in."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and follow_language(self):
            self.searching.table_view.fit_date_columns()
            if self.library is not None:
                self.status.show_location(self.library)
                current = self.searching.current_id()
                if current:
                    self.reading.show_case(current)
                self.searching.run_search()

    def show_error(self, error: Exception) -> None:
        if self.library is not None and self.library.damage:
            # Reads of a damaged archive fail one after another; its notice already says why.
            self.status.show_message(str(error), 10_000)
            return
        QMessageBox.warning(self, self.tr("出错了"), str(error))

    # -- drops and closing ------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        drops.accept_files(event, self.library)

    def dropEvent(self, event: QDropEvent) -> None:
        drops.open_dropped_files(event, self.dialogs)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.reading.close_editors():
            event.ignore()
            return
        self.settings.set(Settings.GEOMETRY, self.saveGeometry())
        self.settings.set(Settings.WINDOW_STATE, self.saveState())
        self.settings.set(Settings.SPLITTER, self.splitter.sizes())
        self.settings.set(Settings.SORT, self.search_bar.order())
        self.settings.sync()
        self.close_library()
        super().closeEvent(event)
