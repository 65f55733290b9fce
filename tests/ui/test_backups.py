"""Backups and the archive check from the window: list, back up, restore after asking, repair."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from archive.blobs import BlobStore
from archive.library import Library
from archive.model import CaseDraft
from ui import app
from ui.dialogs.backup_dialog import BackupDialog
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def titles(window) -> list[str]:
    return [window.searching.results.index(r).data() for r in range(window.searching.results.rowCount())]


def answer_questions(monkeypatch, answer) -> list[str]:
    asked = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def damage(library_folder) -> None:
    database = library_folder / "archive.sqlite3"
    data = bytearray(database.read_bytes())
    data[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)
    database.write_bytes(bytes(data))


@pytest.fixture
def damaged_folder(tmp_path):
    """An archive with one case and one backup, whose database was then damaged."""
    folder = tmp_path / "damaged"
    with Library.open(folder) as library:
        library.cases.add(CaseDraft(title="备份里的案例", body="建立叫应机制。"))
        library.maintenance.backup()
    damage(folder)
    return folder


def test_backups_are_listed_newest_first_with_date_kind_and_size(qtbot, window, library):
    older, newer = library.maintenance.backup(), library.maintenance.backup()
    dialog = window.dialogs.show_backups()
    qtbot.addWidget(dialog)
    assert dialog.backups() == [newer, older]
    row = dialog.list.topLevelItem(0)
    assert row.text(0)[:4].isdigit() and row.text(0)[4] == "-"
    assert row.text(1) == "手动"
    assert row.text(2).endswith("B")
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet
    dialog.list.setCurrentItem(row)
    assert dialog.restore_button.isEnabled()


def test_an_archive_without_backups_says_so_and_backs_up_now(qtbot, window, library):
    dialog = BackupDialog(library, window.runner, window)
    qtbot.addWidget(dialog)
    assert dialog.backups() == []
    assert dialog.status.text() == "还没有备份。点「立即备份」备份一次。"
    with qtbot.waitSignal(dialog.backed_up):
        dialog.backup_button.click()
    assert dialog.backups() == library.maintenance.list_backups() and len(dialog.backups()) == 1
    assert dialog.selected_backup() == dialog.backups()[0]
    assert dialog.status.text().startswith("已备份到 ")


def test_restoring_asks_first_then_brings_the_window_back_to_the_backup(qtbot, window, library,
                                                                        monkeypatch):
    backup = library.maintenance.backup()
    later = library.cases.add(CaseDraft(title="备份之后新增的案例", body="这个案例不在备份里。"))
    window.searching.run_search()
    window.reading.open_case(later.id)
    assert "备份之后新增的案例" in titles(window)
    dialog = window.dialogs.show_backups()
    qtbot.addWidget(dialog)
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    dialog.restore_button.click()
    assert len(asked) == 1 and "不会删除" in asked[0] and "新增、修改、删除的案例" in asked[0]
    assert library.case_count() == 11

    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.restored) as restored:
        dialog.restore_button.click()
    assert restored.args == [backup]
    assert dialog.status.text().startswith("已恢复到 ")
    assert library.case_count() == 10
    assert list(library.layout.root.glob("*.replaced-*"))  # the replaced database is kept
    assert window.reading.reader.case is None
    qtbot.waitUntil(lambda: len(titles(window)) == 10)  # the views reload after the change event
    assert "备份之后新增的案例" not in titles(window)
    assert window.status.count_label.text().endswith("共 10 个案例")


def test_a_damaged_archive_offers_a_restore_on_opening(qtbot, settings, damaged_folder, monkeypatch):
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    app.open_archive(window, damaged_folder)
    try:
        assert "已损坏" in asked[0] and "从备份恢复" in asked[0]
        assert "已损坏" in window.status.path_label.text()
        assert "备份与恢复" in window.reading.reader.toPlainText()
        assert not window.menus.new_action.isEnabled() and not window.menus.unpack_action.isEnabled()
        dialog = next(d for d in window.findChildren(BackupDialog) if d.isVisible())
        assert not dialog.backup_button.isEnabled()  # a damaged database is no backup
        dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
        with qtbot.waitSignal(dialog.restored):
            dialog.restore_button.click()
        assert window.library.damage is None
        assert window.menus.new_action.isEnabled() and "已损坏" not in window.status.path_label.text()
        qtbot.waitUntil(lambda: titles(window) == ["备份里的案例"])
    finally:
        window.runner.wait()
        window.library.close()
        window.library = None


def test_the_check_reports_a_healthy_archive(qtbot, window):
    dialog = window.dialogs.show_check()
    qtbot.addWidget(dialog)
    assert dialog.report.healthy
    assert dialog.summary.text() == "案例库完好：10 个案例，没有附件需要校验。"
    assert dialog.problems.isHidden() and dialog.repair_button.isHidden()


def test_the_check_offers_to_repair_what_it_can(qtbot, window, library):
    BlobStore(library.layout.blobs).put(b"a file no case refers to")
    dialog = window.dialogs.show_check()
    qtbot.addWidget(dialog)
    assert dialog.summary.text().startswith("发现 1 个问题")
    problem = dialog.problems.topLevelItem(0)
    assert "不属于任何案例" in problem.text(0) and problem.text(1).startswith("点「修复」")
    assert dialog.repair_button.isVisibleTo(dialog) and dialog.repair_button.isEnabled()
    assert dialog.backups_button.isHidden()
    with qtbot.waitSignal(dialog.checked) as checked:
        dialog.repair_button.click()
    assert checked.args[0].healthy
    assert dialog.summary.text().startswith("已修复：删除了 1 个无主文件")
    assert dialog.repair_button.isHidden()
    assert BlobStore(library.layout.blobs).all_hashes() == set()


def test_the_check_of_a_damaged_archive_leads_to_the_backups(qtbot, settings, damaged_folder):
    library = Library.open(damaged_folder)
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    try:
        window.set_library(library)
        dialog = window.dialogs.show_check()
        assert "已损坏" in dialog.problems.topLevelItem(0).text(0)
        assert dialog.repair_button.isHidden() and dialog.backups_button.isVisibleTo(dialog)
        dialog.backups_button.click()
        assert not dialog.isVisible()
        assert any(d.isVisible() for d in window.findChildren(BackupDialog))
    finally:
        window.runner.wait()
        window.library = None
        library.close()

