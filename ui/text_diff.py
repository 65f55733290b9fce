"""What changed between two versions of a case, inline: deletions struck through, insertions marked.

Lines are matched first, then the characters of changed lines, so a corrected character in a
long paragraph shows as that character. The text is shown as stored, in the case's own script.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Iterator
from itertools import zip_longest

_DELETED = "<span style='background:#fbe3e4; color:#b03a2e; text-decoration:line-through'>{}</span>"
_INSERTED = "<span style='background:#e3f4e1; color:#1e7b34; text-decoration:underline'>{}</span>"
# Side by side neither text is "deleted": each side marks what the other lacks.
_ONLY_LEFT = "<span style='background:#fdebd0; color:#9a5b13'>{}</span>"
_ONLY_RIGHT = "<span style='background:#e3f4e1; color:#1e7b34'>{}</span>"


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
    return _paragraphs(paragraphs)


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line or '&nbsp;'}</p>" for line in lines)


def side_by_side_html(old: str, new: str) -> tuple[str, str]:
    """`old` and `new` as two columns of HTML paragraphs, row beside row: on each side what the
    other lacks is marked, and a blank row stands where the other side has a paragraph this one lacks."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    left: list[str] = []
    right: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            # Markdown's blank lines between paragraphs: the paragraphs are spaced already.
            unchanged = [html.escape(line) for line in old_lines[old_start:old_end] if line.strip()]
            left.extend(unchanged)
            right.extend(unchanged)
            continue
        for before, after in zip_longest(old_lines[old_start:old_end], new_lines[new_start:new_end]):
            sides = _changed_sides(before or "", after or "")
            left.append(sides[0] if before is not None else "")
            right.append(sides[1] if after is not None else "")
    return _paragraphs(left), _paragraphs(right)


def _changed_sides(old: str, new: str) -> tuple[str, str]:
    left, right = [], []
    for kept, only_old, only_new in _character_changes(old, new):
        left.append(html.escape(kept) + _marked(_ONLY_LEFT, only_old))
        right.append(html.escape(kept) + _marked(_ONLY_RIGHT, only_new))
    return "".join(left), "".join(right)


def _changed_line(old: str, new: str) -> str:
    return "".join(html.escape(kept) + _marked(_DELETED, gone) + _marked(_INSERTED, added)
                   for kept, gone, added in _character_changes(old, new))


def _character_changes(old: str, new: str) -> Iterator[tuple[str, str, str]]:
    """The two lines as stretches in order: (the same in both, only in `old`, only in `new`)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            yield old[old_start:old_end], "", ""
        else:
            yield "", old[old_start:old_end], new[new_start:new_end]


def _marked(style: str, text: str) -> str:
    return style.format(html.escape(text)) if text else ""
