"""Exchange packages from the window: pack the selection or a tag, unpack by menu or drop, cancel."""

from __future__ import annotations

import json
import threading
import zipfile

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from archive.library import BriefingOptions, Library
from archive.model import CaseDraft
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.pack_dialog import PackDialog
from ui.dialogs.unpack_dialog import UnpackDialog
from ui.roles import IdRole
from ui.roles import IdRole as CaseIdRole
from ui.settings import Settings
from ui.tasks import TaskRunner


def select_rows(window, rows: list[int]) -> list[str]:
    selection = window.searching.result_view.selectionModel()
    selection.clear()
    for row in rows:
        selection.select(window.searching.results.index(row), selection.SelectionFlag.Select)
    return [window.searching.results.index(r).data(IdRole) for r in rows]


def packed_titles(package) -> list[str]:
    with zipfile.ZipFile(package) as archive:
        return [c["title"] for c in json.loads(archive.read("manifest.json"))["cases"]]


def case_rows(dialog: UnpackDialog) -> list[tuple[str, str, str]]:
    """(outcome, title, reason) of every case in the result, under whichever package."""
    rows, items = [], [dialog.results.topLevelItem(r) for r in range(dialog.results.topLevelItemCount())]
    while items:
        item = items.pop(0)
        if item.data(0, CaseIdRole):
            rows.append((item.text(0), item.text(1), item.text(2)))
        items[:0] = [item.child(c) for c in range(item.childCount())]
    return rows


@pytest.fixture
def elsewhere(tmp_path):
    """Another office's archive."""
    library = Library.open(tmp_path / "elsewhere")
    yield library
    library.close()


# -- packing --------------------------------------------------------------------------------------

def test_the_selected_cases_are_packed_with_a_summary(qtbot, window, settings, tmp_path):
    ids = select_rows(window, [0, 2])
    titles = [window.searching.results.index(r).data() for r in (0, 2)]
    dialog = window.dialogs.export_package()
    qtbot.addWidget(dialog)
    assert dialog.case_ids == ids
    assert dialog.scope.text() == "选中的 2 个案例"
    assert dialog.pack_button.isEnabled()
    dialog.unit_edit.setText("某市气象局办公室")
    with qtbot.waitSignal(dialog.packed) as packed:
        dialog.pack_to(tmp_path / "out" / "交流包")
    out = tmp_path / "out" / "交流包.zip"
    assert packed.args[0].path == out
    assert packed_titles(out) == titles
    assert dialog.status.text().startswith("已导出 2 个案例（")
    assert str(out) in dialog.status.text()
    assert dialog.open_folder_button.isVisible() and dialog.close_button.text() == "关闭"
    assert settings.get(Settings.EXCHANGE_UNIT) == "某市气象局办公室"
    assert settings.get(Settings.EXCHANGE_FOLDER) == str(out.parent)
    again = window.dialogs.export_package()
    qtbot.addWidget(again)
    assert again.unit_edit.text() == "某市气象局办公室"
    assert again.suggested_path().parent == out.parent


def test_the_briefings_that_used_the_cases_travel_when_asked(qtbot, window, library, settings, tmp_path):
    ids = select_rows(window, [0])
    library.word.export(ids, tmp_path / "简报.docx", BriefingOptions(layout="briefing", title="气象工作简报"))
    dialog = window.dialogs.export_package()
    qtbot.addWidget(dialog)
    assert not dialog.briefings_check.isChecked()  # off unless asked for
    dialog.briefings_check.setChecked(True)
    with qtbot.waitSignal(dialog.packed) as packed:
        dialog.pack_to(tmp_path / "p.zip")
    assert [b["title"] for b in packed.args[0].briefings] == ["气象工作简报"]
    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        assert [b["title"] for b in json.loads(archive.read("manifest.json"))["briefings"]] == ["气象工作简报"]
    assert settings.get(Settings.EXCHANGE_WITH_BRIEFINGS)
    again = window.dialogs.export_package()
    qtbot.addWidget(again)
    assert again.briefings_check.isChecked()


def test_a_tag_is_packed_from_the_tag_trees_menu(qtbot, window, tmp_path, monkeypatch):
    menu = window.menus.tag_menu("粮食安全")
    assert [a.text() for a in menu.actions()] == ["只看「粮食安全」", "导出「粮食安全」的交流包…"]
    saved_as = tmp_path / "粮食.zip"
    monkeypatch.setattr("ui.dialogs.pack_dialog.QFileDialog.getSaveFileName",
                        lambda _parent, _title, suggested, _filter: (str(saved_as), ""))
    menu.actions()[1].trigger()
    dialog = next(d for d in window.findChildren(PackDialog) if d.isVisible())
    qtbot.addWidget(dialog)
    # A group tag covers its tags: both cases carry a tag under 粮食安全.
    assert dialog.scope.text() == "标签「粮食安全」下的 2 个案例"
    assert "粮食安全" in dialog.suggested_path().name
    dialog.pack_button.click()
    assert sorted(packed_titles(saved_as)) == ["夏收夏种气象服务助力粮食颗粒归仓",
                                               "秋收秋种期间农业气象服务保障粮食丰收"]


