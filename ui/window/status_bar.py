"""The main window's status bar: where the archive is, how many cases, and the long work that runs
in the background (its progress and a cancel button), such as rebuilding the index.

It is a part of `MainWindow` (ui/main_window.py), mixed into it: its methods use the window's
widgets and state as `self`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QToolButton

from ui.operations import Operation, ProgressDisplay
from ui.widgets.undo_offer import UndoOffer


class StatusBarMixin:
    def _build_status_bar(self) -> None:
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
        status = self.statusBar()
        status.addWidget(self.path_label, 1)
        status.addPermanentWidget(self.task_label)
        status.addPermanentWidget(self.task_progress)
        status.addPermanentWidget(self.task_cancel)
        status.addPermanentWidget(self.count_label)
        self.undo_offer = UndoOffer(self)

    def run_with_progress(self, label: str, function, on_success=None) -> None:
        """Background work shown in the status bar, with its progress and a cancel button."""
        self.task_cancel.show()

        def done(result=None) -> None:
            self._background = None
            self.task_progress.hide()
            self.task_cancel.hide()
            self.task_label.clear()
            if on_success:
                on_success(result)

        display = ProgressDisplay(self.task_label, self.task_progress)
        display.busy(label)
        self._background = Operation(self.runner, function, name=label, on_success=done,
                                     on_failure=lambda error: (done(), self._show_error(error)),
                                     display=display)
        self._background.start()

    def cancel_background_work(self) -> None:
        if self._background is not None:
            self._background.cancel(self.tr("正在取消…"))

    def reindex(self) -> None:
        library = self.library
        self.run_with_progress(self.tr("正在重建索引"), lambda context: library.reindex(
            context.progress, context.is_cancelled))
