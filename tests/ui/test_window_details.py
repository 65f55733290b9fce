"""Everyday details of the window: search history, context menus, files in the reader, pictures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage

from archive.model import CaseDraft, NewFile


def reader_links(reader) -> dict[str, str]:
    """Link text -> target, as the reader shows them."""
    links = {}
    block = reader.document().begin()
    while block.isValid():
        for position in block:
            fragment = position.fragment()
            if fragment.charFormat().isAnchor():
                links[fragment.text()] = fragment.charFormat().anchorHref()
        block = block.next()
    return links


def test_alt_down_shows_every_remembered_query(qtbot, window, settings):
    for query in ("台风", "防汛 预警", "粮食"):
        window.search_bar.search_box.setText(query)
        window.search_bar.search_box.returnPressed.emit()
    window.search_bar.search_box.setText("叫应")
    window.search_bar.search_box.setFocus()
    qtbot.keyClick(window.search_bar.search_box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = window.search_bar._history.popup()
    assert popup.isVisible()
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["粮食", "防汛 预警", "台风"]
    popup.hide()


def test_a_typed_query_is_remembered_when_the_typing_is_over(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search_bar.search_box.setFocus()
    qtbot.keyClicks(window.search_bar.search_box, "typhoon ")
    assert window.search_bar._history.model().stringList() == []
    window.searching.result_view.setFocus()  # on to the results: the query is done
    assert window.search_bar._history.model().stringList() == ["typhoon"]
    window.search_bar.search_box.setFocus()
    window.search_bar.search_box.clear()
    window.searching.result_view.setFocus()
    assert window.search_bar._history.model().stringList() == ["typhoon"]  # an empty box adds nothing


def test_the_result_lists_context_menu_has_the_case_actions(window):
    menu = window.menus.result_menu()
    assert [a.text() for a in menu.actions()] == ["编辑案例", "加入简报篮", "批量修改标签、单位、日期…", "导出交流包…", "",
                                                    "移入回收站"]


def test_the_status_bar_shows_the_archive_and_the_count(window, library):
    assert window.status.path_label.text() == str(library.layout.root)
    assert window.status.count_label.text().endswith("共 10 个案例")


def test_the_reader_opens_attachments_and_the_original_with_the_systems_app(window, library,
                                                                           monkeypatch):
    case = library.cases.add(CaseDraft(title="附带文件的案例", body="见附件。"),
                            attachments=[NewFile("统计表.xlsx", b"table bytes")],
                            original=NewFile("原稿.docx", b"word bytes"))
    opened = []
    monkeypatch.setattr("ui.reader.QDesktopServices.openUrl", lambda url: opened.append(url))
    window.searching.run_search()
    window.reading.open_case(case.id)
    links = reader_links(window.reading.reader)
    assert set(links) >= {"统计表.xlsx", "原始文件：原稿.docx"}
    for name in ("统计表.xlsx", "原始文件：原稿.docx"):
        window.reading.reader.anchorClicked.emit(QUrl(links[name]))
    copies = [Path(url.toLocalFile()) for url in opened]
    assert [c.name for c in copies] == ["统计表.xlsx", "原稿.docx"]  # named so the right app opens
    assert [c.read_bytes() for c in copies] == [b"table bytes", b"word bytes"]


def test_pictures_pasted_or_dropped_into_the_editor_are_saved_and_shown(qtbot, window, library,
                                                                        tmp_path):
    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("#c0392b"))
    photo = tmp_path / "现场 照片(1).jpg"
    picture.save(str(photo))
    editor = window.reading.edit_case(None)
    qtbot.addWidget(editor)
    editor.title_edit.setText("带图片的案例")
    editor.body_edit.setPlainText("现场情况如下。")
    pasted = QMimeData()
    pasted.setImageData(picture)
    editor.body_edit.insertFromMimeData(pasted)
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(photo))])
    assert editor.body_edit.canInsertFromMimeData(dropped)
    editor.body_edit.insertFromMimeData(dropped)
    with qtbot.waitSignal(editor.case_saved) as saved:
        assert editor.save()

    case = library.get_case(saved.args[0].id)
    names = sorted(a.name for a in case.attachments)
    assert len(names) == 2 and "现场_照片_1_.png" in names  # a name a Markdown link can carry
    for name in names:
        assert f"](attachment:{name})" in case.body
    window.reading.open_case(case.id)
    html = window.reading.reader.toHtml()
    assert html.count("<img") == 2 and "attachment:" not in html


def test_an_empty_saved_search_list_says_what_it_is_for(window):
    list_ = window.search_bar.saved_searches
    assert list_.count() == 0
    list_.resize(220, 120)
    empty = list_.viewport().grab().toImage()
    background = empty.pixelColor(list_.viewport().width() - 2, list_.viewport().height() - 2)
    inked = sum(empty.pixelColor(x, y) != background for x in range(0, 200, 2) for y in range(4, 40, 2))
    assert inked > 20
    assert "保存检索" in list_.empty_hint()
