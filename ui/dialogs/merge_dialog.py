"""冲突: a save over a newer version was refused. The newest version (saved by someone else) and the
user's text side by side, the differences marked; 用我的, 用他们的, or 编辑合并结果 — both sets of
changes merged against the version the user started from (three-way, `merge3`), the places where
both changed the same passage marked 〔冲突〕 for the user to settle in the editor."""

from __future__ import annotations

import merge3
from PySide6.QtCore import Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive.library import Case, CaseDraft
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.text_diff import side_by_side_html

MINE, THEIRS, MERGED = "mine", "theirs", "merged"


def merged_body(base: str | None, mine: str, theirs: str, markers: tuple[str, str, str]) -> str:
    """Both sides' changes to `base`; where both changed the same lines, both versions between the
    three `markers` (start, middle, end), each on a paragraph of its own. Without a base, the
    user's text."""
    if base is None:
        return mine
    start, middle, end = (f"\n{marker}\n" for marker in markers)
    lines = merge3.Merge3(base.splitlines(True), mine.splitlines(True), theirs.splitlines(True))
    return "".join(lines.merge_lines(start_marker=start, mid_marker=middle, end_marker=end))


def as_the_editor_writes(markdown: str) -> str:
    """`markdown` as the editor writes it back (its own list, heading and line-break style), so that
    the stored versions line up with the editor's text line by line."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    return document.toMarkdown()


class MergeDialog(QDialog):
    chosen = Signal(str)
    """MINE, THEIRS or MERGED, once a button is pressed."""

    def __init__(self, message: str, theirs: Case, theirs_version: int, mine: CaseDraft,
                 base_body: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theirs_body = as_the_editor_writes(theirs.body)
        self._mine_body = as_the_editor_writes(mine.body)
        self._base_body = None if base_body is None else as_the_editor_writes(base_body)
        self.setWindowTitle(self.tr("冲突：对照并合并"))
        fit_to_screen(self, 1100, 700)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b03a2e")
        left_html, right_html = side_by_side_html(self._theirs_body, self._mine_body)
        self.theirs_view, self.mine_view = QTextBrowser(), QTextBrowser()
        self.theirs_view.setHtml(left_html)
        self.mine_view.setHtml(right_html)
        # One scroll bar moves both: the rows are aligned.
        self.theirs_view.verticalScrollBar().valueChanged.connect(self.mine_view.verticalScrollBar().setValue)
        self.mine_view.verticalScrollBar().valueChanged.connect(self.theirs_view.verticalScrollBar().setValue)
        columns = QGridLayout()
        columns.addWidget(QLabel(fill(self.tr("他人保存的最新版本（第 %1 版）：「%2」"), theirs_version,
                                      theirs.title)), 0, 0)
        columns.addWidget(QLabel(fill(self.tr("我的修改（未保存）：「%1」"), mine.title)), 0, 1)
        columns.addWidget(self.theirs_view, 1, 0)
        columns.addWidget(self.mine_view, 1, 1)

        self.mine_button = QPushButton(self.tr("用我的"))
        self.mine_button.setToolTip(self.tr("保存我的修改，作为最新版本之后的一版（他人的修改留在历史版本中）"))
        self.theirs_button = QPushButton(self.tr("用他们的"))
        self.theirs_button.setToolTip(self.tr("放弃我的修改，保留他人保存的最新版本"))
        self.merge_button = QPushButton(self.tr("编辑合并结果"))
        self.merge_button.setToolTip(self.tr("把双方的修改合在一起放回编辑器，检查后再保存"))
        cancel = QPushButton(self.tr("稍后再说"))
        cancel.setToolTip(self.tr("回到编辑器，我的文本仍在"))
        for button, choice in ((self.mine_button, MINE), (self.theirs_button, THEIRS),
                               (self.merge_button, MERGED)):
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mine_button)
        buttons.addWidget(self.theirs_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch()
        buttons.addWidget(cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def merged_body(self) -> str:
        markers = (self.tr("〔冲突：我的修改〕"), self.tr("〔冲突：他人的修改〕"), self.tr("〔冲突结束〕"))
        return merged_body(self._base_body, self._mine_body, self._theirs_body, markers)

    def _choose(self, choice: str) -> None:
        self.accept()
        self.chosen.emit(choice)
