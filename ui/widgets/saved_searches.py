"""Saved searches under the filter tree: a query plus ticked filters, kept in the preferences."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ui.roles import NameRole
from ui.settings import Settings


class SavedSearchList(QListWidget):
    """Click one to run it again; its context menu deletes it."""

    search_chosen = Signal(dict)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        remove = QAction(self.tr("删除这个保存的检索"), self)
        remove.triggered.connect(self.remove_current)
        self.addAction(remove)
        self.itemClicked.connect(self._chosen)
        self.refresh()

    def searches(self) -> dict[str, dict]:
        return self._settings.get(Settings.SAVED_SEARCHES)

    def save(self, name: str, search: dict) -> None:
        self._settings.set(Settings.SAVED_SEARCHES, {**self.searches(), name: search})
        self.refresh()

    def remove_current(self) -> None:
        item = self.currentItem()
        if item is not None:
            searches = self.searches()
            searches.pop(item.data(NameRole), None)
            self._settings.set(Settings.SAVED_SEARCHES, searches)
            self.refresh()

    def refresh(self) -> None:
        self.clear()
        for name, search in self.searches().items():
            item = QListWidgetItem(name)
            item.setData(NameRole, name)
            item.setToolTip(search.get("query", ""))
            self.addItem(item)

    def empty_hint(self) -> str:
        return self.tr("检索后点「保存检索」，常用的检索就会列在这里。")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0:  # An empty box says what it is for.
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(6, 6, -6, -6),
                             Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, self.empty_hint())
            painter.end()

    def _chosen(self, item: QListWidgetItem) -> None:
        search = self.searches().get(item.data(NameRole))
        if search is not None:
            self.search_chosen.emit(search)
