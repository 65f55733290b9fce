"""The right-hand pane: a case as a reader sees it, with the query's words highlighted."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMessageBox, QTextBrowser

from archive.library import ArchiveError, Case, Library, body_html

_ATTACHMENT = "attachment:"


class CaseReader(QTextBrowser):
    """Shows one case; links open attachments and the original file in the system's app."""

    history_requested = Signal(str)
    edit_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.document().setDocumentMargin(16)
        self._library: Library | None = None
        self._case: Case | None = None
        self._allowed_images: set[str] = set()
        self.show_empty()

    @property
    def case(self) -> Case | None:
        return self._case

    def show_empty(self, notice: str = "") -> None:
        """No case: a hint to choose one, or `notice` when there is something to say instead."""
        self._case = None
        self._allowed_images = set()
        text = html.escape(notice).replace("\n", "<br>") if notice else self.tr("在左侧列表中选择一个案例")
        self.setHtml(f"<p style='color:#888; margin-top:40px' align='center'>{text}</p>")

    def show_case(self, library: Library, case: Case, query: str = "") -> None:
        self._library, self._case = library, case
        self.setHtml(self._render(library, case))
        if query.strip():
            self._highlight(library, query)

    def _render(self, library: Library, case: Case) -> str:
        meta = " · ".join(html.escape(p) for p in (
            case.date.strftime("%Y年%m月%d日") if case.date else self.tr("日期不详"),
            case.unit, case.source and self.tr("来源：") + case.source,
            case.author and self.tr("作者：") + case.author) if p)
        chips = " ".join(
            f"<span style='background:#eef2f7; color:#34495e'>&nbsp;{html.escape(t)}&nbsp;</span>"
            for t in case.tags)
        body = body_html(case.body)  # headings found as the Word export finds them
        # Qt draws no cell borders unless asked: without them a table reads as loose text.
        body = body.replace("<table>", "<table border='1' cellspacing='0' cellpadding='4' style='"
                                       "border-collapse:collapse; border-style:solid; border-color:#98a4b0'>")
        self._allowed_images = set()
        for attachment in case.attachments:
            path = str(library.file_path(attachment))
            self._allowed_images.add(QUrl.fromLocalFile(path).toLocalFile())
            body = body.replace(f'src="{_ATTACHMENT}{attachment.name}"',
                                f'src="{QUrl.fromLocalFile(path).toString()}"')
        original_label, attachments_label = self.tr("原始文件"), self.tr("附件")
        edit_label, history_label = self.tr("编辑"), self.tr("修改历史")
        files = [f"<a href='file:{html.escape(a.sha256)}'>{html.escape(a.name)}</a>"
                 for a in case.attachments]
        if case.original:
            files.append(f"<a href='file:{case.original.sha256}'>"
                         f"{original_label}：{html.escape(case.original.name)}</a>")
        footer = ""
        if files:
            footer = f"<hr><p><b>{attachments_label}</b><br>" + "<br>".join(files) + "</p>"
        actions = (f"<p><a href='edit:'>{edit_label}</a> &nbsp; "
                   f"<a href='history:'>{history_label}</a></p>")
        return (f"<h2 style='font-weight:600'>{html.escape(case.title)}</h2>"
                f"<p style='color:#666'>{meta}</p><p>{chips}</p>{actions}<hr>"
                f"<div style='line-height:160%'>{body}</div>{footer}")

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
        if target == "edit:":
            self.edit_requested.emit(self._case.id)
        elif target == "history:":
            self.history_requested.emit(self._case.id)
        elif target.startswith("file:"):
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
        try:
            copy = self._library.copy_to_open(attachment)
        except (ArchiveError, OSError) as error:
            QMessageBox.warning(self, self.tr("无法打开附件"),
                                self.tr("无法打开附件「{0}」：{1}").format(attachment.name, error))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))

    def loadResource(self, kind: int, url: QUrl) -> object:  # noqa: N802 (Qt's name)
        """Only the current case's own image files are ever read: no remote address, no
        `file://host/share` (on Windows that reaches a network share and can leak credentials)."""
        if self._allowed_images and url.isLocalFile() and not url.host() \
                and url.toLocalFile() in self._allowed_images:
            return super().loadResource(kind, url)
        return None
