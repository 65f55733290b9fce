"""Render the README screenshots: `QT_QPA_PLATFORM=offscreen python -m ui.screenshots [docs]`.

Builds a throwaway archive from the demo cases, drives the real window into a typical state
and saves docs/screenshot-main.png, docs/screenshot-editor.png and docs/screenshot-basket.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from archive.library import Library
from ui.app import apply_style, choose_font, demo_drafts, install_translator
from ui.main_window import MainWindow
from ui.roles import IdRole
from ui.settings import Settings
from ui.tasks import TaskRunner


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def styled_app() -> QApplication:
    """The application as users see it: Chinese translation, CJK font and the style sheet."""
    app = QApplication.instance() or QApplication(sys.argv)
    install_translator(app, "zh_CN")
    choose_font(app)
    apply_style(app)
    return app


def throwaway_settings(folder: str) -> Settings:
    return Settings(QSettings(str(Path(folder, "settings.ini")), QSettings.Format.IniFormat))


def close(window: MainWindow, library: Library) -> None:
    """Let the window's work finish, then close it and its archive."""
    window.runner.wait()
    window.library = None
    window.close()
    library.close()


def render(out: Path) -> list[Path]:
    app = styled_app()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        settings = throwaway_settings(folder)
        library = Library.open(Path(folder, "archive"))
        library.add_cases(demo_drafts())
        window = MainWindow(settings, TaskRunner(synchronous=True))
        window.resize(1480, 860)
        window.set_library(library)
        window.show()
        window.splitter.setSizes([230, 560, 560])
        window.search_box.setText("预警")
        window.run_search()
        window.filters.set_checked("tag", "防灾减灾")
        for row in (0, 1, 2):
            window.result_view.setCurrentIndex(window.results.index(row))
            window.add_selection_to_basket()
        window.result_view.setCurrentIndex(window.results.index(0))
        settle(app)
        written = [out / "screenshot-main.png"]
        window.grab().save(str(written[0]))

        editor = window.edit_case(window.results.index(1).data(IdRole))
        editor.resize(920, 780)
        editor.refresh_suggestions()
        settle(app)
        written.append(out / "screenshot-editor.png")
        editor.grab().save(str(written[-1]))
        editor.reject()

        dialog = window.export_cases()
        dialog.title_edit.setText("防灾减灾典型案例汇编")
        dialog.unit_edit.setText("某市气象局办公室")
        dialog.issue_spin.setValue(3)
        settle(app)
        panel, form = window.basket_dock.grab(), dialog.grab()
        combined = QPixmap(panel.width() + form.width() + 24, max(panel.height(), form.height()) + 16)
        combined.fill(QColor("#f6f7f9"))
        painter = QPainter(combined)
        painter.drawPixmap(QPoint(8, 8), panel)
        painter.drawPixmap(QPoint(panel.width() + 16, 8), form)
        painter.end()
        written.append(out / "screenshot-basket.png")
        combined.save(str(written[-1]))
        dialog.reject()

        close(window, library)
    return written


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
