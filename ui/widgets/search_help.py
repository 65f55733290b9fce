"""The query syntax, shown in a popup under the search box (closes on the next click elsewhere)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def query_help() -> str:
    return QCoreApplication.translate("MainWindow", """<b>检索语法</b><br>
防汛 预警 — 两个词都要出现<br>
防汛 OR 抗旱 — 出现其中之一<br>
-演练 — 排除含“演练”的案例<br>
"叫应机制" — 整个短语<br>
标题:台风 &nbsp; 单位:气象局 &nbsp; 正文:预警 &nbsp; 标签:防汛<br>
日期:2024 &nbsp; 日期:2023-06..2024-06<br>
繁体和简体互相匹配，词的一部分也能找到。""")


class SearchHelpPopup(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("search-help")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(query_help())
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.addWidget(self.label)

    def show_below(self, anchor: QWidget) -> None:
        self.adjustSize()
        self.move(anchor.mapToGlobal(QPoint(0, anchor.height() + 2)))
        self.show()
