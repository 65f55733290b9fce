"""Which archive the window shows: the one asked for at start, the recent list, opening and switching.

Offices keep a personal archive and a shared one (a USB disk, a shared folder), so switching is
one click in 文件 ▸ 最近打开. Opening runs in a worker: an index rebuild may take a while.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from archive.library import HOME_ENV, ArchiveLockedError, Library, default_archive_folder
from ui.operations import Operation
from ui.settings import Settings

RECENT_LENGTH = 8
DATABASE_NAME = "archive.sqlite3"
"""An archive folder is recognised by its database (archive.paths.ArchiveLayout.database)."""


def starting_archive(settings: Settings, explicit: Path | None = None) -> Path:
    """The archive to open at start: --archive, CASEARCHIVE_HOME, the last used, the default."""
    if explicit is not None:
        return explicit
    if os.environ.get(HOME_ENV, "").strip():
        return default_archive_folder()
    last = settings.get(Settings.LAST_ARCHIVE)
    return Path(last) if last else default_archive_folder()


def remember_archive(settings: Settings, folder: Path) -> list[str]:
    """Make `folder` the last used and the first of the recent list; returns the new list."""
    settings.set(Settings.LAST_ARCHIVE, str(folder))
    recent = [str(folder)] + [f for f in settings.get(Settings.RECENT_ARCHIVES) if f != str(folder)]
    settings.set(Settings.RECENT_ARCHIVES, recent[:RECENT_LENGTH])
    return recent[:RECENT_LENGTH]


def is_archive(folder: Path) -> bool:
    return (folder / DATABASE_NAME).is_file()


class ArchiveSwitcher(QObject):
    """Opens archives for the window and keeps 文件 ▸ 最近打开 up to date."""

    opened = Signal(object)
    """A Library, once the window shows it."""

    def __init__(self, window: QMainWindow) -> None:
        """`window` is the MainWindow (not imported: it imports this module)."""
        super().__init__(window)
        self.window = window
        self.recent_menu: QMenu | None = None

    def add_actions(self, menu: QMenu) -> None:
        menu.addAction(self.tr("打开案例库…"), self.choose_archive)
        menu.addAction(self.tr("新建案例库…"), self.choose_new_archive)
        self.recent_menu = menu.addMenu(self.tr("最近打开"))
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.fill_recent_menu()

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        current = str(self.window.library.folder) if self.window.library else ""
        for folder in self.window.settings.get(Settings.RECENT_ARCHIVES):
            item = menu.addAction(folder, lambda f=folder: self.open(Path(f)))
            item.setCheckable(True)
            item.setChecked(folder == current)
        menu.setEnabled(not menu.isEmpty())

    def choose_archive(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("打开案例库"))
        if not folder:
            return
        if not is_archive(Path(folder)):
            QMessageBox.warning(self.window, self.tr("打开案例库"), self.tr(
                "「%1」不是案例库文件夹（其中没有 archive.sqlite3）。要新建案例库，请用「新建案例库…」。"
            ).replace("%1", folder))
            return
        self.open(Path(folder))

    def choose_new_archive(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("选择新案例库的文件夹（空文件夹）"))
        if not folder:
            return
        path = Path(folder)
        if not is_archive(path) and any(path.iterdir()):
            QMessageBox.warning(self.window, self.tr("新建案例库"), self.tr(
                "「%1」里已有其他文件。请选择一个空文件夹。").replace("%1", folder))
            return
        self.open(path)

    def open(self, folder: Path, on_opened: Callable[[Library], None] | None = None) -> None:
        """Close the archive on show (if any) and open `folder` in a worker."""
        window = self.window
        if window.library is not None and window.library.folder == folder:
            return
        if not window.close_library():
            return
        window.task_label.setText(self.tr("正在打开案例库…"))

        def opened(library: Library) -> None:
            window.task_label.clear()
            remember_archive(window.settings, folder)
            window.set_library(library)
            if on_opened is not None:
                on_opened(library)
            self.opened.emit(library)

        def failed(error: Exception) -> None:
            window.task_label.clear()
            if isinstance(error, ArchiveLockedError):
                answer = QMessageBox.question(
                    window, self.tr("案例库正在使用"), str(error) + "\n\n" + self.tr("要以只读方式打开吗？"))
                if answer == QMessageBox.StandardButton.Yes:
                    Operation(window.runner, lambda _c: Library.open(folder, allow_read_only=True),
                              name="open", on_success=opened, on_failure=window._show_error).start()
                return
            QMessageBox.critical(window, self.tr("无法打开案例库"), str(error))

        def open_and_preload(context) -> Library:
            library = Library.open(folder, progress=context.progress)
            # Paste clean-up and tag suggestions need the importers. Loading them holds the GIL in
            # C code for a quarter of a second at a time, so it happens now, before the window
            # takes input, rather than under someone's typing.
            Library.load_importers()
            return library

        Operation(window.runner, open_and_preload, name="open", on_success=opened, on_failure=failed).start()
