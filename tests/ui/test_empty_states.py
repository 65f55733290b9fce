"""An empty list is never blank: an empty archive invites an import, zero hits say why."""

from __future__ import annotations

from archive.library import Library
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def search(window, text: str) -> None:
    window.search_bar.search_box.setText(text)
    window.searching.run_search()


def test_an_empty_archive_invites_importing_or_dropping_files(qtbot, settings, tmp_path):
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    with Library.open(tmp_path / "empty") as library:
        window.set_library(library)
        window.show()
        assert window.searching.result_stack.currentWidget() is window.searching.placeholder
        assert window.searching.placeholder.heading.text() == "案例库还是空的"
        assert "拖到窗口里" in window.searching.placeholder.detail.text()
        assert window.searching.placeholder.import_button.isVisible()
        window.library = None


def test_zero_hits_say_so_and_show_how_the_query_was_read(window):
    search(window, "防汛 OR 抗旱 火星 -演练")
    assert window.searching.result_stack.currentWidget() is window.searching.placeholder
    assert window.searching.placeholder.heading.text() == "没有找到「防汛 OR 抗旱 火星 -演练」"
    detail = window.searching.placeholder.detail.text()
    assert "「防汛」 或 「抗旱」 「火星」 不含「演练」" in detail
    assert not window.searching.placeholder.fix_button.isVisible()
    search(window, "叫应")
    assert window.searching.result_stack.currentWidget() is window.searching.result_view


def test_an_unclosed_quote_offers_the_repaired_query(window):
    search(window, '"未闭合 OR')
    placeholder = window.searching.placeholder
    assert "引号没有闭合" in placeholder.detail.text()
    assert placeholder.fix_button.isVisible() and placeholder.fix_button.text() == "改为检索「未闭合」"
    placeholder.fix_button.click()
    assert window.search_bar.search_box.text() == "未闭合"


def test_a_filter_that_hides_every_hit_can_be_dropped_from_the_message(window):
    window.filters.set_checked("tag", "粮食安全")
    search(window, "渔船")
    assert window.searching.results.rowCount() == 0
    assert window.searching.placeholder.clear_filters_button.isVisible()
    window.searching.placeholder.clear_filters_button.click()
    assert window.filters.selected("tag") == []
    assert window.searching.results.rowCount() > 0
