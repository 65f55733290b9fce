"""Revision history of a case: look at an earlier version, see what an edit changed, make a version
current again."""

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
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
)

from archive.library import Library, Revision, body_html
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.language import FollowsLanguage
from ui.text_diff import inline_diff_html


class HistoryDialog(FollowsLanguage, QDialog):
    revision_restored = Signal(object)

    def __init__(self, library: Library, case_id: str, parent=None) -> None:
        super().__init__(parent)
        self._library, self._case_id = library, case_id
        self._revisions = library.revisions(case_id)
        self._current = library.get_case(case_id)
        self.setWindowTitle(self.tr("修改历史"))
        fit_to_screen(self, 820, 520)
        self.list = QListWidget()
        self.list.addItems([""] * len(self._revisions))
        self.preview = QTextBrowser()
        self.changes = QTextBrowser()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, self.tr("这一版"))
        self.tabs.addTab(self.changes, self.tr("此后的改动"))
        self.list.currentRowChanged.connect(self._show)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.tabs)
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
        self.keep_filled("versions", self._name_versions)
        if not self._revisions:
            self.keep_filled("preview", lambda: self.preview.setHtml(self.tr("这个案例还没有修改过。")))
        else:
            self.list.setCurrentRow(0)

    def _name_versions(self) -> None:
        for row, revision in enumerate(self._revisions):
            self.list.item(row).setText(fill(self.tr("第 %1 版  %2"), revision.number,
                                             f"{revision.saved_at:%Y-%m-%d %H:%M}"))

    def _show(self, row: int) -> None:
        self.restore_button.setEnabled(row >= 0 and not self._library.read_only)  # 只读 cannot
        if row >= 0:
            self.keep_filled("preview", lambda: self._preview(row))

    def _preview(self, row: int) -> None:
        revision = self._revisions[row]
        self.preview.setHtml(f"<h2>{html.escape(revision.title)}</h2>"
                             f"<p style='color:#666'>{html.escape(revision.unit)}</p>"
                             f"{body_html(revision.body)}")
        # What the edit after this version changed: against the next newer one, or the current case.
        newer = self._revisions[row - 1] if row > 0 else self._current
        heading = (fill(self.tr("从第 %1 版到第 %2 版的改动："), revision.number, newer.number)
                   if row > 0 else fill(self.tr("从第 %1 版到当前内容的改动："), revision.number))
        self.changes.setHtml(f"<p style='color:#666'>{html.escape(heading)}</p>"
                             + inline_diff_html(_as_text(revision), _as_text(newer)))

    def restore_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        revision = self._revisions[row]
        answer = QMessageBox.question(
            self, self.tr("恢复"),
            fill(self.tr("把案例恢复为第 %1 版？当前内容会保存为新的历史版本。"), revision.number))
        if answer == QMessageBox.StandardButton.Yes:
            case = self._library.cases.restore_revision(self._case_id, revision.number)
            self.revision_restored.emit(case)
            self.accept()


def _as_text(version: Revision) -> str:
    """A version's title, unit and body as lines to compare (a Case has the same fields)."""
    return "\n".join((version.title, version.unit, version.body))
