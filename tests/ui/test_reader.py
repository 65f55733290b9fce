"""The reader follows the search, takes ↓ from the search box, writes dates as officials do."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from ui.i18n import format_date
from ui.roles import IdRole


def search(window, text: str) -> None:
    window.search_bar.search_box.setText(text)
    window.searching.run_search()


def test_a_new_search_shows_its_first_hit_not_the_old_case(window):
    search(window, "渔船")
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    assert window.reading.reader.case.title.startswith("台风“海葵”")
    search(window, "粮食")
    assert window.reading.reader.case.id == window.searching.results.index(0).data(IdRole)
    search(window, "火星探测")
    assert window.reading.reader.case is None


def test_down_from_the_search_box_moves_into_the_list(qtbot, window):
    search(window, "气象")
    window.activateWindow()
    window.search_bar.search_box.setFocus()
    qtbot.keyClick(window.search_bar.search_box, Qt.Key.Key_Down)
    assert window.searching.result_view.hasFocus()
    assert window.searching.result_view.currentIndex().isValid()


def test_dates_have_no_zero_padding(window):
    assert format_date(dt.date(2023, 7, 21)) == "2023年7月21日"
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    case = window.reading.reader.case
    assert format_date(case.date) in window.reading.reader.toPlainText()


def test_edit_and_history_are_buttons_enabled_with_a_case(window):
    pane = window.reading.reader_pane
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    assert pane.edit_button.isEnabled() and pane.history_button.isEnabled()
    asked = []
    window.reading.reader.history_requested.disconnect()
    window.reading.reader.history_requested.connect(asked.append)
    pane.history_button.click()
    assert asked == [window.reading.reader.case.id]
    search(window, "火星探测")
    assert not pane.edit_button.isEnabled() and not pane.history_button.isEnabled()


def test_the_first_paragraph_is_spaced_like_the_rest(window):
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    document = window.reading.reader.document()
    body_blocks = []
    block = document.begin()
    while block.isValid():
        if block.text().strip() and block.blockFormat().lineHeight() > 100:
            body_blocks.append(block.blockFormat())
        block = block.next()
    assert len(body_blocks) >= 2
    first, second = body_blocks[0], body_blocks[1]
    assert (first.lineHeight(), first.topMargin(), first.bottomMargin()) == \
        (second.lineHeight(), second.topMargin(), second.bottomMargin())
