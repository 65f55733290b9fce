"""Files dropped on the main window: exchange packages are unpacked, everything else imported.

It is a part of `MainWindow` (ui/main_window.py), mixed into it: its methods use the window's
widgets and state as `self`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent

PACKAGE_SUFFIX = ".zip"
"""Dropped files with this suffix are exchange packages; library.packages.unpack refuses other zips."""


class DropMixin:
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.library and not self.library.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Exchange packages are unpacked, everything else imported."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        packages = [p for p in paths if p.suffix.lower() == PACKAGE_SUFFIX and p.is_file()]
        others = [p for p in paths if p not in packages]
        if packages:
            self.unpack_packages(packages)
        if others:
            self.import_paths(others)
        if paths:
            event.acceptProposedAction()
