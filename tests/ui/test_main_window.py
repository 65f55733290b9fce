"""The real window, driven offscreen: search, filter, read, edit, trash, restore, import."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.dialogs.history_dialog import HistoryDialog
from ui.dialogs.trash_dialog import TrashDialog
from ui.main_window import MainWindow
from ui.roles import IdRole
from ui.settings import Settings
from ui.tasks import TaskRunner


def titles(window) -> list[str]:
    return [window.searching.results.index(r).data() for r in range(window.searching.results.rowCount())]


def type_text(widget, text: str) -> None:
    """Chinese arrives through the input method, as from a real IME, one commit per word."""
    for word in text.split(" "):
        event = QInputMethodEvent()
        event.setCommitString(word + " " if word != text.split(" ")[-1] else word)
        QApplication.sendEvent(widget, event)


def type_query(qtbot, window, text: str) -> None:
    window.search_bar.search_box.clear()
    type_text(window.search_bar.search_box, text)
    qtbot.waitUntil(lambda: not window.searching._search_timer.isActive(), timeout=2000)


def test_the_window_lists_every_case_newest_first(window):
    assert window.searching.results.rowCount() == 10
    assert "共 10 个案例" in window.status.count_label.text()
    assert titles(window)[:2] == ["秋收秋种期间农业气象服务保障粮食丰收",
                                  "建立暴雨预警“叫应”机制 筑牢防汛第一道防线"]


def test_typing_searches_across_scripts(qtbot, window):
    type_query(qtbot, window, "数值预报")
    assert titles(window)[0] == "數值預報技術攻關提升強對流預警能力"
    assert "北京冬奥会赛区气象保障的经验做法" in titles(window)  # 数值预报 in its body
    type_query(qtbot, window, "叫应")
    assert titles(window)[0].startswith("建立暴雨预警“叫应”机制")


def test_checking_a_tag_filters_the_list(window):
    window.filters.set_checked("tag", "粮食安全")
    assert sorted(titles(window)) == ["夏收夏种气象服务助力粮食颗粒归仓",
                                      "秋收秋种期间农业气象服务保障粮食丰收"]
    window.filters.set_checked("year", "2024")
    assert titles(window) == ["秋收秋种期间农业气象服务保障粮食丰收"]


def test_selecting_a_case_shows_it_with_the_query_highlighted(qtbot, window):
    type_query(qtbot, window, "渔船")
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    assert window.reading.reader.case.title.startswith("台风“海葵”")
    text = window.reading.reader.document().toPlainText()
    assert "海洋与渔业局" in text
    html = window.reading.reader.toHtml()
    assert "#fff3c4" in html


def test_editing_a_case_saves_a_revision_and_updates_the_list(qtbot, window, library):
    case_id = window.searching.results.index(0).data(IdRole)
    editor = window.reading.edit_case(case_id)
    editor.title_edit.setText("叫应机制的新标题")
    editor.title_edit.textEdited.emit("叫应机制的新标题")
    editor.body_edit.setMarkdown("## 一、做法\n\n**分级**叫应。")
    assert editor.save()
    saved = library.get_case(case_id)
    assert saved.title == "叫应机制的新标题"
    assert "**分级**" in saved.body
    assert len(library.revisions(case_id)) == 1
    assert titles(window)[0] == "叫应机制的新标题"


def test_a_new_case_is_saved_and_searchable(qtbot, window, library):
    editor = window.reading.edit_case(None)
    editor.title_edit.setText("森林防火巡护经验")
    editor.tags_edit.setText("防灾减灾，森林防火")
    editor.body_edit.setPlainText("护林员每日巡山，防火期无火灾。")
    assert editor.save()
    type_query(qtbot, window, "护林员")
    assert titles(window) == ["森林防火巡护经验"]
    assert library.get_case(window.searching.results.index(0).data(IdRole)).tags == ["防灾减灾", "森林防火"]


def test_an_empty_title_is_refused_with_a_message(qtbot, window, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    editor = window.reading.edit_case(None)
    assert not editor.save()
    assert warned == ["请填写案例标题。"]


def test_unsaved_edits_are_autosaved_as_a_draft_and_offered_back(qtbot, window, monkeypatch):
    editor = window.reading.edit_case(None)
    type_text(editor.title_edit, "未保存的标题")
    qtbot.waitUntil(lambda: any(p.suffix == ".json" for p in _drafts(window)), timeout=5000)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    editor._dirty = False
    editor.close()
    again = window.reading.edit_case(None)
    assert again.title_edit.text() == "未保存的标题"


def _drafts(window):
    folder = window.library.layout.root / "drafts-test"
    return list(folder.glob("*")) if folder.is_dir() else []


def test_delete_moves_to_the_trash_and_the_trash_restores(qtbot, window, library, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    first = window.searching.results.index(0)
    # Selected explicitly: setCurrentIndex selects according to the keyboard modifiers Qt believes
    # are held, and key events of earlier tests can leave one behind.
    window.searching.result_view.selectionModel().setCurrentIndex(
        first, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    title = first.data()
    # Delete is the action's key while the list has focus. The key press itself is not sent: an
    # offscreen window is not reliably the active one after other tests, and shortcuts need that.
    assert window.menus.trash_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    assert window.menus.trash_action in window.searching.result_view.actions()
    assert window.searching.selected_ids() == [window.searching.results.index(0).data(IdRole)]
    window.menus.trash_action.trigger()
    assert title not in titles(window)
    assert [t.title for t in library.trash.list()] == [title]
    dialog = TrashDialog(library, window)
    qtbot.addWidget(dialog)
    assert "共 1 个案例" in dialog.hint.text()
    dialog.list.setCurrentRow(0)
    dialog.restore_selected()
    qtbot.waitUntil(lambda: title in titles(window), timeout=3000)
    assert dialog.hint.text().startswith("回收站是空的")


def test_importing_a_folder_through_the_dialog(qtbot, window, tmp_path, samples):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for sample in samples.iterdir():
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "空.txt").write_bytes(b"")
    dialog = window.dialogs.import_paths([folder])
    qtbot.addWidget(dialog)
    outcomes = [dialog.results.topLevelItem(i).text(0) for i in range(dialog.results.topLevelItemCount())]
    assert outcomes.count("已导入") == 2 and outcomes.count("失败") == 1
    assert "空.txt" in [dialog.results.topLevelItem(i).text(1) for i in range(len(outcomes))]
    type_query(qtbot, window, "三动")
    assert "以“聯”促“動” 以“動”增“效”——氣象部門鞏固拓展“三聯促三動”工作機制紀實" in titles(window)


def test_keyboard_ctrl_f_focuses_search_and_enter_opens_the_editor(qtbot, window):
    window.activateWindow()
    window.searching.result_view.setFocus()
    window.search_bar.focus_search()
    assert window.search_bar.search_box.hasFocus() or QApplication.focusWidget() is window.search_bar.search_box
    window.searching.result_view.setFocus()
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    qtbot.keyClick(window.searching.result_view, Qt.Key.Key_Return)
    assert [e.windowTitle() for e in window.reading._editors] == ["编辑案例"]
    assert window.reading._editors[0].title_edit.text() == window.searching.results.index(0).data()
    shortcuts = {a.text(): a.shortcut().toString() for m in window.menuBar().actions()
                 for a in m.menu().actions()}
    assert shortcuts["新建案例"] == "Ctrl+N" and shortcuts["导入文件…"] == "Ctrl+I"
    assert shortcuts["导出 Word…"] == "Ctrl+E" and shortcuts["加入简报篮"] == "Ctrl+B"
    assert shortcuts["移入回收站"] == "Del" and shortcuts["检索"] == "Ctrl+F"


def test_window_layout_and_search_history_are_remembered(qtbot, window, settings):
    window.splitter.setSizes([200, 600, 500])
    window.search_bar.search_box.setText("叫应")
    window.search_bar.search_box.returnPressed.emit()
    sizes = window.splitter.sizes()
    window.close()
    again = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(again)
    assert settings.get(Settings.SPLITTER) == sizes
    assert not settings.get(Settings.GEOMETRY).isEmpty()
    assert again.search_bar._history.model().stringList() == ["叫应"]


def test_the_query_syntax_pops_up_under_the_search_box(qtbot, window):
    window.search_bar.search_help.show_below(window.search_bar.search_box)
    assert window.search_bar.search_help.isVisible()
    assert "标题:台风" in window.search_bar.search_help.label.text()


def test_revision_history_restores_an_earlier_version(qtbot, window, library, monkeypatch):
    case_id = window.searching.results.index(0).data(IdRole)
    original = library.get_case(case_id).title
    editor = window.reading.edit_case(case_id)
    editor.title_edit.setText("改过的标题")
    assert editor.save()
    window.reading.open_case(case_id)
    window.reading.reader.history_requested.emit(case_id)
    dialog = next(d for d in window.findChildren(HistoryDialog) if d.isVisible())
    assert dialog.list.count() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    dialog.restore_current()
    assert library.get_case(case_id).title == original
    assert window.reading.reader.case.title == original
    assert original in titles(window)
