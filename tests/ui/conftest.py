"""GUI fixtures: a real window offscreen on a fresh archive, tasks run inline unless asked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from archive.library import Library
from ui.app import demo_drafts
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskRunner


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def library(tmp_path):
    library = Library.open(tmp_path / "archive")
    library.add_cases(demo_drafts())
    yield library
    library.close()


@pytest.fixture
def window(qtbot, settings, library, monkeypatch):
    monkeypatch.setattr("ui.editor.drafts_folder", lambda: library.layout.root / "drafts-test")
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.set_library(library)
    window.show()
    yield window
    window.runner.wait()
    window.library = None  # the library fixture closes it
