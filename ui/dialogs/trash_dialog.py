"""The trash: restore cases, or delete them for good after asking."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from archive.library import ADMIN_ROLE, Library
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.roles import IdRole


class TrashDialog(QDialog):
    cases_restored = Signal(list)

    def __init__(self, library: Library, parent=None) -> None:
        super().__init__(parent)
        self._library = library
        self.setWindowTitle(self.tr("回收站"))
        fit_to_screen(self, 560, 420)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.restore_button = QPushButton(self.tr("恢复"))
        self.purge_button = QPushButton(self.tr("彻底删除"))
        self.empty_button = QPushButton(self.tr("清空回收站"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.empty_button.clicked.connect(self.empty)
        buttons = QHBoxLayout()
        for button in (self.restore_button, self.purge_button, self.empty_button):
            buttons.addWidget(button)
        buttons.addStretch()
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for trashed in self._library.trash.list():
            item = QListWidgetItem(f"{trashed.title}    {trashed.deleted_at:%Y-%m-%d %H:%M}")
            item.setData(IdRole, trashed.id)
            self.list.addItem(item)
        has_items = self.list.count() > 0
        if has_items:
            self.hint.setText(fill(self.tr("共 %1 个案例。恢复后回到原处；彻底删除后不能找回。"),
                                   self.list.count()))
        else:
            self.hint.setText(self.tr("回收站是空的。删除的案例会先放在这里，可以恢复。"))
        # Restoring and purging are 管理's on a shared archive (the server refuses them anyway).
        allowed = self._library.role == ADMIN_ROLE and not self._library.read_only
        if has_items and not allowed:
            self.hint.setText(self.hint.text() + self.tr("只有管理员可以恢复或彻底删除。"))
        for button in (self.restore_button, self.purge_button, self.empty_button):
            button.setEnabled(has_items and allowed)

    def _selected_ids(self) -> list[str]:
        return [item.data(IdRole) for item in self.list.selectedItems()]

    def restore_selected(self) -> None:
        ids = self._selected_ids()
        if ids:
            self._library.trash.restore(ids)
            self.cases_restored.emit(ids)
            self.refresh()

    def purge_selected(self) -> None:
        ids = self._selected_ids()
        if ids and self._confirm(len(ids)):
            self._library.trash.purge(ids)
            self.refresh()

    def empty(self) -> None:
        if self.list.count() and self._confirm(self.list.count()):
            self._library.trash.empty()
            self.refresh()

    def _confirm(self, count: int) -> bool:
        return QMessageBox.question(
            self, self.tr("彻底删除"),
            fill(self.tr("彻底删除 %1 个案例？此操作不能撤销。"), count),
        ) == QMessageBox.StandardButton.Yes
