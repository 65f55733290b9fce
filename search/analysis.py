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
import hashlib
import importlib.resources
import logging
import os
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from whoosh.analysis import Token, Tokenizer

if TYPE_CHECKING:
    import jieba
    import opencc

log = logging.getLogger(__name__)

ANALYSIS_VERSION = "8"
"""Bump when the terms or the schema change: an index of another version is rebuilt."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Characters whose NFKC form may be several characters (ligatures, circled and parenthesised forms).
_MULTI = re.compile(r"[\u00a0-\u02ff\u2000-\u33ff\ufb00-\ufb4f\ufe30-\ufe4f]")
_WORD_CHAR = re.compile(r"\w", re.UNICODE)
# Marks that set off a word inside a sentence rather than end it: looked through by `bigrams`.
_SEE_THROUGH = "\"'“”‘’「」『』《》〈〉【】、·・•"
_RUN = re.compile(rf"[^\W_]+(?:[{re.escape(_SEE_THROUGH)}]+[^\W_]+)*")
_init_lock = threading.Lock()
_CACHE_ENV = "CASEARCHIVE_CACHE"
"""A folder for the dictionary's caches instead of the user's cache folder (tests, portable use)."""


@dataclass(frozen=True)
class Folded:
    """A text folded for matching, with `origin[i]` = index in the original of folded char i."""

    text: str
    origin: Sequence[int]


@functools.cache
def _t2s() -> opencc.OpenCC:
    import opencc  # loads its dictionaries: only when text is first folded

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters as simplified: the one converter the whole program shares."""
    return _t2s().convert(text)


_segmenter: jieba.Tokenizer | None = None


def segmenter() -> jieba.Tokenizer:
    """The one jieba segmenter, with the field's user dictionary: the index, queries and keyword
    extraction all cut text alike.

    Its word frequencies are read from a file as words are looked up (`_Frequencies`), so that
    a search started from the command line does not wait for jieba's whole dictionary (1-4 s);
    `load_whole_dictionary` brings it into memory before cutting many texts."""
    global _segmenter
    with _init_lock:
        if _segmenter is None:
            _segmenter = _new_segmenter()
        return _segmenter


def _new_segmenter() -> jieba.Tokenizer:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    try:
        tokenizer.FREQ, tokenizer.total = _Frequencies.open(_frequencies_file())
        tokenizer.initialized = True
    except (OSError, sqlite3.Error) as error:
        log.warning("jieba's dictionary is read whole: its cache failed (%s)", error)
        _load_whole(tokenizer)
    return tokenizer


def load_whole_dictionary() -> None:
    """Hold jieba's whole dictionary in memory: cutting many texts (a rebuild) is then faster
    than looking each word up in the file."""
    tokenizer = segmenter()
    with _init_lock:
        if isinstance(tokenizer.FREQ, _Frequencies):
            _load_whole(tokenizer)


def _load_whole(tokenizer: jieba.Tokenizer) -> None:
    tokenizer.tmp_dir = str(_cache_folder())  # jieba's own cache of its dictionary
    tokenizer.initialized = False  # set when its words were read from the file
    tokenizer.initialize()
    with user_dictionary_path().open("rb") as dictionary:
        tokenizer.load_userdict(dictionary)


