"""Delete asks first and can be undone; backups go to another folder; set-aside databases listed."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QMessageBox

from ui.roles import IdRole


def answer(monkeypatch, button) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text, *args: asked.append(text) or button)
    return asked


def test_delete_asks_and_no_leaves_the_case(window, library, monkeypatch):
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    title = window.searching.results.index(0).data()
    window.reading.trash_selected()
    assert asked and title in asked[0]
    assert library.trash.list() == []


def test_ctrl_z_after_delete_brings_the_case_back(qtbot, window, library, monkeypatch):
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    case_id = window.searching.results.index(0).data(IdRole)
    window.reading.trash_selected()
    assert [t.id for t in library.trash.list()] == [case_id]
    assert window.status.undo_offer.button.isVisible()
    assert window.status.undo_offer.action.shortcut().toString() == "Ctrl+Z"
    window.status.undo_offer.action.trigger()
    assert library.trash.list() == []
    assert library.get_case(case_id).id == case_id
    assert not window.status.undo_offer.button.isVisible()
    qtbot.waitUntil(lambda: window.searching.results.row_of(case_id) >= 0, timeout=3000)


def test_the_undo_button_is_offered_for_a_few_seconds_only(window, monkeypatch):
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    window.reading.trash_selected()
    window.status.undo_offer.withdraw()  # what the timer does after UNDO_SECONDS
    assert not window.status.undo_offer.button.isVisible() and not window.status.undo_offer.action.isEnabled()


def test_backup_to_another_folder_and_the_set_aside_database_is_listed(qtbot, window, library, tmp_path):
    dialog = window.dialogs.show_backups()
    qtbot.addWidget(dialog)
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog.backup_to(usb)
    copies = list(usb.glob("*.sqlite3"))
    assert len(copies) == 1 and copies[0].stat().st_size > 0
    aside = library.layout.database.with_name("archive.sqlite3.replaced-20260101-120000")
    shutil.copyfile(copies[0], aside)
    dialog.refresh()
    kinds = [dialog.list.topLevelItem(r).text(1) for r in range(dialog.list.topLevelItemCount())]
    assert "恢复前的数据库" in kinds
    assert aside in dialog.backups()
