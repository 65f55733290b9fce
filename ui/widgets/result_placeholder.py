"""What the result column shows instead of an empty list: an invitation, or why nothing was found."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from archive.library import QueryExplanation
from ui.i18n import fill


class ResultPlaceholder(QWidget):
    """An empty archive invites 导入 or dropping files; a search without hits says how it was read
    and offers to drop the filters or to search the repaired query."""

    import_requested = Signal()
    new_case_requested = Signal()
    clear_filters_requested = Signal()
    query_fix_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholder")
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.import_button = QPushButton(self.tr("导入文件…"))
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.import_requested)
        self.new_button = QPushButton(self.tr("新建案例"))
        self.new_button.clicked.connect(self.new_case_requested)
        self.clear_filters_button = QPushButton(self.tr("清除筛选再找"))
        self.clear_filters_button.clicked.connect(self.clear_filters_requested)
        self.fix_button = QPushButton()
        self.fix_button.clicked.connect(lambda: self.query_fix_requested.emit(self._repaired))
        self._repaired = ""
        buttons = QHBoxLayout()
        for button in (self.import_button, self.new_button, self.clear_filters_button, self.fix_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 24, 16, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addStretch()

    def show_empty_archive(self, writable: bool) -> None:
        self.heading.setText(self.tr("案例库还是空的"))
        self.detail.setText(self.tr("点「导入文件…」，或把 Word、PDF、网页、文本文件（或整个文件夹）"
                                    "拖到窗口里，就能开始检索和汇编。") if writable
                            else self.tr("这个案例库是只读的，不能导入。"))
        self._show_buttons(importing=writable)

    def show_no_hits(self, query: str, explanation: QueryExplanation, filtered: bool) -> None:
        self.heading.setText(fill(self.tr("没有找到「%1」"), query.strip()) if query.strip()
                             else self.tr("没有找到符合筛选条件的案例"))
        lines = []
        if explanation.parts:
            lines.append(fill(self.tr("检索理解为：%1（各项都要满足，「或」连接的满足其一即可）"),
                              html.escape(" ".join(explanation.parts))))
        if explanation.problems:
            lines.append(fill(self.tr("可能输错了：%1。"), html.escape("；".join(explanation.problems))))
        if filtered:
            lines.append(self.tr("左侧勾选的筛选条件也限制了结果。"))
        if not explanation.problems:
            lines.append(self.tr("试试换个说法、少写几个词，或点右上角的「?」看检索语法。"))
        self.detail.setText("<br>".join(lines))
        self._repaired = explanation.repaired
        self.fix_button.setText(fill(self.tr("改为检索「%1」"), explanation.repaired))
        self._show_buttons(filtered=filtered, fixable=bool(explanation.problems and explanation.repaired))

    def _show_buttons(self, *, importing: bool = False, filtered: bool = False,
                      fixable: bool = False) -> None:
        self.import_button.setVisible(importing)
        self.new_button.setVisible(importing)
        self.clear_filters_button.setVisible(filtered)
        self.fix_button.setVisible(fixable)
