"""Import exchange packages with progress and cancel, then show what each one added, updated, skipped.

`library.packages.unpack` checks a whole package before it writes anything and merges case by case, each
in its own transaction; a cancel stops it at its next progress report, so what was merged stays
whole and importing the package again skips it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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

from archive.library import ArchiveError, Library
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.language import FollowsLanguage
from ui.operations import Operation, ProgressDisplay
from ui.roles import IdRole
from ui.tasks import TaskCancelled, TaskContext, TaskRunner

if TYPE_CHECKING:
    from archive.library import UnpackSummary



@dataclass
class UnpackOutcome:
    """Per package, its UnpackSummary or the ArchiveError that refused it; and whether cancelled."""

    results: list[tuple[Path, UnpackSummary | ArchiveError]] = field(default_factory=list)
    cancelled: bool = False


def unpack_all(library: Library, packages: Sequence[Path], context: TaskContext) -> UnpackOutcome:
    """Run in a worker: the packages in turn; a refused package does not stop the others."""
    outcome = UnpackOutcome()
    for package in packages:
        try:
            outcome.results.append((package, library.packages.unpack(
                package, progress=_progress_naming(package, context))))
        except TaskCancelled:
            outcome.cancelled = True
            break
        except ArchiveError as refusal:
            outcome.results.append((package, refusal))
    return outcome


def _progress_naming(package: Path, context: TaskContext):
    """Progress reports that say which package they are about."""
    return lambda done, total, what: context.cancellable_progress(done, total, f"{package.name} · {what}")


class UnpackDialog(FollowsLanguage, QDialog):
    """Unpacks at once; double-click a case in the result to open it. What it reports is written
    again in the new language after a language switch."""

    case_activated = Signal(str)
    unpack_finished = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, packages: Sequence[Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入交流包"))
        fit_to_screen(self, 760, 480)
        self._package_count = len(packages)
        self.label = QLabel(self.tr("正在检查 %n 个交流包…", "", len(packages)))
        self.label.setWordWrap(True)
        self.progress = QProgressBar()
        self.results = QTreeWidget()
        self.keep_filled("headings", lambda: self.results.setHeaderLabels(
            [self.tr("结果"), self.tr("案例"), self.tr("说明")]))
        self.results.setColumnWidth(0, 110)
        self.results.setColumnWidth(1, 300)
        self.results.itemDoubleClicked.connect(self._activate)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(self.tr("取消导入"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.label, self.progress, self.results, self.buttons):
            layout.addWidget(widget)
        packages = list(packages)
        self.operation = Operation(
            runner, lambda context: unpack_all(library, packages, context), name="unpack",
            on_success=self._finished, on_failure=self._failed,
            display=ProgressDisplay(self.label, self.progress),
            step_text=lambda done, total, what: fill(self.tr("%1（%2/%3）"), what, done, total),
        ).start()

    def _finished(self, outcome: UnpackOutcome) -> None:
        self._done()
        self.keep_filled("report", lambda: self._show_outcome(outcome))
        if not self.results.topLevelItemCount():  # nothing to list: a short dialog with the reason
            self.results.hide()
            self.layout().activate()
            self.resize(self.width(), self.sizeHint().height())
        self.unpack_finished.emit(outcome)

    def _show_outcome(self, outcome: UnpackOutcome) -> None:
        self.results.clear()
        # One package: its cases at the top and its origin in the summary; several: one branch each.
        single = self._package_count == 1
        counts = {"added": 0, "updated": 0, "skipped": 0}
        lines = []
        if outcome.cancelled:
            lines.append(self.tr("已取消。取消前已并入的案例会保留，再次导入同一个交流包会跳过它们。"))
        refusals = [(package, result) for package, result in outcome.results
                    if isinstance(result, ArchiveError)]
        for package, result in outcome.results:
            if isinstance(result, ArchiveError):
                if not single:
                    self._add_refusal(package, result)
                continue
            for kind in counts:
                counts[kind] += len(getattr(result, kind))
            if single:
                lines.append(fill(self.tr("交流包「%1」：%2。"), package.name, self._origin(result)))
                self._add_cases(self.results.invisibleRootItem(), result)
            else:
                self._add_package(package, result)
        if single and refusals:
            lines.append(str(refusals[0][1]))
        elif outcome.results:
            opened = self.tr("双击一行打开对应的案例。") if counts["added"] or counts["updated"] else ""
            lines.append(fill(self.tr("新增 %1 个案例，更新 %2 个，跳过 %3 个。"), counts["added"],
                              counts["updated"], counts["skipped"]) + opened)
            if refusals:
                lines.append(self.tr("%n 个交流包被拒绝，见下方说明。", "", len(refusals)))
        self.results.setRootIsDecorated(not single)
        self.results.expandAll()
        self.label.setText("\n".join(lines))
        self.label.setStyleSheet("color:#b03a2e" if refusals else "")

    def _failed(self, error: Exception) -> None:
        self._done()
        self.keep_filled("report", lambda: self.label.setText(self.tr("导入失败：") + str(error)))

    def _done(self) -> None:
        self.progress.hide()
        self.close_button.setText(self.tr("关闭"))

    def _origin(self, summary: UnpackSummary) -> str:
        origin = summary.exporting_unit or self.tr("未注明导出单位")
        if summary.exported_at:
            origin = fill(self.tr("%1，%2 导出"), origin, summary.exported_at.strftime("%Y-%m-%d %H:%M"))
        return origin

    def _add_refusal(self, package: Path, refusal: ArchiveError) -> None:
        item = QTreeWidgetItem([self.tr("被拒绝"), package.name, str(refusal)])
        item.setToolTip(2, str(refusal))
        self.results.addTopLevelItem(item)

    def _add_package(self, package: Path, summary: UnpackSummary) -> None:
        counts = fill(self.tr("新增 %1，更新 %2，跳过 %3"), len(summary.added), len(summary.updated),
                      len(summary.skipped))
        top = QTreeWidgetItem([self.tr("交流包"), package.name, f"{counts}（{self._origin(summary)}）"])
        top.setToolTip(1, str(package))
        top.setToolTip(2, top.text(2))
        self.results.addTopLevelItem(top)
        self._add_cases(top, summary)

    def _add_cases(self, parent: QTreeWidgetItem, summary: UnpackSummary) -> None:
        for outcome, entries in ((self.tr("已新增"), summary.added), (self.tr("已更新"), summary.updated),
                                 (self.tr("已跳过"), summary.skipped)):
            for entry in entries:
                item = QTreeWidgetItem([outcome, entry["title"], entry.get("reason", "")])
                item.setToolTip(1, entry["title"])
                item.setToolTip(2, entry.get("reason", ""))
                item.setData(0, IdRole, entry["id"])
                parent.addChild(item)

    def _activate(self, item: QTreeWidgetItem) -> None:
        if item.data(0, IdRole):
            self.case_activated.emit(item.data(0, IdRole))

    def reject(self) -> None:
        """While unpacking, cancel (the dialog stays to show what was merged); otherwise close."""
        if self.operation.cancel(self.tr("正在取消…")):
            return
        super().reject()
