"""Start the desktop application: translations, fonts, style, then the archive in a worker."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from archive.library import (
    CaseDraft,
    configure_logging,
    resource_path,
    unexpected_error_message,
)
from ui.archives import starting_archive
from ui.language import install_translator
from ui.main_window import MainWindow
from ui.settings import Settings

log = logging.getLogger(__name__)

# Fonts that show Chinese well, in order: Windows, macOS, then the usual Linux desktops.
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback")


DEMO_TAG = "示例"
"""Every demo case carries this tag, so they are easy to find and to delete together."""


def run(argv: list[str] | None = None, archive: Path | str | None = None) -> int:
    """Open the window on `archive` (else CASEARCHIVE_HOME, the last used, the default); returns
    the exit status."""
    configure_logging()
    app = QApplication.instance() or QApplication(argv or sys.argv)
    sys.excepthook = report_unexpected_error
    app.setApplicationName("CaseArchive")
    app.setApplicationDisplayName("典型案例库")
    app.setOrganizationName("CaseArchive")
    settings = Settings()
    install_translator(app, settings.get(Settings.LANGUAGE))
    choose_font(app)
    apply_style(app)
    icon = resource_path("icons", "casearchive.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    window = MainWindow(settings)
    window.show()
    open_archive(window, starting_archive(settings, archive))
    return app.exec()


def report_unexpected_error(kind: type[BaseException], error: BaseException, trace: object) -> None:
    """Qt hands errors raised in slots and event handlers here: a sentence for the person, the
    traceback for the log file, and the window goes on."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)  # type: ignore[arg-type]
        return
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        # Raised in a worker's thread (a task whose window was quitting): a dialog there would
        # never be answered, and the quit waited for that thread for ever.
        log.error("unexpected error in a worker thread", exc_info=(kind, error, trace))
        return
    QMessageBox.critical(QApplication.activeWindow(),
                         QCoreApplication.translate("MainWindow", "出错了"),
                         unexpected_error_message(error))


def choose_font(app: QApplication) -> None:
    available = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in available:
            font = QFont(family)
            font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
            app.setFont(font)
            return


def apply_style(app: QApplication) -> None:
    style = resource_path("style.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def open_archive(window: MainWindow, folder: Path | str) -> None:
    """Open `folder` (or a shared archive's URL) for the window; a damaged archive offers a restore,
    an empty one the demo cases."""
    window.archives.open(folder, on_opened=lambda library: offer_restore(window) if library.damage
                         else offer_demo_cases(window))


def offer_restore(window: MainWindow) -> None:
    """A damaged archive opens read-only; the way out is a backup, so offer one at once."""
    answer = QMessageBox.question(
        window, QCoreApplication.translate("MainWindow", "案例库已损坏"),
        window.library.damage + "\n\n" + QCoreApplication.translate(
            "MainWindow", "为防止损坏扩大，案例库暂时只读。要现在从备份恢复吗？"))
    if answer == QMessageBox.StandardButton.Yes:
        window.dialogs.show_backups()


def demo_drafts(source: Path | None = None) -> list[CaseDraft]:
    """The demo cases written for this project (`resources/demo/cases.json`), or others like them."""
    source = source or resource_path("demo", "cases.json")
    cases = json.loads(source.read_text(encoding="utf-8"))
    return [CaseDraft(title=c["title"], body=c["body"], unit=c.get("unit", ""),
                      source=c.get("source", ""), author=c.get("author", ""),
                      date=dt.date.fromisoformat(c["date"]) if c.get("date") else None,
                      tags=(*c.get("tags", ()), DEMO_TAG)) for c in cases]


def offer_demo_cases(window: MainWindow) -> None:
    """On a first start with an empty archive, offer the demo cases once (never into a shared one:
    the whole office would see them)."""
    library = window.library
    if (library.read_only or library.server is not None or library.case_count()
            or window.settings.get(Settings.DEMO_OFFERED)):
        return
    window.settings.set(Settings.DEMO_OFFERED, True)
    answer = QMessageBox.question(
        window, QCoreApplication.translate("MainWindow", "欢迎使用典型案例库"),
        QCoreApplication.translate("MainWindow", "案例库还是空的。要先载入一些示例案例，"
                                   "看看检索和汇编的效果吗？\n示例案例以后可以随时删除。"))
    if answer == QMessageBox.StandardButton.Yes:
        window.status.run_with_progress(QCoreApplication.translate("MainWindow", "正在载入示例案例"),
                                 lambda context: library.cases.add_many(demo_drafts(),
                                                                        progress=context.progress))
