"""Backups of the database: list them, back up now, restore one (the current database is kept aside)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive.library import Library
from ui.dialogs.pack_dialog import readable_size
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.operations import Operation, ProgressDisplay
from ui.roles import PathRole
from ui.tasks import TaskContext, TaskRunner


class BackupDialog(QDialog):
    """Backups newest first; `restored` once the archive has been replaced by one of them."""

    backed_up = Signal(object)
    restored = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._runner = library, runner
        self._working = False
        self.setWindowTitle(self.tr("备份与恢复"))
        fit_to_screen(self, 620, 440)
        about = QLabel(self.tr("案例库每天自动备份一次数据库（案例、标签、修改历史），升级前也会备份。"
                               "从备份恢复时，当前的数据库会改名留在案例库文件夹中，不会删除。"))
        about.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("备份时间"), self.tr("类型"), self.tr("大小")])
        self.list.setColumnWidth(0, 200)
        self.list.setColumnWidth(1, 160)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.backup_button = self._button(self.tr("立即备份"), self.backup_now)
        self.backup_to_button = self._button(self.tr("备份到…"), self.choose_backup_folder)
        self.restore_button = self._button(self.tr("恢复所选备份…"), self.restore_selected)
        self.folder_button = self._button(self.tr("打开备份文件夹"), self._open_folder)
        self.close_button = self._button(self.tr("关闭"), self.reject, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        for widget in (about, self.list, self.progress, self.status, self.buttons):
            layout.addWidget(widget)
        self.refresh()

    def _button(self, text: str, handler, role=QDialogButtonBox.ButtonRole.ActionRole) -> QPushButton:
        button = self.buttons.addButton(text, role)
        button.clicked.connect(handler)
        return button

    # -- the list ---------------------------------------------------------------------------

    def refresh(self, select: Path | None = None) -> None:
        self.list.clear()
        maintenance = self._library.maintenance
        for path in [*maintenance.list_backups(), *maintenance.set_aside_databases()]:
            stat = path.stat()
            moment = dt.datetime.fromtimestamp(stat.st_mtime)
            item = QTreeWidgetItem([moment.strftime("%Y-%m-%d %H:%M:%S"), self._kind(path),
                                    readable_size(stat.st_size)])
            item.setData(0, PathRole, str(path))
            item.setToolTip(0, str(path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
            if path == select:
                self.list.setCurrentItem(item)
        if not self.list.topLevelItemCount():
            self.status.setText(self.tr("还没有备份。点「立即备份」备份一次。"))
        self._update_buttons()

    def _kind(self, path: Path) -> str:
        """The reason the archive wrote into the backup's name (archive-STAMP-REASON.sqlite3)."""
        if ".replaced-" in path.name:
            return self.tr("恢复前的数据库")
        reason = path.stem.rsplit("-", 1)[-1]
        if reason == "manual":
            return self.tr("手动")
        if reason == "daily":
            return self.tr("每日自动")
        if reason.startswith("before"):  # before-vN: written before a database upgrade
            return self.tr("升级前自动")
        return ""

    def backups(self) -> list[Path]:
        return [Path(self.list.topLevelItem(r).data(0, PathRole))
                for r in range(self.list.topLevelItemCount())]

    def selected_backup(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(0, PathRole)) if item is not None else None

    def _update_buttons(self) -> None:
        library = self._library
        # A damaged archive cannot be backed up, but is just what a restore is for.
        can_restore = library.damage is not None or not library.read_only
        self.backup_button.setEnabled(not self._working and not library.read_only)
        self.backup_to_button.setEnabled(not self._working and not library.read_only)
        self.restore_button.setEnabled(not self._working and can_restore
                                       and self.selected_backup() is not None)
        self.folder_button.setEnabled(not self._working)
        self.close_button.setEnabled(not self._working)

    def _open_folder(self) -> None:
        folder = self._library.backups_folder
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- backing up and restoring -----------------------------------------------------------

    def backup_now(self) -> None:
        library = self._library
        self._start("backup", lambda _context: library.maintenance.backup(), self._backed_up,
                    self.tr("正在备份…"))

    def choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("备份到（另一个文件夹或移动硬盘）"))
        if folder:
            self.backup_to(Path(folder))

    def backup_to(self, folder: Path) -> None:
        """A backup of the database, copied to `folder` (another drive survives this one)."""
        library = self._library
        self._start("backup", lambda _context: shutil.copy2(library.maintenance.backup(), folder),
                    self._backed_up, self.tr("正在备份…"))

    def _backed_up(self, path: Path) -> None:
        self._stop()
        self.refresh(select=Path(path))
        self.status.setText(fill(self.tr("已备份到 %1"), path))
        self.backed_up.emit(path)

    def restore_selected(self) -> None:
        backup = self.selected_backup()
        if backup is None or not self.restore_button.isEnabled():
            return
        when = self.list.currentItem().text(0)
        answer = QMessageBox.question(
            self, self.tr("从备份恢复"),
            fill(self.tr("用 %1 的备份替换当前案例库？\n\n"
                         "这个时间以后新增、修改、删除的案例，恢复后都不会在案例库中。"
                         "当前的数据库不会删除，会改名留在案例库文件夹中（%2）。\n\n"
                         "恢复后会重建搜索索引，可能需要几分钟。"), when, self._library.folder),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        library = self._library
        # Restoring cannot be interrupted halfway: the dialog stays until it is done.
        self._start("restore",
                    lambda context: library.maintenance.restore_backup(backup, progress=context.progress),
                    lambda _result: self._restored(backup, when), self.tr("正在恢复…"))

    def _restored(self, backup: Path, when: str) -> None:
        self._stop()
        self.refresh(select=backup)
        self.status.setText(fill(self.tr("已恢复到 %1 的备份，搜索索引已重建。"), when))
        self.restored.emit(backup)

    def _start(self, name: str, work: Callable[[TaskContext], object],
               on_success: Callable[[Any], None], message: str) -> None:
        self._working = True
        display = ProgressDisplay(self.status, self.progress)
        display.busy(message)
        self._update_buttons()
        Operation(self._runner, work, name=name, on_success=on_success, on_failure=self._failed,
                  display=display,
                  step_text=lambda done, total, what: fill(self.tr("%1（%2/%3）"), what, done, total),
                  ).start()

    def _stop(self) -> None:
        self._working = False
        self.progress.hide()
        self._update_buttons()

    def _failed(self, error: Exception) -> None:
        self._stop()
        self.status.setText(self.tr("操作失败：") + str(error))

    def reject(self) -> None:
        if not self._working:  # Escape while a backup or restore is running changes nothing.
            super().reject()
