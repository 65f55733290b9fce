"""编辑 ▸ 首选项: font size, default export folder and language, applied at once and remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QLineEdit, QMessageBox, QToolBar

from ui.dialogs.export_dialog import ExportDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.i18n import format_date
from ui.language import current_language, install_translator
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskRunner


@pytest.fixture
def restore_chinese():
    yield
    install_translator(QApplication.instance(), "zh_CN")
    QApplication.processEvents()


def open_preferences(qtbot, window: MainWindow) -> PreferencesDialog:
    assert window.menus.preferences_action.shortcut() == QKeySequence("Ctrl+,")
    assert window.menus.preferences_action in window.menuBar().actions()[1].menu().actions()
    dialog = window.dialogs.show_preferences()
    qtbot.addWidget(dialog)
    return dialog


def is_chinese(character: str) -> bool:
    return "\u4e00" <= character <= "\u9fff"


def texts(window: MainWindow) -> list[str]:
    """What the window's own parts say (menus, actions, tool bars, placeholders, headings), in the
    order they were made; not what it fills in from the archive."""
    found = [window.windowTitle(), *(a.text() for a in window.findChildren(QAction))]
    found += [w.windowTitle() for w in window.findChildren(QToolBar) + window.findChildren(QDockWidget)]
    found += [w.placeholderText() for w in window.findChildren(QLineEdit)]
    found += [window.searching.table.headerData(c, Qt.Orientation.Horizontal) for c in range(window.searching.table.columnCount())]
    found += [window.filters.itemFromIndex(window.filters.section_index(kind)).text()
              for kind in ("year", "unit", "tag")]
    return [text for text in found if text]


def test_the_font_size_applies_to_list_table_and_reader_at_once_and_on_the_next_start(
        qtbot, window, settings):
    dialog = open_preferences(qtbot, window)
    assert dialog.font_size.text() == "系统默认"
    assert dialog.width() <= 1280 and dialog.height() <= 720
    dialog.font_size.setValue(17)
    dialog.accept()
    assert settings.get(Settings.FONT_SIZE) == 17
    for view in (window.searching.result_view, window.searching.table_view, window.reading.reader):
        assert view.font().pointSize() == 17
    assert window.reading.reader.document().defaultFont().pointSize() == 17
    again = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(again)
    assert again.reading.reader.font().pointSize() == 17
    dialog = open_preferences(qtbot, window)
    dialog.font_size.setValue(dialog.font_size.minimum())  # back to the system's size
    dialog.accept()
    assert settings.get(Settings.FONT_SIZE) == 0
    assert window.searching.result_view.font().pointSize() == QApplication.font().pointSize()


def test_the_export_dialog_proposes_the_default_export_folder(qtbot, window, settings, tmp_path,
                                                              monkeypatch):
    chosen = tmp_path / "简报输出"
    chosen.mkdir()
    settings.set(Settings.EXPORT_FOLDER, str(tmp_path))  # the last export went elsewhere
    dialog = open_preferences(qtbot, window)
    dialog.export_folder.setText(str(chosen))
    dialog.accept()
    assert settings.get(Settings.DEFAULT_EXPORT_FOLDER) == str(chosen)
    proposed = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, path, _filter: (proposed.append(Path(path)), ("", ""))[1])
    window.searching.result_view.selectAll()
    export = window.dialogs.export_cases()
    assert isinstance(export, ExportDialog)
    qtbot.addWidget(export)
    export._choose_file()
    assert proposed[0].parent == chosen


def test_a_missing_export_folder_is_refused_naming_it_and_nothing_is_saved(qtbot, window, settings,
                                                                          tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    dialog = open_preferences(qtbot, window)
    dialog.font_size.setValue(15)
    dialog.export_folder.setText(str(tmp_path / "没有这个文件夹"))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert len(warnings) == 1 and "没有这个文件夹" in warnings[0] and "默认导出文件夹" in warnings[0]
    assert settings.get(Settings.DEFAULT_EXPORT_FOLDER) == "" and settings.get(Settings.FONT_SIZE) == 0


def test_the_language_switches_without_a_restart_and_back(qtbot, window, settings, tmp_path,
                                                          restore_chinese):
    chinese = texts(window)
    dialog = open_preferences(qtbot, window)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    dialog.setParent(None)  # a closed dialog's texts are not the window's
    qtbot.waitUntil(lambda: window.windowTitle() == "Case Archive")
    assert current_language() == "en" and settings.get(Settings.LANGUAGE) == "en"
    assert [a.text() for a in window.menuBar().actions()][:2] == ["&File", "&Edit"]
    assert window.searching.table.headerData(0, Qt.Orientation.Horizontal) == "Title"
    # What the window fills in is written again: the count, and the case on show with its date.
    assert window.status.count_label.text() and not any(is_chinese(c) for c in window.status.count_label.text())
    assert format_date(window.reading.reader.case.date) in window.reading.reader.toPlainText()
    assert not any(is_chinese(c) for c in format_date(window.reading.reader.case.date))
    # The switched window says what a window started in English says.
    fresh = MainWindow(Settings(settings._store), TaskRunner(synchronous=True))
    qtbot.addWidget(fresh)
    assert texts(window) == texts(fresh)

    window.menus.choose_language("zh_CN")  # 视图 ▸ 界面语言 does the same, without a restart
    qtbot.waitUntil(lambda: window.windowTitle() == "典型案例库")
    assert texts(window) == chinese
    assert [a.isChecked() for a in window.menus.language_menu.actions()] == [True, False]
