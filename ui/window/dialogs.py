"""The dialogs the main window opens: import, Word export, briefings, exchange packages (pack and
unpack), backups, the check, statistics, history, the trash, the tag manager, batch edit, about.

It is a part of `MainWindow` (ui/main_window.py), mixed into it: its methods use the window's
widgets and state as `self`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from archive.library import BriefingItem
from ui.dialogs.about_dialog import AboutDialog
from ui.dialogs.backup_dialog import BackupDialog
from ui.dialogs.batch_edit_dialog import BatchEditDialog
from ui.dialogs.briefings_dialog import BriefingsDialog
from ui.dialogs.check_dialog import CheckDialog
from ui.dialogs.export_dialog import ExportDialog
from ui.dialogs.history_dialog import HistoryDialog
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.pack_dialog import PackDialog
from ui.dialogs.preferences import Preferences, PreferencesDialog, apply_font_size, switch_language
from ui.dialogs.stats import StatsDialog
from ui.dialogs.tag_manager import TagManagerDialog
from ui.dialogs.trash_dialog import TrashDialog
from ui.dialogs.unpack_dialog import UnpackDialog
from ui.i18n import fill
from ui.settings import Settings


class DialogLauncherMixin:
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
                                   lambda context: library.cases.edit_many(ids, progress=context.progress,
                                                                      **edit.as_arguments()))

        dialog.accepted.connect(apply)
        dialog.open()
        return dialog

    def show_history(self, case_id: str) -> HistoryDialog:
        dialog = HistoryDialog(self.library, case_id, self)
        dialog.revision_restored.connect(self._case_saved)
        dialog.open()
        return dialog

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

    def filter_by(self, kind: str, value: str) -> None:
        """From the overview: show only the cases of that tag group, year or unit."""
        self.filters.set_selection({kind: [value]})
        self.activateWindow()

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

    def show_backups(self) -> BackupDialog:
        dialog = BackupDialog(self.library, self.runner, self)
        dialog.open()
        return dialog

    def show_check(self) -> CheckDialog:
        dialog = CheckDialog(self.library, self.runner, self)
        dialog.backups_requested.connect(self.show_backups)
        dialog.open()
        return dialog

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.settings, self)
        dialog.accepted.connect(lambda: self._apply_preferences(dialog.preferences()))
        dialog.open()
        return dialog

    def _apply_preferences(self, chosen: Preferences) -> None:
        apply_font_size([self.result_view, self.table_view, self.reader], chosen.font_size)
        self.table_view.fit_date_columns()
        switch_language(chosen.language)
        self._check_language()
