"""Tag manager, statistics, saved searches, editor suggestions and paste, background work."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QMessageBox

from ui.dialogs.stats import StatsDialog
from ui.dialogs.tag_manager import TagManagerDialog
from ui.roles import IdRole


def titles(window) -> list[str]:
    return [window.searching.results.index(r).data() for r in range(window.searching.results.rowCount())]


def tag_counts(library) -> dict[str, int]:
    return {t.name: t.case_count for t in library.tags()}


def test_tag_manager_renames_merges_recolours_and_deletes(qtbot, window, library):
    dialog = window.dialogs.show_tag_manager()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, TagManagerDialog)
    assert dialog.tree.topLevelItemCount() >= 6
    dialog.rename("防汛", "防汛抗旱")
    assert "防汛抗旱" in tag_counts(library) and "防汛" not in tag_counts(library)
    assert dialog.tree.findItems("防汛抗旱", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    dialog.merge("台风", "防汛抗旱")
    assert tag_counts(library)["防汛抗旱"] == 2
    dialog.recolor("防汛抗旱", "#123456")
    assert {t.name: t.color for t in library.tags()}["防汛抗旱"] == "#123456"
    dialog.add("林区巡护", "防灾减灾")
    assert [t.parent for t in library.tags() if t.name == "林区巡护"] == ["防灾减灾"]
    dialog.delete("防汛抗旱")
    assert "防汛抗旱" not in tag_counts(library)
    assert "删除" in dialog.status.text()
    # The window's tag tree follows the archive.
    window.filters.set_checked("tag", "防灾减灾")
    assert all("防汛抗旱" not in library.get_case(window.searching.results.index(r).data(IdRole)).tags
               for r in range(window.searching.results.rowCount()))


def test_deleting_a_tag_asks_with_the_number_of_cases(qtbot, window, library, monkeypatch):
    asked = []

    def question(_parent, _title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = TagManagerDialog(library, window.runner, window)
    qtbot.addWidget(dialog)
    dialog.select("防灾减灾")
    dialog.delete_button.click()
    assert asked == ["删除标签「防灾减灾」？它会从 4 个案例上去掉，案例本身不会删除。"]
    assert "防灾减灾" in tag_counts(library)


def test_the_overview_counts_and_a_bar_click_filters(qtbot, window):
    dialog = window.dialogs.show_statistics()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, StatsDialog)
    statistics = dialog.statistics
    assert statistics.total == 10
    assert dict((n, c) for n, c, _ in statistics.groups)["粮食安全"] == 2
    # The taxonomy's groups only: a tag of one's own with nothing under it is no group.
    assert [n for n, _, _ in statistics.groups] == ["防灾减灾", "粮食安全", "重大活动保障", "科技创新",
                                                    "党建引领", "为民服务"]
    assert dict(statistics.years)["2024"] == 4
    assert dialog.groups_view.chart().series()[0].count() == 1
    dialog.filter_requested.emit("tag", "粮食安全")
    assert sorted(titles(window)) == ["夏收夏种气象服务助力粮食颗粒归仓",
                                      "秋收秋种期间农业气象服务保障粮食丰收"]
    bars = dialog.years_view.chart().series()[0].barSets()[0]
    bars.clicked.emit(list(dict(statistics.years)).index("2021"))
    assert window.filters.selected("year") == ["2021"] and window.filters.selected("tag") == []
    assert len(titles(window)) == 2


def test_a_saved_search_brings_back_query_and_filters(qtbot, window, monkeypatch):
    window.search_bar.search_box.setText("气象")
    window.filters.set_checked("tag", "粮食安全")
    monkeypatch.setattr("ui.window.search_bar.QInputDialog.getText", lambda *args, **kwargs: ("粮食气象", True))
    window.search_bar.ask_save_search()
    window.filters.clear_checks()
    window.search_bar.search_box.clear()
    window.searching.run_search()
    assert len(titles(window)) == 10
    window.search_bar.saved_searches.itemClicked.emit(window.search_bar.saved_searches.item(0))
    assert window.search_bar.search_box.text() == "气象"
    assert window.filters.selected("tag") == ["粮食安全"]
    assert len(titles(window)) == 2


def test_the_editor_suggests_tags_from_the_text(qtbot, window):
    editor = window.reading.edit_case(None)
    qtbot.addWidget(editor)
    editor.title_edit.setText("台风防御")
    editor.body_edit.setPlainText("台风来临前，气象预警发布及时，防汛部门转移群众。预警、台风、暴雨、防汛、应急。" * 2)
    editor.refresh_suggestions()
    suggested = [b.text().removeprefix("+ ") for b in editor._suggestion_buttons]
    assert "防灾减灾" in suggested and "台风" in suggested
    editor._suggestion_buttons[suggested.index("台风")].click()
    assert editor.draft().tags == ("台风",)
    assert "台风" not in [b.text().removeprefix("+ ") for b in editor._suggestion_buttons]
    editor._dirty = False


def test_the_editor_offers_the_texts_keywords_after_the_taxonomy(qtbot, window):
    editor = window.reading.edit_case(None)  # loads the keyword tables in a worker, then refreshes
    qtbot.addWidget(editor)
    editor.body_edit.setPlainText("市气象局建立叫应机制，叫应到乡镇、村组，叫应结果实时回传。")
    qtbot.waitUntil(lambda: "叫应" in [b.text().removeprefix("+ ") for b in editor._suggestion_buttons],
                    timeout=20_000)
    editor._dirty = False


def test_pasting_from_a_web_page_is_cleaned_like_an_import(qtbot, window):
    editor = window.reading.edit_case(None)
    qtbot.addWidget(editor)
    pasted = QMimeData()
    pasted.setHtml("<h2>一、主要做法</h2><p>建立<b>叫应</b>机制。</p><p>责任编辑：张三</p>")
    pasted.setText("一、主要做法\n建立叫应机制。\n责任编辑：张三")
    editor.body_edit.insertFromMimeData(pasted)
    body = editor.draft().body
    assert "主要做法" in body and "**叫应**" in body
    assert "责任编辑" not in body
    editor._dirty = False


def test_reindex_runs_in_the_background_with_progress(qtbot, window):
    seen = []
    window.status.task_progress.valueChanged.connect(seen.append)
    window.menus.reindex()
    assert window.status.task_progress.isHidden() and window.status.task_cancel.isHidden()
    assert window.status.task_label.text() == ""
