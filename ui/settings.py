"""Preferences: every option declared once with its type and default, stored in QSettings (INI).

Domain data (cases, tags) stays in the archive; only how the window looks and behaves is here.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T


class Settings:
    """Typed access to the application's QSettings."""

    GEOMETRY = Option("window/geometry", QByteArray())
    WINDOW_STATE = Option("window/state", QByteArray())
    SPLITTER = Option("window/splitter", [220, 520, 520])
    LAST_ARCHIVE = Option("archive/last", "")
    RECENT_ARCHIVES = Option("archive/recent", [])
    LANGUAGE = Option("ui/language", "zh_CN")
    SEARCH_HISTORY = Option("search/history", [])
    SAVED_SEARCHES = Option("search/saved", {})
    SORT = Option("search/sort", "relevance")
    DEMO_OFFERED = Option("archive/demo_offered", False)
    BASKET = Option("basket/ids", [])
    EXPORT_OPTIONS = Option("export/options", {})
    EXPORT_FOLDER = Option("export/folder", "")
    """The folder of the last export."""
    DEFAULT_EXPORT_FOLDER = Option("export/default_folder", "")
    """Where the export dialog proposes to save, whatever the last export chose (首选项); "" for none."""
    FONT_SIZE = Option("ui/font_size", 0)
    """Point size of the result list, the table and the reader (首选项); 0 for the system's."""
    EXCHANGE_UNIT = Option("exchange/unit", "")
    EXCHANGE_FOLDER = Option("exchange/folder", "")
    EXCHANGE_WITH_BRIEFINGS = Option("exchange/with_briefings", False)

    HISTORY_LENGTH = 20

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._store = qsettings or QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                             "CaseArchive", "CaseArchive")
        self._raw: dict[str, Any] = {}
        """Each option's stored value, read from the file once and kept: a value set is here at
        once, while `_DISK` writes it (reading the file would wait for that write)."""

    def get(self, option: Option[T]) -> T:
        if option.key not in self._raw:
            self._raw[option.key] = self._store.value(option.key)
        raw = self._raw[option.key]
        if raw is None:
            return option.default
        if isinstance(option.default, QByteArray):
            return raw if isinstance(raw, QByteArray) else option.default
        if isinstance(option.default, bool):
            return raw in (True, "true", "1", 1)
        if isinstance(option.default, list | dict):
            try:
                value = json.loads(raw)
            except (TypeError, ValueError):
                return option.default
            return value if isinstance(value, type(option.default)) else option.default
        return type(option.default)(raw)

    def set(self, option: Option[Any], value: Any) -> None:
        if isinstance(option.default, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        self._raw[option.key] = value
        _DISK.submit(_write, self._store.fileName(), self._store.format(), option.key, value)

    def remember_search(self, query: str) -> list[str]:
        """Put `query` first in the history; returns the new history."""
        history = [q for q in self.get(self.SEARCH_HISTORY) if q != query]
        history = ([query] + history)[: self.HISTORY_LENGTH] if query.strip() else history
        self.set(self.SEARCH_HISTORY, history)
        return history

    def sync(self) -> None:
        """Wait until every value set is on disk."""
        _DISK.submit(lambda: None).result()


_DISK = ThreadPoolExecutor(1, thread_name_prefix="settings-writer")
"""Writes settings off the window's thread: QSettings writes its file with an fsync, which waits
hundreds of milliseconds while the archive's own writes keep the disk busy."""


def _write(file_name: str, file_format: QSettings.Format, key: str, value: Any) -> None:
    # A QSettings of this thread's own: one object is not to be shared between threads.
    disk = QSettings(file_name, file_format)
    disk.setValue(key, value)
    disk.sync()
