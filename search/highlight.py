"""Snippets: the best passage of a text with the query's strings in <b>…</b>, in the text's own script.

Matching happens on the folded text with spaces and punctuation squeezed out (so 颱風 matches
台风 and "叫应 机制" matches 叫应机制); hits are mapped back to the original characters.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Sequence

from search.analysis import fold

SNIPPET_WIDTH = 100
_LEAD = 24
_GAPS = r"[\W_]*"
_MARKDOWN = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),   # pictures: keep the caption
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),    # links: keep the text
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"^\s*\|?[-:| ]{3,}\|?\s*$", re.M), ""),  # table rules
    (re.compile(r"(\*\*|__|\*|`)"), ""),
    (re.compile(r"\s*\|\s*"), " "),
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    """Markdown reduced to the words a reader sees, on one line."""
    text = markdown
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text.strip()


def find_hits(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `text` where a needle matches, the longest needle
    first where several start at one place; spaces and punctuation may stand between its characters."""
    pattern = _pattern(tuple(sorted({n for n in needles if n}, key=len, reverse=True)))
    if pattern is None:
        return []
    folded = fold(text)
    origin = folded.origin
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded.text)]


@functools.lru_cache(maxsize=64)
def _pattern(needles: tuple[str, ...]) -> re.Pattern | None:
    if not needles:
        return None
    return re.compile("|".join(_GAPS.join(map(re.escape, needle)) for needle in needles))


def highlight_whole(text: str, needles: Sequence[str]) -> str:
    """All of `text`, escaped, with every hit in <b>…</b> (for titles)."""
    return _mark(text, find_hits(text, needles), 0, len(text))


def snippet(text: str, needles: Sequence[str], width: int = SNIPPET_WIDTH) -> str:
    """The passage of about `width` characters with the most distinct hits, marked and escaped."""
    hits = find_hits(text, needles)
    if not hits:
        return _mark(text, [], 0, min(len(text), width))
    best_start, best_score = 0, (-1, -1)
    # Hits are sorted and do not overlap: their starts and their ends both ascend.
    starts, ends = [s for s, _ in hits], [e for _, e in hits]
    for anchor, _ in hits[:200]:
        start = max(0, anchor - _LEAD)
        inside = hits[bisect.bisect_left(starts, start):bisect.bisect_right(ends, start + width)]
        score = (len({text[s:e] for s, e in inside}), len(inside))
        if score > best_score:
            best_start, best_score = start, score
    end = min(len(text), best_start + width)
    return _mark(text, [(s, e) for s, e in hits if s >= best_start and e <= end], best_start, end)


def _mark(text: str, hits: list[tuple[int, int]], start: int, end: int) -> str:
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for hit_start, hit_end in hits:
        pieces.append(html.escape(text[cursor:hit_start], quote=False))
        pieces.append(f"<b>{html.escape(text[hit_start:hit_end], quote=False)}</b>")
        cursor = hit_end
    pieces.append(html.escape(text[cursor:end], quote=False))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)
