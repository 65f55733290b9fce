"""An 撤销 button in the status bar for a few seconds after something undoable, and Ctrl+Z."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolButton

UNDO_SECONDS = 10


class UndoOffer(QObject):
    """Offers to undo the last step; the offer ends after UNDO_SECONDS or once taken."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._undo: Callable[[], None] | None = None
        self.button = QToolButton()
        self.button.setText(self.tr("撤销"))
        self.button.setObjectName("undo")
        self.button.clicked.connect(self.undo)
        self.button.hide()
        window.statusBar().addPermanentWidget(self.button)
        self.action = QAction(self.tr("撤销"), window)
        self.action.setShortcut(QKeySequence.StandardKey.Undo)
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(self.undo)
        self.action.setEnabled(False)
        window.addAction(self.action)
        self._timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000, timeout=self.withdraw)

    def offer(self, message: str, undo: Callable[[], None]) -> None:
        self._undo = undo
        self._window.statusBar().showMessage(message, UNDO_SECONDS * 1000)
        self.button.show()
        self.action.setEnabled(True)
        self._timer.start()

    def undo(self) -> None:
        undo, self._undo = self._undo, None
        self.withdraw()
        if undo is not None:
            undo()

    def withdraw(self) -> None:
        self._undo = None
        self._timer.stop()
        self.button.hide()
        self.action.setEnabled(False)