def test_only_showing_a_tag_from_its_menu(window):
    window.menus.tag_menu("粮食安全").actions()[0].trigger()
    assert window.filters.selected("tag") == ["粮食安全"]
    assert window.searching.results.rowCount() == 2


def test_packing_without_a_selection_says_how_to_choose(window, monkeypatch):
    told = []
    monkeypatch.setattr("ui.window.dialogs.QMessageBox.information", lambda *args: told.append(args[2]))
    window.searching.result_view.selectionModel().clear()
    assert window.dialogs.export_package() is None
    assert told and "右键" in told[0]


def test_a_tag_without_cases_cannot_be_packed(qtbot, window):
    dialog = window.dialogs.export_package(tag="耕地保护")
    qtbot.addWidget(dialog)
    assert dialog.scope.text() == "标签「耕地保护」下的 0 个案例"
    assert not dialog.pack_button.isEnabled()
    assert dialog.status.text() == "没有可导出的案例。"


def test_a_failed_pack_shows_the_reason(qtbot, window, tmp_path):
    select_rows(window, [0])
    dialog = window.dialogs.export_package()
    qtbot.addWidget(dialog)
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    dialog.pack_to(blocked / "sub" / "out.zip")  # a folder inside a file: cannot be written
    assert dialog.status.text().startswith("导出失败：无法写入交流包")
    assert dialog.pack_button.isEnabled() and dialog.close_button.text() == "关闭"


def gated(real, first_report: threading.Event, go_on: threading.Event):
    """`real` (library.packages.pack or unpack) with its worker held after the first progress report."""
    def call(*args, progress, **kwargs):
        def report(done, total, what):
            progress(done, total, what)
            first_report.set()
            go_on.wait(10)
        return real(*args, progress=report, **kwargs)
    return call


def test_cancelling_a_pack_leaves_no_file(qtbot, window, library, settings, tmp_path, monkeypatch):
    first_report, go_on = threading.Event(), threading.Event()
    monkeypatch.setattr(library.packages, "pack", gated(library.packages.pack, first_report, go_on))
    runner = TaskRunner()
    try:
        dialog = PackDialog(library, runner, settings, ids=select_rows(window, [0, 1, 2]))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.pack_button.isEnabled)
        folder = tmp_path / "packages"
        dialog.pack_to(folder / "out.zip")
        assert dialog.close_button.text() == "取消导出"
        qtbot.waitUntil(first_report.is_set)
        dialog.close_button.click()
        assert dialog.status.text() == "正在取消…"
        go_on.set()
        qtbot.waitUntil(lambda: dialog.status.text() == "已取消，没有写出文件。", timeout=5000)
        assert list(folder.iterdir()) == []  # neither the package nor its temporary file
        assert dialog.isVisible()
        assert dialog.pack_button.isEnabled()
    finally:
        go_on.set()
        runner.wait()


# -- unpacking ------------------------------------------------------------------------------------

def test_a_package_is_unpacked_with_what_was_added_updated_and_skipped(qtbot, window, library,
                                                                       elsewhere, tmp_path, monkeypatch):
    ids = [window.searching.results.index(r).data(IdRole) for r in (0, 1)]
    first = library.packages.pack(ids, tmp_path / "first.zip").path
    elsewhere.packages.unpack(first)
    changed = library.get_case(ids[0])
    elsewhere.cases.update(ids[0], CaseDraft(title=changed.title, body=changed.body + "\n\n补充：后续做法。",
                                            unit=changed.unit, date=changed.date, tags=tuple(changed.tags)))
    new = elsewhere.cases.add(CaseDraft(title="林区防火巡护经验", body="护林员每日巡山。", tags=("森林防火",)))
    package = elsewhere.packages.pack([ids[0], ids[1], new.id], tmp_path / "县局交流包.zip",
                             exporting_unit="某县气象局").path
    before = library.case_count()

    monkeypatch.setattr("ui.window.dialogs.QFileDialog.getOpenFileNames",
                        lambda *args: ([str(package)], ""))
    window.menus.unpack_action.trigger()
    dialog = next(d for d in window.findChildren(UnpackDialog) if d.isVisible())
    qtbot.addWidget(dialog)
    origin, counts = dialog.label.text().split("\n")
    assert origin.startswith("交流包「县局交流包.zip」：某县气象局，") and origin.endswith(" 导出。")
    assert counts == "新增 1 个案例，更新 1 个，跳过 1 个。双击一行打开对应的案例。"
    rows = case_rows(dialog)
    assert [r[:2] for r in rows] == [("已新增", "林区防火巡护经验"), ("已更新", changed.title),
                                     ("已跳过", library.get_case(ids[1]).title)]
    assert rows[2][2]  # the reason a case was skipped
    assert dialog.close_button.text() == "关闭"
    assert library.case_count() == before + 1
    assert "补充：后续做法" in library.get_case(ids[0]).body

    added = dialog.results.topLevelItem(0)
    assert added.data(0, CaseIdRole) == new.id
    dialog.results.itemDoubleClicked.emit(added, 0)
    assert window.reading.reader.case.title == "林区防火巡护经验"
    window.search_bar.search_box.setText("护林员")
    window.searching.run_search()
    assert window.searching.results.index(0).data() == "林区防火巡护经验"


