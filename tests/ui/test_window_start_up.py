"""What the window loads before its first results are on screen: each module here took tens to
hundreds of milliseconds of the start (issue 17's target: first results within a second)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive import backup as backups
from archive.library import Library
from ui.app import demo_drafts
from ui.main_window import MainWindow
from ui.tasks import TaskRunner
from ui.window import reading
from ui.window.searching import ROWS_PAINTED_WAIT_MS

CASES = Path(__file__).with_name("cases.json")
LOADED_LATER = ("keyring", "markdown", "lxml.html", "docx", "archive.importers", "PySide6.QtPdf",
                "PySide6.QtCharts", "ui.dialogs.history_dialog", "ui.dialogs.export_dialog")
"""Shared archives' passwords, the reader's Markdown, Word, the importers, the dialogs' modules."""

_FIRST_ROWS = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ui import app
from ui.main_window import MainWindow

made = MainWindow.__init__

def watched(self, *args, **kwargs):
    made(self, *args, **kwargs)
    def shown():
        if self.searching.results.rowCount():
            print(sorted(m for m in LOADED_LATER if m in sys.modules), flush=True)
            QApplication.instance().exit(0)
    self.searching.results.modelReset.connect(shown)

MainWindow.__init__ = watched
LOADED_LATER = sys.argv[2].split(",")
app.run(["casearchive"], Path(sys.argv[1]))
"""


def test_the_window_shows_its_first_results_before_loading_what_they_do_not_need(tmp_path):
    with Library.open(tmp_path / "archive") as library:
        library.cases.add_many(demo_drafts(CASES)[:3])
    environment = {**os.environ, "HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen",
                   "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    shown = subprocess.run([sys.executable, "-c", _FIRST_ROWS, str(tmp_path / "archive"), ",".join(LOADED_LATER)],
                           capture_output=True, text=True, env=environment, timeout=120)
    assert shown.stdout.strip() == "[]", shown.stderr[-2000:]


@pytest.fixture
def archive(tmp_path) -> Path:
    """A closed archive with three cases and no backup yet."""
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        library.cases.add_many(demo_drafts(CASES)[:3])
    shutil.rmtree(folder / "backups", ignore_errors=True)
    return folder


def opened_window(qtbot, settings, archive: Path, monkeypatch, *, shown: bool) -> list[str]:
    """The window opening `archive` (its tasks inline); returns what happened, in order: a row of
    the card list painted, the reader's case read, the day's backup written."""
    events: list[str] = []
    read, write_backup = reading.prepared_case, backups.backup_database
    monkeypatch.setattr(reading, "prepared_case",
                        lambda library, case_id: events.append("case read") or read(library, case_id))
    monkeypatch.setattr(backups, "backup_database",
                        lambda *args, **kwargs: events.append("backup") or write_backup(*args, **kwargs))
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    if shown:
        window.show()
    window.searching.result_view.itemDelegate().row_painted.connect(lambda: events.append("row painted"))
    window.archives.open(archive)
    assert window.searching.results.rowCount() == 3
    return events


def test_an_opened_archive_shows_its_list_before_reading_a_case_or_taking_the_backup(
        qtbot, settings, archive, monkeypatch):
    events = opened_window(qtbot, settings, archive, monkeypatch, shown=True)
    qtbot.waitUntil(lambda: {"row painted", "case read", "backup"} <= set(events))
    assert events.index("row painted") < min(events.index("case read"), events.index("backup"))
    assert len(backups.list_backups(archive / "backups")) == 1


def test_a_list_never_painted_holds_them_back_half_a_second_at_most(qtbot, settings, archive, monkeypatch):
    events = opened_window(qtbot, settings, archive, monkeypatch, shown=False)
    qtbot.waitUntil(lambda: "case read" in events and "backup" in events, timeout=ROWS_PAINTED_WAIT_MS * 4)
    assert "row painted" not in events
