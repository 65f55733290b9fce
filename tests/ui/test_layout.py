"""Nothing clipped at 1280×720 (and at 150 % scaling, where that screen is 853×480 logical pixels)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from ui.roles import IdRole

SCREEN = QSize(1280, 720)
SCALED_SCREEN = QSize(1280 * 2 // 3, 720 * 2 // 3)
"""1280×720 at QT_SCALE_FACTOR=1.5: the logical pixels a window has."""


def fits(size: QSize, screen: QSize) -> bool:
    return size.width() <= screen.width() and size.height() <= screen.height()


def test_results_wrap_within_the_viewport_without_a_horizontal_scroll_bar(qtbot, window):
    window.resize(SCREEN)
    window.search_bar.search_box.setText("气象")
    window.searching.run_search()
    qtbot.waitUntil(lambda: window.searching.results.rowCount() > 0)
    view = window.searching.result_view
    view.doItemsLayout()
    qtbot.wait(50)
    assert not view.horizontalScrollBar().isVisible()
    for row in range(window.searching.results.rowCount()):
        assert view.visualRect(window.searching.results.index(row)).right() < view.viewport().width()


def test_year_and_unit_filters_are_in_sight_below_the_tags(qtbot, window):
    window.resize(SCREEN)
    qtbot.wait(50)
    tree = window.filter_view
    for kind in ("year", "unit", "tag"):
        rect = tree.visualRect(window.filters.section_index(kind))
        assert rect.isValid() and rect.bottom() < tree.viewport().height(), kind
    assert not tree.isExpanded(window.filters.section_index("unit"))  # one click opens it


def test_the_basket_is_a_narrow_column(window):
    window.resize(SCREEN)
    assert window.reading.basket_dock.width() <= 260


def _dialogs(window):
    case_id = window.searching.results.index(0).data(IdRole)
    yield "editor", window.reading.edit_case(case_id)
    yield "history", window.dialogs.show_history(case_id)
    yield "trash", window.dialogs.show_trash()
    yield "tags", window.dialogs.show_tag_manager()
    yield "stats", window.dialogs.show_statistics()
    yield "backups", window.dialogs.show_backups()
    yield "check", window.dialogs.show_check()
    yield "export", window.dialogs.export_cases([case_id])
    yield "pack", window.dialogs.export_package([case_id])
    yield "import", window.dialogs.import_paths([])
    yield "unpack", window.dialogs.unpack_packages([])


@pytest.mark.parametrize("screen", [SCREEN, SCALED_SCREEN], ids=["1280x720", "150%"])
def test_every_dialog_fits_the_screen(qtbot, window, screen):
    too_big = []
    for name, dialog in _dialogs(window):
        qtbot.addWidget(dialog)
        if not fits(dialog.minimumSizeHint(), screen) or not fits(dialog.minimumSize(), screen):
            too_big.append((name, dialog.minimumSizeHint().toTuple()))
        dialog.close()
    assert too_big == []
    assert fits(window.minimumSizeHint(), screen)


def test_the_editor_opens_within_the_available_screen_with_its_buttons(qtbot, window):
    editor = window.reading.edit_case(window.searching.results.index(0).data(IdRole))
    available = editor.screen().availableGeometry()
    assert editor.width() <= available.width() and editor.height() <= available.height()
    assert editor.minimumSizeHint().height() <= SCALED_SCREEN.height()
