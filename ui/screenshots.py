"""Render the README screenshots at 1280×720: under an X server (`Xvfb :98 -screen 0 1280x720x24`,
DISPLAY=:98) run `python -m ui.screenshots [docs]`.

Builds a throwaway archive from the demo cases, drives the real window into typical states and
saves docs/screenshot-{main,table,preferences,no-results,import,editor,basket}.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from archive.library import Library
from ui.app import apply_style, choose_font, demo_drafts, install_translator
from ui.dialogs.import_dialog import ImportDialog
from ui.main_window import MainWindow
from ui.models.results_table import COLUMNS
from ui.roles import IdRole
from ui.settings import Settings
from ui.tasks import TaskRunner


class PausedRunner:
    """Takes work and never runs it: a dialog stays as it looks while work is under way."""

    def start(self, _function: object, **_callbacks: object) -> object:
        return object()


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
        library.cases.add_many(demo_drafts())
        window = MainWindow(settings, TaskRunner(synchronous=True))
        window.set_library(library)
        window.setGeometry(0, 0, 1280, 720)  # the whole 1280×720 screen
        window.show()
        window.splitter.setSizes([200, 460, 420])
        window.search_bar.search_box.setText("预警")
        window.searching.run_search()
        window.filters.set_checked("tag", "防灾减灾")
        for row in (0, 1, 2):
            window.searching.result_view.setCurrentIndex(window.searching.results.index(row))
            window.reading.add_selection_to_basket()
        window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
        settle(app)
        written = [out / "screenshot-main.png"]
        window.grab().save(str(written[0]))

        window.searching.show_table(True)
        window.splitter.setSizes([200, 640, 280])
        window.searching.table_view.sortByColumn(COLUMNS.index("unit"), Qt.SortOrder.AscendingOrder)
        settle(app)
        written.append(out / "screenshot-table.png")
        window.grab().save(str(written[-1]))
        window.searching.table_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        window.searching.show_table(False)

        preferences = window.dialogs.show_preferences()
        settle(app)
        written.append(out / "screenshot-preferences.png")
        preferences.grab().save(str(written[-1]))
        preferences.reject()

        window.search_bar.search_box.setText('"未闭合 OR')
        window.searching.run_search()
        settle(app)
        written.append(out / "screenshot-no-results.png")
        window.grab().save(str(written[-1]))
        window.filters.clear_checks()
        window.search_bar.search_box.setText("预警")
        window.searching.run_search()

        written.append(out / "screenshot-import.png")
        importing = ImportDialog(library, PausedRunner(), [Path("a.docx")] * 15, window)
        importing.show()
        # The dialog as it looks halfway through a batch: file 6 of 15 being read.
        importing.operation._progressed(5, 15, "2023年防汛工作总结.docx · 读取")
        settle(app)
        importing.grab().save(str(written[-1]))
        importing.reject()

        editor = window.reading.edit_case(window.searching.results.index(1).data(IdRole))
        QTest.qWaitForWindowExposed(editor)  # grabbed before, it showed its first 640×480 layout
        settle(app)
        written.append(out / "screenshot-editor.png")
        editor.grab().save(str(written[-1]))
        editor.reject()

        dialog = window.dialogs.export_cases()
        dialog.title_edit.setText("防灾减灾典型案例汇编")
        dialog.unit_edit.setText("某市气象局办公室")
        dialog.issue_spin.setValue(3)
        settle(app)
        panel, form = window.reading.basket_dock.grab(), dialog.grab()
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
