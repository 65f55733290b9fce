"""The overview: cases per tag group, per year and per unit as bar charts; a bar click filters.

The counts come from the search index (one query per tag group plus the facets of the whole
archive), computed in a worker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from archive.library import Library, SearchFilters
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.language import FollowsLanguage
from ui.operations import Operation
from ui.tasks import TaskContext, TaskRunner

TOP_UNITS = 12


@dataclass(frozen=True)
class Statistics:
    total: int
    groups: list[tuple[str, int, str]]  # name, cases, colour
    years: list[tuple[str, int]]
    units: list[tuple[str, int]]


def gather_statistics(library: Library, context: TaskContext | None = None) -> Statistics:
    """Run in a worker: the counts the charts show."""
    grouped = library.tags.groups()
    groups = [t for t in library.tags() if t.parent is None and t.name in grouped]
    everything = library.search("", SearchFilters(), sort="date", limit=1)
    counted: list[tuple[str, int, str]] = []
    for done, group in enumerate(groups, 1):
        if context is not None:
            if context.is_cancelled():
                break
            context.progress(done, len(groups), group.name)
        found = library.search("", SearchFilters(tags_any=(group.name,)), sort="date", limit=1)
        counted.append((group.name, found.total, group.color))
    years = sorted(everything.facets.get("year", {}).items())
    units = sorted(everything.facets.get("unit", {}).items(), key=lambda item: -item[1])[:TOP_UNITS]
    return Statistics(everything.total, counted, years, units)


class StatsDialog(FollowsLanguage, QDialog):
    """Three charts; `filter_requested(kind, value)` when a bar is clicked (kind: tag, year, unit)."""

    filter_requested = Signal(str, str)
    statistics_shown = Signal()

    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("统计概览"))
        fit_to_screen(self, 1100, 720)
        self.summary = QLabel(self.tr("正在统计…"))
        self.summary.setObjectName("heading")
        self.groups_view, self.years_view, self.units_view = QChartView(), QChartView(), QChartView()
        grid = QGridLayout()
        grid.addWidget(self.groups_view, 0, 0)
        grid.addWidget(self.years_view, 0, 1)
        grid.addWidget(self.units_view, 1, 0, 1, 2)
        for view in (self.groups_view, self.years_view, self.units_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)
        self.statistics: Statistics | None = None
        self._operation = Operation(runner, lambda context: gather_statistics(library, context),
                                    name="stats", on_success=self.show_statistics,
                                    on_failure=self._failed).start()

    def done(self, result: int) -> None:
        self._operation.cancel()
        super().done(result)

    def show_statistics(self, statistics: Statistics) -> None:
        self.statistics = statistics
        self.keep_filled("charts", lambda: self._draw(statistics))
        self.statistics_shown.emit()

    def _draw(self, statistics: Statistics) -> None:
        self.summary.setText(fill(self.tr("共 %1 个案例。点击柱条，在主窗口中按它筛选。"), statistics.total))
        self.groups_view.setChart(self._bars(
            self.tr("各类案例数"), "tag", [(n, c) for n, c, _ in statistics.groups],
            horizontal=True))
        self.years_view.setChart(self._bars(self.tr("各年份案例数"), "year", statistics.years,
                                            horizontal=False))
        self.units_view.setChart(self._bars(
            fill(self.tr("报送案例最多的 %1 个单位"), TOP_UNITS), "unit", statistics.units, horizontal=True))

    def _failed(self, error: Exception) -> None:
        self.keep_filled("charts", lambda: self.summary.setText(self.tr("无法统计：") + str(error)))

    def _bars(self, title: str, kind: str, counts: list[tuple[str, int]], *, horizontal: bool) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        # Horizontal bars read top-down in Qt's bottom-up category order only when reversed.
        ordered = list(reversed(counts)) if horizontal else counts
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        bars = QBarSet(title)
        bars.append([float(count) for _, count in ordered])
        bars.setColor(QColor("#3c78b4"))
        labels = [name for name, _ in ordered]
        bars.clicked.connect(lambda position: self.filter_requested.emit(kind, labels[position]))
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(labels)
        categories.setTruncateLabels(False)  # a unit's whole name, not "…"
        values = QValueAxis()
        values.setLabelFormat("%d")
        # Whole-number ticks (cases are counted), with room above the longest bar for its label.
        step = _tick_step(max([count for _, count in counts] or [1]))
        values.setTickType(QValueAxis.TickType.TicksDynamic)
        values.setTickAnchor(0)
        values.setTickInterval(step)
        values.setRange(0, step * math.ceil(max([count for _, count in counts] or [1]) * 1.15 / step))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        return chart


def _tick_step(largest: int) -> int:
    """1, 2 or 5 times a power of ten, so that about four ticks span `largest`."""
    rough = max(1.0, largest / 4)
    power = 10 ** math.floor(math.log10(rough))
    return next(f * power for f in (1, 2, 5, 10) if f * power >= rough)
