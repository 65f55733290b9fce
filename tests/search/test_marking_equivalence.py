"""Marking a hit takes shortcuts (Markdown passes skipped, a text's characters looked up in a table,
full-width punctuation replaced before NFKC); on varied texts they mark exactly what the plain
steps marked: every pass, set(text), unicodedata.normalize."""

from __future__ import annotations

import bisect
import contextlib
import html
import re
import unicodedata
from collections.abc import Iterator, Sequence

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from search import highlight
from search.analysis import _nfkc, fold
from search.highlight import (
    _GAPS,
    _LEAD,
    _MARGIN,
    SNIPPET_WIDTH,
    _variant_pattern,
    highlight_whole,
    plain_text,
    snippet,
)

# -- the steps as they were, without shortcuts -----------------------------------------------------

_ALL_MARKDOWN_PASSES = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"^\s*\|?[-:| ]{3,}\|?\s*$", re.M), ""),
    (re.compile(r"(\*\*|__|\*|`)"), ""),
    (re.compile(r"\s*\|\s*"), " "),
    (re.compile(r"\s+"), " "),
]


def every_pass_plain_text(markdown: str) -> str:
    for pattern, replacement in _ALL_MARKDOWN_PASSES:
        markdown = pattern.sub(replacement, markdown)
    return markdown.strip()


def whole_fold_hits(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    wanted = tuple(sorted({n for n in needles if n}, key=len, reverse=True))
    if not wanted:
        return []
    pattern = re.compile("|".join(_GAPS.join(map(re.escape, needle)) for needle in wanted))
    folded = fold(text)
    return [(folded.origin[m.start()], folded.origin[m.end() - 1] + 1) for m in pattern.finditer(folded.text)]


def best_start(text: str, hits: list[tuple[int, int]], width: int) -> int:
    best_start, best_score = 0, (-1, -1)
    starts, ends = [s for s, _ in hits], [e for _, e in hits]
    for anchor, _ in hits[:200]:
        start = max(0, anchor - _LEAD)
        inside = hits[bisect.bisect_left(starts, start):bisect.bisect_right(ends, start + width)]
        score = (len({text[s:e] for s, e in inside}), len(inside))
        if score > best_score:
            best_start, best_score = start, score
    return best_start


def mark(text: str, hits: list[tuple[int, int]], start: int, end: int) -> str:
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for hit_start, hit_end in hits:
        pieces.append(html.escape(text[cursor:hit_start], quote=False))
        pieces.append(f"<b>{html.escape(text[hit_start:hit_end], quote=False)}</b>")
        cursor = hit_end
    pieces.append(html.escape(text[cursor:end], quote=False))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)


class CharacterSets:
    """Variants and irregular characters noted in sets, each character of a text folded alone."""

    def __init__(self) -> None:
        self.folds_to: dict[str, set[str]] = {}
        self.seen: set[str] = set()
        self.irregular: set[str] = set()

    def located_hits(self, text: str, needles: Sequence[str]) -> list[tuple[int, int]] | None:
        characters = set(text)
        wanted = tuple(sorted({n for n in needles if n}, key=len, reverse=True))
        for char in characters - self.seen:
            folded = fold(char).text
            if len(folded) == 1:
                self.folds_to.setdefault(folded, {folded}).add(char)
            elif re.search(r"[^\W_]", folded):
                self.irregular.add(char)
            self.seen.add(char)
        if not characters.isdisjoint(self.irregular):
            return None
        variants = tuple(tuple(sorted(self.folds_to.get(c, (c,)))) for c in sorted(set("".join(wanted))))
        pattern = _variant_pattern(wanted, variants)
        return [m.span() for m in pattern.finditer(text)] if pattern is not None else []

    def snippet(self, text: str, needles: Sequence[str]) -> str:
        located = self.located_hits(text, needles)
        if located is None:
            located = whole_fold_hits(text, needles)
        if not located:
            return mark(text, [], 0, min(len(text), SNIPPET_WIDTH))
        start = best_start(text, located, SNIPPET_WIDTH)
        end = min(len(text), start + SNIPPET_WIDTH)
        low, high = max(0, start - _MARGIN), min(len(text), end + _MARGIN)
        hits = [(low + s, low + e) for s, e in whole_fold_hits(text[low:high], needles)]
        return mark(text, [(s, e) for s, e in hits if s >= start and e <= end], start, end)


SETS = CharacterSets()


