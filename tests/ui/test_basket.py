"""The briefing basket: collect cases, reorder them, export them; it survives a restart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from ui.main_window import MainWindow
from ui.models.basket import CASE_IDS_MIME, BasketModel
from ui.roles import IdRole
from ui.tasks import TaskRunner


def basket_titles(window) -> list[str]:
    return [window.reading.basket.index(r).data().split(". ", 1)[1] for r in range(window.reading.basket.rowCount())]


def select_rows(window, rows: list[int]) -> None:
    selection = window.searching.result_view.selectionModel()
    selection.clear()
    for row in rows:
        selection.select(window.searching.results.index(row), selection.SelectionFlag.Select)


def test_basket_model_passes_the_model_tester(qtmodeltester):
    model = BasketModel()
    model.set_ids(["a", "b", "c"])
    qtmodeltester.check(model)


def test_moving_rows_reorders_the_ids():
    model = BasketModel()
    model.set_ids(["a", "b", "c", "d"])
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert model.ids() == ["b", "c", "a", "d"]
    assert model.moveRows(QModelIndex(), 3, 1, QModelIndex(), 0)
    assert model.ids() == ["d", "b", "c", "a"]
    assert not model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 2)  # onto itself


def test_cases_dropped_from_the_result_list_are_added_once(qtbot, window):
    dragged = window.searching.results.mimeData([window.searching.results.index(0), window.searching.results.index(1)])
    assert window.reading.basket.dropMimeData(dragged, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert not window.reading.basket.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert window.reading.basket.ids() == [window.searching.results.index(r).data(IdRole) for r in (0, 1)]
    assert dragged.hasFormat(CASE_IDS_MIME)


def test_three_cases_collected_reordered_and_exported(qtbot, window, tmp_path, monkeypatch):
    wanted = [window.searching.results.index(r).data() for r in (0, 2, 4)]
    for row in (0, 2, 4):
        select_rows(window, [row])
        window.searching.result_view.setFocus()
        qtbot.keyClick(window.searching.result_view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert basket_titles(window) == wanted
    window.reading.basket_panel.view.setCurrentIndex(window.reading.basket.index(2))
    window.reading.basket_panel.move_selected(-1)
    window.reading.basket_panel.view.setCurrentIndex(window.reading.basket.index(0))
    window.reading.basket_panel.move_selected(1)
    assert basket_titles(window) == [wanted[2], wanted[0], wanted[1]]

    offered = []
    monkeypatch.setattr("ui.dialogs.export_dialog.offer_to_open", lambda _parent, path: offered.append(path))
    dialog = window.dialogs.export_cases()
    qtbot.addWidget(dialog)
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("briefing"))
    dialog.title_edit.setText("防灾减灾典型案例")
    dialog.issue_spin.setValue(7)
    out = tmp_path / "简报.docx"
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.export_to(out)
    assert offered == [out]
    assert out.is_file() and out.stat().st_size > 0
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    positions = [text.find(title) for title in (wanted[2], wanted[0], wanted[1])]
    assert -1 not in positions and positions == sorted(positions)
    again = window.dialogs.export_cases()
    qtbot.addWidget(again)
    assert again.title_edit.text() == "防灾减灾典型案例"
    assert again.issue_spin.value() == 8  # the series goes on from the number used


def test_the_save_dialog_offers_pdf_and_a_bare_name_follows_the_chosen_type(qtbot, window, monkeypatch):
    offered, exported = [], []

    def save_dialog(_parent, _caption, suggested, filters):
        offered.append(filters)
        return str(Path(suggested).with_name("汇编")), filters.split(";;")[1]

    monkeypatch.setattr("ui.dialogs.export_dialog.QFileDialog.getSaveFileName", save_dialog)
    window.reading.basket.add([window.searching.results.index(0).data(IdRole)])
    dialog = window.dialogs.export_cases()
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "export_to", exported.append)
    dialog.export_button.click()
    assert offered == ["Word 文档 (*.docx);;PDF 文档 (*.pdf)"]
    assert [path.name for path in exported] == ["汇编.pdf"]


def test_export_options_are_remembered(qtbot, window, monkeypatch):
    monkeypatch.setattr("ui.dialogs.export_dialog.briefing_options", lambda values: values)
    monkeypatch.setattr("ui.dialogs.export_dialog.offer_to_open", lambda *_args: None)
    monkeypatch.setattr(type(window.library.word), "export",
                        lambda self, ids, path, options, **_callbacks: path.write_bytes(b"x"),
                        raising=False)
    window.reading.basket.add([window.searching.results.index(0).data(IdRole)])
    dialog = window.dialogs.export_cases()
    qtbot.addWidget(dialog)
    dialog.unit_edit.setText("某市气象局办公室")
    assert dialog.title_edit.text() == "典型案例材料汇编"
    assert dialog.new_page.isChecked()  # a compilation keeps one case a page
    dialog.layout_box.setCurrentIndex(1)
    assert dialog.title_edit.text() == "工作简报"  # a default title follows the layout
    assert not dialog.new_page.isChecked()  # a briefing runs its cases on
    dialog.new_page.setChecked(True)
    assert dialog.issue_spin.value() == 1  # the first of its series
    dialog.export_to(window.library.layout.root / "out.docx")
    assert (window.library.layout.root / "out.docx").read_bytes() == b"x"
    again = window.dialogs.export_cases()
    qtbot.addWidget(again)
    assert again.unit_edit.text() == "某市气象局办公室"
    assert again.layout_box.currentData() == "briefing"
    assert again.new_page.isChecked()
    again.layout_box.setCurrentIndex(0)
    assert again.new_page.isChecked()


def test_an_empty_basket_and_no_selection_asks_for_cases(qtbot, window, monkeypatch):
    told = []
    monkeypatch.setattr("ui.window.dialogs.QMessageBox.information", lambda *args: told.append(args[2]))
    window.searching.result_view.selectionModel().clear()
    assert window.dialogs.export_cases() is None
    assert told and "Ctrl+B" in told[0]


def test_the_basket_survives_a_restart(qtbot, window, settings, library):
    ids = [window.searching.results.index(r).data(IdRole) for r in (3, 1)]
    window.reading.basket.add(ids)
    restarted = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(restarted)
    restarted.set_library(library)
    assert restarted.reading.basket.ids() == ids
    library.trash([ids[0]])
    assert restarted.reading.basket.ids() == [ids[1]]  # a trashed case leaves the basket
