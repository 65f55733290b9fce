"""jieba's dictionary as arrays that load in milliseconds, to cut queries without loading jieba's own.

jieba keeps every word and every prefix of a word (about 500,000 strings) in one dict, which takes
seconds to load from its cache: most of what a `search` from the command line or the window's
first results waited for. Cutting a text only ever looks up the text's own substrings, so a query
is cut by a jieba tokenizer given just those entries (found with `np.searchsorted` in these sorted
arrays) and the dictionary's total: the same words as with the whole dictionary, user words
included, since the table is taken from the loaded segmenter.

The table lives in a cache folder that the caller names (`search/` knows no folder of its own but
the index's); where none is kept yet, the first query loads the whole dictionary once and writes it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from search import analysis
from search.analysis import ANALYSIS_VERSION, jieba, segmenter, user_dictionary_path

log = logging.getLogger(__name__)

_lock = threading.Lock()
_folder: Path | None = None
_table: WordTable | None = None


class WordTable:
    """Per word length, the sorted words and prefixes of the dictionary with their frequencies."""

    def __init__(self, by_length: dict[int, tuple[np.ndarray, np.ndarray]], total: int) -> None:
        self._by_length = by_length
        self.total = total

    @classmethod
    def of(cls, frequencies: dict[str, int], total: int) -> WordTable:
        lengths: dict[int, list[str]] = {}
        for word in frequencies:
            lengths.setdefault(len(word), []).append(word)
        by_length = {}
        for length, found in lengths.items():
            keys = np.array(sorted(found), dtype=f"<U{length}")
            by_length[length] = keys, np.array([frequencies[k] for k in keys.tolist()], np.int64)
        return cls(by_length, total)

    def save(self, path: Path) -> None:
        """Written aside and renamed, so that a reader never sees half a table."""
        arrays = {f"{kind}{length}": array for length, pair in self._by_length.items()
                  for kind, array in zip(("keys", "counts"), pair, strict=True)}
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
        with partial.open("wb") as out:
            np.savez(out, total=np.int64(self.total), **arrays)
        os.replace(partial, path)

    @classmethod
    def load(cls, path: Path) -> WordTable:
        with path.open("rb") as file, np.load(file) as stored:  # closed even when not a table
            by_length = {int(name[4:]): (stored[name], stored[f"counts{name[4:]}"])
                         for name in stored.files if name.startswith("keys")}
            return cls(by_length, int(stored["total"]))

    def entries_within(self, text: str) -> dict[str, int]:
        """The dictionary's entries that are substrings of `text`."""
        found: dict[str, int] = {}
        for length, (keys, counts) in self._by_length.items():
            pieces = sorted({text[i:i + length] for i in range(len(text) - length + 1)})
            if not pieces:
                continue
            wanted = np.array(pieces, dtype=keys.dtype)
            at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
            hit = keys[at] == wanted
            found.update(zip(wanted[hit].tolist(), counts[at[hit]].tolist(), strict=True))
        return found

    def slices(self, size: int) -> Iterator[Iterator[tuple[str, int]]]:
        """Every entry with its count, `size` at a time."""
        for keys, counts in self._by_length.values():
            for start in range(0, keys.size, size):
                yield zip(keys[start:start + size].tolist(), counts[start:start + size].tolist(), strict=True)

    def tokenizer_for(self, text: str) -> jieba.Tokenizer:
        """A jieba tokenizer that cuts `text` exactly as the whole dictionary does."""
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ = self.entries_within(text)
        tokenizer.total = self.total
        tokenizer.initialized = True
        return tokenizer


def keep_in(folder: Path | None) -> None:
    """Where the table is kept (None: nowhere, queries are cut with the whole dictionary)."""
    global _folder, _table
    with _lock:
        if folder != _folder:
            _folder, _table = folder, None


def prepare() -> None:
    """Load now what cutting a query will need: the table, or the whole dictionary without one."""
    if _current() is None:
        segmenter()


def segmenter_in_steps() -> Iterator[None]:
    """Makes `analysis.segmenter()` from the kept table a slice at a time, yielding between slices
    (nothing when no table is kept or a segmenter is loaded). jieba loads its dictionary with one
    `marshal.load`, which held Python's lock 0.5-2.4 s: a stall of the window at its first save."""
    table = _current()
    if table is None or analysis.segmenter_loaded():
        return
    frequencies: dict[str, int] = {}
    for words_and_counts in table.slices(_ENTRIES_PER_STEP):
        frequencies.update(words_and_counts)
        yield
    analysis.adopt_segmenter(frequencies, table.total)


_ENTRIES_PER_STEP = 2_000
"""About a millisecond of work, 10-20 where the dictionary grows its table: a search waits for
one step at most (the index's warm-up takes them under its lock)."""


def words(folded: str) -> Iterator[tuple[str, int, int]]:
    """`search.analysis.words`, cut with the table when one is kept (else the whole dictionary)."""
    table = _current()
    return analysis.words(folded, table.tokenizer_for(folded) if table is not None else None)


def _current() -> WordTable | None:
    global _table
    with _lock:
        if _table is not None or _folder is None:
            return _table
        path = _folder / f"jieba-words-{_fingerprint()}.npz"
        try:
            _table = WordTable.load(path)
            return _table
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
            if path.exists():
                log.warning("word table %s unreadable, made again: %r", path, error)
        whole = segmenter()
        _table = WordTable.of(whole.FREQ, whole.total)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _table.save(path)
        except OSError as error:  # a read-only or full cache folder: the table lives in memory
            log.warning("word table not kept in %s: %s", path.parent, error)
        return _table


def _fingerprint() -> str:
    """Changes with jieba's version, its dictionary, the user dictionary and the analysis."""
    digest = hashlib.sha256(f"{jieba.__version__}|{ANALYSIS_VERSION}".encode())
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    if dictionary.exists():
        stat = dictionary.stat()
        digest.update(f"{stat.st_size}|{stat.st_mtime_ns}".encode())
    digest.update(user_dictionary_path().read_bytes())
    return digest.hexdigest()[:16]
