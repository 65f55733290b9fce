"""Check the archive (database, files, search index) and repair what can be repaired without loss."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive.library import CheckReport, Library
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.operations import Operation, ProgressDisplay
from ui.tasks import TaskRunner


class CheckDialog(QDialog):
    """Runs `library.maintenance.check` at once; offers the repair when there are repairable problems."""

    checked = Signal(object)
    backups_requested = Signal()

    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._runner = library, runner
        self._working = False
        self.report: CheckReport | None = None
        self.setWindowTitle(self.tr("检查案例库"))
        fit_to_screen(self, 680, 400)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.problems = QTreeWidget()
        self.problems.setRootIsDecorated(False)
        self.problems.setWordWrap(True)
        self.problems.setHeaderLabels([self.tr("问题"), self.tr("处理办法")])
        self.problems.setColumnWidth(0, 340)
        self.buttons = QDialogButtonBox()
        self.repair_button = self.buttons.addButton(self.tr("修复"), QDialogButtonBox.ButtonRole.ActionRole)
        self.repair_button.setObjectName("primary")
        self.repair_button.clicked.connect(self.repair)
        self.backups_button = self.buttons.addButton(self.tr("备份与恢复…"),
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.backups_button.clicked.connect(self._show_backups)
        self.close_button = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.progress, self.problems, self.buttons):
            layout.addWidget(widget)
        self._run(repair=False)

    def repair(self) -> None:
        self._run(repair=True)

    def _run(self, *, repair: bool) -> None:
        library = self._library
        self._working = True
        display = ProgressDisplay(self.summary, self.progress)
        display.busy(self.tr("正在修复…") if repair else self.tr("正在检查数据库、文件和搜索索引…"))
        for button in (self.repair_button, self.backups_button, self.close_button):
            button.setEnabled(False)
        Operation(self._runner,
                  lambda context: library.maintenance.check(repair=repair, progress=context.progress),
                  name="check", on_success=self._show_report, on_failure=self._failed,
                  display=display,
                  step_text=lambda done, total, what: fill(self.tr("%1（%2/%3）"), what, done, total),
                  ).start()

    def _show_report(self, report: CheckReport) -> None:
        self._done()
        self.report = report
        self.problems.clear()
        for problem in report.problems:
            # The library words repairs for the command line; here the button does it.
            advice = self.tr("点「修复」即可修复，不会丢失数据。") if problem.repairable else problem.repair
            item = QTreeWidgetItem([problem.what, advice])
            item.setToolTip(0, problem.what)
            item.setToolTip(1, advice)
            self.problems.addTopLevelItem(item)
        lines = [self.tr("已修复：") + "；".join(report.repaired)] if report.repaired else []
        if report.healthy and report.files_checked:
            lines.append(fill(self.tr("案例库完好：%1 个案例，%2 个文件均已校验。"),
                              report.cases, report.files_checked))
        elif report.healthy:
            lines.append(fill(self.tr("案例库完好：%1 个案例，没有附件需要校验。"), report.cases))
        else:
            lines.append(fill(self.tr("发现 %1 个问题（共 %2 个案例，校验了 %3 个文件）："),
                              len(report.problems), report.cases, report.files_checked))
        self.summary.setText("\n".join(lines))
        self.problems.setVisible(not report.healthy)
        if report.healthy:  # one sentence: no room left empty around it
            self.layout().activate()
            self.resize(self.width(), self.sizeHint().height())
        repairable = any(p.repairable for p in report.problems)
        self.repair_button.setVisible(repairable)
        self.repair_button.setEnabled(repairable and not self._library.read_only)
        self.backups_button.setVisible(any(not p.repairable for p in report.problems))
        self.checked.emit(report)

    def _failed(self, error: Exception) -> None:
        self._done()
        self.summary.setText(self.tr("检查失败：") + str(error))

    def _done(self) -> None:
        self._working = False
        self.progress.hide()
        for button in (self.repair_button, self.backups_button, self.close_button):
            button.setEnabled(True)

    def _show_backups(self) -> None:
        self.backups_requested.emit()
        self.accept()

    def reject(self) -> None:
        if not self._working:  # The check holds the archive briefly; it is not interrupted.
            super().reject()
