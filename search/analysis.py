"""How Chinese text becomes search terms — for indexing, querying and highlighting alike.

Every text goes through `fold()` first: NFKC (full-width letters and digits become half-width),
lower case, and OpenCC's traditional→simplified conversion, with a map from each folded
character back to the character of the original text it came from. Terms are then taken from
the folded text in two ways:

* words: jieba's segmentation with the field's user dictionary (`resources/jieba_userdict.txt`);
  positions are token indexes, so phrase queries work;
* bigrams: overlapping pairs of CJK characters, so a part of a word (三动 in 三联促三动) or a
  term jieba splits oddly (冬奥 in 冬奥会) is still found. Latin words and numbers appear whole.

Highlighting finds the folded query strings in the folded text and maps the hits back through
the offset map, so a traditional text is highlighted in its own script.
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import logging
import math
import operator
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import opencc
from whoosh.analysis import Token, Tokenizer


def _import_without_pkg_resources(name: str):
    """jieba 0.42 opens its own files through pkg_resources when it can: importing that takes half
    a second (and is deprecated); without it jieba opens them by path, as in the desktop bundle."""
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` fail
    try:
        return importlib.import_module(name)
    finally:
        if hidden:
            del sys.modules["pkg_resources"]


log = logging.getLogger(__name__)

jieba = _import_without_pkg_resources("jieba")

ANALYSIS_VERSION = "10"
"""Bump when the terms, the schema or the postings' format change: an index of another version is
rebuilt."""

_CJK_CHARS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_PIECE = re.compile(f"([{_CJK_CHARS}]+)|([^{_CJK_CHARS}]+)")
# Characters whose NFKC form is several characters (ligatures, circled and parenthesised forms),
# in the blocks that hold them: one regular expression finds them, not a call per character.
_MULTI = re.compile("[" + "".join(
    re.escape(c) for low, high in [(0xa0, 0x2ff), (0x2000, 0x33ff), (0xfb00, 0xfb4f), (0xfe30, 0xfe4f)]
    for c in map(chr, range(low, high + 1)) if len(unicodedata.normalize("NFKC", c)) > 1) + "]")
_WORD_CHAR = re.compile(r"\w", re.UNICODE)
# Marks that set off a word inside a sentence rather than end it: looked through by `bigrams`.
_SEE_THROUGH = "\"'“”‘’「」『』《》〈〉【】、·・•"
_RUN = re.compile(rf"[^\W_]+(?:[{re.escape(_SEE_THROUGH)}]+[^\W_]+)*")
_HAS_SEE_THROUGH = re.compile(f"[{re.escape(_SEE_THROUGH)}]")
_init_lock = threading.Lock()


@dataclass(frozen=True)
class Folded:
    """A text folded for matching, with `origin[i]` = index in the original of folded char i."""

    text: str
    origin: Sequence[int]


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters as simplified: the one converter the whole program shares."""
    return _t2s().convert(text)


class _Segmenter(jieba.Tokenizer):
    """jieba's tokenizer with its two inner loops (the graph of dictionary words at each character
    and the best path through it) written tighter: one dictionary lookup per prefix, and no
    generator where a character starts no longer word. The same words, the same floating-point
    sums in the same order; tests/search/test_analysis.py compares the two on every sample."""

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:
        self.check_initialized()
        frequency = self.FREQ.get
        graph = {}
        size = len(sentence)
        for start in range(size):
            ends = []
            end = start
            count = frequency(sentence[start])
            while count is not None:  # a prefix of some word
                if count:
                    ends.append(end)
                end += 1
                if end >= size:
                    break
                count = frequency(sentence[start:end + 1])
            graph[start] = ends or [start]
        return graph

    def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict) -> None:
        frequency = self.FREQ.get
        size = len(sentence)
        route[size] = (0, 0)
        total = math.log(self.total)
        for start in range(size - 1, -1, -1):
            ends = DAG[start]
            if len(ends) == 1:
                end = ends[0]
                route[start] = (math.log(frequency(sentence[start:end + 1]) or 1) - total
                                + route[end + 1][0], end)
            else:
                route[start] = max((math.log(frequency(sentence[start:end + 1]) or 1) - total
                                    + route[end + 1][0], end) for end in ends)


