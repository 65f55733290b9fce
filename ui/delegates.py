"""Painting a result row: highlighted title, a quiet metadata line, coloured tag chips, snippet."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.models.results import DateRole, SnippetRole, TagsRole, TitleHtmlRole, UnitRole

_PADDING = 8
_CHIP_GAP = 4


def chip_color(tag_colors: dict[str, str], tag: str) -> QColor:
    return QColor(tag_colors.get(tag, "#7f8c8d"))


class ResultDelegate(QStyledItemDelegate):
    """Rows in the style of a reference manager: two or three lines, no grid."""

    def __init__(self, tag_colors: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self._tag_colors = tag_colors

    def _html(self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem,
              selected: bool) -> tuple[QTextDocument, QTextDocument | None]:
        text_color = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text).name()
        title = QTextDocument()
        title.setDefaultFont(option.font)
        title.setDefaultStyleSheet(f"body {{ color: {text_color}; }} b {{ color: #c0392b; }}")
        title.setHtml(f"<body><span style='font-size:large; font-weight:600'>"
                      f"{index.data(TitleHtmlRole)}</span></body>")
        snippet_html = index.data(SnippetRole) or ""
        snippet = None
        if snippet_html:
            snippet = QTextDocument()
            snippet.setDefaultFont(option.font)
            muted = text_color if selected else "#555555"
            snippet.setDefaultStyleSheet(
                f"body {{ color: {muted}; }} b {{ color: #c0392b; background: #fff3c4; }}")
            snippet.setHtml(f"<body>{snippet_html}</body>")
        return title, snippet

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        width = option.rect.width() - 2 * _PADDING
        title, snippet = self._html(index, option, selected)
        title.setTextWidth(width)
        y = option.rect.top() + _PADDING // 2
        painter.translate(option.rect.left() + _PADDING, y)
        title.drawContents(painter)
        painter.translate(0, title.size().height())
        self._paint_meta(painter, option, index, selected, width)
        painter.translate(0, QFontMetrics(option.font).height() + 6)
        if snippet is not None:
            snippet.setTextWidth(width)
            snippet.drawContents(painter, QRectF(0, 0, width, snippet.size().height()))
        painter.restore()
        painter.save()
        painter.setPen(QColor("#e3e3e3"))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def _paint_meta(self, painter: QPainter, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex, selected: bool, width: int) -> None:
        metrics = QFontMetrics(option.font)
        meta = "  ·  ".join(p for p in (index.data(DateRole), index.data(UnitRole)) if p)
        painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText) if selected
                       else QColor("#777777"))
        painter.drawText(0, metrics.ascent() + 2, meta)
        x = metrics.horizontalAdvance(meta) + (12 if meta else 0)
        for tag in index.data(TagsRole) or []:
            chip_width = metrics.horizontalAdvance(tag) + 12
            if x + chip_width > width:
                break
            color = chip_color(self._tag_colors, tag)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color.lighter(170))
            painter.drawRoundedRect(QRectF(x, 1, chip_width, metrics.height() + 2), 8, 8)
            painter.setPen(color.darker(130))
            painter.drawText(int(x + 6), metrics.ascent() + 2, tag)
            x += chip_width + _CHIP_GAP

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        width = (view.viewport().width() if view is not None else option.rect.width()) or 400
        title, snippet = self._html(index, option, selected=False)
        title.setTextWidth(width - 2 * _PADDING)
        height = title.size().height() + QFontMetrics(option.font).height() + 6
        if snippet is not None:
            snippet.setTextWidth(width - 2 * _PADDING)
            height += snippet.size().height()
        return QSize(width, int(height + _PADDING * 1.5))
