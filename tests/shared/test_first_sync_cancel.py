"""A new desktop's first sync of a large shared archive can be cancelled: nothing half-built is
taken for an index, the next opening syncs again, and the server is only read."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from archive import indexing
from archive.backends.postgresql import SharedStore
from archive.library import CaseDraft, Library, OpenCancelled

ROOT = Path(__file__).resolve().parents[2]
CASES = 600  # enough for the rebuild's two processes (search.index._PARALLEL_FROM)


@pytest.fixture
def large_shared_url(shared_url, tmp_path, monkeypatch):
    """A shared archive holding CASES cases, saved from a desktop of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-loader"))
    drafts = [CaseDraft(f"第{n}号案例", f"防汛预警第{n}次叫应，转移群众。") for n in range(CASES)]
    with Library.open(shared_url) as loader:
        loader.cases.add_many(drafts)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-new-desktop"))
    return shared_url


def server_state(url: str) -> tuple:
    """Everything a first sync could have changed on the server."""
    store = SharedStore.open(url)
    try:
        with store.engine.connect() as connection:
            tables = ("cases", "case_tags", "changes", "tags")
            counts = tuple(connection.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in tables)
        return counts, store.last_change(), store.versions()
    finally:
        store.close()


class CancelMidway:
    """A cancel flag turning true at the first sync's first progress report past the start."""

    def __init__(self) -> None:
        self.cancelled = False
        self.reports: list[tuple[int, int, str]] = []

    def progress(self, done: int, total: int, what: str) -> None:
        self.reports.append((done, total, what))
        if 0 < done < total:
            self.cancelled = True

    def __call__(self) -> bool:
        return self.cancelled


def test_a_cancelled_first_sync_leaves_no_index_and_the_next_opening_syncs_in_full(large_shared_url):
    before = server_state(large_shared_url)
    cancel = CancelMidway()
    with pytest.raises(OpenCancelled, match="下次打开时会继续同步"):
        Library.open(large_shared_url, progress=cancel.progress, is_cancelled=cancel)
    assert cancel.cancelled, "the sync ended before it could be cancelled"
    assert all(what == "首次同步：建立本机搜索索引" and total == CASES for _, total, what in cancel.reports)
    assert server_state(large_shared_url) == before

    with Library.open(large_shared_url) as desktop:
        assert indexing.read_position(desktop._state) == before[1]
        assert desktop.search("叫应").total == CASES
        assert desktop.get_case(desktop.search("第599号案例").hits[0].id).title == "第599号案例"


def test_a_cancelled_catch_up_goes_on_from_where_it_was_next_time(large_shared_url, tmp_path, monkeypatch):
    with Library.open(large_shared_url) as desktop:
        position = indexing.read_position(desktop._state)
    new_desktop = str(tmp_path / "cache-new-desktop")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-loader"))
    with Library.open(large_shared_url) as loader:
        loader.cases.add(CaseDraft("秸秆禁烧网格化巡查", "离线期间保存的案例。"))
    monkeypatch.setenv("XDG_CACHE_HOME", new_desktop)

    with pytest.raises(OpenCancelled):
        Library.open(large_shared_url, is_cancelled=lambda: True)
    with Library.open(large_shared_url) as desktop:
        assert indexing.read_position(desktop._state) > position
        assert desktop.search("秸秆禁烧").total == 1
        assert desktop.search("叫应").total == CASES


def test_ctrl_c_during_the_first_sync_on_the_command_line(large_shared_url, tmp_path):
    """Ctrl+C as a terminal sends it, to the whole process group (the index builder's workers too):
    a Chinese message, the exit status of an interruption, no traceback, and the next command
    syncs in full."""
    cache = tmp_path / "cache-command-line"
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, str(ROOT / "main.py"), "--archive", large_shared_url, "search", "叫应", "--json"]
    process = subprocess.Popen(command, env=environment, cwd=ROOT, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(cache.rglob("index.rebuild-*")):  # the first sync's staging index
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "已中断" in err and "下次打开时会继续同步" in err
    assert "Traceback" not in err and not out

    again = subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["total"] == CASES


def test_cancelling_a_first_sync_in_the_window_goes_back_to_the_archive_shown_before(
        large_shared_url, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow
    from ui.settings import Settings
    from ui.tasks import TaskRunner

    monkeypatch.setattr("ui.dialogs.editor.drafts_folder", lambda: tmp_path / "drafts")
    monkeypatch.setattr("ui.passwords.saved_password", lambda _address: "")
    read = indexing.record
    monkeypatch.setattr(indexing, "record", lambda case: time.sleep(0.01) or read(case))  # a slower server
    window = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)),
                        TaskRunner())
    window.show()
    mine = tmp_path / "mine"
    window.archives.open(mine)
    qtbot.waitUntil(lambda: window.library is not None, timeout=30_000)

    window.archives.open(large_shared_url)
    status = window.status
    qtbot.waitUntil(lambda: "首次同步：建立本机搜索索引（" in status.task_label.text(), timeout=60_000)
    assert status.task_label.text().endswith(f"/{CASES}）") and status.task_progress.maximum() == CASES
    assert status.task_cancel.isVisible()
    status.task_cancel.click()
    qtbot.waitUntil(lambda: window.library is not None and window.library.location == str(mine),
                    timeout=60_000)
    assert "已取消同步共享案例库" in window.statusBar().currentMessage()
    window.runner.wait()
    window.close()
