"""The table view beside the cards, batch edits of many cases, the tool bar and 帮助 ▸ 关于."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QToolBar

from archive.library import Library
from archive.title_order import title_sort_key
from ui.dialogs.batch_edit_dialog import split_tags
from ui.main_window import MainWindow
from ui.models.results import PAGE_SIZE, ResultRow, ResultsModel
from ui.models.results_table import COLUMNS, ResultsTableModel
from ui.roles import IdRole
from ui.tasks import TaskRunner
from ui.widgets.results_table_view import ResultsTableView


def test_the_table_shows_the_columns_and_follows_the_selection(window):
    window.searching.show_table(True)
    assert window.searching.result_stack.currentWidget() is window.searching.table_view
    headers = [window.searching.table.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["标题", "日期", "单位", "标签", "更新时间"]
    window.searching.table_view.selectRow(1)
    assert window.searching.selected_ids() == [window.searching.results.index(1).data(IdRole)]
    assert window.reading.reader.case.id == window.searching.selected_ids()[0]
    window.searching.show_table(False)
    assert window.searching.result_stack.currentWidget() is window.searching.result_view


def test_every_column_of_the_table_sorts_20000_cases_lazily(qtbot, settings, big_archive_folder):
    library = Library.open(big_archive_folder)
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    keys = {"title": lambda row: title_sort_key(row.title), "date": lambda row: row.date,
            "unit": lambda row: row.unit, "tags": lambda row: "、".join(row.tags),
            "updated": lambda row: row.updated_at}
    try:
        window.set_library(library)
        window.searching.show_table(True)
        window.search_bar.search_box.setText("气象")
        window.searching.run_search()
        total = window.searching.results.total
        assert total > PAGE_SIZE
        for column, name in enumerate(COLUMNS):
            if name == "used":  # no order follows 已用于: the search's own order, unmarked
                window.searching.table_view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
                assert window.searching.table.order == ""
                assert window.searching.table_view.horizontalHeader().sortIndicatorSection() == -1
                continue
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                window.searching.table_view.sortByColumn(column, order)
                assert window.searching.table.order == f"{name}:{'asc' if order == Qt.SortOrder.AscendingOrder else 'desc'}"
                assert window.searching.results.total == total
                assert window.searching.table.rowCount() == PAGE_SIZE  # only the page on show is loaded
                shown = [keys[name](window.searching.results.row(r)) for r in range(window.searching.table.rowCount())]
                assert shown == sorted(shown, reverse=order == Qt.SortOrder.DescendingOrder), name
        window.searching.table_view.sortByColumn(COLUMNS.index("updated"), Qt.SortOrder.DescendingOrder)
        window.searching.table_view.scrollToBottom()
        qtbot.waitUntil(lambda: window.searching.table.rowCount() > PAGE_SIZE)
        shown = [window.searching.results.row(r).updated_at for r in range(window.searching.table.rowCount())]
        assert shown == sorted(shown, reverse=True)  # the next page follows the same order
        window.search_bar.sort_box.activated.emit(window.search_bar.sort_box.findData("date"))
        assert window.searching.table.order == ""
        assert window.searching.table_view.horizontalHeader().sortIndicatorSection() == -1
    finally:
        window.close()
        library.close()


class _CountingTable(ResultsTableModel):
    """Counts the view's questions about the number of rows."""

    row_counts = 0

    def rowCount(self, parent=None) -> int:
        self.row_counts += 1
        return super().rowCount() if parent is None else super().rowCount(parent)


def test_painting_the_header_does_not_scan_1000_selected_rows(qtbot):
    rows = ResultsModel()
    rows.set_result(rows.next_generation(), 20_000, [
        ResultRow(f"id-{n}", f"案例{n}", f"案例{n}", "", None, "某局", ()) for n in range(1_000)])
    table = _CountingTable(rows)
    view = ResultsTableView(table)
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    view.selectionModel().select(QItemSelection(table.index(0, 0), table.index(999, 0)),
                                 QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    table.row_counts = 0
    view.horizontalHeader().viewport().grab()
    # A header that asks whether each column is wholly selected walks every selected row (Qt
    # asks the model once a row): 200 ms at each paint of the window after a batch edit.
    assert table.row_counts < 100


def test_batch_setting_and_removing_tags_unit_and_date(qtbot, window, library, monkeypatch):
    window.searching.result_view.selectAll()
    ids = window.searching.selected_ids()
    assert len(ids) == 10
    dialog = window.dialogs.edit_selected_cases()
    qtbot.addWidget(dialog)
    dialog.add_tags.setText("督查、 复盘")
    dialog.set_unit.setChecked(True)
    dialog.unit.setText("某市气象局")
    dialog.accept()
    cases = library.get_cases(ids)
    assert all({"督查", "复盘"} <= set(c.tags) and c.unit == "某市气象局" for c in cases)
    assert library.cases.edit_many(ids, remove_tags=["复盘"]) == 10
    assert not any("复盘" in c.tags for c in library.get_cases(ids))
    assert len(library.revisions(ids[0])) == 2


def test_tags_typed_with_any_separator():
    assert split_tags("防汛、抗旱, 台风  督查；复盘") == ["防汛", "抗旱", "台风", "督查", "复盘"]


def test_the_tool_bar_and_the_about_box(qtbot, window, library):
    tools = window.findChild(QToolBar, "main-tools")
    texts = [a.text() for a in tools.actions()]
    assert texts[:4] == ["导入文件…", "新建案例", "加入简报篮", "导出 Word…"]
    assert all(not a.icon().isNull() for a in tools.actions())
    about = window.dialogs.show_about()
    qtbot.addWidget(about)
    assert str(library.folder) in about.summary.text()
    assert "PySide6" in about.licences.toPlainText() and "LGPL" in about.licences.toPlainText()


def test_tag_counts_follow_the_current_result(window):
    def count(tag: str) -> int:
        stack = [window.filters.itemFromIndex(window.filters.section_index("tag"))]
        while stack:
            item = stack.pop()
            for row in range(item.rowCount()):
                if item.child(row).text().startswith(tag + "  "):
                    return int(item.child(row).text().rsplit("(", 1)[1].rstrip(")"))
                stack.append(item.child(row))
        raise AssertionError(tag)

    everywhere = count("粮食安全")
    assert everywhere == 2
    window.search_bar.search_box.setText("渔船")
    window.searching.run_search()
    assert count("粮食安全") == 0


def test_ticking_date_known_proposes_the_date_in_the_text(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Discard)
    editor = window.reading.edit_case(None)
    editor.body_edit.setPlainText("2023年7月21日，某县气象局启动暴雨预警叫应。")
    editor.date_known.setChecked(True)
    assert editor.date_edit.date().toPython().isoformat() == "2023-07-21"
