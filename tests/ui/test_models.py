"""Every item model passes Qt's model tester; the result list stays lazy."""

from __future__ import annotations

import datetime as dt

from archive.model import Tag
from ui.models.filters import FilterTreeModel
from ui.models.results import PAGE_SIZE, ResultRow, ResultsModel


def rows(count: int, start: int = 0) -> list[ResultRow]:
    return [ResultRow(f"id-{n}", f"案例{n}", f"<b>案例</b>{n}", "", dt.date(2024, 1, 1), "某局",
                      ("防汛",)) for n in range(start, start + count)]


def test_results_model_passes_the_model_tester(qtmodeltester):
    model = ResultsModel()
    generation = model.next_generation()
    model.set_result(generation, 3, rows(3))
    qtmodeltester.check(model)


def test_the_result_list_loads_pages_only_when_asked(qtbot):
    model = ResultsModel()
    generation = model.next_generation()
    model.set_result(generation, 100_000, rows(PAGE_SIZE))
    assert model.rowCount() == PAGE_SIZE
    with qtbot.waitSignal(model.page_wanted) as wanted:
        model.fetchMore()
    assert wanted.args == [generation, PAGE_SIZE]
    assert not model.canFetchMore()  # one page at a time
    model.append_page(generation, rows(PAGE_SIZE, PAGE_SIZE))
    assert model.rowCount() == 2 * PAGE_SIZE


def test_pages_of_an_older_query_are_dropped():
    model = ResultsModel()
    old = model.next_generation()
    model.set_result(old, 500, rows(PAGE_SIZE))
    new = model.next_generation()
    model.set_result(old, 1, rows(1))
    model.append_page(old, rows(5, 200))
    assert model.rowCount() == PAGE_SIZE
    model.set_result(new, 2, rows(2))
    assert model.rowCount() == 2


def test_filter_tree_passes_the_model_tester_and_keeps_checks(qtmodeltester, qtbot):
    model = FilterTreeModel()
    model.set_tags([Tag("防灾减灾", "#d9534f", None, 3), Tag("防汛", "#d9534f", "防灾减灾", 2)])
    model.set_facets({"year": {"2024": 2, "2023": 1}, "unit": {"某局": 3}})
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.filters_changed):
        model.set_checked("tag", "防汛")
    model.set_checked("year", "2023")
    model.set_facets({"year": {"2024": 1}, "unit": {}})
    assert model.selected("tag") == ["防汛"]
    assert model.selected("year") == ["2023"]
    model.clear_checks()
    assert model.selected("tag") == model.selected("year") == []
