"""Snippets: the best passage of a text with the query's strings in <b>…</b>, in the text's own script.

Matching happens on the folded text with spaces and punctuation squeezed out (so 颱風 matches
台风 and "叫应 机制" matches 叫应机制); hits are mapped back to the original characters.

Folding a whole body took most of a page's time (about 1 ms a hit). A snippet therefore finds
its passage on the original text, each query character standing for every character seen so
far that folds to it alone, and folds only that passage (with a margin) to mark the exact hits.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import threading
from collections.abc import Sequence

from search.analysis import fold

SNIPPET_WIDTH = 100
_LEAD = 24
_MARGIN = 24
"""Characters folded on each side of the passage: a hit crossing its edge is found whole."""
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


def _pattern(needles: tuple[str, ...]) -> re.Pattern | None:
    return _variant_pattern(needles, tuple((c,) for c in sorted(set("".join(needles)))))


def highlight_whole(text: str, needles: Sequence[str]) -> str:
    """All of `text`, escaped, with every hit in <b>…</b> (for titles)."""
    return _mark(text, find_hits(text, needles), 0, len(text))


def snippet(text: str, needles: Sequence[str], width: int = SNIPPET_WIDTH) -> str:
    """The passage of about `width` characters with the most distinct hits, marked and escaped."""
    located = _located_hits(text, needles)
    if located is None:  # characters that fold to several: the whole text folded, as the marks are
        located = find_hits(text, needles)
    if not located:
        return _mark(text, [], 0, min(len(text), width))
    start = _best_start(text, located, width)
    end = min(len(text), start + width)
    low, high = max(0, start - _MARGIN), min(len(text), end + _MARGIN)
    hits = [(low + s, low + e) for s, e in find_hits(text[low:high], needles)]
    return _mark(text, [(s, e) for s, e in hits if s >= start and e <= end], start, end)


def _best_start(text: str, hits: list[tuple[int, int]], width: int) -> int:
    """Where the passage of `width` characters with the most distinct hits (then most hits) starts."""
    best_start, best_score = 0, (-1, -1)
    # Hits are sorted and do not overlap: their starts and their ends both ascend.
    starts, ends = [s for s, _ in hits], [e for _, e in hits]
    for anchor, _ in hits[:200]:
        start = max(0, anchor - _LEAD)
        inside = hits[bisect.bisect_left(starts, start):bisect.bisect_right(ends, start + width)]
        score = (len({text[s:e] for s, e in inside}), len(inside))
        if score > best_score:
            best_start, best_score = start, score
    return best_start


_FOLDS_TO: dict[str, set[str]] = {}
"""Folded character -> the characters seen in texts that fold to it alone (itself included)."""
_SEEN: set[str] = set()
_IRREGULAR: set[str] = set()
"""Characters seen that fold to several, a letter or digit among them (ﬁ, ㈠, İ; not …, which
stands between words folded or not)."""
_WORD = re.compile(r"[^\W_]")
_variants_lock = threading.Lock()


def _located_hits(text: str, needles: Sequence[str]) -> list[tuple[int, int]] | None:
    """The hits of `needles`, found on `text` itself with each character folded on its own; None
    when a character of `text` folds to several letters or digits. Converting a whole phrase
    (乾燥 → 干燥) can fold differently from its characters alone: such a hit may be missed here,
    never marked wrongly."""
    characters = set(text)
    wanted = tuple(sorted({n for n in needles if n}, key=len, reverse=True))
    with _variants_lock:  # two archives may be searched at once
        for char in characters - _SEEN:
            folded = fold(char).text
            if len(folded) == 1:
                _FOLDS_TO.setdefault(folded, {folded}).add(char)
            elif _WORD.search(folded):
                _IRREGULAR.add(char)
            _SEEN.add(char)
        if not characters.isdisjoint(_IRREGULAR):
            return None
        variants = tuple(tuple(sorted(_FOLDS_TO.get(c, (c,)))) for c in sorted(set("".join(wanted))))
    pattern = _variant_pattern(wanted, variants)
    return [m.span() for m in pattern.finditer(text)] if pattern is not None else []


@functools.lru_cache(maxsize=64)
def _variant_pattern(needles: tuple[str, ...], variants: tuple[tuple[str, ...], ...]) -> re.Pattern | None:
    """Like `_pattern`, each character matching any of its variants (`variants` are per character
    of the needles, in sorted order: the cache's key changes when a new variant is seen)."""
    if not needles:
        return None
    by_char = dict(zip(sorted(set("".join(needles))), variants, strict=True))

    def char_class(char: str) -> str:
        spelled = by_char[char]
        return re.escape(char) if len(spelled) == 1 else "[" + "".join(map(re.escape, spelled)) + "]"

    return re.compile("|".join(_GAPS.join(map(char_class, needle)) for needle in needles))


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
