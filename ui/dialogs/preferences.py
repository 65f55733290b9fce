"""编辑 ▸ 首选项 (Ctrl+,): the reading font size, the default export folder and the interface
language, each applied at once and remembered in the settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import fill
from ui.language import LANGUAGES, current_language, install_translator
from ui.settings import Settings

FONT_SIZES = (8, 28)
"""The point sizes offered; 0 (shown as 系统默认) keeps the system's."""
FOLDER_CHARS = 48
"""Room for a folder path such as D:\\简报\\2024 without eliding it."""


@dataclass(frozen=True)
class Preferences:
    font_size: int
    export_folder: str
    language: str

    @classmethod
    def load(cls, settings: Settings) -> Preferences:
        return cls(settings.get(Settings.FONT_SIZE), settings.get(Settings.DEFAULT_EXPORT_FOLDER),
                   settings.get(Settings.LANGUAGE))

    def save(self, settings: Settings) -> None:
        settings.set(Settings.FONT_SIZE, self.font_size)
        settings.set(Settings.DEFAULT_EXPORT_FOLDER, self.export_folder)
        settings.set(Settings.LANGUAGE, self.language)


def apply_font_size(views: list[QAbstractItemView | QTextBrowser], size: int) -> None:
    """The reading font of the result list, the table and the reader: `size` points, or the
    application's when 0."""
    for view in views:
        font = QApplication.font()
        if size:
            font.setPointSize(size)
        view.setFont(font)


def switch_language(language: str) -> None:
    """Install `language` now; every window re-translates on the LanguageChange Qt sends it."""
    if language != current_language():
        install_translator(QApplication.instance(), language)


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("首选项"))
        self._settings = settings
        current = Preferences.load(settings)

        self.font_size = QSpinBox()
        self.font_size.setRange(FONT_SIZES[0] - 1, FONT_SIZES[1])
        self.font_size.setSpecialValueText(self.tr("系统默认"))  # shown for the minimum, i.e. 0
        self.font_size.setSuffix(self.tr(" 磅"))
        self.font_size.setValue(current.font_size or self.font_size.minimum())
        self.font_size.setToolTip(self.tr("结果列表、表格和阅读区的字号"))

        self.export_folder = QLineEdit(current.export_folder)
        self.export_folder.setPlaceholderText(self.tr("上次导出的文件夹"))
        self.export_folder.setMinimumWidth(self.fontMetrics().averageCharWidth() * FOLDER_CHARS)
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.export_folder, 1)
        folder_row.addWidget(browse)

        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))

        form = QFormLayout()
        form.addRow(self.tr("字号："), self.font_size)
        form.addRow(self.tr("默认导出文件夹："), folder_row)
        form.addRow(self.tr("界面语言："), self.language)
        note = QLabel(self.tr("更改立即生效。"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        size = self.font_size.value()
        return Preferences(0 if size < FONT_SIZES[0] else size, self.export_folder.text().strip(),
                           self.language.currentData())

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("默认导出文件夹"),
                                                  self.export_folder.text() or str(Path.home()))
        if folder:
            self.export_folder.setText(folder)

    def accept(self) -> None:
        """Saves only what is valid: a default export folder must be an existing folder."""
        chosen = self.preferences()
        if chosen.export_folder and not Path(chosen.export_folder).expanduser().is_dir():
            QMessageBox.warning(self, self.tr("首选项"), fill(
                self.tr("默认导出文件夹「%1」不存在或不是文件夹，请重新选择。"), chosen.export_folder))
            self.export_folder.setFocus()
            return
        chosen.save(self._settings)
        super().accept()
