"""Export the basket to Word: layout, title, unit, issue number, template; progress; then open it.

The options are remembered between runs (`Settings.EXPORT_OPTIONS`); the export itself runs
in a worker through `library.word.export`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from archive.library import BriefingItem, Library
from ui.dialogs.preview_dialog import PreviewDialog
from ui.i18n import fill
from ui.operations import Operation, ProgressDisplay
from ui.settings import Settings
from ui.tasks import TaskRunner


def briefing_options(values: dict[str, Any]):
    """The core's BriefingOptions from the dialog's values, checked as on every other path
    (imported late: it pulls in python-docx)."""
    from archive.library import BriefingOptions

    return BriefingOptions.from_values(values)


class ExportDialog(QDialog):
    """Asks for the options, then writes the file; `exported(path)` when it is written."""

    exported = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, settings: Settings,
                 ids: list[str | BriefingItem],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._runner, self._settings, self._ids = library, runner, settings, ids
        self.operation: Operation | None = None
        self.setWindowTitle(self.tr("导出 Word"))
        remembered = settings.get(Settings.EXPORT_OPTIONS)

        self.layout_box = QComboBox()
        self.layout_box.addItem(self.tr("材料汇编"), "compilation")
        self.layout_box.addItem(self.tr("简报"), "briefing")
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(remembered.get("layout"))))
        # The document's own title: Chinese whatever the window's language (archive.briefing's defaults).
        self._default_titles = {"compilation": "典型案例材料汇编", "briefing": "工作简报"}
        self.title_edit = QLineEdit(remembered.get("title")
                                    or self._default_titles[self.layout_box.currentData()])
        self.unit_edit = QLineEdit(remembered.get("unit", ""))
        self.unit_edit.setPlaceholderText(self.tr("编印单位，如某市气象局办公室"))
        self.issue_spin = QSpinBox()
        self.issue_spin.setRange(0, 9999)
        self.issue_spin.setSpecialValueText(self.tr("不编号"))
        self.issue_spin.setValue(int(remembered.get("issue_number") or 0))
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.template_edit = QLineEdit(remembered.get("template", ""))
        self.template_edit.setPlaceholderText(self.tr("默认版式（GB/T 9704）"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._choose_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_edit, 1)
        template_row.addWidget(browse)
        self.show_unit = QCheckBox(self.tr("单位"))
        self.show_date = QCheckBox(self.tr("日期"))
        self.show_tags = QCheckBox(self.tr("标签"))
        self.new_page = QCheckBox(self.tr("每个案例另起一页"))
        shown_fields = remembered.get("metadata", ["unit", "date"])
        for box, name in ((self.show_unit, "unit"), (self.show_date, "date"), (self.show_tags, "tags")):
            box.setChecked(name in shown_fields)
        # Remembered per layout: a 材料汇编 starts each case on a new page, a 简报 runs them on.
        self._new_page_by_layout = {"compilation": True, "briefing": False,
                                    **remembered.get("new_page_by_layout", {})}
        shown = QHBoxLayout()
        for box in (self.show_unit, self.show_date, self.show_tags):
            shown.addWidget(box)
        shown.addStretch()
        # The briefing's closing block (版记): 报 up the hierarchy, 送 sideways, 发 down.
        self.report_edit = QLineEdit(remembered.get("report_to", ""))
        self.send_edit = QLineEdit(remembered.get("send_to", ""))
        self.distribute_edit = QLineEdit(remembered.get("distribute_to", ""))
        self.cc_edit = QLineEdit(remembered.get("cc", ""))
        self.report_edit.setPlaceholderText(self.tr("上级单位，如省气象局"))
        self.send_edit.setPlaceholderText(self.tr("平级单位，如市应急管理局"))
        self.distribute_edit.setPlaceholderText(self.tr("下级单位，如各县（区）气象局"))
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(0, 9999)
        self.copies_spin.setSpecialValueText(self.tr("不注明"))
        self.copies_spin.setValue(int(remembered.get("copies") or 0))

        form = QFormLayout()
        form.addRow(self.tr("版式"), self.layout_box)
        form.addRow(self.tr("标题"), self.title_edit)
        form.addRow(self.tr("编印单位"), self.unit_edit)
        form.addRow(self.tr("期号"), self.issue_spin)
        form.addRow(self.tr("印发日期"), self.date_edit)
        form.addRow(self.tr("模板"), template_row)
        form.addRow(self.tr("显示"), shown)
        form.addRow("", self.new_page)
        form.addRow(self.tr("报"), self.report_edit)
        form.addRow(self.tr("送"), self.send_edit)
        form.addRow(self.tr("发"), self.distribute_edit)
        form.addRow(self.tr("抄送"), self.cc_edit)
        form.addRow(self.tr("印数"), self.copies_spin)
        self.layout_box.currentIndexChanged.connect(self._layout_changed)
        self.new_page.toggled.connect(
            lambda on: self._new_page_by_layout.__setitem__(self.layout_box.currentData(), on))
        self.title_edit.editingFinished.connect(self._propose_issue)
        self.date_edit.dateChanged.connect(self._propose_issue)

        self.status = QLabel(fill(self.tr("共 %1 个案例，按简报篮中的顺序导出。"), len(ids)))
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("导出…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.preview_button = self.buttons.addButton(self.tr("预览…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.clicked.connect(self.preview)
        self.export_button.clicked.connect(self._choose_file)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self._layout_changed()
        self.resize(560, self.sizeHint().height())

    def _layout_changed(self) -> None:
        """Only a briefing is numbered; each layout has its own default title and page breaks."""
        briefing = self.layout_box.currentData() == "briefing"
        if self.title_edit.text().strip() in self._default_titles.values():
            self.title_edit.setText(self._default_titles[self.layout_box.currentData()])
        self.issue_spin.setEnabled(briefing)
        self.new_page.setChecked(self._new_page_by_layout[self.layout_box.currentData()])
        self._propose_issue()

    def _propose_issue(self) -> None:
        """A 简报 takes the number after the last one of its title this year (the user may change it)."""
        if self.layout_box.currentData() == "briefing":
            self.issue_spin.setValue(self._library.word.next_issue(
                self.title_edit.text(), self.date_edit.date().toPython()))

    # -- options ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The options as BriefingOptions takes them."""
        values: dict[str, Any] = {
            "layout": self.layout_box.currentData(),
            "title": self.title_edit.text().strip(),
            "unit": self.unit_edit.text().strip(),
            "date": self.date_edit.date().toPython(),
            "issue_number": self.issue_spin.value() or None,
            "metadata": tuple(name for box, name in ((self.show_unit, "unit"), (self.show_date, "date"),
                                                     (self.show_tags, "tags")) if box.isChecked()),
            "page_break_between_cases": self.new_page.isChecked(),
            "report_to": self.report_edit.text().strip(),
            "send_to": self.send_edit.text().strip(),
            "distribute_to": self.distribute_edit.text().strip(),
            "cc": self.cc_edit.text().strip(),
            "copies": self.copies_spin.value() or None,
        }
        if self.template_edit.text().strip():
            values["template"] = Path(self.template_edit.text().strip())
        return values

    def _remember(self, values: dict[str, Any]) -> None:
        kept = {k: (str(v) if isinstance(v, Path) else list(v) if isinstance(v, tuple) else v)
                for k, v in values.items() if not isinstance(v, dt.date)}
        kept.setdefault("template", "")
        kept["new_page_by_layout"] = dict(self._new_page_by_layout)
        self._settings.set(Settings.EXPORT_OPTIONS, kept)

    def _choose_template(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择 Word 模板"), "",
                                              self.tr("Word 模板 (*.docx *.dotx)"))
        if name:
            self.template_edit.setText(name)

    def _choose_file(self) -> None:
        folder = Path(self._settings.get(Settings.DEFAULT_EXPORT_FOLDER)
                      or self._settings.get(Settings.EXPORT_FOLDER) or Path.home())
        suggested = folder / f"{self.title_edit.text().strip() or self._default_titles['compilation']}.docx"
        word, pdf = self.tr("Word 文档 (*.docx)"), self.tr("PDF 文档 (*.pdf)")
        name, chosen = QFileDialog.getSaveFileName(self, self.tr("导出到"), str(suggested),
                                                   f"{word};;{pdf}")
        if name:
            path = Path(name)
            if path.suffix.lower() not in (".docx", ".pdf"):  # typed without one: as the filter says
                path = path.with_suffix(".pdf" if chosen == pdf else ".docx")
            self.export_to(path)

    # -- exporting --------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Write the file in a worker; the dialog shows progress and can cancel waiting for it."""
        if path.suffix.lower() not in (".docx", ".pdf"):
            path = path.with_suffix(".docx")
        values = self.values()
        if not values["title"]:
            QMessageBox.warning(self, self.tr("无法导出"), self.tr("请填写标题。"))
            return
        self._remember(values)
        self._settings.set(Settings.EXPORT_FOLDER, str(path.parent))
        library, ids = self._library, list(self._ids)
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(self.tr("正在导出…"))
        self.operation = Operation(
            self._runner, lambda context: library.word.export(ids, path, briefing_options(values),
                                                         progress=context.progress,
                                                         is_cancelled=context.is_cancelled),
            name="export", on_success=lambda _result: self._finished(path), on_failure=self._failed,
            on_cancelled=self._cancelled, display=ProgressDisplay(self.status, self.progress),
            step_text=lambda done, total, what: fill(self.tr("正在导出 %1/%2：%3"), done, total, what)
            if what else self.status.text(),
        ).start()

    def preview(self) -> PreviewDialog | None:
        """The document as it will print, before saving (LibreOffice → PDF → Qt's PDF view)."""
        values = self.values()
        if not values["title"]:
            QMessageBox.warning(self, self.tr("无法预览"), self.tr("请填写标题。"))
            return None
        library, entries = self._library, list(self._ids)
        dialog = PreviewDialog(
            self._runner, lambda pdf: library.word.preview(entries, pdf, briefing_options(values)),
            values["title"], self)
        dialog.open()
        return dialog

    def _finished(self, path: Path) -> None:
        self.status.setText(fill(self.tr("已导出到 %1"), path))
        self.exported.emit(path)
        self.accept()
        offer_to_open(self.parentWidget(), path)

    def _cancelled(self) -> None:
        self._stopped(self.tr("已取消导出，没有写入文件。"))

    def _failed(self, error: Exception) -> None:
        self._stopped(self.tr("导出失败：") + str(error))

    def _stopped(self, message: str) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.status.setText(message)

    def _running(self) -> bool:
        return self.operation is not None and self.operation.running

    def _cancel_or_close(self) -> None:
        if not (self._running() and self.operation.cancel(self.tr("正在取消…"))):
            self.reject()

    def reject(self) -> None:
        # Escape while the file is being written cancels it; the dialog stays to say so.
        if self._running():
            self._cancel_or_close()
        else:
            super().reject()


def offer_to_open(parent: QWidget | None, path: Path) -> None:
    """After an export: open the file, or the folder it is in, with the system's applications."""
    translate = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Information, translate("ExportDialog", "导出完成"),
                      fill(translate("ExportDialog", "已导出到：\n%1"), path), parent=parent)
    open_file = box.addButton(translate("ExportDialog", "打开文件"), QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(translate("ExportDialog", "打开所在文件夹"),
                                QMessageBox.ButtonRole.ActionRole)
    box.addButton(translate("ExportDialog", "关闭"), QMessageBox.ButtonRole.RejectRole)
    targets = {open_file: path, open_folder: path.parent}

    def clicked(button) -> None:
        if button in targets:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(targets[button])))

    box.buttonClicked.connect(clicked)
    box.open()
