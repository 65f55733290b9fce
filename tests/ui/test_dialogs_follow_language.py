"""Dialogs left open beside the window follow a language switch, what they fill in included."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from archive.library import CaseDraft
from ui.language import install_translator


@pytest.fixture
def restore_chinese():
    yield
    install_translator(QApplication.instance(), "zh_CN")
    QApplication.processEvents()


def switch_to(qtbot, window, language: str, title: str) -> None:
    install_translator(QApplication.instance(), language)
    qtbot.waitUntil(lambda: window.windowTitle() == title)


def test_open_editor_history_and_overview_switch_language_and_back(qtbot, window, library,
                                                                   restore_chinese):
    case = library.list_cases()[0]
    library.cases.update(case.id, CaseDraft(title=case.title, body=case.body, unit="某新单位"))
    editor = window.reading.edit_case(case.id)
    editor.body_edit.insertPlainText("补充。")  # unsaved: the editor says so
    history = window.dialogs.show_history(case.id)
    overview = window.dialogs.show_statistics()
    qtbot.waitUntil(lambda: overview.statistics is not None)
    chinese = (editor.windowTitle(), editor.status.text(), history.list.item(0).text(),
               overview.summary.text(), overview.units_view.chart().title())
    assert chinese[1:4] == ("有未保存的修改", chinese[2], "共 10 个案例。点击柱条，在主窗口中按它筛选。")

    switch_to(qtbot, window, "en", "Case Archive")
    assert editor.windowTitle() == "Edit Case" and editor.status.text() == "Unsaved changes"
    assert history.list.item(0).text().startswith("Revision 1")
    assert "changes from version 1" in history.changes.toPlainText().lower()
    assert overview.summary.text().startswith("10 cases")
    assert overview.units_view.chart().title() == "The 12 units with most cases"

    switch_to(qtbot, window, "zh_CN", "典型案例库")
    assert (editor.windowTitle(), editor.status.text(), history.list.item(0).text(),
            overview.summary.text(), overview.units_view.chart().title()) == chinese
    editor._dirty = False  # closing asks nothing
