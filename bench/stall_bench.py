"""The longest UI-thread stall at 20,000 cases: typing a search, sorting the table, batch-tagging
1,000 cases. `python -m bench.stall_bench --archive DIR` (a copy of DIR is used; without DIR a
20,000-case archive is built first, which takes minutes).

A 2 ms heartbeat on the UI thread measures the longest gap. The baseline runs the same steps with
the work on the UI thread (a synchronous runner), as a window without workers would.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from archive.library import Library
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskRunner

BEAT_MS = 2
LIMIT_MS = 100
BATCH = 1_000


class StallMeter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.longest_ms = 0.0
        self._last = 0.0
        self._timer = QTimer(self, interval=BEAT_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self.longest_ms, self._last = 0.0, time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.longest_ms

    def measure(self, step, done) -> float:
        self.start()
        step()
        wait_until(done)
        pause(100)  # what the results bring to the UI thread counts too
        return self.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000 - BEAT_MS)
        self._last = now


def wait_until(condition, timeout_ms: int = 120_000) -> None:
    """Run the event loop until `condition()` holds. Not processEvents() in a loop: PySide6 6.12
    loses a reference to None on every call, and a few hundred thousand calls crash Python."""
    loop = QEventLoop()
    poll = QTimer(interval=5, timeout=lambda: loop.quit() if condition() else None)
    QTimer.singleShot(timeout_ms, loop.quit)
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def build(folder: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.ui.conftest import _big_archive_drafts

    with Library.open(folder) as library:
        library.cases.add_many(_big_archive_drafts())


def scenarios(window: MainWindow) -> dict[str, float]:
    meter, figures = StallMeter(), {}
    idle = lambda: not window._search_timer.isActive() and not window.runner.is_busy()  # noqa: E731

    def type_query() -> None:
        for text in ("气", "气象", "气象 预", "气象 预警"):
            window.search_box.setText(text)
            pause(60)  # a typist's pace

    figures["search-as-you-type"] = meter.measure(type_query, idle)
    window.show_table(True)
    figures["sort the table (日期)"] = meter.measure(
        lambda: window.table_view.sortByColumn(1, Qt.SortOrder.DescendingOrder), idle)
    window.search_box.setText("")
    meter.measure(window.run_search, idle)
    while window.table.rowCount() < BATCH:
        window.table.fetchMore()
        meter.measure(lambda: None, idle)
    window.table_view.selectionModel().clearSelection()
    window.table_view.setSelectionMode(window.table_view.SelectionMode.ExtendedSelection)
    window.table_view.selectAll()
    ids = window.selected_ids()[:BATCH]
    library = window.library
    figures[f"batch-tag {len(ids)} cases"] = meter.measure(
        lambda: window.run_with_progress("bench", lambda c: library.cases.edit_many(
            ids, add_tags=["基准"], progress=c.progress)), lambda: window._background is None and idle())
    return figures


def run(source: Path, synchronous: bool) -> dict[str, float]:
    QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch, "archive")
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.lock", "complete"))
        settings = Settings(QSettings(str(Path(scratch, "s.ini")), QSettings.Format.IniFormat))
        library = Library.open(folder)
        window = MainWindow(settings, TaskRunner(synchronous=synchronous))
        window.resize(1280, 720)
        window.show()
        window.set_library(library)
        wait_until(lambda: not window.runner.is_busy())
        figures = scenarios(window)
        window.runner.wait()
        window.library = None
        window.close()
        library.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        source = args.archive
        if source is None:
            source = Path(scratch, "built")
            build(source)
        ours, baseline = run(source, synchronous=False), run(source, synchronous=True)
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    print(f"Longest UI-thread stall at 20,000 cases (limit {LIMIT_MS} ms; load average {load})")
    print(f"{'step':<28}{'window (workers)':>18}{'baseline (UI thread)':>24}")
    for step in ours:
        print(f"{step:<28}{ours[step]:>15.0f} ms{baseline[step]:>21.0f} ms")
    worst = max(ours.values())
    print(f"worst: {worst:.0f} ms — {'within' if worst <= LIMIT_MS else 'OVER'} the limit")
    return 0 if worst <= LIMIT_MS else 1


if __name__ == "__main__":
    sys.exit(main())
