"""The right-hand pane: a case as a reader sees it, with the query's words highlighted."""

from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from archive.library import Case, Library, body_html
from ui.i18n import format_date

_ATTACHMENT = "attachment:"


class CaseReader(QTextBrowser):
    """Shows one case; links open attachments and the original file in the system's app."""

    history_requested = Signal(str)
    edit_requested = Signal(str)
    case_shown = Signal(object)
    """The Case on show, or None."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.document().setDocumentMargin(16)
        # Every paragraph alike, the first too (a style on an enclosing div reaches only the first).
        self.document().setDefaultStyleSheet("p { line-height: 160%; margin-top: 0; margin-bottom: 8px; }")
        self._library: Library | None = None
        self._case: Case | None = None
        self.show_empty()

    @property
    def case(self) -> Case | None:
        return self._case

    def show_empty(self, notice: str = "") -> None:
        """No case: a hint to choose one, or `notice` when there is something to say instead."""
        self._case = None
        text = html.escape(notice).replace("\n", "<br>") if notice else self.tr("在左侧列表中选择一个案例")
        self.setHtml(f"<p style='color:#888; margin-top:40px' align='center'>{text}</p>")
        self.case_shown.emit(None)

    def show_case(self, library: Library, case: Case, query: str = "") -> None:
        self._library, self._case = library, case
        self.setHtml(self._render(library, case))
        if query.strip():
            self._highlight(library, query)
        self.case_shown.emit(case)

    def _render(self, library: Library, case: Case) -> str:
        meta = " · ".join(html.escape(p) for p in (
            format_date(case.date) if case.date else self.tr("日期不详"),
            case.unit, case.source and self.tr("来源：") + case.source,
            case.author and self.tr("作者：") + case.author) if p)
        chips = " ".join(
            f"<span style='background:#eef2f7; color:#34495e'>&nbsp;{html.escape(t)}&nbsp;</span>"
            for t in case.tags)
        body = body_html(case.body)  # headings found as the Word export finds them
        # Qt draws no cell borders unless asked: without them a table reads as loose text.
        body = body.replace("<table>", "<table border='1' cellspacing='0' cellpadding='4' style='"
                                       "border-collapse:collapse; border-style:solid; border-color:#98a4b0'>")
        for attachment in case.attachments:
            url = QUrl.fromLocalFile(str(library.file_path(attachment))).toString()
            body = body.replace(f'src="{_ATTACHMENT}{attachment.name}"', f'src="{url}"')
        original_label, attachments_label = self.tr("原始文件"), self.tr("附件")
        files = [f"<a href='file:{html.escape(a.sha256)}'>{html.escape(a.name)}</a>"
                 for a in case.attachments]
        if case.original:
            files.append(f"<a href='file:{case.original.sha256}'>"
                         f"{original_label}：{html.escape(case.original.name)}</a>")
        footer = ""
        if files:
            footer = f"<hr><p><b>{attachments_label}</b><br>" + "<br>".join(files) + "</p>"
        return (f"<h2 style='font-weight:600'>{html.escape(case.title)}</h2>"
                f"<p style='color:#666'>{meta}</p><p>{chips}</p><hr>{body}{footer}")

    def _highlight(self, library: Library, query: str) -> None:
        marker = QTextCharFormat()
        marker.setBackground(QColor("#fff3c4"))
        marker.setForeground(QColor("#c0392b"))
        text = self.document().toPlainText()
        cursor = QTextCursor(self.document())
        for start, end in library.highlight_spans(text, query):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(marker)

    def _open_link(self, url: QUrl) -> None:
        if self._case is None or self._library is None:
            return
        target = url.toString()
        if target.startswith("file:"):
            wanted = target.removeprefix("file:")
            files = [*self._case.attachments, *([self._case.original] if self._case.original else [])]
            for attachment in files:
                if attachment.sha256 == wanted:
                    self._open_file(attachment)
                    return
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def _open_file(self, attachment) -> None:
        """Open a copy named like the original, so the system picks the right application."""
        folder = Path(tempfile.gettempdir()) / "casearchive-open" / attachment.sha256[:12]
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / attachment.name
        if not copy.exists():
            shutil.copyfile(self._library.file_path(attachment), copy)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))


class ReaderPane(QWidget):
    """The reader with 编辑 and 修改历史 as buttons above it, enabled while a case is on show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = CaseReader()
        self.edit_button = QPushButton(self.tr("编辑"))
        self.history_button = QPushButton(self.tr("修改历史"))
        self.edit_button.clicked.connect(lambda: self.reader.edit_requested.emit(self.reader.case.id))
        self.history_button.clicked.connect(
            lambda: self.reader.history_requested.emit(self.reader.case.id))
        self._editable = True
        self.reader.case_shown.connect(self._enable)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(8, 4, 8, 0)
        buttons.addStretch()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(buttons)
        layout.addWidget(self.reader, 1)
        self._enable(None)

    def set_editable(self, editable: bool) -> None:
        """A read-only archive shows its cases without 编辑."""
        self._editable = editable
        self._enable(self.reader.case)

    def _enable(self, case: Case | None) -> None:
        self.edit_button.setEnabled(case is not None and self._editable)
        self.history_button.setEnabled(case is not None)
