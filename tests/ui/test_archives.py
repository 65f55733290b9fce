"""Which archive the window opens, and switching between archives in one click."""

from __future__ import annotations

from pathlib import Path

from archive.library import Library
from main import window_archive
from ui.app import demo_drafts
from ui.archives import IMPORTERS_AFTER_FIRST_RESULTS_MS, remember_archive, starting_archive
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

CASES = Path(__file__).with_name("cases.json")


def test_archive_alone_on_the_command_line_opens_the_window():
    assert window_archive([]) == (True, None)
    assert window_archive(["--archive", "/tmp/a"]) == (True, Path("/tmp/a"))
    assert window_archive(["--archive=/tmp/a"]) == (True, Path("/tmp/a"))
    assert window_archive(["--archive", "/tmp/a", "list"])[0] is False
    assert window_archive(["search", "防汛"])[0] is False
    assert window_archive(["--archive", "postgresql://wang@db/cases"]) == (True, "postgresql://wang@db/cases")


def test_the_starting_archive_follows_the_documented_order(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEARCHIVE_HOME", str(tmp_path / "home"))
    settings.set(settings.LAST_ARCHIVE, str(tmp_path / "last"))
    assert starting_archive(settings, tmp_path / "explicit") == tmp_path / "explicit"
    assert starting_archive(settings) == tmp_path / "home"
    monkeypatch.delenv("CASEARCHIVE_HOME")
    assert starting_archive(settings) == tmp_path / "last"


def test_main_with_archive_opens_the_window_on_that_folder(qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("ui.app.run", lambda archive=None: opened.append(archive) or 0)
    from main import main

    assert main(["--archive", str(tmp_path / "shared")]) == 0
    assert opened == [tmp_path / "shared"]


def test_switching_archives_from_the_recent_list(qtbot, settings, tmp_path):
    personal, shared = tmp_path / "personal", tmp_path / "shared"
    with Library.open(shared) as library:
        library.cases.add_many(demo_drafts(CASES)[:3])
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.archives.open(personal)
    assert window.library.folder == personal
    assert window.searching.results.rowCount() == 0
    window.archives.open(shared)
    assert window.library.folder == shared
    assert window.searching.results.rowCount() == 3
    window.archives.fill_recent_menu()
    entries = window.archives.recent_menu.actions()
    assert [a.text() for a in entries] == [str(shared), str(personal)]
    assert entries[0].isChecked()
    entries[1].trigger()  # one click back to the personal archive
    assert window.library.folder == personal
    assert settings.get(settings.LAST_ARCHIVE) == str(personal)
    window.close()


def test_the_recent_list_keeps_each_folder_once(settings, tmp_path):
    for name in ("a", "b", "a"):
        recent = remember_archive(settings, tmp_path / name)
    assert recent == [str(tmp_path / "a"), str(tmp_path / "b")]


def test_the_importers_load_after_the_first_results_are_on_screen(qtbot, settings, tmp_path, monkeypatch):
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        library.cases.add_many(demo_drafts(CASES)[:3])
    events = []
    monkeypatch.setattr(Library, "load_importers", staticmethod(lambda: events.append("importers")))
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.searching.results.modelReset.connect(
        lambda: events.append(f"{window.searching.results.rowCount()} rows"))
    window.archives.open(folder)
    assert events == ["0 rows", "3 rows"]
    qtbot.waitUntil(lambda: "importers" in events, timeout=IMPORTERS_AFTER_FIRST_RESULTS_MS * 4)
    window.archives.open(folder)  # the same archive again: nothing reopened, nothing loaded again
    window.searching.run_search()
    qtbot.wait(IMPORTERS_AFTER_FIRST_RESULTS_MS * 2)
    assert events == ["0 rows", "3 rows", "importers", "3 rows"]
    window.close()
