"""The table of results (视图 ▸ 表格视图): every column sorts by a header click, lazily.

Column widths never follow the contents: measuring them reads every loaded row on each page that
arrives, which at thousands of rows stalls the window. The dates get the width of the longest date
text instead; the title stretches; unit and tags can be widened by dragging.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from ui.i18n import format_date
from ui.models.results_table import COLUMNS, ResultsTableModel, is_ordered_by

_DEFAULT_WIDTH = 90
_PADDING = 24
_WIDEST_DATE = dt.datetime(2028, 12, 28, 23, 58)
"""Two-digit month and day: the longest a date column's text gets."""


class ResultsTableView(QTableView):
    def __init__(self, model: ResultsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results-table")
        self.setModel(model)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        # Rows are selected, never columns. With the view's selection the header asks, at each
        # paint, whether each column is wholly selected: a scan of every loaded row against every
        # selected range (1,000 selected rows held the UI thread 200 ms per paint).
        header.setSelectionModel(QItemSelectionModel(model, header))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        header.setDefaultSectionSize(_DEFAULT_WIDTH)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._drop_unordered_indicator)
        self.fit_date_columns()

    def _drop_unordered_indicator(self, section: int, order: Qt.SortOrder) -> None:
        """No order follows 已用于: a click on it shows the search's own order, unmarked."""
        if section >= 0 and not is_ordered_by(section):
            self.horizontalHeader().setSortIndicator(-1, order)

    def fit_date_columns(self) -> None:
        """Widths for 日期 and 更新时间 from the font and the language (call again when they change)."""
        metrics, header = self.fontMetrics(), self.horizontalHeader()
        widest = {"date": format_date(_WIDEST_DATE.date()), "updated": f"{_WIDEST_DATE:%Y-%m-%d %H:%M}"}
        for column, text in widest.items():
            header.resizeSection(COLUMNS.index(column), metrics.horizontalAdvance(text) + _PADDING)
