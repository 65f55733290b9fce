"""Translation helpers. The UI is written in simplified Chinese; `resources/i18n` holds others."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QLocale


def fill(template: str, *values: object) -> str:
    """Put `values` into a translated `template` at %1, %2, … (translations may reorder them)."""
    for number in reversed(range(len(values))):
        template = template.replace(f"%{number + 1}", str(values[number]))
    return template


def format_date(date: dt.date) -> str:
    """A date as the UI's language writes it: 2023年7月21日 (official usage, no zero padding);
    the English translation of the pattern gives July 21, 2023."""
    pattern = QCoreApplication.translate("MainWindow", "yyyy年M月d日")
    return QLocale().toString(QDate(date.year, date.month, date.day), pattern)
