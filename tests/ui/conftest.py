"""GUI fixtures: a real window offscreen on a fresh archive, tasks run inline unless asked."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from archive.library import Library
from archive.migrations import LATEST_VERSION
from archive.model import CaseDraft
from search.analysis import ANALYSIS_VERSION
from ui.app import demo_drafts
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskRunner


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


CASES = Path(__file__).with_name("cases.json")
"""Ten cases in the demo format, fixed for these tests (the shipped demo set grows)."""


@pytest.fixture
def library(tmp_path):
    library = Library.open(tmp_path / "archive")
    library.cases.add_many(demo_drafts(CASES))
    yield library
    library.close()


@pytest.fixture
def window(qtbot, settings, library, monkeypatch):
    monkeypatch.setattr("ui.dialogs.editor.drafts_folder", lambda: library.layout.root / "drafts-test")
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.set_library(library)
    window.show()
    yield window
    window.runner.wait()
    window.library = None  # the library fixture closes it


BIG_ARCHIVE_CASES = 20_000


def _big_archive_drafts() -> list[CaseDraft]:
    """The ten fixture cases varied: numbered titles, 120 units, ten years, a passage of body each."""
    demo = demo_drafts(CASES)
    drafts = []
    for number in range(BIG_ARCHIVE_CASES):
        base = demo[number % len(demo)]
        start = (number * 37) % max(1, len(base.body) - 40)
        drafts.append(CaseDraft(
            title=f"{base.title}（{number}）", body=base.body[start : start + 40],
            unit=f"某{'市县区'[number % 3]}第{number % 40}局", source=base.source,
            date=dt.date(2015 + number % 10, 1 + number % 12, 1 + number % 28), tags=base.tags))
    return drafts


@pytest.fixture(scope="session")
def big_archive_folder(request, tmp_path_factory) -> Path:
    """A 20,000-case archive for this session, built through the façade's bulk add.

    Indexing 20,000 cases takes one to three minutes, so the built archive is kept in pytest's
    cache, keyed by everything that shapes it (this file, the fixture cases, the database and
    index versions), and copied for each session; `-p no:cacheprovider` builds it afresh.
    """
    folder = tmp_path_factory.mktemp("archive-20k") / "archive"
    key = hashlib.sha256(b"".join([
        Path(__file__).read_bytes(), CASES.read_bytes(),
        str(LATEST_VERSION).encode(), ANALYSIS_VERSION.encode()])).hexdigest()[:16]
    cache = getattr(request.config, "cache", None)
    cached = cache.mkdir(f"ui-archive-20k-{key}") / "archive" if cache is not None else None
    if cached is not None and (cached / "complete").is_file():
        shutil.copytree(cached, folder, ignore=shutil.ignore_patterns("complete", "*.lock"))
        return folder
    with Library.open(folder) as library:
        library.cases.add_many(_big_archive_drafts())
    if cached is not None:
        shutil.rmtree(cached, ignore_errors=True)
        shutil.copytree(folder, cached, ignore=shutil.ignore_patterns("*.lock"))
        (cached / "complete").touch()
    return folder


@pytest.fixture(autouse=True)
def no_modal_message_boxes(monkeypatch):
    """A message box nobody expected fails the test with its text instead of blocking it.

    Tests that expect one replace the method they expect with their own recorder.
    """
    def unexpected(kind):
        def show(_parent, title, text, *args, **kwargs):
            raise AssertionError(f"unexpected QMessageBox.{kind}: {title}: {text}")
        return show

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind))
