"""Remove web-page furniture from imported text, by rules kept in `resources/cleanup_rules.json`.

Rules are matched on a folded copy of each line (half-width, lower case, simplified script), so
one simplified pattern also removes the traditional form; the kept lines are never changed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from archive.fingerprint import to_simplified
from archive.resources import read_json

# A line without a letter or digit is a divider ("———", "***"), except an ellipsis, which in a
# quotation marks text left out and belongs to it.
_WORDLIKE = re.compile(r"[^\W_]|^[…．.。·]{2,}$")
_SENTENCE_END = re.compile(r"[。！？!?；;：:]$")
# The rule under a Markdown table's header row ("| --- | :-: |") is structure, not a divider.
_TABLE_RULE = re.compile(r"^\s*\|(\s*:?-+:?\s*\|)+\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


@dataclass(frozen=True)
class CleanupRules:
    drop_lines: tuple[re.Pattern, ...]
    related_headings: tuple[re.Pattern, ...]
    drop_paragraphs: tuple[re.Pattern, ...]
    link_separator: re.Pattern
    link_min_items: int
    link_max_item_length: int


@functools.cache
def default_rules() -> CleanupRules:
    data = read_json("cleanup_rules.json")
    links = data["link_list"]
    return CleanupRules(
        drop_lines=_compiled(data["drop_lines"]),
        related_headings=_compiled(data["related_list_headings"]),
        drop_paragraphs=_compiled(data["drop_paragraphs"]),
        link_separator=re.compile(links["separator"]),
        link_min_items=links["min_items"],
        link_max_item_length=links["max_item_length"],
    )


def _compiled(patterns: list[str]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def folded_line(line: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", line)).strip().lower()


def is_link_list(line: str, rules: CleanupRules) -> bool:
    items = [i.strip() for i in rules.link_separator.split(line) if i.strip()]
    return (len(items) >= rules.link_min_items
            and all(len(i) <= rules.link_max_item_length for i in items))


def _table_lines(lines: list[str]) -> set[int]:
    """Numbers of the lines that belong to a Markdown table: a run of | rows with a header rule."""
    found: set[int] = set()
    start = None
    for number, line in enumerate([*lines, ""]):
        if _TABLE_ROW.match(line):
            start = number if start is None else start
            continue
        if start is not None and any(_TABLE_RULE.match(row) for row in lines[start:number]):
            found.update(range(start, number))
        start = None
    return found


def clean_lines(lines: list[str], rules: CleanupRules | None = None, *,
                keep_indent: bool = False) -> list[str]:
    """The lines without furniture, link lists, related-article lists and click-bait paragraphs.

    Lines keep their text; trailing spaces go, leading ones too unless `keep_indent` (Markdown
    nests lists by indent), and runs of blank lines become one.
    """
    rules = rules or default_rules()
    kept: list[str] = []
    in_related_list = False
    in_table = _table_lines(lines)
    for number, raw in enumerate(lines):
        line = raw.rstrip() if keep_indent else raw.strip()
        if number in in_table:
            kept.append(line)  # a table row of many short cells is not a link list
            continue
        folded = folded_line(line)
        if not line:
            in_related_list = False
            if kept and kept[-1]:
                kept.append("")
            continue
        if any(p.search(folded) for p in rules.related_headings):
            in_related_list = True
            continue
        if in_related_list and len(line) <= 40 and not _SENTENCE_END.search(line):
            continue
        in_related_list = False
        furniture = (*rules.drop_lines, *rules.drop_paragraphs)
        if (not _WORDLIKE.search(line) or is_link_list(line, rules)
                or any(p.search(folded) for p in furniture)):
            continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept
