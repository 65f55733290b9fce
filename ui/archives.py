"""Which archive the window shows: the one asked for at start, the recent list, opening and switching.

Offices keep a personal archive and a shared one (a folder, or a shared archive on a PostgreSQL
server), so switching is one click in 文件 ▸ 最近打开. Opening runs in a worker, its progress and a
cancel button in the status bar: an index rebuild, or a shared archive's first sync, may take
minutes, and a cancel reopens the archive shown before. A shared archive is remembered by its URL
without the password, which stays in the system keyring (ui/passwords.py) or is asked for. The
keyring and the connect dialog load only for a shared archive (keyring took 0.1-0.3 s of every start).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from archive.library import (
    HOME_ENV,
    ArchiveLockedError,
    Library,
    OpenCancelled,
    ServerAddress,
    default_archive_folder,
)
from ui.i18n import fill
from ui.operations import Operation, run_in_background
from ui.settings import Settings

if TYPE_CHECKING:
    from ui.dialogs.connect_dialog import ConnectDialog

RECENT_LENGTH = 8
IMPORTERS_AFTER_FIRST_RESULTS_MS = 1500
"""The importers load this long after the first results (see `_load_importers_after_first_results`)."""
DATABASE_NAME = "archive.sqlite3"
"""An archive folder is recognised by its database (archive.paths.ArchiveLayout.database)."""


def starting_archive(settings: Settings, explicit: Path | str | None = None) -> Path | str:
    """The archive to open at start: --archive, CASEARCHIVE_HOME, the last used, the default (a
    shared archive is its URL)."""
    if explicit is not None:
        return explicit
    if os.environ.get(HOME_ENV, "").strip():
        return default_archive_folder()
    last = settings.get(Settings.LAST_ARCHIVE)
    if Library.is_shared_location(last):
        return last
    return Path(last) if last else default_archive_folder()


def remember_archive(settings: Settings, location: Path | str) -> list[str]:
    """Make `location` (a folder, or a shared archive's URL without password) the last used and the
    first of the recent list; returns the new list."""
    location = str(location)
    settings.set(Settings.LAST_ARCHIVE, location)
    recent = [location] + [f for f in settings.get(Settings.RECENT_ARCHIVES) if f != location]
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
        menu.addAction(self.tr("连接共享案例库…"), lambda: self.connect_shared())
        self.recent_menu = menu.addMenu(self.tr("最近打开"))
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.fill_recent_menu()

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        current = self.window.library.location if self.window.library else ""
        for location in self.window.settings.get(Settings.RECENT_ARCHIVES):
            label = location
            if Library.is_shared_location(location):
                address = ServerAddress.from_url(location)
                label = fill(self.tr("共享：%1（用户 %2）"), str(address), address.user)
            item = menu.addAction(label, lambda place=location: self.open(
                place if Library.is_shared_location(place) else Path(place)))
            item.setCheckable(True)
            item.setChecked(location == current)
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

    def open(self, folder: Path | str, on_opened: Callable[[Library], None] | None = None) -> None:
        """Close the archive on show (if any) and open `folder` in a worker; a shared archive's URL
        is opened with the password the keyring keeps, or the connect dialog asks for it."""
        window = self.window
        if window.library is not None and window.library.location == str(folder):
            return
        if Library.is_shared_location(folder):
            self.reopen_shared(ServerAddress.from_url(folder), on_opened)
            return
        previous = self._shown_location()
        if not window.close_library():
            return

        def opened(library: Library) -> None:
            remember_archive(window.settings, folder)
            self._load_importers_after_first_results()
            self._back_up_after_first_results(library)
            window.reading.read_after_first_rows()
            window.set_library(library)
            if on_opened is not None:
                on_opened(library)
            self.opened.emit(library)

        def failed(error: Exception) -> None:
            if isinstance(error, ArchiveLockedError):
                answer = QMessageBox.question(
                    window, self.tr("案例库正在使用"), str(error) + "\n\n" + self.tr("要以只读方式打开吗？"))
                if answer == QMessageBox.StandardButton.Yes:
                    Operation(window.runner, lambda _c: Library.open(folder, allow_read_only=True),
                              name="open", on_success=opened, on_failure=window.show_error).start()
                return
            QMessageBox.critical(window, self.tr("无法打开案例库"), str(error))

        self._open_with_progress(self.tr("正在打开案例库…"),
                                 lambda context: self._open(folder, context), previous,
                                 on_success=opened, on_failure=failed)

    def _shown_location(self) -> Path | str | None:
        """The archive on show, to go back to when opening another is cancelled."""
        library = self.window.library
        if library is None:
            return None
        return library.location if library.server is not None else Path(library.location)

    def _open_with_progress(self, label: str, work: Callable, previous: Path | str | None, *,
                            on_success: Callable, on_failure: Callable[[Exception], None]) -> None:
        """`work` (an opening) in the status bar: each phase with its count, and a cancel button
        that stops it at its next batch and reopens `previous` (the archive shown before), if any."""
        window = self.window

        def failed(error: Exception) -> None:
            if not isinstance(error, OpenCancelled):
                on_failure(error)
                return
            window.status.show_message(str(error), 15_000)
            if previous is not None:
                self.open(previous)

        window.status.run_with_progress(
            label, work, on_success=on_success, on_failure=failed,
            step_text=lambda done, total, what: fill(self.tr("%1（%2/%3）"), what, f"{done:,}", f"{total:,}"))

    # -- shared archives --------------------------------------------------------------------

    def connect_shared(self, address: ServerAddress | None = None, message: str = "",
                       on_opened: Callable[[Library], None] | None = None) -> ConnectDialog:
        """文件 ▸ 连接共享案例库…: the dialog, prefilled with `address` and why it is asked again."""
        from ui import passwords
        from ui.dialogs.connect_dialog import ConnectDialog
        dialog = ConnectDialog(self.window.runner, address, keyring_usable=passwords.keyring_usable(),
                               message=message, parent=self.window)
        dialog.connect_requested.connect(
            lambda chosen, password, remember: self._open_shared(chosen, password, remember, dialog,
                                                                 on_opened))
        dialog.open()
        return dialog

    def reopen_shared(self, address: ServerAddress,
                      on_opened: Callable[[Library], None] | None = None) -> None:
        """From 最近打开 or at start: with the keyring's password, else ask for it."""
        from ui import passwords
        def found(password: str | None) -> None:
            if password is None:
                self.connect_shared(address, self.tr("请输入密码（服务器不要求密码时可留空）。"), on_opened)
            else:
                self._open_shared(address, password, True, None, on_opened)

        Operation(self.window.runner, lambda _context: passwords.saved_password(address), name="keyring",
                  on_success=found, on_failure=self.window.show_error).start()

    def _open_shared(self, address: ServerAddress, password: str, remember: bool,
                     dialog: ConnectDialog | None, on_opened: Callable[[Library], None] | None) -> None:
        """Check the server first, so a wrong password leaves the archive on show open; then close
        that one and open the shared archive, both in workers."""
        from ui import passwords
        window, url = self.window, address.url(password)

        def failed(error: Exception) -> None:
            window.status.task_label.clear()
            if dialog is not None:
                dialog.show_error(error)
            else:
                self.connect_shared(address, str(error), on_opened)

        def open_and_keep_password(context) -> tuple[Library, bool]:
            library = self._open(url, context)
            if not remember:
                passwords.forget_password(address)
                return library, True
            return library, not password or passwords.save_password(address, password)

        def opened(result: tuple[Library, bool]) -> None:
            library, password_kept = result
            if not password_kept:
                window.status.show_message(self.tr("系统钥匙串不可用，密码没有保存。"), 8000)
            remember_archive(window.settings, address.url())
            self._load_importers_after_first_results()
            window.set_library(library)
            if on_opened is not None:
                on_opened(library)
            self.opened.emit(library)

        def checked(_role: str) -> None:
            window.status.task_label.clear()
            previous = self._shown_location()
            if not window.close_library():
                failed(Exception(self.tr("请先关闭正在编辑的案例。")))
                return
            if dialog is not None:
                # The server answered: the opening (a first sync may take minutes) shows in the
                # status bar, where it can be cancelled; should it fail, the dialog comes back.
                dialog.accept()
            self._open_with_progress(fill(self.tr("正在打开共享案例库 %1…"), str(address)),
                                     open_and_keep_password, previous, on_success=opened,
                                     on_failure=lambda error: self.connect_shared(address, str(error),
                                                                                  on_opened))

        window.status.task_label.setText(fill(self.tr("正在连接共享案例库 %1…"), str(address)))
        Operation(window.runner, lambda _context: Library.probe_server(url), name="probe",
                  on_success=checked, on_failure=failed).start()

    @staticmethod
    def _open(location: Path | str, context) -> Library:
        # The day's backup after the first results (`_back_up_after_first_results`), not before them.
        return Library.open(location, progress=context.progress, is_cancelled=context.is_cancelled,
                            daily_backup=False)

    def _back_up_after_first_results(self, library: Library) -> None:
        """The day's backup copies the whole database (seconds on a slow disk, at the first start of
        each day): in a worker once the first results are on screen, on a connection of its own
        that leaves searches and saves free meanwhile."""
        window = self.window

        def back_up() -> None:
            if library is window.library:
                run_in_background(window.runner, lambda _context: library.maintenance.daily_backup(),
                                  name="daily backup", on_success=lambda _path: None,
                                  on_failure=window.show_error)

        window.searching.search_finished.connect(lambda: window.searching.after_rows_painted(back_up),
                                                 Qt.ConnectionType.SingleShotConnection)

    def _load_importers_after_first_results(self) -> None:
        """Paste clean-up and tag suggestions need the importers. Loading them holds the GIL in C
        code for a quarter of a second at a time: the window's start waited 0.7-0.9 s for them,
        and loaded at once after the first results, they kept those results from being painted
        (1.5 s on a busy machine). So they load a moment after the first results, before most
        people type."""
        window = self.window

        def load() -> None:
            run_in_background(window.runner, lambda _context: Library.load_importers(), name="importers",
                              on_success=lambda _none: None, on_failure=window.show_error)

        window.searching.search_finished.connect(
            lambda: QTimer.singleShot(IMPORTERS_AFTER_FIRST_RESULTS_MS, self, load),
            Qt.ConnectionType.SingleShotConnection)
