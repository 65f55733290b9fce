"""The result list: ids plus rows fetched a page at a time, so 100,000 cases scroll smoothly."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from ui.roles import DateRole, IdRole, SnippetRole, TagsRole, TitleHtmlRole, UnitRole, UsedRole

PAGE_SIZE = 100


@dataclass(frozen=True)
class ResultRow:
    id: str
    title: str
    title_html: str
    snippet_html: str
    date: dt.date | None
    unit: str
    tags: tuple[str, ...]
    updated_at: dt.datetime | None = None
    used: bool = False  # 已用于: a live kept briefing used the case


class ResultsModel(QAbstractListModel):
    """Rows of the current result. A new result resets the model; pages append as wanted.

    `page_wanted(offset)` asks the window to fetch the next page in a worker; the page comes
    back through `append_page` with the generation it was asked for, so stale pages are dropped.
    """

    page_wanted = Signal(int, int)  # generation, offset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []
        self._total = 0
        self._generation = 0
        self._fetching = False
        self.tag_colors: dict[str, str] = {}

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def total(self) -> int:
        return self._total

    def next_generation(self) -> int:
        """A new query is on its way: pages of older queries will be ignored."""
        self._generation += 1
        return self._generation

    def set_result(self, generation: int, total: int, rows: list[ResultRow]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._total = total
        self._fetching = False
        self.endResetModel()

    def clear(self) -> None:
        """No archive open: no rows, and pages still on their way are dropped."""
        self.set_result(self.next_generation(), 0, [])

    def append_page(self, generation: int, rows: list[ResultRow]) -> None:
        self._fetching = False
        if generation != self._generation or not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def replace_row(self, row: ResultRow) -> None:
        """A case changed: show its new title, tags… without a new search."""
        for number, current in enumerate(self._rows):
            if current.id == row.id:
                self._rows[number] = dataclasses.replace(row, used=row.used or current.used)
                index = self.index(number)
                self.dataChanged.emit(index, index)
                return

    def remove_ids(self, ids: set[str]) -> None:
        for number in reversed(range(len(self._rows))):
            if self._rows[number].id in ids:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                self._total -= 1
                self.endRemoveRows()

    def row_of(self, case_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == case_id), -1)

    def row(self, number: int) -> ResultRow:
        return self._rows[number]

    def case_id(self, row: int) -> str:
        return self._rows[row].id

    # -- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self.page_wanted.emit(self._generation, len(self._rows))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.title
        return {
            IdRole: row.id, TitleHtmlRole: row.title_html, SnippetRole: row.snippet_html,
            DateRole: row.date.isoformat() if row.date else "", UnitRole: row.unit,
            TagsRole: list(row.tags), UsedRole: row.used,
        }.get(role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return ["application/x-casearchive-ids"]

    def mimeData(self, indexes):
        data = QMimeData()
        ids = "\n".join(self._rows[i.row()].id for i in indexes if i.isValid())
        data.setData("application/x-casearchive-ids", ids.encode())
        data.setText(ids)
        return data
