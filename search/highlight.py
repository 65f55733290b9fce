"""Snippets: the best passage of a text with the query's strings in <b>…</b>, in the text's own script.

Matching happens on the folded text with spaces and punctuation squeezed out (so 颱風 matches
台风 and "叫应 机制" matches 叫应机制); hits are mapped back to the original characters.

Folding a whole body took most of a page's time (about 1 ms a hit). A snippet therefore finds
its passage on the original text, each character standing for what it folds to alone, and folds
only that passage (with a margin) to mark the exact hits.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import sys
import threading
from collections.abc import Sequence

import numpy as np

from search.analysis import fold

SNIPPET_WIDTH = 100
_LEAD = 24
_MARGIN = 24
"""Characters folded on each side of the passage: a hit crossing its edge is found whole."""
_GAPS = r"[\W_]*"
_TO_ESCAPE = re.compile("[&<>]")
"""What html.escape(quote=False) changes: a passage without them is not escaped piece by piece."""
_MARKDOWN = [
    # (pattern, replacement, characters of which one must be in the text for the pattern to
    # change it): a pass that cannot change the text is skipped, most of plain_text's time.
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1", "]"),   # pictures: keep the caption
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1", "]"),    # links: keep the text
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), "", ""),
    # Table rules; a line of spaces alone, which it removes too, is squeezed out anyway below.
    (re.compile(r"^\s*\|?[-:| ]{3,}\|?\s*$", re.M), "", "-:|"),
    (re.compile(r"(\*\*|__|\*|`)"), "", "*_`"),
    (re.compile(r"\s*\|\s*"), " ", "|"),
]


def plain_text(markdown: str) -> str:
    """Markdown reduced to the words a reader sees, on one line."""
    text = markdown
    for pattern, replacement, needed in _MARKDOWN:
        if not needed or any(char in text for char in needed):
            text = pattern.sub(replacement, text)
    return " ".join(text.split())  # runs of white space as one space: str.split's \s is re's


def find_hits(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `text` where a needle matches, the longest needle
    first where several start at one place; spaces and punctuation may stand between its characters."""
    pattern = _pattern(tuple(needles))
    if pattern is None:
        return []
    folded = fold(text)
    origin = folded.origin
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded.text)]


@functools.lru_cache(maxsize=64)
def _pattern(needles: tuple[str, ...]) -> re.Pattern | None:
    wanted, characters = _prepared(needles)
    return _variant_pattern(wanted, tuple((c,) for c in characters))


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
    spelled = [text[s:e] for s, e in hits]
    for anchor in starts[:200]:
        start = max(0, anchor - _LEAD)
        first, last = bisect.bisect_left(starts, start), bisect.bisect_right(ends, start + width)
        score = (len(set(spelled[first:last])), last - first)
        if score > best_score:
            best_start, best_score = start, score
    return best_start


_FOLDS_TO: dict[str, tuple[str, ...]] = {}
"""Folded character -> the characters seen in texts that fold to it alone (itself included), sorted."""
_UNSEEN, _SEEN, _IRREGULAR, _GAP_CHANGES = 0, 1, 2, 3
_KIND_OF_CODE = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
"""Per code point: not seen yet; seen; seen and folding to several characters, a letter or digit
among them (ﬁ, ㈠, İ; not …, which stands between words folded or not); seen and folding to one
that is a letter where it stands between words, or the reverse (Ⓐ). Tables, not sets: a text's
characters are looked up in one step, where set(text) made an object of each (most of a snippet)."""
_FOLDED_CODE = np.zeros(sys.maxunicode + 1, dtype=np.uint32)
"""Per code point seen: the character it folds to alone, else itself."""
_WORD = re.compile(r"[^\W_]")
_variants_lock = threading.Lock()


def _located_hits(text: str, needles: Sequence[str]) -> list[tuple[int, int]] | None:
    """The hits of `needles`, found on `text` itself with each character folded on its own; None
    when a character of `text` folds to several letters or digits. Converting a whole phrase
    (乾燥 → 干燥) can fold differently from its characters alone: such a hit may be missed here,
    never marked wrongly."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    wanted, characters = _prepared(tuple(needles))
    with _variants_lock:  # two archives may be searched at once
        kinds = _kinds(codes)
        if _IRREGULAR in kinds:
            return None
        if _GAP_CHANGES in kinds or not _fold_alone_to_themselves(characters):
            pattern = _variant_pattern(wanted, tuple(_FOLDS_TO.get(c, (c,)) for c in characters))
        else:
            # Each character as it folds alone, where the needles' own pattern (compiled once a
            # page, not again as variants are seen: half a millisecond each) finds the same hits.
            pattern = _pattern(tuple(needles))
            text = _FOLDED_CODE.take(codes).tobytes().decode("utf-32-le", "surrogatepass")
    return [m.span() for m in pattern.finditer(text)] if pattern is not None else []


def _kinds(codes: np.ndarray) -> bytes:
    """The kinds of the characters of `codes`, those not seen before folded and noted first (bytes:
    `in` finds a kind at C speed)."""
    kinds = _KIND_OF_CODE.take(codes).tobytes()
    if _UNSEEN in kinds:
        # A set, not np.unique: its first call imports numpy.ma (30-100 ms of a command's search).
        for code in sorted(set(codes[_KIND_OF_CODE.take(codes) == _UNSEEN].tolist())):
            _KIND_OF_CODE[code] = _seen(chr(code))
        kinds = _KIND_OF_CODE.take(codes).tobytes()
    return kinds


@functools.lru_cache(maxsize=64)
def _fold_alone_to_themselves(characters: str) -> bool:
    """Whether each of the needles' characters folds alone to itself or to several (not 乾 → 干)."""
    codes = np.array([ord(c) for c in characters], dtype="<u4")
    _kinds(codes)
    return bool((_FOLDED_CODE.take(codes) == codes).all())


def _seen(char: str) -> int:
    """The kind of a character seen for the first time, noting what it folds to."""
    folded = fold(char).text
    if len(folded) != 1:
        _FOLDED_CODE[ord(char)] = ord(char)
        return _IRREGULAR if _WORD.search(folded) else _SEEN
    _FOLDED_CODE[ord(char)] = ord(folded)
    _FOLDS_TO[folded] = tuple(sorted({*_FOLDS_TO.get(folded, (folded,)), char}))
    return _GAP_CHANGES if bool(_WORD.match(char)) != bool(_WORD.match(folded)) else _SEEN


@functools.lru_cache(maxsize=64)
def _prepared(needles: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The distinct needles, longest first, and their characters in sorted order: once per page."""
    wanted = tuple(sorted({n for n in needles if n}, key=len, reverse=True))
    return wanted, "".join(sorted(set("".join(wanted))))


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
    escape = _escape if _TO_ESCAPE.search(text, start, end) else str
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for hit_start, hit_end in hits:
        pieces.append(escape(text[cursor:hit_start]))
        pieces.append(f"<b>{escape(text[hit_start:hit_end])}</b>")
        cursor = hit_end
    pieces.append(escape(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
