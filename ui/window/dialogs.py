"""The dialogs the main window opens: import, Word export, briefings, exchange packages (pack and
unpack), backups, the check, statistics, history, the trash, the tag manager, batch edit, about,
preferences.

Each dialog's module is imported when it is first opened: together they (Qt's PDF and chart
modules, Markdown) took a few hundred milliseconds of the window's start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from archive.library import BriefingItem
from ui.i18n import fill
from ui.models.filters import FilterTreeModel
from ui.settings import Settings
from ui.window.reading import ReadingController
from ui.window.searching import SearchingController
from ui.window.status_bar import StatusBarController

if TYPE_CHECKING:
    from ui.dialogs.about_dialog import AboutDialog
    from ui.dialogs.backup_dialog import BackupDialog
    from ui.dialogs.batch_edit_dialog import BatchEditDialog
    from ui.dialogs.briefings_dialog import BriefingsDialog
    from ui.dialogs.check_dialog import CheckDialog
    from ui.dialogs.export_dialog import ExportDialog
    from ui.dialogs.history_dialog import HistoryDialog
    from ui.dialogs.import_dialog import ImportDialog
    from ui.dialogs.pack_dialog import PackDialog
    from ui.dialogs.preferences import PreferencesDialog
    from ui.dialogs.stats import StatsDialog
    from ui.dialogs.tag_manager import TagManagerDialog
    from ui.dialogs.trash_dialog import TrashDialog
    from ui.dialogs.unpack_dialog import UnpackDialog


class DialogLauncher(QObject):
    """Opens each dialog on the open archive and connects what it reports back."""

    preferences_chosen = Signal(object)
    """ui.dialogs.preferences.Preferences, once the preferences dialog is accepted."""

    def __init__(self, window: QMainWindow, filters: FilterTreeModel, searching: SearchingController,
                 reading: ReadingController, status: StatusBarController) -> None:
        super().__init__(window)
        self._window, self._filters = window, filters
        self._searching, self._reading, self._status = searching, reading, status
        reading.reader.history_requested.connect(self.show_history)
        reading.basket_panel.export_requested.connect(self.export_cases)
        searching.placeholder.import_requested.connect(self.choose_import_files)

    def edit_selected_cases(self) -> BatchEditDialog | None:
        """Tags, unit or date of every selected case at once, in a worker."""
        from ui.dialogs.batch_edit_dialog import BatchEditDialog
        ids = self._searching.selected_ids()
        library = self._window.library
        if not ids or library is None or library.read_only:
            return None
        dialog = BatchEditDialog(len(ids), self._window)

        def apply() -> None:
            edit = dialog.edit()
            self._status.run_with_progress(
                fill(self.tr("正在修改 %1 个案例"), len(ids)),
                lambda context: library.cases.edit_many(ids, progress=context.progress,
                                                        **edit.as_arguments()))

        dialog.accepted.connect(apply)
        dialog.open()
        return dialog

    def show_history(self, case_id: str) -> HistoryDialog:
        from ui.dialogs.history_dialog import HistoryDialog
        dialog = HistoryDialog(self._window.library, case_id, self._window)
        dialog.revision_restored.connect(self._reading.case_saved)
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        from ui.dialogs.about_dialog import AboutDialog
        library = self._window.library
        dialog = AboutDialog(library.folder if library else None, self._window)
        dialog.open()
        return dialog

    def show_trash(self) -> TrashDialog:
        from ui.dialogs.trash_dialog import TrashDialog
        dialog = TrashDialog(self._window.library, self._window)
        dialog.open()
        return dialog

    def show_tag_manager(self) -> TagManagerDialog:
        from ui.dialogs.tag_manager import TagManagerDialog
        dialog = TagManagerDialog(self._window.library, self._window.runner, self._window)
        dialog.open()
        return dialog

    def show_statistics(self) -> StatsDialog:
        from ui.dialogs.stats import StatsDialog
        dialog = StatsDialog(self._window.library, self._window.runner, self._window)
        dialog.filter_requested.connect(self.filter_by)
        dialog.show()
        return dialog

    def filter_by(self, kind: str, value: str) -> None:
        """From the overview: show only the cases of that tag group, year or unit."""
        self._filters.set_selection({kind: [value]})
        self._window.activateWindow()

    def show_briefings(self) -> BriefingsDialog | None:
        """简报与汇编: the briefings kept from every export."""
        from ui.dialogs.briefings_dialog import BriefingsDialog
        if self._window.library is None:
            return None
        dialog = BriefingsDialog(self._window.library, self._window.runner, self._window)
        dialog.to_basket.connect(self._reading.refill_basket)
        dialog.show()
        return dialog

    def export_cases(self, ids: list[str | BriefingItem] | None = None) -> ExportDialog | None:
        """Export the basket (or, with an empty basket, the selected cases) to Word."""
        from ui.dialogs.export_dialog import ExportDialog
        ids = ids if ids is not None else (self._reading.basket.entries() or self._searching.selected_ids())
        if self._window.library is None or not ids:
            QMessageBox.information(self._window, self.tr("导出 Word"),
                                    self.tr("请先把要导出的案例加入简报篮（选中后按 Ctrl+B）。"))
            return None
        dialog = ExportDialog(self._window.library, self._window.runner, self._window.settings, ids,
                              self._window)
        dialog.open()
        return dialog

    def choose_import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self._window, self.tr("导入文件"), "",
            self.tr("案例文件 (*.docx *.doc *.wps *.txt *.md *.html *.htm *.mhtml *.pdf);;所有文件 (*)"))
        if names:
            self.import_paths([Path(n) for n in names])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, self.tr("导入文件夹"))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> ImportDialog:
        from ui.dialogs.import_dialog import ImportDialog
        dialog = ImportDialog(self._window.library, self._window.runner, paths, self._window)
        dialog.case_activated.connect(self._reading.open_case)
        dialog.show()
        return dialog

    def export_package(self, ids: list[str] | None = None, tag: str = "") -> PackDialog | None:
        """Pack the given (or selected) cases, or every case of `tag`, into an exchange package."""
        from ui.dialogs.pack_dialog import PackDialog
        ids = ids if ids is not None else ([] if tag else self._searching.selected_ids())
        if self._window.library is None or not (ids or tag):
            QMessageBox.information(self._window, self.tr("导出交流包"), self.tr(
                "请先在列表中选中要导出的案例（可按住 Ctrl 或 Shift 多选），"
                "或在左侧标签上点右键，导出该标签下的全部案例。"))
            return None
        dialog = PackDialog(self._window.library, self._window.runner, self._window.settings, ids=ids,
                            tag=tag, parent=self._window)
        dialog.open()
        return dialog

    def choose_packages(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self._window, self.tr("导入交流包"),
                                                self._window.settings.get(Settings.EXCHANGE_FOLDER),
                                                self.tr("交流包 (*.zip)"))
        if names:
            self.unpack_packages([Path(n) for n in names])

    def unpack_packages(self, packages: list[Path]) -> UnpackDialog:
        from ui.dialogs.unpack_dialog import UnpackDialog
        dialog = UnpackDialog(self._window.library, self._window.runner, packages, self._window)
        dialog.case_activated.connect(self._reading.open_case)
        dialog.show()
        return dialog

    def show_backups(self) -> BackupDialog:
        from ui.dialogs.backup_dialog import BackupDialog
        dialog = BackupDialog(self._window.library, self._window.runner, self._window)
        dialog.open()
        return dialog

    def show_check(self) -> CheckDialog:
        from ui.dialogs.check_dialog import CheckDialog
        dialog = CheckDialog(self._window.library, self._window.runner, self._window)
        dialog.backups_requested.connect(self.show_backups)
        dialog.open()
        return dialog

    def show_preferences(self) -> PreferencesDialog:
        from ui.dialogs.preferences import PreferencesDialog
        dialog = PreferencesDialog(self._window.settings, self._window)
        dialog.accepted.connect(lambda: self.preferences_chosen.emit(dialog.preferences()))
        dialog.open()
        return dialog

