"""Export cases as an exchange package (the selection or a tag), with progress and cancel.

The cases are counted in a worker first (a tag may cover thousands); the package is written by
`library.packages.pack`, which writes a temporary file and renames it at the end, so a cancelled or
failed export leaves no file behind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from archive.library import Library
from ui.i18n import fill
from ui.operations import Operation, ProgressDisplay, run_in_background
from ui.settings import Settings
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from archive.library import PackSummary

_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|]')


def readable_size(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


class PackDialog(QDialog):
    """Asks for the exporting unit and the file, then packs; `packed(summary)` once written."""

    packed = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, settings: Settings, *,
                 ids: Sequence[str] = (), tag: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._runner, self._settings, self._tag = library, runner, settings, tag
        self._ids: list[str] = []
        self.operation: Operation | None = None
        self._packing = False
        self._written: Path | None = None
        self.setWindowTitle(self.tr("导出交流包"))

        about = QLabel(self.tr("交流包是一个 zip 文件，含案例正文、附件和原始文件。其他单位用"
                               "「文件 ▸ 导入交流包」把它并入自己的案例库，已有的案例不会重复。"))
        about.setWordWrap(True)
        self.scope = QLabel(self.tr("正在统计要导出的案例…"))
        self.scope.setObjectName("heading")
        self.unit_edit = QLineEdit(settings.get(Settings.EXCHANGE_UNIT))
        self.unit_edit.setPlaceholderText(self.tr("如某市气象局办公室（写入交流包，供对方查看来源）"))
        form = QFormLayout()
        form.addRow(self.tr("导出单位"), self.unit_edit)
        self.briefings_check = QCheckBox(self.tr("同时带上用到这些案例的简报、汇编记录（含 Word 文件）"))
        self.briefings_check.setChecked(settings.get(Settings.EXCHANGE_WITH_BRIEFINGS))
        form.addRow("", self.briefings_check)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.pack_button = self.buttons.addButton(self.tr("导出…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.pack_button.setObjectName("primary")
        self.pack_button.setEnabled(False)
        self.pack_button.clicked.connect(self._choose_file)
        self.open_folder_button = self.buttons.addButton(self.tr("打开所在文件夹"),
                                                         QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.hide()
        self.open_folder_button.clicked.connect(self._open_folder)
        self.close_button = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (about, self.scope):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (self.progress, self.status, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(560)

        chosen, tags = list(ids), [tag] if tag else []
        run_in_background(runner, lambda _context: library.packages.select(chosen, tags=tags), name="select",
                          on_success=self._counted, on_failure=self._count_failed)

    @property
    def case_ids(self) -> list[str]:
        return list(self._ids)

    def _counted(self, ids: list[str]) -> None:
        self._ids = ids
        if self._tag:
            self.scope.setText(fill(self.tr("标签「%1」下的 %2 个案例"), self._tag, len(ids)))
        else:
            self.scope.setText(fill(self.tr("选中的 %1 个案例"), len(ids)))
        self.pack_button.setEnabled(bool(ids))
        if not ids:
            self.status.setText(self.tr("没有可导出的案例。"))

    def _count_failed(self, error: Exception) -> None:
        self.scope.setText(self.tr("无法确定要导出的案例："))
        self.status.setText(str(error))

    def suggested_path(self) -> Path:
        folder = Path(self._settings.get(Settings.EXCHANGE_FOLDER) or Path.home())
        parts = [self.tr("案例交流包"), _UNSAFE_IN_FILE_NAMES.sub("_", self._tag),
                 dt.date.today().strftime("%Y%m%d")]
        return folder / ("-".join(p for p in parts if p) + ".zip")

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存交流包"), str(self.suggested_path()),
                                              self.tr("交流包 (*.zip)"))
        if name:
            self.pack_to(Path(name))

    def pack_to(self, path: Path) -> None:
        """Write the package in a worker; the cancel button stops it without leaving a file."""
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
        unit = self.unit_edit.text().strip()
        self._settings.set(Settings.EXCHANGE_UNIT, unit)
        self._settings.set(Settings.EXCHANGE_FOLDER, str(path.parent))
        with_briefings = self.briefings_check.isChecked()
        self._settings.set(Settings.EXCHANGE_WITH_BRIEFINGS, with_briefings)
        library, ids = self._library, list(self._ids)
        self._set_packing(True)
        self.progress.setRange(0, max(len(ids), 1))
        self.progress.setValue(0)
        self.status.setText(self.tr("正在导出…"))
        self.operation = Operation(
            self._runner, lambda context: library.packages.pack(ids, path, exporting_unit=unit,
                                                       progress=context.cancellable_progress,
                                                       with_briefings=with_briefings),
            name="pack", on_success=self._packed, on_failure=self._failed, on_cancelled=self._cancelled,
            display=ProgressDisplay(self.status, self.progress),
            step_text=lambda done, total, what: fill(self.tr("正在导出 %1/%2：%3"), done, total, what),
        ).start()

    def _set_packing(self, packing: bool) -> None:
        self._packing = packing
        self.pack_button.setEnabled(not packing and bool(self._ids))
        self.unit_edit.setEnabled(not packing)
        self.briefings_check.setEnabled(not packing)
        self.progress.setVisible(packing)
        self.close_button.setText(self.tr("取消导出") if packing else self.tr("关闭"))

    def _packed(self, summary: PackSummary) -> None:
        self._set_packing(False)
        self._written = Path(summary.path)
        self.pack_button.hide()
        self.open_folder_button.show()
        self.status.setText(fill(self.tr("已导出 %1 个案例（%2）到：\n%3"), len(summary.cases),
                                 readable_size(summary.bytes), summary.path))
        self._fit_height()
        self.packed.emit(summary)

    def _cancelled(self) -> None:
        self._set_packing(False)
        self.status.setText(self.tr("已取消，没有写出文件。"))
        self._fit_height()

    def _failed(self, error: Exception) -> None:
        self._set_packing(False)
        self.status.setText(self.tr("导出失败：") + str(error))
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to show a longer message whole; wrapped labels do not ask for room themselves."""
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.heightForWidth(self.width())))

    def _open_folder(self) -> None:
        if self._written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._written.parent)))

    def reject(self) -> None:
        """While packing, cancel (the dialog stays to report it); otherwise close."""
        if self._packing:
            if self.operation is not None:
                self.operation.cancel()
            self.status.setText(self.tr("正在取消…"))
            return
        super().reject()
