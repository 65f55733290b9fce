"""The one way the UI runs work off its thread: a QRunnable on a QThreadPool, reporting back by signal.

A task function receives a `TaskContext` (to report progress and to ask whether it was
cancelled) and must not touch any widget. Its progress, result and error are delivered to the
callbacks on the UI thread: the runner, a QObject of the UI thread, receives the worker's
signals through queued connections and only then calls them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from archive.library import ArchiveError, UnexpectedError, unexpected_error_message


class TaskCancelled(Exception):
    """Raised inside a task by `TaskContext.cancellable_progress` once the task is cancelled."""


class TaskContext:
    """Handed to a task function: progress reports and the cancel flag."""

    def __init__(self, task: Task, relay: _Relay) -> None:
        self._task, self._relay = task, relay

    def progress(self, done: int, total: int, what: str = "") -> None:
        self._relay.progressed.emit(self._task, done, total, what)

    def is_cancelled(self) -> bool:
        return self._task.cancelled.is_set()

    def cancellable_progress(self, done: int, total: int, what: str = "") -> None:
        """Progress for library calls that take no cancel flag: raises TaskCancelled once cancelled.

        The call then stops at its next report and cleans up as it does for any error.
        """
        if self.is_cancelled():
            raise TaskCancelled
        self.progress(done, total, what)


@dataclass(eq=False)
class Task:
    """A started job: cancel it, or ask whether it is still running."""

    name: str
    function: Callable[[TaskContext], Any]
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[Exception], None] | None
    on_progress: Callable[[int, int, str], None] | None

    def __post_init__(self) -> None:
        self.cancelled = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self.cancelled.set()


class _Relay(QObject):
    """Carries a worker's reports across threads."""

    progressed = Signal(object, int, int, str)
    succeeded = Signal(object, object)
    failed = Signal(object, object)


TaskScope = Callable[[], AbstractContextManager[object]]


class _Runnable(QRunnable):
    def __init__(self, task: Task, relay: _Relay, scope: TaskScope) -> None:
        super().__init__()
        self._task, self._relay, self._scope = task, relay, scope

    def run(self) -> None:
        _execute(self._task, self._relay, self._scope)


def _execute(task: Task, relay: _Relay, scope: TaskScope) -> None:
    try:
        with scope():
            result = task.function(TaskContext(task, relay))
    except (ArchiveError, TaskCancelled) as error:
        relay.failed.emit(task, error)
    except Exception as error:  # Every failure reaches the UI as a sentence, never lost in a thread.
        relay.failed.emit(task, UnexpectedError(unexpected_error_message(error)))
    else:
        relay.succeeded.emit(task, result)
    finally:
        task.done.set()


class TaskRunner(QObject):
    """Starts tasks on a thread pool; with `synchronous` they run inline (for tests)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay()
        self._relay.progressed.connect(self._deliver_progress)
        self._relay.succeeded.connect(self._deliver_success)
        self._relay.failed.connect(self._deliver_failure)
        self._running: list[Task] = []
        self.task_scope: TaskScope = contextlib.nullcontext
        """Entered around every task, in its thread: the window pauses the open archive's
        background work with it while a task of its own runs (`Finder.job`)."""

    def start(self, function: Callable[[TaskContext], Any], *, name: str = "",
              on_success: Callable[[Any], None] | None = None,
              on_failure: Callable[[Exception], None] | None = None,
              on_progress: Callable[[int, int, str], None] | None = None) -> Task:
        task = Task(name, function, on_success, on_failure, on_progress)
        self._running.append(task)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        if self.synchronous:
            _execute(task, self._relay, self.task_scope)
        else:
            self._pool.start(_Runnable(task, self._relay, self.task_scope))
        return task

    def is_busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        """Cancel and wait for every task (on quit and in tests)."""
        for task in list(self._running):
            task.cancel()
        return self._pool.waitForDone(msecs)

    def _deliver_progress(self, task: Task, done: int, total: int, what: str) -> None:
        if task.on_progress and not task.cancelled.is_set():
            task.on_progress(done, total, what)

    def _deliver_success(self, task: Task, result: object) -> None:
        self._forget(task)
        if task.on_success:
            task.on_success(result)

    def _deliver_failure(self, task: Task, error: Exception) -> None:
        self._forget(task)
        if task.on_failure:
            task.on_failure(error)

    def _forget(self, task: Task) -> None:
        if task in self._running:
            self._running.remove(task)
            if not self._running:
                self.busy_changed.emit(False)
