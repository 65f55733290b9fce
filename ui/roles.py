"""Every custom item-data role of the window's models, lists and trees, in one place so that no
two collide and a reader finds what each one holds."""

from __future__ import annotations

from PySide6.QtCore import Qt

_USER = Qt.ItemDataRole.UserRole

IdRole = _USER + 1
"""A case's id: result and basket rows, import, unpack and trash entries."""
TitleHtmlRole = _USER + 2
"""A result's title with the matched text in <b>…</b>."""
SnippetRole = _USER + 3
"""A result's snippet, highlighted like the title."""
DateRole = _USER + 4
UnitRole = _USER + 5
TagsRole = _USER + 6
KindRole = _USER + 7
"""What a filter-tree row filters on: tag, year or unit."""
ValueRole = _USER + 8
"""The filter-tree row's value (the tag, the year, the unit)."""
CountRole = _USER + 9
"""How many cases a filter-tree row stands for."""
NameRole = _USER + 10
"""A tag's or a saved search's name."""
PathRole = _USER + 11
"""A backup file's path."""
ExcerptRole = _USER + 12
"""A basket row's excerpt (a BriefingItem), None for a whole case."""
UsedRole = _USER + 13
"""True when a live kept briefing used the result row's case (已用于)."""
