"""The one operation object: progress on one display, and exactly one of result, failure or cancel."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel, QProgressBar

from archive.library import ArchiveError
from ui.operations import Operation, ProgressDisplay
from ui.tasks import TaskCancelled, TaskRunner


def make_display(qtbot) -> ProgressDisplay:
    label, bar = QLabel(), QProgressBar()
    qtbot.addWidget(label)
    qtbot.addWidget(bar)
    return ProgressDisplay(label, bar)


def test_a_synchronous_operation_shows_progress_and_delivers_its_result_once(qtbot):
    display, outcomes = make_display(qtbot), []

    def work(context):
        context.progress(1, 4, "甲")
        context.progress(3, 4, "乙")
        return "完成"

    operation = Operation(TaskRunner(synchronous=True), work, name="test", display=display,
                          step_text=lambda done, total, what: f"{what} {done}/{total}",
                          on_success=outcomes.append, on_failure=lambda e: outcomes.append(("失败", e)))
    operation.start()
    assert outcomes == ["完成"]
    assert display.label.text() == "乙 3/4"
    assert display.bar.value() == display.bar.maximum() == 4
    assert not operation.running
    assert not operation.cancel()


def test_a_failure_reaches_the_failure_callback_only(qtbot):
    outcomes = []

    def work(_context):
        raise ArchiveError("坏了")

    Operation(TaskRunner(synchronous=True), work, name="test", on_success=outcomes.append,
              on_failure=lambda e: outcomes.append(str(e)), on_cancelled=lambda: outcomes.append("取消")).start()
    assert outcomes == ["坏了"]


def test_a_cancelled_operation_says_so_instead_of_failing(qtbot):
    runner, outcomes, started, go_on = TaskRunner(), [], threading.Event(), threading.Event()

    def work(context):
        started.set()
        go_on.wait(5)
        context.cancellable_progress(1, 2, "甲")
        return "不该到这里"

    display = make_display(qtbot)
    operation = Operation(runner, work, name="test", display=display, on_success=outcomes.append,
                          on_failure=lambda e: outcomes.append(e), on_cancelled=lambda: outcomes.append("取消"))
    operation.start()
    assert started.wait(5) and operation.running
    assert operation.cancel("正在取消…")
    assert display.label.text() == "正在取消…"
    go_on.set()
    qtbot.waitUntil(lambda: outcomes == ["取消"], timeout=5000)
    assert not operation.running
    runner.wait()


def test_without_a_cancel_callback_a_cancel_is_a_failure(qtbot):
    outcomes = []

    def work(_context):
        raise TaskCancelled

    Operation(TaskRunner(synchronous=True), work, name="test", on_success=outcomes.append,
              on_failure=lambda e: outcomes.append(type(e).__name__)).start()
    assert outcomes == ["TaskCancelled"]