@contextlib.contextmanager
def first_sight() -> Iterator[None]:
    """Marking as though this process had marked no text before: every character is new."""
    kept = highlight._KIND_OF_CODE, highlight._FOLDED_CODE, highlight._FOLDS_TO
    highlight._KIND_OF_CODE, highlight._FOLDED_CODE, highlight._FOLDS_TO = (
        np.zeros_like(kept[0]), np.zeros_like(kept[1]), {})
    try:
        yield
    finally:
        highlight._KIND_OF_CODE, highlight._FOLDED_CODE, highlight._FOLDS_TO = kept


# -- varied texts -----------------------------------------------------------------------------------

NEEDLES = ["台风", "党建", "业务融合", "干燥", "叫应机制", "ai", "2022", "防汛", "应急响应", "乾隆", "fi", "1"]
# Each needle in its other script, full width or split by punctuation, and characters that fold to
# several (ﬁ ㈠ ℃ …), that stand between words but fold to a letter (Ⓐ), that compose (ｶﾞ, e + ◌́)
# or that only look like space (\u3000 \x1c \u2028).
PIECES = ["台风", "颱風", "黨建", "党建", "業務融合", "业务、融合", "乾燥", "干燥", "乾隆", "“叫应”机制",
          "叫应 机制", "ＡＩ", "Ai", "２０２２", "2022", "防汛", "防·汛", "应急响应", "應急響應", "ﬁ", "㈠",
          "℃", "…", "ｶﾞ", "e\u0301", "，", "。", "：", "（", "）", "！", "\u3000", "\x1c", "\u2028",
          "İ", "Σ", "Ⓐ", "a", "i", "&", "<b>", "其他内容", "无关", "的", " ", "\n", "\t"]
MARKDOWN = ["# ", "## ", "> ", "- ", "* ", "+ ", "1. ", "12.", "**", "__", "_", "*", "`", "|", "---",
            "|:-:|", " | ", "   ", "[链接](http://x)", "![图](a.png)", "[", "]", "(", ")", "!", ":", "-"]

texts = st.lists(st.sampled_from(PIECES + MARKDOWN), max_size=60).map("".join)
short_texts = st.lists(st.sampled_from(PIECES + MARKDOWN), max_size=8).map("".join)
needle_lists = st.lists(st.sampled_from(NEEDLES), min_size=1, max_size=3)
SPELLINGS = {"台": "台颱", "风": "风風", "党": "党黨", "业": "业業", "务": "务務", "干": "干乾", "燥": "燥",
             "应": "应應", "响": "响響", "机": "机機", "制": "制製", "隆": "隆", "a": "aAＡⒶⓐ", "i": "iIＩ",
             "2": "2２②", "0": "0０", "1": "1１①㈠", "f": "fＦﬁ"}
BETWEEN = ["", "", "", " ", "、", "“", "”", "·", "_", "\u3000", "Ⓐ", "…", "\n"]


@st.composite
def needles_in_texts(draw) -> tuple[str, list[str]]:
    """Needles, and a text where they stand spelled in other ways, with other pieces around them."""
    needles = draw(needle_lists)

    def spelled(needle: str) -> str:
        chars = [draw(st.sampled_from(SPELLINGS.get(c, c))) for c in needle]
        return "".join(c + draw(st.sampled_from(BETWEEN)) for c in chars[:-1]) + chars[-1]

    parts = draw(st.lists(st.sampled_from(PIECES) | st.sampled_from(needles).map(spelled), max_size=12))
    return "".join(parts), needles


@settings(max_examples=400, deadline=None)
@given(texts)
def test_plain_text_equals_every_markdown_pass(markdown):
    assert plain_text(markdown) == every_pass_plain_text(markdown)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.characters(), max_size=40).map("".join))
def test_nfkc_equals_unicodedata(text):
    assert _nfkc(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=400, deadline=None)
@given(st.tuples(short_texts | texts, needle_lists) | needles_in_texts())
@example(("其他内容" * 10 + "aⒶi", ["ai"]))
@example(("乾隆", ["乾隆"]))
def test_snippets_and_titles_mark_what_sets_of_characters_marked(text_and_needles):
    markdown, needles = text_and_needles
    text = plain_text(markdown)
    with first_sight():
        assert snippet(text, needles) == CharacterSets().snippet(text, needles)
    assert snippet(text, needles) == SETS.snippet(text, needles)  # characters seen before
    assert highlight_whole(text, needles) == mark(text, whole_fold_hits(text, needles), 0, len(text))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=40, max_size=120).map("".join), needle_lists)
def test_long_texts_choose_the_passage_the_sets_chose(text, needles):
    """Texts longer than a passage, so that which passage is chosen (and its margin) matters."""
    assert snippet(text, needles) == SETS.snippet(text, needles)
