"""One way for a window to run long work with the library (Anki's CollectionOp, Picard's run_task).

An `Operation` runs a function off the UI thread on the window's `TaskRunner`, shows its progress
on one `ProgressDisplay` (a status label and a progress bar), and calls back exactly once on the UI
thread: with the result, with the error, or — when the user cancelled — as cancelled. The function
must not touch any widget. With a synchronous runner (tests) it all happens inside `start()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QProgressBar

from ui.tasks import Task, TaskCancelled, TaskContext, TaskRunner

StepText = Callable[[int, int, str], str]
"""step_text(done, total, what): the status line while the work reports progress."""


def run_in_background(runner: TaskRunner, work: Callable[[TaskContext], Any], *, name: str,
                      on_success: Callable[[Any], None],
                      on_failure: Callable[[Exception], None]) -> Task:
    """Work nobody watches (a search, the tag counts, loading tables): off the UI thread, with no
    progress display and no cancel button; `on_success` or `on_failure` runs on the UI thread."""
    return runner.start(work, name=name, on_success=on_success, on_failure=on_failure)


class ProgressDisplay:
    """The status label and the progress bar an operation drives."""

    def __init__(self, label: QLabel, bar: QProgressBar) -> None:
        self.label, self.bar = label, bar

    def busy(self, text: str) -> None:
        """Work of unknown length has started."""
        self.bar.setRange(0, 0)
        self.bar.show()
        self.label.setText(text)

    def step(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(text)

    def complete(self) -> None:
        self.bar.setRange(0, max(self.bar.maximum(), 1))
        self.bar.setValue(self.bar.maximum())


class Operation:
    """One run of `work(context)`; `start()` it, `cancel()` it, ask whether it is `running`."""

    def __init__(self, runner: TaskRunner, work: Callable[[TaskContext], Any], *, name: str,
                 on_success: Callable[[Any], None], on_failure: Callable[[Exception], None],
                 on_cancelled: Callable[[], None] | None = None,
                 display: ProgressDisplay | None = None, step_text: StepText | None = None) -> None:
        self._runner, self._work, self._name = runner, work, name
        self._on_success, self._on_failure, self._on_cancelled = on_success, on_failure, on_cancelled
        self._display, self._step_text = display, step_text
        self._task: Task | None = None
        self._ended = False

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> Operation:
        task = self._runner.start(
            self._work, name=self._name, on_success=self._succeeded, on_failure=self._failed,
            on_progress=self._progressed if self._display is not None else None)
        # A synchronous runner has already called back; a thread pool calls back later, on this
        # thread, so never before this line.
        self._task = None if self._ended else task
        return self

    def cancel(self, text: str = "") -> bool:
        """Ask the work to stop (it stops at its next progress report); False if none runs."""
        if self._task is None:
            return False
        self._task.cancel()
        if text and self._display is not None:
            self._display.label.setText(text)
        return True

    def _progressed(self, done: int, total: int, what: str) -> None:
        text = self._step_text(done, total, what) if self._step_text else self._display.label.text()
        self._display.step(done, total, text)

    def _succeeded(self, result: object) -> None:
        self._task, self._ended = None, True
        if self._display is not None:
            self._display.complete()
        self._on_success(result)

    def _failed(self, error: Exception) -> None:
        cancelled = isinstance(error, TaskCancelled) or (
            self._task is not None and self._task.cancelled.is_set())
        self._task, self._ended = None, True
        if cancelled and self._on_cancelled is not None:
            self._on_cancelled()
        else:
            self._on_failure(error)
