"""Import files and folders with a progress bar, cancel, and a result a person can act on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from archive.library import ImportReport, Library
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.language import FollowsLanguage
from ui.operations import Operation, ProgressDisplay
from ui.roles import IdRole
from ui.tasks import TaskRunner


class ImportDialog(FollowsLanguage, QDialog):
    """Runs `Library.import_paths` in a worker. Double-click a result to open its case."""

    case_activated = Signal(str)
    import_finished = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, paths: list[Path], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入"))
        fit_to_screen(self, 720, 460)
        self.label = QLabel(self.tr("正在准备导入 %n 项…", "", len(paths)))
        self.progress = QProgressBar()
        self.results = QTreeWidget()
        self.keep_filled("headings", lambda: self.results.setHeaderLabels(
            [self.tr("结果"), self.tr("文件"), self.tr("说明")]))
        self.results.setColumnWidth(0, 90)
        self.results.setColumnWidth(1, 260)
        self.results.itemDoubleClicked.connect(self._activate)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消导入"))
        self.buttons.rejected.connect(self._cancel_or_close)
        layout = QVBoxLayout(self)
        for widget in (self.label, self.progress, self.results, self.buttons):
            layout.addWidget(widget)
        display = ProgressDisplay(self.label, self.progress)
        display.busy(self.label.text())
        self.operation = Operation(
            runner, lambda context: library.import_paths(paths, progress=context.progress,
                                                         phases=context.progress,
                                                         is_cancelled=context.is_cancelled),
            name="import", on_success=self._finished, on_failure=self._failed, display=display,
            # The file being worked on is the one after those done.
            step_text=lambda done, total, what: fill(self.tr("正在导入第 %1/%2 个：%3"),
                                                     min(done + 1, total), total, what),
        ).start()

    def _finished(self, report: ImportReport) -> None:
        self.keep_filled("report", lambda: self._show_report(report))
        self._become_closable()
        self.import_finished.emit(report)

    def _show_report(self, report: ImportReport) -> None:
        self.results.clear()
        for entry in report.imported:
            note = self.tr("与已有案例相似") if entry.get("similar_to") else ""
            self._add(self.tr("已导入"), entry["path"], entry["title"] + (f"（{note}）" if note else ""),
                      entry["id"])
        for entry in report.skipped:
            self._add(self.tr("已跳过"), entry["path"], entry["reason"], entry["duplicate_of"])
        for entry in report.failed:
            self._add(self.tr("失败"), entry["path"], entry["error"], "")
        summary = fill(self.tr("导入 %1 个，跳过 %2 个，失败 %3 个。"), len(report.imported),
                       len(report.skipped), len(report.failed))
        if report.cancelled:
            summary = self.tr("已取消。") + summary
        self.label.setText(summary + (self.tr("双击一行打开对应的案例。") if report.imported
                                      or report.skipped else ""))

    def _failed(self, error: Exception) -> None:
        self.label.setText(self.tr("导入失败：") + str(error))
        self._become_closable()

    def _add(self, outcome: str, path: str, note: str, case_id: str) -> None:
        item = QTreeWidgetItem([outcome, Path(path).name, note])
        item.setToolTip(1, path)
        item.setToolTip(2, note)
        item.setData(0, IdRole, case_id)
        self.results.addTopLevelItem(item)

    def _activate(self, item: QTreeWidgetItem) -> None:
        if item.data(0, IdRole):
            self.case_activated.emit(item.data(0, IdRole))

    def _become_closable(self) -> None:
        self.buttons.clear()
        self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)

    def _cancel_or_close(self) -> None:
        if not self.operation.cancel(self.tr("正在取消…")):
            self.reject()
