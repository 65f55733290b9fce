"""简报与汇编: every export kept. Open the file, preview and print it, export it again with today's
layout, put its items back into the basket for the next issue, delete it (to the trash), restore it
or delete it for good."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive.library import ADMIN_ROLE, BriefingRecord, Library
from ui.dialogs.export_dialog import offer_to_open
from ui.dialogs.preview_dialog import PreviewDialog
from ui.i18n import fill
from ui.language import FollowsLanguage
from ui.operations import Operation
from ui.roles import IdRole
from ui.tasks import TaskRunner


class BriefingsDialog(FollowsLanguage, QDialog):
    """The list of kept briefings, newest first; `to_basket(entries)` asks to fill the basket. Its
    headings, rows and details are written again in the new language after a language switch."""

    to_basket = Signal(list)

    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._runner = library, runner
        self.operation: Operation | None = None
        self._records: dict[str, BriefingRecord] = {}
        """The records listed, by id: their rows are named again after a language switch."""
        self.setWindowTitle(self.tr("简报与汇编"))
        self.resize(820, 460)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.keep_filled("headings", lambda: self.tree.setHeaderLabels(
            [self.tr("系列 / 标题"), self.tr("期号"), self.tr("印发日期"), self.tr("项数"),
             self.tr("导出时间"), self.tr("文件")]))
        self.tree.itemSelectionChanged.connect(self._update)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_file())
        self.show_trash = QCheckBox(self.tr("显示回收站中的记录"))
        self.show_trash.toggled.connect(self.refresh)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.buttons = {}
        row = QHBoxLayout()
        for key, text, handler in (
                ("open", self.tr("打开文件"), self.open_file),
                ("preview", self.tr("预览与打印…"), self.preview),
                ("reexport", self.tr("按今天的版式重新导出…"), self.reexport),
                ("basket", self.tr("复制到简报篮"), self.copy_to_basket),
                ("delete", self.tr("删除"), self.delete_or_restore),
                ("purge", self.tr("彻底删除"), self.purge)):
            button = QPushButton(text)
            button.clicked.connect(handler)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch()
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.show_trash)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        records = self._library.briefings.list(deleted=self.show_trash.isChecked())
        self._records = {record.id: record for record in records}
        for record in records:
            item = QTreeWidgetItem(["", "", record.issue_date.isoformat(), str(len(record.items)),
                                    f"{record.created_at:%Y-%m-%d %H:%M}", record.file_name])
            item.setData(0, IdRole, record.id)
            self.tree.addTopLevelItem(item)
        self.keep_filled("rows", self._name_rows)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._update()

    def _name_rows(self) -> None:
        """The kind and the issue number of each row, in the language on show."""
        kinds = {"compilation": self.tr("汇编"), "briefing": self.tr("简报"), "single": self.tr("单篇")}
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            record = self._records[item.data(0, IdRole)]
            item.setText(0, f"〔{kinds.get(record.layout, record.layout)}〕{record.title}")
            item.setText(1, fill(self.tr("第%1期"), record.issue) if record.issue else "")

    def current(self) -> BriefingRecord | None:
        item = self.tree.currentItem()
        return self._library.briefings.get(item.data(0, IdRole)) if item is not None else None

    def _update(self) -> None:
        self.keep_filled("detail", self._show_current)

    def _show_current(self) -> None:
        record = self.current()
        for button in self.buttons.values():
            button.setEnabled(record is not None)
        in_trash = self.show_trash.isChecked()
        self.buttons["delete"].setText(self.tr("恢复") if in_trash else self.tr("删除"))
        # Deleting for good is 管理's on a shared archive (the server refuses it anyway).
        self.buttons["purge"].setVisible(in_trash)
        self.buttons["purge"].setEnabled(record is not None and self._library.role == ADMIN_ROLE
                                         and not self._library.read_only)
        if record is None:
            self.detail.setText(self.tr("还没有导出过简报或汇编。") if not in_trash
                                else self.tr("回收站中没有简报记录。"))
            return
        titles = {c.id: c.title for c in self._library.get_cases([i.case_id for i in record.items])}
        lines = [fill(self.tr("%1. 摘录「%2」（第%3-%4段）"), n, item.title or titles.get(item.case_id, ""),
                      item.start, item.end) if item.is_excerpt
                 else f"{n}. {titles.get(item.case_id) or item.case_id[:8]}"
                 for n, item in enumerate(record.items, 1)]
        self.detail.setText("\n".join(lines[:8] + (["…"] if len(lines) > 8 else [])))

    def _copy_out(self, record: BriefingRecord) -> Path:
        return self._library.briefings.copy_to_open(record)

    def open_file(self) -> None:
        record = self.current()
        if record is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._copy_out(record))))

    def preview(self) -> PreviewDialog | None:
        record = self.current()
        if record is None:
            return None
        kept = self._copy_out(record)

        def make_pdf(pdf: Path) -> Path:
            if kept.suffix.lower() == ".pdf":
                return kept
            return self._library.convert_to_pdf(kept, pdf)

        dialog = PreviewDialog(self._runner, make_pdf, record.title, self)
        dialog.open()
        return dialog

    def reexport(self, path: Path | None = None) -> None:
        record = self.current()
        if record is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("重新导出到"), record.file_name,
                                                  self.tr("Word 文档 (*.docx);;PDF 文档 (*.pdf)"))
            if not name:
                return
            path = Path(name)
        self.keep_filled("detail", lambda: self.detail.setText(self.tr("正在重新导出…")))
        self.operation = Operation(
            self._runner, lambda context: self._library.word.reexport(
                record.id, path, progress=context.progress, is_cancelled=context.is_cancelled),
            name="reexport", on_success=self._reexported, on_failure=self._failed).start()

    def _reexported(self, path: Path) -> None:
        self.refresh()
        offer_to_open(self, path)

    def _failed(self, error: Exception) -> None:
        self.keep_filled("detail", lambda: self.detail.setText(self.tr("重新导出失败：") + str(error)))

    def copy_to_basket(self) -> None:
        """The items, in order, back into the basket: whole cases as ids, excerpts as they were."""
        record = self.current()
        if record is not None:
            self.to_basket.emit([item if item.is_excerpt else item.case_id for item in record.items])

    def delete_or_restore(self) -> None:
        record = self.current()
        if record is None:
            return
        if self.show_trash.isChecked():
            self._library.briefings.restore(record.id)
        else:
            answer = QMessageBox.question(self, self.tr("删除简报记录"), fill(
                self.tr("把「%1」移入回收站？勾选「显示回收站中的记录」可恢复。"), record.title))
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._library.briefings.delete(record.id)
        self.refresh()

    def purge(self) -> None:
        record = self.current()
        if record is None or QMessageBox.question(
                self, self.tr("彻底删除简报记录"),
                fill(self.tr("彻底删除「%1」及其保存的文件？此操作不能撤销。"), record.title),
        ) != QMessageBox.StandardButton.Yes:
            return
        self._library.briefings.purge(record.id)
        self.refresh()
