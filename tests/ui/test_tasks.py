"""The task runner hands every failure back to the UI thread as a sentence a person can read."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox

from archive.errors import ArchiveError, UnexpectedError
from ui import app
from ui.tasks import TaskRunner


def _failure_of(qtbot, function) -> Exception:
    runner = TaskRunner()
    failures: list[Exception] = []
    runner.start(function, name="test", on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert runner.wait()
    return failures[0]


def test_an_unforeseen_error_in_a_task_arrives_as_a_sentence_with_the_log_file(qtbot, private_log_folder):
    def task(context):
        raise KeyError("segment_7")

    error = _failure_of(qtbot, task)
    assert isinstance(error, UnexpectedError)
    assert "程序出现意外错误（KeyError" in str(error) and str(private_log_folder) in str(error)
    assert "Traceback" in (private_log_folder / "casearchive.log").read_text(encoding="utf-8")


def test_an_archive_error_arrives_as_it_was_raised(qtbot):
    def task(context):
        raise ArchiveError("案例库已损坏")

    error = _failure_of(qtbot, task)
    assert type(error) is ArchiveError and str(error) == "案例库已损坏"


def test_an_error_escaping_a_worker_thread_is_logged_not_shown_there(qtbot, monkeypatch, caplog):
    # A task's report to a window that was quitting raised in the worker's thread; the dialog
    # shown there was never answered and the program never exited.
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args))
    error = RuntimeError("Internal C++ object (_Relay) already deleted.")
    worker = threading.Thread(target=app.report_unexpected_error, args=(RuntimeError, error, None))
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive() and shown == []
    assert "unexpected error in a worker thread" in caplog.text
    app.report_unexpected_error(RuntimeError, error, None)  # in the window's thread: shown
    assert len(shown) == 1
