"""The result list as a table (标题、日期、单位、标签、更新时间) over the same lazily paged rows.

Rows still come a page at a time from `ResultsModel`; sorting is the search's (the archive's
database orders the hits), so a click on a header asks for a new search in that order instead of
loading and sorting every row (20,000 cases stay lazy).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.i18n import format_date
from ui.models.results import ResultsModel
from ui.roles import IdRole

COLUMNS = ("title", "date", "unit", "tags", "updated", "used")
"""In the order shown; each but "used" is also the name `Library.search` orders by (STORE_ORDERS)."""


def is_ordered_by(column: int) -> bool:
    """Whether a click on the column's header orders the results by it (no order follows 已用于)."""
    return 0 <= column < len(COLUMNS) and COLUMNS[column] != "used"


class ResultsTableModel(QAbstractTableModel):
    sort_requested = Signal(str)
    """A header was clicked: search again in `order` ("unit:asc"…, or "" for the search's own)."""

    def __init__(self, rows: ResultsModel, parent=None) -> None:
        super().__init__(parent)
        self._rows = rows
        self.order = ""
        """The order of the last header click, as `Library.search` takes it; "" for none."""
        rows.modelAboutToBeReset.connect(self.beginResetModel)
        rows.modelReset.connect(self.endResetModel)
        rows.rowsAboutToBeInserted.connect(
            lambda _parent, first, last: self.beginInsertRows(QModelIndex(), first, last))
        rows.rowsInserted.connect(self.endInsertRows)
        rows.rowsAboutToBeRemoved.connect(
            lambda _parent, first, last: self.beginRemoveRows(QModelIndex(), first, last))
        rows.rowsRemoved.connect(self.endRemoveRows)
        rows.dataChanged.connect(lambda top, bottom, *_: self.dataChanged.emit(
            self.index(top.row(), 0), self.index(bottom.row(), len(COLUMNS) - 1)))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("标题"), self.tr("日期"), self.tr("单位"), self.tr("标签"),
                self.tr("更新时间"), self.tr("已用于"))[section]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows.rowCount()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self._rows.canFetchMore(parent)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        self._rows.fetchMore(parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows.row(index.row())
        if role == IdRole:
            return row.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = COLUMNS[index.column()]
        if column == "title":
            return row.title
        if column == "date":
            return format_date(row.date) if row.date else ""
        if column == "unit":
            return row.unit
        if column == "tags":
            return "、".join(row.tags)
        if column == "used":
            return self.tr("已用于") if row.used else ""
        return f"{row.updated_at:%Y-%m-%d %H:%M}" if row.updated_at else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Column -1 (the indicator cleared) and 已用于, which no order follows, go back to the
        search's own order."""
        direction = "desc" if order == Qt.SortOrder.DescendingOrder else "asc"
        wanted = f"{COLUMNS[column]}:{direction}" if is_ordered_by(column) else ""
        if wanted != self.order:
            self.order = wanted
            self.sort_requested.emit(wanted)
