"""The main window's reader and editors: the case on show follows the current row, editors open
and save, cases go to the trash (with undo) and into the briefing basket.

It is a part of `MainWindow` (ui/main_window.py), mixed into it: its methods use the window's
widgets and state as `self`.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QMessageBox

from archive.library import ADMIN_ROLE, BriefingItem, Case, CaseNotFoundError, Library
from ui.dialogs.editor import CaseEditor, load_keyword_tables
from ui.i18n import fill
from ui.models.results import ResultRow
from ui.operations import run_in_background
from ui.reader import reader_body
from ui.roles import IdRole

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


class ReaderMixin:
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_case(current.data(IdRole))
        else:
            self._reader_wants = None
            self.reader.show_empty()

    def _show_case(self, case_id: str) -> None:
        """The case is read and rendered in a worker; a newer request drops the answer."""
        library, query = self.library, self.search_box.text()
        wanted = self._reader_wants = object()

        def show(prepared: tuple[Case, str] | None) -> None:
            if wanted is not self._reader_wants or library is not self.library:
                return
            if prepared is None:
                self.reader.show_empty()
                return
            case, body = prepared
            self.reader.show_case(library, case, query, body=body)

        run_in_background(self.runner, lambda _context: prepared_case(library, case_id), name="reader",
                          on_success=show, on_failure=lambda _error: show(None))

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
        editor = CaseEditor(self.library, case, parent=self, runner=self.runner)
        editor.case_saved.connect(self._case_saved)
        editor.finished.connect(lambda _result: self._editors.remove(editor))
        self._editors.append(editor)
        editor.show()
        if self._keyword_tables is None:
            # Without the tables an editor still works, only without keyword suggestions.
            self._keyword_tables = run_in_background(
                self.runner, load_keyword_tables, name="keywords",
                on_success=lambda _result: [e.refresh_suggestions() for e in self._editors],
                on_failure=lambda error: logger.warning("关键词表载入失败：%s", error))
        return editor

    def _case_saved(self, case: Case) -> None:
        self.results.replace_row(row_of_case(case))
        self.open_case(case.id)

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
        done = fill(self.tr("已把 %1 个案例移入回收站"), len(ids))
        if library.role != ADMIN_ROLE:  # restoring from the trash is 管理's
            self.statusBar().showMessage(done + self.tr("（只有管理员可以恢复）"), 8000)
            return
        self.undo_offer.offer(done, lambda: self._untrash(library, ids))

    def _untrash(self, library: Library, ids: list[str]) -> None:
        if library is self.library:
            library.trash.restore(ids)
            self.statusBar().showMessage(fill(self.tr("已恢复 %1 个案例"), len(ids)), 5000)

    def _close_editors(self) -> bool:
        for editor in list(self._editors):
            editor.close()
            if editor.isVisible():
                return False
        return True

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
