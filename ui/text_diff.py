"""What changed between two versions of a case, inline: deletions struck through, insertions marked.

Lines are matched first, then the characters of changed lines, so a corrected character in a
long paragraph shows as that character. The text is shown as stored, in the case's own script.
"""

from __future__ import annotations

import difflib
import html
from itertools import zip_longest

_DELETED = "<span style='background:#fbe3e4; color:#b03a2e; text-decoration:line-through'>{}</span>"
_INSERTED = "<span style='background:#e3f4e1; color:#1e7b34; text-decoration:underline'>{}</span>"


def inline_diff_html(old: str, new: str) -> str:
    """`old` → `new` as HTML paragraphs; unchanged paragraphs appear plain."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    paragraphs: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            paragraphs.extend(html.escape(line) for line in old_lines[old_start:old_end])
            continue
        pairs = zip_longest(old_lines[old_start:old_end], new_lines[new_start:new_end], fillvalue="")
        paragraphs.extend(_changed_line(before, after) for before, after in pairs)
    return "".join(f"<p>{p or '&nbsp;'}</p>" for p in paragraphs)


def _changed_line(old: str, new: str) -> str:
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            parts.append(html.escape(old[old_start:old_end]))
            continue
        if old_end > old_start:
            parts.append(_DELETED.format(html.escape(old[old_start:old_end])))
        if new_end > new_start:
            parts.append(_INSERTED.format(html.escape(new[new_start:new_end])))
    return "".join(parts)