JIEBA_CACHE_ENV = "CASEARCHIVE_JIEBA_CACHE"
"""The folder of jieba's dictionary cache, in the environment: helper processes inherit it (a
spawned process inherits no module's state)."""


def keep_jieba_cache_in(folder: Path) -> None:
    """Keep jieba's dictionary cache (written on its first load, read on the next) in `folder`,
    this user's cache folder, not the system's temporary folder, which all users share and which
    is emptied at start-up. For segmenters loaded from now on, in this process and its helpers."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a read-only home: jieba keeps it in the temporary folder
        log.warning("jieba's cache not kept in %s: %s", folder, error)
        return
    os.environ[JIEBA_CACHE_ENV] = str(folder)


_segmenter: jieba.Tokenizer | None = None


def segmenter() -> jieba.Tokenizer:
    """The one jieba segmenter, with the field's user dictionary: the index, queries and keyword
    extraction all cut text alike. Loading takes about a second, once per process, holding
    Python's lock (`adopt_segmenter` avoids that where a window runs)."""
    global _segmenter
    if _segmenter is not None:
        return _segmenter
    with _init_lock:
        if _segmenter is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = _Segmenter()
            tokenizer.tmp_dir = os.environ.get(JIEBA_CACHE_ENV) or None
            tokenizer.initialize()
            with user_dictionary_path().open("rb") as dictionary:
                tokenizer.load_userdict(dictionary)
            _segmenter = tokenizer
        return _segmenter


def segmenter_loaded() -> bool:
    return _segmenter is not None


def adopt_segmenter(frequencies: dict[str, int], total: int) -> None:
    """Make `segmenter()` cut with `frequencies` (every word and prefix of jieba's dictionary and
    the user dictionary, with their counts, as a loaded segmenter holds them) unless one is loaded."""
    global _segmenter
    tokenizer = _Segmenter()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, total, True
    with _init_lock:
        if _segmenter is None:
            _segmenter = tokenizer


def user_dictionary_path() -> Path:
    """The field's terms, one per line (`word [frequency]`), for maintainers to extend."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root, "resources", "jieba_userdict.txt")
    return Path(str(importlib.resources.files("resources").joinpath("jieba_userdict.txt")))


_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")
_HALF_WIDTH = {c: unicodedata.normalize("NFKD", c) for c in map(chr, [0x3000, *range(0xff01, 0xff5f)])}


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), a fraction of its time on Chinese text: its full-width
    punctuation (，：（）) made normalize take its slow path over the whole text. A character
    replaced by its compatibility decomposition leaves a text's NFKC form as it was; what is then
    found normalised already is that form."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    for char in set(_FULL_WIDTH.findall(text)):
        text = text.replace(char, _HALF_WIDTH[char])
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def fold(text: str) -> Folded:
    """Width-, case- and script-folded text with a map back to the original characters."""
    normalised = _nfkc(text).lower()
    if len(normalised) == len(text) and not _MULTI.search(text):
        # Common case, one character to one: no per-character work.
        simplified = _t2s().convert(normalised)
        if len(simplified) == len(normalised):
            return Folded(simplified, range(len(text)))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            chars.append(char.lower())
            origin.append(index)
            continue
        for piece in unicodedata.normalize("NFKC", char).lower():
            chars.append(piece)
            origin.append(index)
    normalised = "".join(chars)
    simplified = _t2s().convert(normalised)
    if len(simplified) != len(normalised):
        # A phrase rule changed the length: convert character by character to keep the map.
        simplified = "".join(_t2s().convert(c) if len(_t2s().convert(c)) == 1 else c
                             for c in normalised)
    return Folded(simplified, origin)


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def words(folded: str, tokenizer: jieba.Tokenizer | None = None) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) over the folded text, punctuation and spaces left out; cut by `segmenter()`
    or by a tokenizer that cuts this text alike (`search.word_table`)."""
    # Without jieba's HMM guesses at unknown words: a third faster, and the pairs find what it would
    # have joined (the labelled queries keep recall 1.0).
    for word, start, end in (tokenizer or segmenter()).tokenize(folded, HMM=False):
        if _WORD_CHAR.search(word):
            yield word, start, end


