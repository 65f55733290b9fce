"""The main window's reader and editors: the case on show follows the current row, editors open
and save, cases go to the trash (with undo) and into the briefing basket."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox

from archive.library import ADMIN_ROLE, BriefingItem, Case, CaseNotFoundError, ChangeEvent, Library
from ui.dialogs.editor import CaseEditor, load_keyword_tables
from ui.i18n import fill
from ui.models.basket import BasketModel
from ui.models.results import ResultRow
from ui.operations import run_in_background
from ui.reader import ReaderPane, reader_body
from ui.settings import Settings
from ui.tasks import Task
from ui.widgets.basket_panel import BasketPanel
from ui.window.searching import SearchingController
from ui.window.status_bar import StatusBarController

logger = logging.getLogger(__name__)


def row_of_case(case: Case) -> ResultRow:
    return ResultRow(case.id, case.title, html.escape(case.title, quote=False), "", case.date,
                     case.unit, tuple(case.tags), case.updated_at)


def prepared_case(library: Library, case_id: str) -> tuple[Case, str] | None:
    """Run in a worker: the case and its body as the reader shows it; None once it is trashed."""
    try:
        case = library.get_case(case_id)
    except CaseNotFoundError:
        return None
    return case, reader_body(case)


class ReadingController(QObject):
    """The reader pane, the open editors and the basket dock."""

    def __init__(self, window: QMainWindow, searching: SearchingController,
                 status: StatusBarController) -> None:
        super().__init__(window)
        self._window, self._searching, self._status = window, searching, status
        self._editors: list[CaseEditor] = []
        self._keyword_tables: Task | None = None
        self._reader_wants: object | None = None
        """The latest request to show a case in the reader: a worker's older answers are dropped."""
        self._after_first_rows = False
        """The next case is read once the results list has painted its rows (an archive just opened)."""
        self.reader_pane = ReaderPane()
        self.reader = self.reader_pane.reader
        self.reader.edit_requested.connect(self.edit_case)
        self.reader.excerpt_taken.connect(self.add_excerpt_to_basket)
        searching.current_changed.connect(self.show_case)
        searching.case_activated.connect(self.edit_case)

        self.basket = BasketModel(parent=self)
        self.basket.basket_changed.connect(self._save_basket)
        self.basket.titles_wanted.connect(self._show_titles)
        self._basket_saving = self._basket_unsaved = self._basket_loaded = False
        """A save runs in a worker; changes meanwhile are saved after it, the latest basket only."""
        self.basket_panel = BasketPanel(self.basket)
        self.basket_panel.case_selected.connect(self.open_case)
        self.basket_dock = QDockWidget(self.tr("简报篮"), window)
        self.basket_dock.setObjectName("basket")
        self.basket_dock.setWidget(self.basket_panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.basket_dock)

    def set_library(self, library: Library) -> None:
        """The basket is read from the archive in a worker; until then it is not saved, so that
        what is added meanwhile joins the saved basket instead of replacing it."""
        self.basket.forget_titles()
        self.basket_panel.library = library
        self._basket_loaded = False

        def load(_context: object) -> list:
            return [] if library.damage else [item if item.is_excerpt else item.case_id
                                              for item in library.briefings.basket()]

        def loaded(saved: list) -> None:
            if library is not self._window.library:
                return
            # A basket left in the settings by an older version moves into the archive.
            self._basket_loaded = True
            self.basket.set_ids([*(saved or self._window.settings.get(Settings.BASKET)),
                                 *self.basket.entries()])
            self._forget_missing_cases()

        self.basket.set_ids([])
        run_in_background(self._window.runner, load, name="basket", on_success=loaded,
                          on_failure=self._window.show_error)

    def library_changed(self, event: ChangeEvent) -> None:
        if event.kind == "archive":
            # A restore replaced the whole database: the case on show may be gone or older.
            self.reader.show_empty()
        if event.kind in ("cases", "trash", "archive"):
            self.basket.refresh_titles(event.ids)
            self._forget_missing_cases()
        current = self._searching.current_id()
        if event.kind == "cases" and current in event.ids:
            self.show_case(current)  # changed here or on another desktop: show what is saved now

    def set_enabled(self, enabled: bool, writable: bool) -> None:
        self.basket_panel.setEnabled(enabled)
        self.reader_pane.set_editable(writable)

    # -- the reader -------------------------------------------------------------------------

    def show_case(self, case_id: str | None) -> None:
        """The case is read and rendered in a worker; a newer request drops the answer. None
        empties the reader."""
        if case_id is None:
            self._reader_wants = None
            self.reader.show_empty()
            return
        library, query = self._window.library, self._searching.query()
        wanted = self._reader_wants = object()

        def show(prepared: tuple[Case, str] | None) -> None:
            if wanted is not self._reader_wants or library is not self._window.library:
                return
            if prepared is None:
                self.reader.show_empty()
                return
            case, body = prepared
            self.reader.show_case(library, case, query, body=body)

        def read() -> None:
            if wanted is not self._reader_wants or library is not self._window.library:
                return  # another case asked for, or the archive closed, while the list painted
            run_in_background(self._window.runner, lambda _context: prepared_case(library, case_id),
                              name="reader", on_success=show, on_failure=lambda _error: show(None))

        if self._after_first_rows:
            self._after_first_rows = False
            self._searching.after_rows_painted(read)
        else:
            read()

    def read_after_first_rows(self) -> None:
        """The first case an archive shows is read (and its Markdown loaded, 0.2 s) once the first
        results are on screen: meanwhile the window's thread waited for Python's lock to paint them."""
        self._after_first_rows = True

    def open_case(self, case_id: str) -> None:
        """Select the case in the list when it is there, and show it in the reader."""
        self._searching.select_case(case_id)
        self.show_case(case_id)

    # -- editors ----------------------------------------------------------------------------

    def edit_case(self, case_id: str | None) -> CaseEditor | None:
        library = self._window.library
        if library is None or library.read_only:
            return None
        case = library.get_case(case_id) if case_id else None
        editor = CaseEditor(library, case, parent=self._window, runner=self._window.runner)
        editor.case_saved.connect(self.case_saved)
        editor.finished.connect(lambda _result: self._editors.remove(editor))
        self._editors.append(editor)
        editor.show()
        if self._keyword_tables is None:
            # Without the tables an editor still works, only without keyword suggestions.
            self._keyword_tables = run_in_background(
                self._window.runner, load_keyword_tables, name="keywords",
                on_success=lambda _result: [e.refresh_suggestions() for e in self._editors],
                on_failure=lambda error: logger.warning("关键词表载入失败：%s", error))
        return editor

    def case_saved(self, case: Case) -> None:
        self._searching.results.replace_row(row_of_case(case))
        self.open_case(case.id)

    def close_editors(self) -> bool:
        """Close every open editor; False when one stays open (its person kept it)."""
        for editor in list(self._editors):
            editor.close()
            if editor.isVisible():
                return False
        return True

    # -- the trash --------------------------------------------------------------------------

    def trash_selected(self) -> None:
        """Asks first; then offers 撤销 (and Ctrl+Z) for a few seconds."""
        ids = self._searching.selected_ids()
        library = self._window.library
        if not ids or library is None:
            return
        results = self._searching.results
        first = results.index(results.row_of(ids[0])).data()
        question = (fill(self.tr("把「%1」移入回收站？"), first) if len(ids) == 1
                    else fill(self.tr("把选中的 %1 个案例移入回收站？"), len(ids)))
        answer = QMessageBox.question(self._window, self.tr("移入回收站"), question + "\n\n"
                                      + self.tr("可以马上撤销，以后也可在「编辑 ▸ 回收站」中恢复。"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        library.trash(ids)
        results.remove_ids(set(ids))
        done = fill(self.tr("已把 %1 个案例移入回收站"), len(ids))
        if library.role != ADMIN_ROLE:  # restoring from the trash is 管理's
            self._status.show_message(done + self.tr("（只有管理员可以恢复）"), 8000)
            return
        self._status.undo_offer.offer(done, lambda: self._untrash(library, ids))

    def _untrash(self, library: Library, ids: list[str]) -> None:
        if library is self._window.library:
            library.trash.restore(ids)
            self._status.show_message(fill(self.tr("已恢复 %1 个案例"), len(ids)), 5000)

    # -- the basket -------------------------------------------------------------------------

    def add_selection_to_basket(self) -> int:
        added = self.basket.add(self._searching.selected_ids())
        self.basket_dock.show()
        self._status.show_message(fill(self.tr("简报篮中已有 %1 个案例"), self.basket.rowCount()), 5000)
        return added

    def add_excerpt_to_basket(self, item: BriefingItem) -> None:
        self.basket.add_excerpt(item)
        self.basket_dock.show()
        self._status.show_message(fill(self.tr("已把第 %1-%2 段加入简报篮"), item.start, item.end), 5000)

    def refill_basket(self, entries: list) -> None:
        """Put a kept briefing's cases back into the basket (简报与汇编 ▸ 放回简报篮)."""
        self.basket.set_ids(entries)
        self.basket_dock.show()

    def _forget_missing_cases(self) -> None:
        """Cases trashed, purged or from another archive leave the basket."""
        ids = self.basket.ids()
        if ids:
            self._look_up_titles(ids, lambda live, _stale: self.basket.forget_missing(live, ids))

    def _show_titles(self, ids: list[str]) -> None:
        self._look_up_titles(ids, lambda titles, stale: self.basket.set_titles(titles, ids, stale))

    def _look_up_titles(self, ids: list[str],
                        then: Callable[[dict[str, str], set[BriefingItem]], None]) -> None:
        """In a worker: the titles of the live cases among `ids`, and the basket's excerpts of them
        whose case was edited since (原文已修改); handed to `then`."""
        library = self._window.library
        if library is None:
            return
        wanted = set(ids)
        excerpts = [entry for entry in self.basket.entries()
                    if isinstance(entry, BriefingItem) and entry.case_id in wanted]

        def look_up(_context: object) -> tuple[dict[str, str], set[BriefingItem]]:
            return ({case.id: case.title for case in library.get_cases(ids)},
                    {item for item in excerpts if library.briefings.is_stale(item)})

        run_in_background(self._window.runner, look_up, name="basket titles",
                          on_success=lambda found: then(*found) if library is self._window.library else None,
                          on_failure=self._window.show_error)

    def _save_basket(self) -> None:
        """In a worker: the save waits for the archive's other writes (a batch edit holds it)."""
        library = self._window.library
        if library is None or library.read_only or not self._basket_loaded:
            return
        if self._basket_saving:
            self._basket_unsaved = True
            return
        self._basket_saving, self._basket_unsaved = True, False
        entries = self.basket.entries()

        def saved(_result: object = None) -> None:
            self._basket_saving = False
            if self._basket_unsaved:
                self._save_basket()

        run_in_background(self._window.runner, lambda _context: library.briefings.set_basket(entries),
                          name="basket save", on_success=saved,
                          on_failure=lambda error: (saved(), self._window.show_error(error)))
