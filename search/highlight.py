"""Snippets: the best passage of a text with the query's strings in <b>…</b>, in the text's own script.

Matching happens on the folded text with spaces and punctuation squeezed out (so 颱風 matches
台风 and "叫应 机制" matches 叫应机制); hits are mapped back to the original characters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from search.analysis import fold

SNIPPET_WIDTH = 100
_LEAD = 24
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
    """Non-overlapping (start, end) spans of `text` where a needle matches, longest needles first."""
    folded = fold(text)
    compact_chars, compact_origin = [], []
    for index, char in enumerate(folded.text):
        if char.isalnum():
            compact_chars.append(char)
            compact_origin.append(folded.origin[index])
    compact = "".join(compact_chars)
    taken = [False] * len(compact)
    spans = []
    for needle in sorted({n for n in needles if n}, key=len, reverse=True):
        start = compact.find(needle)
        while start != -1:
            end = start + len(needle)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(needle)
                spans.append((compact_origin[start], compact_origin[end - 1] + 1))
            start = compact.find(needle, end)
    return sorted(spans)


def highlight_whole(text: str, needles: Sequence[str]) -> str:
    """All of `text`, escaped, with every hit in <b>…</b> (for titles)."""
    return _mark(text, find_hits(text, needles), 0, len(text))


def snippet(text: str, needles: Sequence[str], width: int = SNIPPET_WIDTH) -> str:
    """The passage of about `width` characters with the most distinct hits, marked and escaped."""
    hits = find_hits(text, needles)
    if not hits:
        return _mark(text, [], 0, min(len(text), width))
    best_start, best_score = 0, (-1, -1)
    for anchor, _ in hits[:200]:
        start = max(0, anchor - _LEAD)
        inside = [(s, e) for s, e in hits if s >= start and e <= start + width]
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