def bigrams(folded: str) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, start, end): CJK character pairs, single CJK characters standing alone,
    and Latin words or numbers whole. Quotation marks, brackets, 、 and · inside a run are looked
    through (叫应”机制 holds the pair 应机), so a phrase is found across them; any other break
    between runs skips a position, so a phrase query never matches across a sentence."""
    position = 0
    for run in _RUN.finditer(folded):
        text, first = run.group(), run.start()
        if _HAS_SEE_THROUGH.search(text):
            kept = [i for i, char in enumerate(text) if char not in _SEE_THROUGH]
            text, origin = "".join(text[i] for i in kept), [first + i for i in kept]
        else:
            origin = range(first, run.end())
        # Pieces alternate: a stretch of CJK characters, a Latin word or number.
        for piece in _PIECE.finditer(text):
            start, end = piece.span()
            if piece.lastindex == 2:
                yield piece.group(), position, origin[start], origin[end - 1] + 1
                position += 2
                continue
            if end - start == 1:
                yield text[start], position, origin[start], origin[start] + 1
                position += 1
            for i in range(start, end - 1):
                yield text[i:i + 2], position, origin[i], origin[i + 1] + 1
                position += 1
            position += 1


_LOOKED_THROUGH = str.maketrans(dict.fromkeys(_SEE_THROUGH))


def bigram_terms(folded: str) -> tuple[list[str], list[int]]:
    """The terms and positions of `bigrams`, without their offsets: what a rebuild indexes, made
    a piece at a time rather than a term at a time (a rebuild spent a tenth of its time there)."""
    terms: list[str] = []
    positions: list[int] = []
    position = 0
    for run in _RUN.finditer(folded):
        text = run.group()
        if _HAS_SEE_THROUGH.search(text):
            text = text.translate(_LOOKED_THROUGH)
        for piece in _PIECE.finditer(text):
            chars = piece.group()
            if piece.lastindex == 2 or len(chars) == 1:  # a Latin word or number, a lone character
                terms.append(chars)
                positions.append(position)
                position += 2
            else:
                terms.extend(map(operator.add, chars, chars[1:]))
                positions.extend(range(position, position + len(chars) - 1))
                position += len(chars)
    return terms, positions


def word_terms(folded: str) -> tuple[list[str], list[int]]:
    """The terms and positions of `TERMS["words"]`, for a rebuild."""
    found = [word for word in segmenter().cut(folded, HMM=False) if _WORD_CHAR.search(word)]
    return found, list(range(len(found)))


INDEX_TERMS = {"words": word_terms, "bigrams": bigram_terms}
"""Per kind of field, the terms of a folded text with their positions, as `TERMS` gives them."""


def query_bigrams(text: str) -> list[tuple[str, int]]:
    """The bigram terms of a query string with their positions."""
    return [(term, position) for term, position, _, _ in bigrams(fold(text).text)]


TERMS = {
    "words": lambda folded: ((w, p, s, e) for p, (w, s, e) in enumerate(words(folded))),
    "bigrams": bigrams,
}


class FoldingTokenizer(Tokenizer):
    """A Whoosh tokenizer over folded text: `kind` is "words" or "bigrams".

    Offsets (`startchar`/`endchar`) are characters of the original, unfolded text.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoldingTokenizer) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(self.kind)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs) -> Iterator[Token]:
        folded = fold(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, position, start, end in TERMS[self.kind](folded.text):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + folded.origin[start]
                token.endchar = start_char + folded.origin[end - 1] + 1
            yield token