def _cache_folder() -> Path:
    folder = Path(os.environ.get(_CACHE_ENV, "").strip()
                  or platformdirs.user_cache_dir("CaseArchive", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _frequencies_file() -> Path:
    """The file of jieba's word frequencies (with the user dictionary): named after both, so that
    another jieba or another user dictionary writes a new one."""
    import jieba

    key = hashlib.sha1(f"{jieba.__version__}\n".encode() + user_dictionary_path().read_bytes()).hexdigest()
    path = _cache_folder() / f"jieba-words-{key[:16]}.sqlite"
    if not path.is_file():
        tokenizer = jieba.Tokenizer()
        _load_whole(tokenizer)
        _Frequencies.write(path, tokenizer.FREQ, tokenizer.total)
    return path


class _Frequencies:
    """jieba's word → frequency map, read from a SQLite file one word at a time (a query looks up
    a few dozen); words once looked up are kept."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._known: dict[str, int | None] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> tuple[_Frequencies, int]:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        [(total,)] = connection.execute("SELECT frequency FROM total").fetchall()
        return cls(connection), total

    @staticmethod
    def write(path: Path, frequencies: dict[str, int], total: int) -> None:
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.unlink(missing_ok=True)
        with sqlite3.connect(partial) as connection:
            connection.execute("CREATE TABLE words (word TEXT PRIMARY KEY, frequency INTEGER) WITHOUT ROWID")
            connection.executemany("INSERT INTO words VALUES (?, ?)", frequencies.items())
            connection.execute("CREATE TABLE total (frequency INTEGER)")
            connection.execute("INSERT INTO total VALUES (?)", (total,))
        connection.close()
        os.replace(partial, path)  # whole or not at all, even with two processes writing it

    def get(self, word: str, default: int | None = None) -> int | None:
        with self._lock:
            if word not in self._known:
                row = self._connection.execute("SELECT frequency FROM words WHERE word = ?", (word,))
                found = row.fetchone()
                self._known[word] = found[0] if found else None
            found = self._known[word]
        return default if found is None else found

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found


def user_dictionary_path() -> Path:
    """The field's terms, one per line (`word [frequency]`), for maintainers to extend."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root, "resources", "jieba_userdict.txt")
    return Path(str(importlib.resources.files("resources").joinpath("jieba_userdict.txt")))


def fold(text: str) -> Folded:
    """Width-, case- and script-folded text with a map back to the original characters."""
    normalised = unicodedata.normalize("NFKC", text).lower()
    if len(normalised) == len(text) and all(len(unicodedata.normalize("NFKC", c)) == 1
                                            for c in _MULTI.findall(text)):
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


def words(folded: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) over the folded text, punctuation and spaces left out."""
    # Without jieba's HMM guesses at unknown words: a third faster, and the pairs find what it would
    # have joined (the labelled queries keep recall 1.0).
    for word, start, end in segmenter().tokenize(folded, HMM=False):
        if _WORD_CHAR.search(word):
            yield word, start, end


def bigrams(folded: str) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, start, end): CJK character pairs, single CJK characters standing alone,
    and Latin words or numbers whole. Quotation marks, brackets, 、 and · inside a run are looked
    through (叫应”机制 holds the pair 应机), so a phrase is found across them; any other break
    between runs skips a position, so a phrase query never matches across a sentence."""
    position = 0
    for run in _RUN.finditer(folded):
        kept = [(char, run.start() + i) for i, char in enumerate(run.group()) if char not in _SEE_THROUGH]
        start = 0
        while start < len(kept):
            end = start
            if not is_cjk(kept[start][0]):
                while end < len(kept) and not is_cjk(kept[end][0]):
                    end += 1
                yield _joined(kept, start, end), position, kept[start][1], kept[end - 1][1] + 1
                position += 2
                start = end
                continue
            while end < len(kept) and is_cjk(kept[end][0]):
                end += 1
            if end - start == 1:
                yield kept[start][0], position, kept[start][1], kept[start][1] + 1
                position += 1
            for i in range(start, end - 1):
                yield _joined(kept, i, i + 2), position, kept[i][1], kept[i + 1][1] + 1
                position += 1
            position += 1
            start = end


def _joined(kept: list[tuple[str, int]], start: int, end: int) -> str:
    return "".join(char for char, _ in kept[start:end])


def query_words(text: str) -> list[str]:
    """The words of a query string, folded and segmented exactly as indexed text is."""
    return [w for w, _, _ in words(fold(text).text)]


def query_bigrams(text: str) -> list[tuple[str, int]]:
    """The bigram terms of a query string with their positions."""
    return [(term, position) for term, position, _, _ in bigrams(fold(text).text)]


_TERMS = {
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
        for text, position, start, end in _TERMS[self.kind](folded.text):
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
