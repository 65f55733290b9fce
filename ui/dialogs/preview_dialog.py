"""预览 and 打印: the document as LibreOffice lays it out, shown with Qt's PDF view.

The PDF is made in a worker (`library.word.preview`, or a kept file converted); without LibreOffice the
dialog says how to get it, and export still works.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import fill
from ui.operations import Operation
from ui.tasks import TaskRunner


class PreviewDialog(QDialog):
    """Runs `make_pdf(path)` in a worker, then shows the pages with their count and offers 打印."""

    def __init__(self, runner: TaskRunner, make_pdf: Callable[[Path], Path], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("预览：%1"), title))
        self.resize(760, 680)
        self._folder = tempfile.TemporaryDirectory(prefix="casearchive-preview-")
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self.tr("正在用 LibreOffice 排版，请稍候…"))
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_document)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        pdf = Path(self._folder.name, "preview.pdf")
        self.operation = Operation(runner, lambda _context: make_pdf(pdf), name="preview",
                                   on_success=self._show, on_failure=self._failed).start()

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _show(self, pdf: Path) -> None:
        self.document.load(str(pdf))
        self.status.setText(fill(self.tr("共 %1 页"), self.page_count))
        self.print_button.setEnabled(self.page_count > 0)

    def _failed(self, error: Exception) -> None:
        self.status.setText(self.tr("无法预览：") + str(error))

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Each page rendered at the printer's resolution, scaled to its page."""
        painter = QPainter(printer)
        try:
            for page in range(self.page_count):
                if page:
                    printer.newPage()
                area = painter.viewport()
                size = self.document.pagePointSize(page).toSize().scaled(
                    area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                image = self.document.render(page, QSize(size.width(), size.height()))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()

    def done(self, result: int) -> None:
        self.document.close()
        self._folder.cleanup()
        super().done(result)
