"""Excerpts taken in the reader, the basket stored in the archive, the 简报与汇编 view, preview."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from archive.library import CaseDraft
from ui.main_window import MainWindow
from ui.roles import ExcerptRole, IdRole, UsedRole
from ui.tasks import TaskRunner

BODY = """## 一、主要做法

建立暴雨预警叫应机制，直达基层责任人。

| 指标 | 数值 |
| --- | --- |
| 转移群众 | 3200 人 |

## 二、成效

全汛期未发生因灾死亡。
"""


@pytest.fixture
def flood(window, library):
    case = library.cases.add(CaseDraft("叫应机制筑牢防汛第一道防线", BODY, unit="某市气象局"))
    window.reading.open_case(case.id)
    assert window.reading.reader.case.id == case.id
    return case


def select_text(reader, fragment: str, length: int) -> None:
    text = reader.document().toPlainText()
    cursor = reader.textCursor()
    cursor.setPosition(text.index(fragment))
    cursor.setPosition(text.index(fragment) + length, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)


def test_a_selection_in_the_reader_becomes_an_excerpt_and_exports_once(qtbot, window, flood, tmp_path,
                                                                       monkeypatch):
    select_text(window.reading.reader, "直达基层", 20)  # from the paragraph into the table
    item = window.reading.reader.take_excerpt(window.reading.reader.textCursor().selectedText())
    assert (item.start, item.end) == (2, 3)
    row = window.reading.basket.rowCount() - 1
    assert window.reading.basket.index(row).data(ExcerptRole) == item
    assert "【摘录】" in window.reading.basket.index(row).data()

    monkeypatch.setattr("ui.dialogs.export_dialog.offer_to_open", lambda *_: None)
    dialog = window.dialogs.export_cases()
    qtbot.addWidget(dialog)
    out = tmp_path / "汇编.docx"
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.export_to(out)
    document = docx.Document(str(out))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert text.count("直达基层责任人") == 1 and "摘自《叫应机制筑牢防汛第一道防线》（某市气象局）" in text
    assert "全汛期未发生" not in text
    window.reading.open_case(flood.id)
    assert "已用于：典型案例材料汇编（摘录）" in window.reading.reader.document().toPlainText()


def test_the_section_under_the_pointer_and_the_stale_mark(window, flood, library):
    item = window.reading.reader.take_excerpt("全汛期", whole_section=True)
    assert (item.start, item.end) == (4, 5)
    row = window.reading.basket.rowCount() - 1
    library.cases.update(flood.id, CaseDraft(flood.title, BODY.replace("因灾死亡", "人员伤亡"), unit=flood.unit))
    assert "原文已修改" in window.reading.basket.index(row).data()
    window.reading.basket_panel.view.setCurrentIndex(window.reading.basket.index(row))
    window.reading.basket_panel.refresh_current()
    assert "原文已修改" not in window.reading.basket.index(row).data()
    assert "人员伤亡" in window.reading.basket.index(row).data(ExcerptRole).text


def test_the_basket_with_excerpts_is_kept_in_the_archive(qtbot, window, flood, library, settings):
    window.reading.reader.take_excerpt("直达基层")
    window.reading.basket.add([flood.id])
    restarted = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(restarted)
    restarted.set_library(library)
    assert restarted.reading.basket.entries() == window.reading.basket.entries()
    assert [item.case_id for item in library.briefings.basket()] == [flood.id, flood.id]


def test_the_briefings_view_lists_copies_deletes_and_restores(qtbot, window, flood, library, tmp_path):
    from archive.library import BriefingOptions

    library.word.export([library.excerpt(flood.id, 1, 3), flood.id], tmp_path / "1.docx",
                   BriefingOptions(layout="briefing", title="气象工作简报"))
    dialog = window.dialogs.show_briefings()
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 1
    first = dialog.tree.topLevelItem(0)
    assert "气象工作简报" in first.text(0) and first.text(1) == "第1期" and first.text(3) == "2"
    dialog.copy_to_basket()
    entries = window.reading.basket.entries()
    assert entries[1] == flood.id and entries[0].is_excerpt
    again = tmp_path / "again.docx"
    dialog.reexport(again)
    assert again.is_file() and dialog.tree.topLevelItemCount() == 2
    record_id = dialog.current().id
    library.briefings.delete(record_id)
    dialog.show_trash.setChecked(True)
    assert dialog.tree.topLevelItem(0).data(0, IdRole) == record_id
    dialog.delete_or_restore()
    assert dialog.tree.topLevelItemCount() == 0
    assert len(library.briefings.list()) == 2


def test_the_briefings_view_purges_from_the_trash_only_after_asking(qtbot, window, flood, library, tmp_path,
                                                                     monkeypatch):
    from archive.library import BriefingOptions

    library.word.export([flood.id], tmp_path / "1.docx", BriefingOptions(layout="briefing", title="气象工作简报"))
    record = library.briefings.list()[0]
    dialog = window.dialogs.show_briefings()
    qtbot.addWidget(dialog)
    assert dialog.buttons["purge"].isHidden()
    library.briefings.delete(record.id)
    dialog.show_trash.setChecked(True)
    assert not dialog.buttons["purge"].isHidden() and dialog.buttons["purge"].isEnabled()
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args: next(answers))
    dialog.purge()
    assert [r.id for r in library.briefings.list(deleted=True)] == [record.id]
    dialog.purge()
    assert library.briefings.list(deleted=True) == [] and dialog.tree.topLevelItemCount() == 0
    assert not library.briefings.file_path(record).exists()


def test_preview_without_libreoffice_says_how_to_get_it(qtbot, window, flood, monkeypatch):
    monkeypatch.setattr("archive.office.find_office", lambda: None)
    window.reading.basket.add([flood.id])
    dialog = window.dialogs.export_cases()
    qtbot.addWidget(dialog)
    preview = dialog.preview()
    qtbot.addWidget(preview)
    assert "LibreOffice" in preview.status.text() and "安装" in preview.status.text()
    assert not preview.print_button.isEnabled()


def test_preview_shows_the_pages_and_prints_them(qtbot, window, flood, tmp_path):
    from archive.office import find_office

    if find_office() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the preview needs it")
    window.reading.basket.add([flood.id])
    dialog = window.dialogs.export_cases()
    qtbot.addWidget(dialog)
    preview = dialog.preview()
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=120_000)
    assert f"共 {preview.page_count} 页" in preview.status.text() and preview.print_button.isEnabled()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.print_to(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_the_not_yet_reported_filter_in_the_filter_pane(window, flood, library, tmp_path):
    from archive.library import BriefingOptions

    window.searching.run_search()
    before = window.searching.results.rowCount()
    library.word.export([flood.id], tmp_path / "1.docx", BriefingOptions(layout="briefing", title="气象工作简报"))
    window.filters.set_checked("unused", "气象工作简报")
    window.searching.run_search()
    shown = [window.searching.results.index(r).data(IdRole) for r in range(window.searching.results.rowCount())]
    assert flood.id not in shown and len(shown) == before - 1


def test_an_excerpt_gets_its_own_title(window, flood, monkeypatch):
    item = window.reading.reader.take_excerpt("直达基层")
    row = window.reading.basket.rowCount() - 1
    window.reading.basket_panel.view.setCurrentIndex(window.reading.basket.index(row))
    monkeypatch.setattr("ui.widgets.basket_panel.QInputDialog.getText",
                        lambda *_args, **_kwargs: ("  叫应机制的做法 ", True))
    window.reading.basket_panel.retitle_current()
    taken = window.reading.basket.index(row).data(ExcerptRole)
    assert taken.title == "叫应机制的做法" and taken.text == item.text
    assert "叫应机制的做法" in window.reading.basket.index(row).data()


def test_used_in_is_live_in_the_reader_the_result_lists_and_the_filter_counts(qtbot, window, flood, library,
                                                                              tmp_path):
    from archive.library import BriefingOptions
    from ui.models.results_table import COLUMNS

    window.searching.run_search()
    total = window.searching.results.total
    window.reading.open_case(flood.id)
    assert "尚未用于简报或汇编" in window.reading.reader.document().toPlainText()
    row = window.searching.results.row_of(flood.id)
    assert window.searching.results.index(row).data(UsedRole) is False
    library.word.export([flood.id], tmp_path / "1.docx", BriefingOptions(layout="briefing", title="气象工作简报"))
    # The reader updates at once, without reselecting the case.
    assert window.reading.reader.case.id == flood.id
    assert "已用于：气象工作简报第1期" in window.reading.reader.document().toPlainText()
    qtbot.waitUntil(lambda: window.searching.results.index(window.searching.results.row_of(flood.id)).data(UsedRole) is True)
    used = [window.searching.results.index(r).data(UsedRole) for r in range(window.searching.results.rowCount())]
    assert used.count(True) == 1
    column = COLUMNS.index("used")
    marks = [window.searching.table.index(r, column).data() for r in range(window.searching.table.rowCount())]
    assert marks.count("已用于") == 1 and marks[window.searching.results.row_of(flood.id)] == "已用于"
    assert window.searching.table.headerData(column, Qt.Orientation.Horizontal) == "已用于"
    unused = window.filters.itemFromIndex(window.filters.section_index("unused"))
    assert unused.child(0).text() == f"气象工作简报  ({total - 1})"
    window.filters.set_checked("unused", "气象工作简报")
    qtbot.waitUntil(lambda: window.searching.results.total == total - 1)
    assert unused.child(0).text() == f"气象工作简报  ({total - 1})"
    window.searching.result_view.grab()  # the card view paints the mark without trouble
