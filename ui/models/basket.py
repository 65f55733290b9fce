"""The briefing basket: the cases and excerpts chosen for the next Word export, in their order.

A row is a whole case (its id) or an excerpt (a `BriefingItem`, which carries its own text). The
model keeps a cache of case titles; a row shown before its title is known asks for it
(`titles_wanted`), and whoever owns the archive looks titles up off the UI thread and hands them
back (`set_titles`). Rows are
reordered by drag (`moveRows`, which QListView calls for internal moves) and cases arrive by
drop from the result list in the same MIME type the result list drags.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from archive.library import BriefingItem
from ui.i18n import fill
from ui.roles import ExcerptRole, IdRole

Entry = str | BriefingItem

CASE_IDS_MIME = "application/x-casearchive-ids"


_Index = QModelIndex | QPersistentModelIndex


class BasketModel(QAbstractListModel):
    """Cases and excerpts in export order; an excerpt whose case was edited since it was taken is
    marked 原文已修改 (the owner says which, with the titles)."""

    basket_changed = Signal()
    titles_wanted = Signal(list)
    """Ids of cases whose titles a shown row needs: answer with `set_titles`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._ids: list[Entry] = []
        self._stale: set[BriefingItem] = set()
        self._titles: dict[str, str] = {}
        self._asked: set[str] = set()
        for signal in (self.rowsInserted, self.rowsRemoved, self.rowsMoved, self.modelReset):
            signal.connect(self.basket_changed)

    def forget_titles(self) -> None:
        """Another archive: every title is looked up again."""
        self.beginResetModel()
        self._titles.clear()
        self._asked.clear()
        self.endResetModel()

    def ids(self) -> list[str]:
        """The whole cases, in order."""
        return [entry for entry in self._ids if isinstance(entry, str)]

    def entries(self) -> list[Entry]:
        """Whole cases (ids) and excerpts, in export order."""
        return list(self._ids)

    def set_ids(self, ids: Sequence[Entry]) -> None:
        self.beginResetModel()
        self._ids = list(dict.fromkeys(ids))
        self._titles.clear()
        self._asked.clear()
        self._stale.clear()
        self.endResetModel()

    def add_excerpt(self, item: BriefingItem) -> None:
        self.beginInsertRows(QModelIndex(), len(self._ids), len(self._ids))
        self._ids.append(item)
        self.endInsertRows()

    def replace(self, row: int, item: BriefingItem) -> None:
        """Put a refreshed excerpt in the place of the one on `row`."""
        self._ids[row] = item
        self.dataChanged.emit(self.index(row), self.index(row))
        self.basket_changed.emit()

    def add(self, ids: Sequence[str], row: int = -1) -> int:
        """Add cases not yet in the basket at `row` (the end when -1); returns how many were new."""
        new = [i for i in dict.fromkeys(ids) if i not in self._ids]
        if not new:
            return 0
        row = len(self._ids) if row < 0 or row > len(self._ids) else row
        self.beginInsertRows(QModelIndex(), row, row + len(new) - 1)
        self._ids[row:row] = new
        self.endInsertRows()
        return len(new)

    def remove(self, ids: Sequence[str]) -> None:
        for row in reversed(range(len(self._ids))):
            if self._ids[row] in ids:
                self.removeRows(row, 1)

    def case_ids_in_use(self) -> list[str]:
        """Every case a row shows, whole or excerpted, once each."""
        return list(dict.fromkeys(e if isinstance(e, str) else e.case_id for e in self._ids))

    def set_titles(self, titles: dict[str, str], asked: Sequence[str],
                   stale: Collection[BriefingItem] = ()) -> None:
        """Titles looked up for the ids `asked`; those absent from `titles` are cases gone.
        `stale`: the excerpts of those cases that are out of date (原文已修改)."""
        self._titles.update({case_id: titles.get(case_id, "") for case_id in asked})
        self._asked.difference_update(asked)
        cases = set(asked)
        self._stale = {item for item in self._stale if item.case_id not in cases} | set(stale)
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def forget_missing(self, live: dict[str, str], asked: Sequence[str]) -> None:
        """Drop the whole cases `asked` about that are not `live` (id → title: the cases still
        there); cases added since the lookup stay."""
        self._titles.update(live)
        self.remove([i for i in asked if i not in live and i in self._ids])

    def refresh_titles(self, ids: Sequence[str] = ()) -> None:
        """Cases changed: look their titles up again when next shown."""
        for case_id in ids or list(self._titles):
            self._titles.pop(case_id, None)
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    # -- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        entry = self._ids[index.row()]
        case_id = entry if isinstance(entry, str) else entry.case_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if isinstance(entry, str):
                return f"{index.row() + 1}. {self._title(case_id)}"
            title = self._title(case_id)  # its lookup also tells whether the excerpt is stale
            stale = self.tr("〔原文已修改〕") if entry in self._stale else ""
            name = entry.title or title
            return fill(self.tr("%1. 【摘录】%2（第%3-%4段）%5"), index.row() + 1, name, entry.start,
                        entry.end, stale)
        if role == IdRole:
            return case_id
        if role == ExcerptRole:
            return None if isinstance(entry, str) else entry
        return None

    def _title(self, case_id: str) -> str:
        if case_id not in self._titles and case_id not in self._asked:
            # A page of rows at a time: one lookup for the neighbours the view will ask for next.
            ids = self.case_ids_in_use()
            start = ids.index(case_id)
            wanted = [i for i in ids[start : start + 50] if i not in self._titles and i not in self._asked]
            self._asked.update(wanted)
            self.titles_wanted.emit(wanted)
        return self._titles.get(case_id, "") or case_id[:8]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def removeRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or row < 0 or count <= 0 or row + count > len(self._ids):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._ids[row : row + count]
        self.endRemoveRows()
        return True

    def moveRows(self, source_parent: _Index, source_row: int, count: int,
                 destination_parent: _Index, destination_child: int) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count <= 0:
            return False
        if not (source_row >= 0 and source_row + count <= len(self._ids)
                and 0 <= destination_child <= len(self._ids)):
            return False
        if source_row <= destination_child <= source_row + count:
            return False  # onto itself: Qt refuses such a move
        if not self.beginMoveRows(QModelIndex(), source_row, source_row + count - 1,
                                  QModelIndex(), destination_child):
            return False
        moving = self._ids[source_row : source_row + count]
        del self._ids[source_row : source_row + count]
        at = destination_child - count if destination_child > source_row else destination_child
        self._ids[at:at] = moving
        self.endMoveRows()
        return True

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CASE_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        ids = "\n".join(self._ids[i.row()] for i in indexes
                         if i.isValid() and isinstance(self._ids[i.row()], str))
        data.setData(CASE_IDS_MIME, ids.encode())
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return data.hasFormat(CASE_IDS_MIME) and not parent.isValid()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        """Cases dragged in from the result list (internal moves go through `moveRows`)."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = [i for i in bytes(data.data(CASE_IDS_MIME)).decode().split("\n") if i]
        # False when nothing was new, so that a drag source never removes rows after a no-op drop.
        return self.add(ids, row) > 0
