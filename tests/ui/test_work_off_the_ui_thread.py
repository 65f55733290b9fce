"""What keeps the window responsive at 20,000 cases (bench/stall_bench.py measures it): typing
searches once after a pause, in a worker; the reader renders a case in a worker; the table never
measures or sorts rows itself; a batch edit runs as an operation and the results follow it in one
reset; settings reach the disk from their own thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QListView

from archive import library as library_module
from archive.library import ChangeEvent
from ui import settings as settings_module
from ui.main_window import MainWindow
from ui.models.results import PAGE_SIZE
from ui.models.results_table import COLUMNS
from ui.operations import Operation
from ui.settings import Settings
from ui.tasks import TaskRunner
from ui.window.searching import SEARCH_DELAY_MS


def test_typing_searches_once_after_a_pause(qtbot, window, library, monkeypatch):
    queries = []
    search = library.search
    monkeypatch.setattr(library, "search", lambda query, *args, **kwargs: (
        queries.append(query), search(query, *args, **kwargs))[1])
    for text in ("气", "气象", "气象 预", "气象 预警"):  # keystrokes quicker than the delay
        window.search_bar.search_box.setText(text)
    assert window.searching._search_timer.isActive() and queries == []
    qtbot.waitUntil(lambda: queries == ["气象 预警"], timeout=SEARCH_DELAY_MS * 8)
    qtbot.wait(SEARCH_DELAY_MS * 2)
    assert queries == ["气象 预警"]


def test_the_reader_renders_in_a_worker_and_shows_the_latest_case_only(qtbot, window, monkeypatch):
    rendered_on = []
    render = library_module.body_html
    monkeypatch.setattr(library_module, "body_html", lambda body: (
        rendered_on.append(threading.current_thread()), render(body))[1])
    window.runner = TaskRunner(window)  # a thread pool, as the program runs
    second, third = (window.searching.results.case_id(row) for row in (1, 2))
    window.searching.result_view.setCurrentIndex(window.searching.results.index(1))
    window.searching.result_view.setCurrentIndex(window.searching.results.index(2))  # before the first is rendered
    qtbot.waitUntil(lambda: not window.runner.is_busy())
    assert window.reading.reader.case.id == third != second
    assert rendered_on and threading.main_thread() not in rendered_on


def test_the_views_never_measure_every_row(window):
    header = window.searching.table_view.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(len(COLUMNS))]
    assert QHeaderView.ResizeMode.ResizeToContents not in modes
    date_width = header.sectionSize(COLUMNS.index("date"))
    assert date_width >= window.searching.table_view.fontMetrics().horizontalAdvance("2028年12月28日")
    assert window.searching.result_view.layoutMode() == QListView.LayoutMode.Batched
    assert window.searching.result_view.batchSize() < PAGE_SIZE


def test_a_header_click_leaves_the_sorting_to_the_archive(qtbot, window, library, monkeypatch):
    orders = []
    search = library.search
    monkeypatch.setattr(library, "search", lambda query, filters, **kwargs: (
        orders.append(kwargs["sort"]), search(query, filters, **kwargs))[1])
    window.searching.show_table(True)
    window.searching.table_view.sortByColumn(COLUMNS.index("unit"), Qt.SortOrder.DescendingOrder)
    assert orders == ["unit:desc"]
    units = [window.searching.results.row(r).unit for r in range(window.searching.results.rowCount())]
    assert units == sorted(units, reverse=True)


def test_a_batch_edit_runs_as_an_operation_and_the_results_follow_in_one_reset(qtbot, window, monkeypatch):
    window.searching.result_view.selectAll()
    resets, changed_rows = [], []
    window.searching.results.modelReset.connect(lambda: resets.append(True))
    window.searching.results.dataChanged.connect(lambda *_: changed_rows.append(True))
    started = []
    original = Operation.start
    monkeypatch.setattr(Operation, "start", lambda self: (started.append(self), original(self))[1])
    dialog = window.dialogs.edit_selected_cases()
    qtbot.addWidget(dialog)
    dialog.add_tags.setText("督查")
    dialog.accept()
    assert len(started) == 1
    qtbot.waitUntil(lambda: bool(resets), timeout=SEARCH_DELAY_MS * 8)
    qtbot.wait(SEARCH_DELAY_MS * 2)
    assert len(resets) == 1 and changed_rows == []
    assert all("督查" in window.searching.results.row(r).tags for r in range(window.searching.results.rowCount()))


def test_the_basket_and_the_filter_tree_read_the_archive_in_workers(qtbot, window, library, monkeypatch):
    threads = []
    for name, room in (("get_cases", library), ("set_basket", library.briefings),
                       ("series_names", library.briefings)):
        call = getattr(room, name)
        monkeypatch.setattr(room, name, lambda *args, _call=call, **kwargs: (
            threads.append(threading.current_thread()), _call(*args, **kwargs))[1])
    window.runner = TaskRunner(window)  # a thread pool, as the program runs
    wanted = [window.searching.results.case_id(row) for row in (0, 1)]
    window.reading.basket.add(wanted)  # saved
    window.reading.basket.index(0).data()  # a title shown: looked up
    qtbot.waitUntil(lambda: not window.runner.is_busy())
    window.reading.library_changed(ChangeEvent("cases", (wanted[0],)))  # trashed ones leave
    window.searching.refresh_tags()  # with the kept briefings' titles (已用于 filters)
    qtbot.waitUntil(lambda: not window.runner.is_busy())
    assert len(threads) >= 4 and threading.main_thread() not in threads
    titles = [window.reading.basket.index(row).data() for row in (0, 1)]
    assert titles == [f"{row + 1}. {window.searching.results.row(row).title}" for row in (0, 1)]
    assert [i.case_id for i in library.briefings.basket()] == wanted


def test_the_saved_basket_its_stale_marks_and_the_not_yet_reported_filter_are_read_in_workers(
        qtbot, settings, library, tmp_path):
    from archive.library import BriefingOptions, CaseDraft

    first, second = (hit.id for hit in library.search("", limit=2).hits)
    library.briefings.set_basket([library.excerpt(first, 1, 1), second])
    library.word.export([second], tmp_path / "1.docx", BriefingOptions(layout="briefing", title="气象工作简报"))
    case = library.get_case(first)
    library.cases.update(first, CaseDraft(case.title, case.body + "\n补充一段。\n", unit=case.unit))
    threads: dict[str, list[threading.Thread]] = {}
    for name in ("basket", "is_stale", "cases_used"):
        call = getattr(library.briefings, name)
        setattr(library.briefings, name, lambda *args, _name=name, _call=call, **kwargs: (
            threads.setdefault(_name, []).append(threading.current_thread()), _call(*args, **kwargs))[1])
    window = MainWindow(settings, TaskRunner())  # a thread pool, as the program runs
    qtbot.addWidget(window)
    try:
        window.set_library(library)
        qtbot.waitUntil(lambda: not window.runner.is_busy())
        total = window.searching.results.total
        basket = window.reading.basket
        assert basket.rowCount() == 2
        qtbot.waitUntil(lambda: "原文已修改" in basket.index(0).data() and "原文已修改" not in basket.index(1).data())
        window.filters.set_checked("unused", "气象工作简报")
        qtbot.waitUntil(lambda: window.searching.results.total == total - 1)
    finally:
        window.runner.wait()
        window.library = None  # the library fixture closes it
    assert set(threads) == {"basket", "is_stale", "cases_used"}
    assert threading.main_thread() not in [thread for called in threads.values() for thread in called]


def test_opening_an_archive_sets_what_the_window_keeps_aside_from_the_garbage_collector(qtbot, settings,
                                                                                      library):
    gc.unfreeze()
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.set_library(library)
    # A full collection no longer walks the modules, Qt's wrappers and the index's readers.
    assert gc.get_freeze_count() > 10_000
    window.library = None  # the library fixture closes it


def test_settings_reach_the_disk_off_the_windows_thread(qtbot, settings, tmp_path, monkeypatch):
    """QSettings writes its file with an fsync: on the window's thread, leaving the search box to
    open the batch-edit dialog (the query is remembered) stalled the window 150-700 ms while the
    edit's own writes kept the disk busy."""
    writers, release = [], threading.Event()
    write = settings_module._write

    def held_write(*args) -> None:
        writers.append(threading.current_thread())
        release.wait(5)
        write(*args)

    monkeypatch.setattr(settings_module, "_write", held_write)
    assert settings.remember_search("防汛 预警") == ["防汛 预警"]
    qtbot.wait(100)  # the window's event loop runs: a QSettings of this thread would write now
    on_disk = lambda: Settings(QSettings(str(tmp_path / "settings.ini"),  # noqa: E731
                                         QSettings.Format.IniFormat)).get(Settings.SEARCH_HISTORY)
    assert settings.get(Settings.SEARCH_HISTORY) == ["防汛 预警"] and on_disk() == []
    release.set()
    settings.sync()
    assert on_disk() == ["防汛 预警"] and writers and threading.main_thread() not in writers
