"""Dialogs left open beside the window follow a language switch, what they fill in included."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from archive.library import BriefingOptions, CaseDraft
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


def test_open_briefings_and_unpack_dialogs_switch_language_and_back(qtbot, window, library, tmp_path,
                                                                    restore_chinese):
    case = library.cases.add(CaseDraft("叫应机制", "第一段。\n\n第二段。\n\n第三段。", unit="某市气象局"))
    library.word.export([library.excerpt(case.id, 1, 2), case.id], tmp_path / "1.docx",
                        BriefingOptions(layout="briefing", title="气象工作简报"))
    briefings = window.dialogs.show_briefings()
    package = library.packages.pack([case.id], tmp_path / "交流包.zip", exporting_unit="某县气象局").path
    unpack = window.dialogs.unpack_packages([package])
    for dialog in (briefings, unpack):
        qtbot.addWidget(dialog)

    def shown() -> tuple[str, ...]:
        row = briefings.tree.topLevelItem(0)
        return (briefings.tree.headerItem().text(0), row.text(0), row.text(1), briefings.detail.text(),
                unpack.results.headerItem().text(0), unpack.label.text(), unpack.results.topLevelItem(0).text(0))

    chinese = shown()
    assert chinese[:3] == ("系列 / 标题", "〔简报〕气象工作简报", "第1期")
    assert chinese[3].startswith("1. 摘录「叫应机制」（第1-2段）")
    assert chinese[4:6] == ("结果", chinese[5]) and chinese[5].endswith("新增 0 个案例，更新 0 个，跳过 1 个。")
    assert chinese[6] == "已跳过"

    switch_to(qtbot, window, "en", "Case Archive")
    english = shown()
    assert english[:3] == ("Series / title", "〔Briefing〕气象工作简报", "No. 1")
    assert english[3].startswith("1. Excerpt “叫应机制” (blocks 1–2)")
    assert english[4] == "Result" and english[5].startswith("Package “交流包.zip”: 某县气象局, exported ")
    assert english[5].endswith("0 cases added, 0 updated, 1 skipped.") and english[6] == "Skipped"

    switch_to(qtbot, window, "zh_CN", "典型案例库")
    assert shown() == chinese