def test_a_hostile_or_foreign_zip_is_refused_with_its_reason(qtbot, window, library, tmp_path):
    foreign = tmp_path / "资料.zip"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("说明.txt", "不是交流包")
    escaping = tmp_path / "escape.zip"
    with zipfile.ZipFile(escaping, "w") as archive:
        archive.writestr("../../evil.txt", "x")
    before = library.case_count()
    dialog = window.dialogs.unpack_packages([foreign])
    qtbot.addWidget(dialog)
    assert "被拒绝" in dialog.label.text() and "缺少清单文件" in dialog.label.text()
    assert "案例库没有任何改动" in dialog.label.text()
    assert dialog.results.isHidden() and dialog.progress.isHidden()
    both = window.dialogs.unpack_packages([escaping, foreign])
    qtbot.addWidget(both)
    assert both.label.text() == "新增 0 个案例，更新 0 个，跳过 0 个。\n2 个交流包被拒绝，见下方说明。"
    reasons = [both.results.topLevelItem(r).text(2) for r in range(2)]
    assert "../../evil.txt" in reasons[0] and "缺少清单文件" in reasons[1]
    assert library.case_count() == before


def test_dropping_a_package_unpacks_it_and_other_files_are_imported(qtbot, window, library, elsewhere,
                                                                    tmp_path):
    case = elsewhere.cases.add(CaseDraft(title="城市内涝预警经验", body="内涝风险预警提前发布。"))
    package = elsewhere.packages.pack([case.id], tmp_path / "内涝.ZIP").path
    note = tmp_path / "笔记.txt"
    note.write_text("标题：值班经验\n\n夜间值班做法。", encoding="utf-8")
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(package)), QUrl.fromLocalFile(str(note))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, dropped, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    unpacked = next(d for d in window.findChildren(UnpackDialog) if d.isVisible())
    imported = next(d for d in window.findChildren(ImportDialog) if d.isVisible())
    for dialog in (unpacked, imported):
        qtbot.addWidget(dialog)
    assert unpacked.label.text().endswith("新增 1 个案例，更新 0 个，跳过 0 个。双击一行打开对应的案例。")
    assert library.get_case(case.id).title == "城市内涝预警经验"
    assert "导入 1 个" in imported.label.text()


def test_cancelling_an_unpack_while_it_checks_changes_nothing(qtbot, library, elsewhere, tmp_path,
                                                               monkeypatch):
    drafts = [CaseDraft(title=f"交流案例{n}", body=f"第{n}个案例的正文。") for n in range(3)]
    package = elsewhere.packages.pack(elsewhere.cases.add_many(drafts), tmp_path / "三个.zip").path
    before = library.case_count()
    first_report, go_on = threading.Event(), threading.Event()
    monkeypatch.setattr(library.packages, "unpack", gated(library.packages.unpack, first_report, go_on))
    runner = TaskRunner()
    try:
        dialog = UnpackDialog(library, runner, [package])
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(first_report.is_set)
        dialog.reject()
        assert dialog.isVisible() and dialog.label.text() == "正在取消…"
        go_on.set()
        qtbot.waitUntil(lambda: dialog.close_button.text() == "关闭", timeout=5000)
        assert dialog.label.text().startswith("已取消。")
        assert library.case_count() == before
    finally:
        go_on.set()
        runner.wait()


def test_a_read_only_archive_offers_packing_but_not_unpacking(qtbot, window, library, monkeypatch):
    monkeypatch.setattr(type(library), "read_only", property(lambda _self: True))
    window.set_library(library)
    assert window.menus.pack_action.isEnabled()
    assert not window.menus.unpack_action.isEnabled()
