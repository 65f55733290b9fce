"""The editor saves on a worker thread: the window keeps drawing, closing waits for the save, and a
failure keeps the text with a message."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from archive.library import ArchiveError
from ui.dialogs.editor import CaseEditor
from ui.tasks import TaskRunner


@pytest.fixture
def slow_save(library, monkeypatch):
    """Saves that wait for `release` (a slow server), on the thread that runs them."""
    release, threads = threading.Event(), []
    update = library.cases.update

    def waiting_update(*args, **kwargs):
        threads.append(threading.current_thread())
        assert release.wait(10)
        return update(*args, **kwargs)

    monkeypatch.setattr(library.cases, "update", waiting_update)
    return release, threads


@pytest.fixture
def editor(qtbot, library, monkeypatch):
    monkeypatch.setattr("ui.dialogs.editor.drafts_folder", lambda: library.layout.root / "drafts-test")
    runner = TaskRunner()
    case = library.list_cases(limit=1)[0]
    editor = CaseEditor(library, library.get_case(case.id), runner=runner)
    qtbot.addWidget(editor)
    editor.show()
    yield editor
    runner.wait()


def test_a_save_runs_off_the_ui_thread_and_closing_meanwhile_waits_for_it(qtbot, editor, library,
                                                                         slow_save):
    release, threads = slow_save
    editor.title_edit.setText("保存时界面不卡顿")
    saved = []
    editor.case_saved.connect(saved.append)
    assert editor.save() is True
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    assert not editor.save_button.isEnabled() and editor.save() is False  # one save at a time
    editor.close()
    qtbot.wait(50)  # the event loop runs while the save waits
    assert editor.isVisible() and "保存完成后自动关闭" in editor.status.text()
    release.set()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert [case.title for case in saved] == ["保存时界面不卡顿"]
    assert library.get_case(saved[0].id).title == "保存时界面不卡顿"


def test_a_failed_save_keeps_the_text_and_says_why(qtbot, editor, library, monkeypatch):
    def refused(*_args, **_kwargs):
        raise ArchiveError("案例库为只读，不能修改。")

    monkeypatch.setattr(library.cases, "update", refused)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    editor.title_edit.setText("不会保存的标题")
    editor.save()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("保存失败", "案例库为只读，不能修改。")]
    assert editor.isVisible() and editor.title_edit.text() == "不会保存的标题"
    assert editor.save_button.isEnabled()
