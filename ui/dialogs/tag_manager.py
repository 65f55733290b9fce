"""The tag manager: add, rename, merge, recolour and delete tags, saying how many cases each touches.

Renaming, merging and deleting re-index every affected case, so they run in a worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive.library import Library, Tag
from ui.geometry import fit_to_screen
from ui.i18n import fill
from ui.models.filters import color_icon
from ui.operations import Operation
from ui.roles import NameRole
from ui.tasks import TaskRunner


class TagManagerDialog(QDialog):
    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._runner = library, runner
        self._tags: dict[str, Tag] = {}
        self.setWindowTitle(self.tr("管理标签"))
        fit_to_screen(self, 560, 520)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("标签"), self.tr("案例数")])
        self.tree.setColumnWidth(0, 320)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.status = QLabel()
        self.status.setStyleSheet("color:#666")

        self.add_group_button = QPushButton(self.tr("新建分组…"))
        self.add_button = QPushButton(self.tr("新建标签…"))
        self.rename_button = QPushButton(self.tr("重命名…"))
        self.merge_button = QPushButton(self.tr("合并到…"))
        self.color_button = QPushButton(self.tr("更改颜色…"))
        self.delete_button = QPushButton(self.tr("删除…"))
        self.add_group_button.clicked.connect(self._ask_add_group)
        self.add_button.clicked.connect(self._ask_add)
        self.rename_button.clicked.connect(self._ask_rename)
        self.merge_button.clicked.connect(self._ask_merge)
        self.color_button.clicked.connect(self._ask_color)
        self.delete_button.clicked.connect(self._ask_delete)
        side = QVBoxLayout()
        for button in (self.add_group_button, self.add_button, self.rename_button, self.merge_button,
                       self.color_button, self.delete_button):
            side.addWidget(button)
        side.addStretch()
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        side.addWidget(close)
        row = QHBoxLayout()
        row.addWidget(self.tree, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current_tag()
        tags = self._library.tags()
        self._tags = {t.name: t for t in tags}
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for tag in tags:
            item = QTreeWidgetItem([tag.name, str(tag.case_count)])
            item.setIcon(0, color_icon(tag.color))
            item.setData(0, NameRole, tag.name)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            parent = groups.get(tag.parent) if tag.parent else None
            if parent is None:
                self.tree.addTopLevelItem(item)
                groups[tag.name] = item
            else:
                parent.addChild(item)
            if tag.name == current:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()
        self._update_buttons()

    def current_tag(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, NameRole) if item else None

    def select(self, name: str) -> None:
        for item in self.tree.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive):
            self.tree.setCurrentItem(item)

    def _update_buttons(self) -> None:
        writable = not self._library.read_only
        chosen = writable and self.current_tag() is not None
        for button in (self.rename_button, self.merge_button, self.color_button, self.delete_button):
            button.setEnabled(chosen)
        self.add_button.setEnabled(chosen)
        self.add_group_button.setEnabled(writable)

    # -- changing (the ask_ methods prompt, the others act) ---------------------------------

    def add(self, name: str, parent: str | None) -> None:
        self._run(lambda: self._library.tags.add(name, parent=parent),
                  fill(self.tr("已添加标签「%1」"), name))

    def rename(self, old: str, new: str) -> None:
        self._run(lambda: self._library.tags.rename(old, new),
                  fill(self.tr("已把「%1」改名为「%2」"), old, new))

    def merge(self, source: str, target: str) -> None:
        self._run(lambda: self._library.tags.merge(source, target),
                  fill(self.tr("已把「%1」合并到「%2」"), source, target))

    def recolor(self, name: str, color: str) -> None:
        self._run(lambda: self._library.tags.recolor(name, color), fill(self.tr("已更改「%1」的颜色"), name))

    def delete(self, name: str) -> None:
        self._run(lambda: self._library.tags.delete(name), fill(self.tr("已删除标签「%1」"), name))

    def _run(self, change: Callable[[], object], done_message: str) -> None:
        self.setEnabled(False)
        self.status.setText(self.tr("正在更新标签和相关案例…"))

        def finished(_result: object) -> None:
            self.setEnabled(True)
            self.status.setText(done_message)
            self.refresh()

        def failed(error: Exception) -> None:
            self.setEnabled(True)
            self.status.setText(str(error))
            QMessageBox.warning(self, self.tr("无法修改标签"), str(error))

        Operation(self._runner, lambda _context: change(), name="tags", on_success=finished,
                  on_failure=failed).start()

    def _group_of(self, name: str) -> str:
        tag = self._tags[name]
        return tag.parent or tag.name

    def _ask_add_group(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("新建分组"), self.tr("分组名称："))
        if ok and name.strip():
            self.add(name.strip(), None)

    def _ask_add(self) -> None:
        group = self._group_of(self.current_tag())
        name, ok = QInputDialog.getText(self, self.tr("新建标签"),
                                        fill(self.tr("在「%1」下新建标签："), group))
        if ok and name.strip():
            self.add(name.strip(), group)

    def _ask_rename(self) -> None:
        old = self.current_tag()
        new, ok = QInputDialog.getText(self, self.tr("重命名标签"), fill(
            self.tr("「%1」的新名称（%2 个案例会随之更新）："), old, self._tags[old].case_count), text=old)
        if ok and new.strip() and new.strip() != old:
            self.rename(old, new.strip())

    def _ask_merge(self) -> None:
        source = self.current_tag()
        others = [name for name in self._tags if name != source]
        target, ok = QInputDialog.getItem(self, self.tr("合并标签"), fill(
            self.tr("把「%1」的 %2 个案例并入："), source, self._tags[source].case_count),
            others, 0, False)
        if ok and target:
            self.merge(source, target)

    def _ask_color(self) -> None:
        name = self.current_tag()
        color = QColorDialog.getColor(QColor(self._tags[name].color), self, self.tr("标签颜色"))
        if color.isValid():
            self.recolor(name, color.name())

    def _ask_delete(self) -> None:
        name = self.current_tag()
        answer = QMessageBox.question(self, self.tr("删除标签"), fill(
            self.tr("删除标签「%1」？它会从 %2 个案例上去掉，案例本身不会删除。"), name,
            self._tags[name].case_count))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(name)
