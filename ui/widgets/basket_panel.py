"""The briefing basket beside the result list: collect cases and excerpts, order them, export them."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive.library import ArchiveError, Library
from ui.i18n import fill
from ui.models.basket import BasketModel
from ui.roles import ExcerptRole, IdRole


class BasketPanel(QWidget):
    """A list to drag cases into and reorder by drag; export hands the entries on in this order.
    An excerpt can be given its own title and, when its case was edited, taken again."""

    export_requested = Signal(list)
    case_selected = Signal(str)

    def __init__(self, model: BasketModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.heading = QLabel()
        self.view = QListView()
        self.view.setModel(model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDropIndicatorShown(True)
        self.view.setAlternatingRowColors(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.clicked.connect(lambda index: self.case_selected.emit(index.data(IdRole)))

        self.remove_action = QAction(self.tr("移出简报篮"), self)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.view.addAction(self.remove_action)
        self.library: Library | None = None
        self.title_action = QAction(self.tr("摘录标题…"), self)
        self.title_action.triggered.connect(self.retitle_current)
        self.refresh_action = QAction(self.tr("按原文重新摘录"), self)
        self.refresh_action.triggered.connect(self.refresh_current)
        self.view.addActions([self.title_action, self.refresh_action])
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.up_button = QPushButton(self.tr("上移"))
        self.down_button = QPushButton(self.tr("下移"))
        self.remove_button = QPushButton(self.tr("移出"))
        self.clear_button = QPushButton(self.tr("清空"))
        self.export_button = QPushButton(self.tr("导出 Word…"))
        self.export_button.setObjectName("primary")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(lambda: self.model.set_ids([]))
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.model.entries()))

        # Two by two, so the basket can be a narrow column at 1280×720.
        edit_row = QGridLayout()
        for number, button in enumerate((self.up_button, self.down_button, self.remove_button,
                                         self.clear_button)):
            edit_row.addWidget(button, number // 2, number % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.export_button)
        model.basket_changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        count = self.model.rowCount()
        self.heading.setText(fill(self.tr("%1 项（案例或摘录），拖动调整顺序"), count) if count
                             else self.tr("简报篮是空的：在列表中选中案例，按 Ctrl+B 或拖到这里。"))
        self.heading.setWordWrap(True)
        for widget in (self.export_button, self.clear_button, self.remove_button, self.up_button,
                       self.down_button):
            widget.setEnabled(count > 0)

    def current_excerpt(self):
        return self.view.currentIndex().data(ExcerptRole)

    def retitle_current(self) -> None:
        """Give the current excerpt its own short title (printed above it in the export)."""
        item = self.current_excerpt()
        if item is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("摘录标题"), self.tr("导出时印在摘录上方的标题："),
                                         text=item.title)
        if ok:
            self.model.replace(self.view.currentIndex().row(),
                               dataclasses.replace(item, title=" ".join(title.split())))

    def refresh_current(self) -> None:
        """Take the current excerpt again from its case as it is now (原文已修改)."""
        item = self.current_excerpt()
        if item is None or self.library is None:
            return
        try:
            fresh = self.library.briefings.refreshed(item, self.library.get_case(item.case_id))
        except ArchiveError as error:
            self.heading.setText(str(error))
            return
        self.model.replace(self.view.currentIndex().row(), fresh)

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.view.selectionModel().selectedRows())

    def remove_selected(self) -> None:
        for row in reversed(self.selected_rows()):
            self.model.removeRows(row, 1)

    def move_selected(self, step: int) -> None:
        """Move the current row up (-1) or down (+1), keeping it selected."""
        row = self.view.currentIndex().row()
        if row < 0:
            return
        target = row + step
        if not 0 <= target < self.model.rowCount():
            return
        # moveRows takes the destination as the row the item lands in front of.
        self.model.moveRows(self.view.rootIndex(), row, 1, self.view.rootIndex(),
                            target + 1 if step > 0 else target)
        self.view.setCurrentIndex(self.model.index(target))
