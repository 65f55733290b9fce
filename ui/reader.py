"""The right-hand pane: a case as a reader sees it, with the query's words highlighted."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QDesktopServices, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive.library import ArchiveError, BriefingItem, Case, ChangeEvent, Library
from ui.i18n import fill, format_date

_ATTACHMENT = "attachment:"


def reader_body(case: Case) -> str:
    """The case's body as the reader shows it: text to HTML only, so a worker may run it (a long
    case takes tens of milliseconds)."""
    # Imported here: Markdown and lxml.html load with the first case shown, not before the window's
    # first results.
    from archive.library import body_html

    body = body_html(case.body)  # headings found as the Word export finds them
    # Qt draws no cell borders unless asked: without them a table reads as loose text.
    return body.replace("<table>", "<table border='1' cellspacing='0' cellpadding='4' style='"
                                   "border-collapse:collapse; border-style:solid; border-color:#98a4b0'>")


class CaseReader(QTextBrowser):
    """Shows one case; links open attachments and the original file in the system's app."""

    history_requested = Signal(str)
    edit_requested = Signal(str)
    excerpt_taken = Signal(object)  # a BriefingItem for the basket
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
        self._query = ""
        self._body = ""
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
        self.case_shown.emit(None)

    def show_case(self, library: Library, case: Case, query: str = "", body: str | None = None) -> None:
        """`body`: the case's `reader_body`, when a worker made it already."""
        self._library, self._case, self._query = library, case, query
        self._body = reader_body(case) if body is None else body
        self.setHtml(self._render(library, case))
        if query.strip():
            self._highlight(library, query)
        self.case_shown.emit(case)

    def library_changed(self, event: ChangeEvent) -> None:
        """A briefing kept, deleted or restored: the case on show says where it is used now,
        staying where the reader had scrolled to."""
        library, case = self._library, self._case
        if event.kind != "briefings" or library is None or case is None or library.damage:
            return
        position = self.verticalScrollBar().value()
        self.setHtml(self._render(library, case))
        if self._query.strip():
            self._highlight(library, self._query)
        self.verticalScrollBar().setValue(position)

    def _render(self, library: Library, case: Case) -> str:
        meta = " · ".join(html.escape(p) for p in (
            format_date(case.date) if case.date else self.tr("日期不详"),
            case.unit, case.source and self.tr("来源：") + case.source,
            case.author and self.tr("作者：") + case.author) if p)
        chips = " ".join(
            f"<span style='background:#eef2f7; color:#34495e'>&nbsp;{html.escape(t)}&nbsp;</span>"
            for t in case.tags)
        body = self._body
        self._allowed_images = set()
        for attachment in case.attachments:
            path = str(library.file_path(attachment))
            self._allowed_images.add(QUrl.fromLocalFile(path).toLocalFile())
            body = body.replace(f'src="{_ATTACHMENT}{attachment.name}"',
                                f'src="{QUrl.fromLocalFile(path).toString()}"')
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
                f"<p style='color:#666'>{meta}</p><p>{chips}</p>{self._used_in(library, case)}<hr>"
                f"{body}{footer}")

    def _used_in(self, library: Library, case: Case) -> str:
        """已用于: the kept briefings that used the case, whole or in part."""
        uses = []
        if library.damage:
            return ""
        for record in library.briefings.list(case_id=case.id):
            issue = fill(self.tr("第%1期"), record.issue) if record.issue else ""
            whole = any(i.case_id == case.id and not i.is_excerpt for i in record.items)
            part = "" if whole else self.tr("（摘录）")
            uses.append(html.escape(f"{record.title}{issue}{part} {record.issue_date.isoformat()}"))
        if not uses:
            return f"<p style='color:#888'>{self.tr('尚未用于简报或汇编')}</p>"
        return f"<p style='color:#666'>{self.tr('已用于：')}{'；'.join(uses)}</p>"

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The usual menu, plus 加入简报篮 for the selected paragraphs and 摘录本节 for the section
        under the pointer (or the selection)."""
        menu = self.createStandardContextMenu(event.pos())
        if self._case is not None and self._library is not None:
            selected = self.textCursor().selectedText()
            under = self.cursorForPosition(event.pos()).block().text()
            menu.addSeparator()
            add = menu.addAction(self.tr("加入简报篮（摘录选中段落）"), lambda: self.take_excerpt(selected))
            add.setEnabled(bool(selected.strip()))
            section = menu.addAction(self.tr("摘录本节"),
                                     lambda: self.take_excerpt(selected or under, whole_section=True))
            section.setEnabled(bool((selected or under).strip()))
        menu.exec(event.globalPos())

    def take_excerpt(self, selected: str, *, whole_section: bool = False) -> BriefingItem | None:
        """The blocks `selected` covers (or their whole section) as an excerpt, sent to the basket."""
        library, case = self._library, self._case
        if library is None or case is None:
            return None
        try:
            find = library.section_blocks if whole_section else library.selection_blocks
            item = library.excerpt(case.id, *find(case.body, selected))
        except ArchiveError as error:
            QMessageBox.information(self, self.tr("摘录"), str(error))
            return None
        self.excerpt_taken.emit(item)
        return item

    def _highlight(self, library: Library, query: str) -> None:
        marker = QTextCharFormat()
        marker.setBackground(QColor("#fff3c4"))
        marker.setForeground(QColor("#c0392b"))
        text = self.document().toPlainText()
        cursor = QTextCursor(self.document())
        for start, end in library.finder.highlight_spans(text, query):
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
