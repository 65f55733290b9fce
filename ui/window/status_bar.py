"""The main window's status bar: where the archive is, how many cases, and the long work that runs
in the background (its progress and a cancel button), such as rebuilding the index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QToolButton

from archive.library import Library
from ui.dialogs.connect_dialog import role_text
from ui.i18n import fill
from ui.operations import Operation, ProgressDisplay, StepText
from ui.tasks import TaskContext
from ui.widgets.undo_offer import UndoOffer


class StatusBarController(QObject):
    """The status bar's labels, its one background operation and the 撤销 offer."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._background: Operation | None = None
        self.path_label = QLabel()
        self.count_label = QLabel()
        self.task_label = QLabel()
        self.task_progress = QProgressBar()
        self.task_progress.setMaximumWidth(180)
        self.task_progress.hide()
        self.task_cancel = QToolButton()
        self.task_cancel.setText(self.tr("取消"))
        self.task_cancel.hide()
        self.task_cancel.clicked.connect(self.cancel_background_work)
        status = window.statusBar()
        status.addWidget(self.path_label, 1)
        status.addPermanentWidget(self.task_label)
        status.addPermanentWidget(self.task_progress)
        status.addPermanentWidget(self.task_cancel)
        status.addPermanentWidget(self.count_label)
        self.undo_offer = UndoOffer(window)

    def show_message(self, text: str, milliseconds: int) -> None:
        self._window.statusBar().showMessage(text, milliseconds)

    def show_location(self, library: Library) -> None:
        """The archive's folder or server in the status bar, and a shared one in the title."""
        note = ""
        if library.damage:
            note = self.tr("（已损坏，只读）")
        elif library.read_only:
            note = self.tr("（只读）")
        server = library.server
        if server is None:
            self.path_label.setText(str(library.folder) + note)
            self.path_label.setToolTip(str(library.folder))
            self._window.setWindowTitle(self.tr("典型案例库"))
            return
        role = role_text(library.role)
        self.path_label.setText(fill(self.tr("共享案例库：服务器 %1，数据库 %2，用户 %3（%4）"),
                                     f"{server.host}:{server.port}", server.database, server.user, role))
        self.path_label.setToolTip(server.url())
        self._window.setWindowTitle(fill(self.tr("典型案例库 — %1（%2）"), str(server), role))

    def run_with_progress(self, label: str, work: Callable[[TaskContext], Any],
                          on_success: Callable[[Any], None] | None = None,
                          on_failure: Callable[[Exception], None] | None = None,
                          step_text: StepText | None = None) -> None:
        """Background work shown in the status bar, with its progress and a cancel button. A
        failure (a cancel too) goes to `on_failure`; without one, it is shown and `on_success`
        still runs, with None."""
        self.task_cancel.show()

        def ended() -> None:
            self._background = None
            self.task_progress.hide()
            self.task_cancel.hide()
            self.task_label.clear()

        def done(result: object = None) -> None:
            ended()
            if on_success:
                on_success(result)

        def failed(error: Exception) -> None:
            if on_failure is None:
                done()
                self._window.show_error(error)
                return
            ended()
            on_failure(error)

        display = ProgressDisplay(self.task_label, self.task_progress)
        display.busy(label)
        self._background = Operation(self._window.runner, work, name=label, on_success=done,
                                     on_failure=failed, display=display, step_text=step_text)
        self._background.start()

    def cancel_background_work(self) -> None:
        if self._background is not None:
            self._background.cancel(self.tr("正在取消…"))
