"""Files dropped on the main window: exchange packages are unpacked, everything else imported.
The window's own drag and drop events hand over to these two functions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent

from archive.library import Library
from ui.window.dialogs import DialogLauncher

PACKAGE_SUFFIX = ".zip"
"""Dropped files with this suffix are exchange packages; library.packages.unpack refuses other zips."""


def accept_files(event: QDragEnterEvent, library: Library | None) -> None:
    """Files may be dropped on a writable archive."""
    if event.mimeData().hasUrls() and library and not library.read_only:
        event.acceptProposedAction()


def open_dropped_files(event: QDropEvent, dialogs: DialogLauncher) -> None:
    """Exchange packages are unpacked, everything else imported."""
    paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
    packages = [p for p in paths if p.suffix.lower() == PACKAGE_SUFFIX and p.is_file()]
    others = [p for p in paths if p not in packages]
    if packages:
        dialogs.unpack_packages(packages)
    if others:
        dialogs.import_paths(others)
    if paths:
        event.acceptProposedAction()
