"""What the window loads before its first results are on screen: each module here took tens to
hundreds of milliseconds of the start (issue 17's target: first results within a second)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from archive.library import Library
from ui.app import demo_drafts

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
