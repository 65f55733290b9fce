"""The left-hand tree: year and unit facets, then the tag taxonomy with counts and colours.

Every leaf is checkable; the checked ones, of any kind, filter the result together.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QStandardItem, QStandardItemModel

from archive.library import Tag
from ui.roles import CountRole, KindRole, ValueRole

KINDS = ("tag", "year", "unit", "unused")


def color_icon(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class FilterTreeModel(QStandardItemModel):
    filters_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Years and units first: their headings stay in sight above a long taxonomy.
        self._sections = {
            "year": QStandardItem(QCoreApplication.translate("FilterTreeModel", "年份")),
            "unit": QStandardItem(QCoreApplication.translate("FilterTreeModel", "单位")),
            # "Not yet reported": cases no kept briefing of the checked titles used.
            "unused": QStandardItem(QCoreApplication.translate("FilterTreeModel", "未用于（未报送）")),
            "tag": QStandardItem(QCoreApplication.translate("FilterTreeModel", "标签")),
        }
        for section in self._sections.values():
            section.setEditable(False)
            section.setSelectable(False)
            font = section.font()
            font.setBold(True)
            section.setFont(font)
            self.appendRow(section)
        self._updating = False
        self._unused_counts: dict[str, int] = {}
        self.itemChanged.connect(self._item_changed)

    def section_index(self, kind: str):
        return self._sections[kind].index()

    def set_tags(self, tags: list[Tag]) -> None:
        """The taxonomy with archive-wide counts; checked tags stay checked."""
        checked = set(self.selected("tag"))
        root = self._sections["tag"]
        self._updating = True
        root.removeRows(0, root.rowCount())
        groups: dict[str, QStandardItem] = {}
        for tag in tags:
            item = self._leaf("tag", tag.name, tag.case_count, tag.name in checked)
            item.setIcon(color_icon(tag.color))
            parent = groups.get(tag.parent) if tag.parent else None
            (parent or root).appendRow(item)
            if not tag.parent:
                groups[tag.name] = item
        self._updating = False

    def set_series(self, titles: list[str]) -> None:
        """The titles of kept briefings and compilations, for the 未用于 filter; checked ones stay."""
        checked = set(self.selected("unused"))
        root = self._sections["unused"]
        self._updating = True
        root.removeRows(0, root.rowCount())
        for title in titles:
            count = self._unused_counts.get(title)
            item = self._leaf("unused", title, count or 0, title in checked)
            if count is None:  # not counted yet: no number rather than a wrong one
                item.setText(title)
            root.appendRow(item)
        self._updating = False

    def set_facets(self, facets: dict[str, dict[str, int]]) -> None:
        """Years and units of the current result, checked ones staying even at zero; and, per
        kept briefing title, how many cases of the result it has not used (未用于)."""
        self._updating = True
        self._unused_counts = dict(facets.get("unused", {}))
        root = self._sections["unused"]
        for row in range(root.rowCount()):
            item = root.child(row)
            count = self._unused_counts.get(item.data(ValueRole), 0)
            item.setData(count, CountRole)
            item.setText(f"{item.data(ValueRole)}  ({count})")
        for kind, key in (("year", "year"), ("unit", "unit")):
            checked = set(self.selected(kind))
            counts = dict(facets.get(key, {}))
            for value in checked:
                counts.setdefault(value, 0)
            root = self._sections[kind]
            root.removeRows(0, root.rowCount())
            ordered = sorted(counts.items(), key=lambda item: item[0], reverse=True) \
                if kind == "year" else sorted(counts.items(), key=lambda item: -item[1])
            for value, count in ordered:
                root.appendRow(self._leaf(kind, value, count, value in checked))
        self._updating = False

    def set_tag_counts(self, counts: dict[str, int]) -> None:
        """Tag counts of the current result, so the numbers follow the search and the filters."""
        self._updating = True
        stack = [self._sections["tag"]]
        while stack:
            item = stack.pop()
            for row in range(item.rowCount()):
                child = item.child(row)
                count = counts.get(child.data(ValueRole), 0)
                child.setData(count, CountRole)
                child.setText(f"{child.data(ValueRole)}  ({count})")
                stack.append(child)
        self._updating = False

    def selected(self, kind: str) -> list[str]:
        found: list[str] = []
        stack = [self._sections[kind]]
        while stack:
            item = stack.pop()
            for row in range(item.rowCount()):
                child = item.child(row)
                if child.checkState() == Qt.CheckState.Checked:
                    found.append(child.data(ValueRole))
                stack.append(child)
        return found

    def set_checked(self, kind: str, value: str, checked: bool = True) -> None:
        """Check or uncheck one value; a year or unit not in the current result is added checked."""
        stack = [self._sections[kind]]
        while stack:
            item = stack.pop()
            for row in range(item.rowCount()):
                child = item.child(row)
                if child.data(ValueRole) == value:
                    child.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                    return
                stack.append(child)
        if checked and kind != "tag":
            self._sections[kind].appendRow(self._leaf(kind, value, 0, True))
            if not self._updating:
                self.filters_changed.emit()

    def set_selection(self, selection: dict[str, list[str]]) -> None:
        """Check exactly these values ({"tag": [...], "year": [...], "unit": [...]}), one signal."""
        self._updating = True
        for kind in KINDS:
            for value in self.selected(kind):
                self.set_checked(kind, value, False)
            for value in selection.get(kind, ()):
                self.set_checked(kind, value, True)
        self._updating = False
        self.filters_changed.emit()

    def clear_checks(self) -> None:
        self._updating = True
        for kind in KINDS:
            for value in self.selected(kind):
                self.set_checked(kind, value, False)
        self._updating = False
        self.filters_changed.emit()

    def _leaf(self, kind: str, value: str, count: int, checked: bool) -> QStandardItem:
        item = QStandardItem(f"{value}  ({count})")
        item.setEditable(False)
        item.setCheckable(True)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(kind, KindRole)
        item.setData(value, ValueRole)
        item.setData(count, CountRole)
        return item

    def _item_changed(self, item: QStandardItem) -> None:
        if not self._updating and item.isCheckable():
            self.filters_changed.emit()
