"""Set or remove tags, the unit or the date of many selected cases at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from ui.i18n import fill

_SEPARATORS = re.compile(r"[,，、;；\s]+")


@dataclass
class BatchEdit:
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    unit: str | None = None
    date: object | None = None  # datetime.date

    def as_arguments(self) -> dict:
        return {"add_tags": self.add_tags, "remove_tags": self.remove_tags, "unit": self.unit,
                "date": self.date}


def split_tags(text: str) -> list[str]:
    return [t for t in _SEPARATORS.split(text) if t]


class BatchEditDialog(QDialog):
    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("批量修改 %1 个案例"), count))
        self.add_tags = QLineEdit()
        self.add_tags.setPlaceholderText(self.tr("多个标签用顿号或空格分开"))
        self.remove_tags = QLineEdit()
        self.set_unit = QCheckBox(self.tr("单位改为"))
        self.unit = QLineEdit()
        self.unit.setEnabled(False)
        self.set_unit.toggled.connect(self.unit.setEnabled)
        self.set_date = QCheckBox(self.tr("日期改为"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setEnabled(False)
        self.set_date.toggled.connect(self.date.setEnabled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("加上标签："), self.add_tags)
        form.addRow(self.tr("去掉标签："), self.remove_tags)
        form.addRow(self.set_unit, self.unit)
        form.addRow(self.set_date, self.date)
        form.addRow(buttons)

    def edit(self) -> BatchEdit:
        return BatchEdit(split_tags(self.add_tags.text()), split_tags(self.remove_tags.text()),
                         self.unit.text().strip() if self.set_unit.isChecked() else None,
                         self.date.date().toPython() if self.set_date.isChecked() else None)
