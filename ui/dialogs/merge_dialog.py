"""冲突: a save over a newer version was refused. The newest version (saved by someone else) and the
user's edit side by side: the other fields that differ (title, tags, unit, date, …) in a table, each
with a choice of value, and the bodies with their differences marked; 用我的, 用他们的, or 编辑合并结果
— both sets of changes merged against the version the user started from (three-way,
`merge_edits`: tags added or removed on either side, each other field changed on one side taken,
passages of the body both changed marked 〔冲突〕 for the user to settle in the editor)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive.library import Case, CaseDraft, Revision, field_value, merge_edits
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.text_diff import side_by_side_html

MINE, THEIRS, MERGED = "mine", "theirs", "merged"


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
                 base: Revision | None, parent: QWidget | None = None) -> None:
        """`base`: the version the user's edit started from (None when it is no longer kept)."""
        super().__init__(parent)
        theirs = dataclasses.replace(theirs, body=as_the_editor_writes(theirs.body))
        mine = dataclasses.replace(mine, body=as_the_editor_writes(mine.body))
        if base is not None:
            base = dataclasses.replace(base, body=as_the_editor_writes(base.body))
        markers = (self.tr("〔冲突：我的修改〕"), self.tr("〔冲突：他人的修改〕"), self.tr("〔冲突结束〕"))
        self._merged = merge_edits(base, mine, theirs, markers)
        self.setWindowTitle(self.tr("冲突：对照并合并"))
        fit_to_screen(self, 1100, 700)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b03a2e")
        self.field_choices: dict[str, tuple[QComboBox, list[object]]] = {}
        """Per differing field but the body: its choice box and the values it offers."""
        fields = self._field_table(theirs, mine)
        left_html, right_html = side_by_side_html(theirs.body, mine.body)
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
        layout.addLayout(fields)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def merged(self) -> CaseDraft:
        """Both sides' changes, each differing field as chosen in the table (the merge's by default),
        the body merged with 〔冲突〕 marks where both changed a passage."""
        chosen = {field: values[box.currentIndex()] for field, (box, values) in self.field_choices.items()}
        return dataclasses.replace(self._merged.draft, **chosen)

    def _field_table(self, theirs: Case, mine: CaseDraft) -> QGridLayout:
        names = {"title": self.tr("标题"), "unit": self.tr("报送单位"), "source": self.tr("来源"),
                 "author": self.tr("作者"), "date": self.tr("日期"), "tags": self.tr("标签")}
        table = QGridLayout()
        differing = [f for f in self._merged.differing if f != "body"]
        if differing:
            headings = (self.tr("最新版本"), self.tr("我的修改"), self.tr("保存为"))
            for column, heading in enumerate(headings, 1):
                table.addWidget(QLabel(heading), 0, column)
        for row, field in enumerate(differing, 1):
            offered = {self.tr("合并双方"): field_value(self._merged.draft, field),
                       self.tr("最新版本"): field_value(theirs, field),
                       self.tr("我的"): field_value(mine, field)}
            box, values = QComboBox(), []
            for label, value in offered.items():
                if value not in values:
                    values.append(value)
                    box.addItem(f"{label}：{self._shown(value)}")
            self.field_choices[field] = (box, values)
            both = field in self._merged.conflicting
            name = QLabel(fill(self.tr("%1（双方都改过）"), names[field]) if both else names[field])
            if both:
                name.setStyleSheet("color:#b03a2e")
            table.addWidget(name, row, 0)
            table.addWidget(QLabel(self._shown(getattr(theirs, field))), row, 1)
            table.addWidget(QLabel(self._shown(getattr(mine, field))), row, 2)
            table.addWidget(box, row, 3)
        table.setColumnStretch(1, 1)
        table.setColumnStretch(2, 1)
        return table

    def _shown(self, value: object) -> str:
        if isinstance(value, (tuple, list)):
            return "、".join(value) or self.tr("（无）")
        return str(value) if value not in (None, "") else self.tr("（空）")

    def _choose(self, choice: str) -> None:
        self.accept()
        self.chosen.emit(choice)
