"""Revision history of a case: look at an earlier version and make it current again."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from archive.library import Library
from ui.geometry import fit_to_screen
from ui.i18n import fill


class HistoryDialog(QDialog):
    revision_restored = Signal(object)

    def __init__(self, library: Library, case_id: str, parent=None) -> None:
        super().__init__(parent)
        self._library, self._case_id = library, case_id
        self._revisions = library.revisions(case_id)
        self.setWindowTitle(self.tr("修改历史"))
        fit_to_screen(self, 820, 520)
        self.list = QListWidget()
        for revision in self._revisions:
            self.list.addItem(fill(self.tr("第 %1 版  %2"), revision.number,
                                   f"{revision.saved_at:%Y-%m-%d %H:%M}"))
        self.preview = QTextBrowser()
        self.list.currentRowChanged.connect(self._show)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setSizes([220, 600])
        self.restore_button = QPushButton(self.tr("恢复为这一版"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_current)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(buttons)
        if not self._revisions:
            self.preview.setHtml(self.tr("这个案例还没有修改过。"))
        else:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        self.restore_button.setEnabled(row >= 0)
        if row < 0:
            return
        revision = self._revisions[row]
        self.preview.setHtml(f"<h3>{html.escape(revision.title)}</h3>"
                             f"<p style='color:#666'>{html.escape(revision.unit)}</p>")
        self.preview.append("")
        self.preview.insertPlainText(revision.body)

    def restore_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        revision = self._revisions[row]
        answer = QMessageBox.question(
            self, self.tr("恢复"),
            fill(self.tr("把案例恢复为第 %1 版？当前内容会保存为新的历史版本。"), revision.number))
        if answer == QMessageBox.StandardButton.Yes:
            case = self._library.restore_revision(self._case_id, revision.number)
            self.revision_restored.emit(case)
            self.accept()
