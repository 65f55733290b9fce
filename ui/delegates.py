"""Painting a result row: highlighted title, a quiet metadata line, coloured tag chips, snippet."""

from __future__ import annotations

import datetime as dt
import html
import re

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.i18n import format_date
from ui.roles import DateRole, SnippetRole, TagsRole, TitleHtmlRole, UnitRole, UsedRole

_PADDING = 8
_CHIP_GAP = 4
_TAG = re.compile(r"<[^>]+>")


def chip_color(tag_colors: dict[str, str], tag: str) -> QColor:
    return QColor(tag_colors.get(tag, "#7f8c8d"))


class ResultDelegate(QStyledItemDelegate):
    """Rows in the style of a reference manager: two or three lines, no grid."""

    row_painted = Signal()

    def __init__(self, tag_colors: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self._tag_colors = tag_colors
        self._height_cache: dict[tuple, tuple[int, int]] = {}
        self._documents: dict[tuple, tuple[QTextDocument, QTextDocument | None]] = {}

    def _title_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def _html(self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem,
              selected: bool) -> tuple[QTextDocument, QTextDocument | None]:
        """The title and snippet documents, kept for the rows on screen: repaints reuse them."""
        key = (index.data(TitleHtmlRole), index.data(SnippetRole), selected, option.font.key())
        if key not in self._documents:
            if len(self._documents) > 300:
                self._documents.clear()
            self._documents[key] = self._make_html(index, option, selected)
        return self._documents[key]

    def _make_html(self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem,
                   selected: bool) -> tuple[QTextDocument, QTextDocument | None]:
        text_color = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text).name()
        title = QTextDocument()
        title.setDocumentMargin(0)
        title.setDefaultFont(self._title_font(option))
        title.setDefaultStyleSheet(f"body {{ color: {text_color}; }} b {{ color: #c0392b; }}")
        title.setHtml(f"<body>{index.data(TitleHtmlRole)}</body>")
        snippet_html = index.data(SnippetRole) or ""
        snippet = None
        if snippet_html:
            snippet = QTextDocument()
            snippet.setDocumentMargin(0)
            snippet.setDefaultFont(option.font)
            muted = text_color if selected else "#555555"
            snippet.setDefaultStyleSheet(
                f"body {{ color: {muted}; }} b {{ color: #c0392b; background: #fff3c4; }}")
            snippet.setHtml(f"<body>{snippet_html}</body>")
        return title, snippet

    def _heights(self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem,
                 width: int) -> tuple[int, int]:
        """Title and snippet heights from font metrics (cheap: a page of rows is laid out at once).

        The title gets at most two lines and the snippet three; paint clips to the same heights.
        """
        title, snippet = _plain(index.data(TitleHtmlRole)), _plain(index.data(SnippetRole))
        key = (title, snippet, width, option.font.key())
        if key not in self._height_cache:
            if len(self._height_cache) > 20_000:
                self._height_cache.clear()
            title_metrics, metrics = QFontMetrics(self._title_font(option)), QFontMetrics(option.font)
            bounds = QRect(0, 0, max(width, 50), 100_000)
            flags = Qt.TextFlag.TextWordWrap
            title_height = min(title_metrics.boundingRect(bounds, flags, title).height(),
                               2 * title_metrics.lineSpacing())
            snippet_height = min(metrics.boundingRect(bounds, flags, snippet).height(),
                                 3 * metrics.lineSpacing()) if snippet else 0
            self._height_cache[key] = (title_height + 2, snippet_height + (2 if snippet else 0))
        return self._height_cache[key]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        width = option.rect.width() - 2 * _PADDING
        title_height, snippet_height = self._heights(index, option, width)
        title, snippet = self._html(index, option, selected)
        title.setTextWidth(width)
        painter.translate(option.rect.left() + _PADDING, option.rect.top() + _PADDING // 2)
        title.drawContents(painter, QRectF(0, 0, width, title_height))
        painter.translate(0, title_height + 2)
        self._paint_meta(painter, option, index, selected, width)
        painter.translate(0, QFontMetrics(option.font).height() + 6)
        if snippet is not None:
            snippet.setTextWidth(width)
            snippet.drawContents(painter, QRectF(0, 0, width, snippet_height))
        painter.restore()
        painter.save()
        painter.setPen(QColor("#e3e3e3"))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()
        self.row_painted.emit()

    def _paint_meta(self, painter: QPainter, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex, selected: bool, width: int) -> None:
        metrics = QFontMetrics(option.font)
        date = index.data(DateRole)
        meta = "  ·  ".join(p for p in (format_date(dt.date.fromisoformat(date)) if date else "",
                                        index.data(UnitRole)) if p)
        painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText) if selected
                       else QColor("#777777"))
        painter.drawText(0, metrics.ascent() + 2, meta)
        x = metrics.horizontalAdvance(meta) + (12 if meta else 0)
        if index.data(UsedRole):
            # 已用于: a quiet outlined mark, apart from the coloured tag chips.
            mark = QCoreApplication.translate("ResultDelegate", "已用于")
            mark_width = metrics.horizontalAdvance(mark) + 10
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QColor("#2e7d57") if not selected
                           else option.palette.color(QPalette.ColorRole.HighlightedText))
            painter.drawRoundedRect(QRectF(x, 1, mark_width, metrics.height() + 2), 3, 3)
            painter.drawText(int(x + 5), metrics.ascent() + 2, mark)
            x += mark_width + 8
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
        # The vertical scroll bar's width is always left free: when it appears, rows still fit.
        width = (view.width() - 2 * view.frameWidth() - view.verticalScrollBar().sizeHint().width()
                 if view is not None else option.rect.width()) or 400
        title_height, snippet_height = self._heights(index, option, width - 2 * _PADDING)
        height = title_height + 2 + QFontMetrics(option.font).height() + 6 + snippet_height
        return QSize(width, int(height + _PADDING * 1.5))


def _plain(html_text: str | None) -> str:
    return html.unescape(_TAG.sub("", html_text or ""))
