"""Runs a parsed query over the index's segments: which cases match, how well, and in what order.

Whoosh's own matchers step through every match in Python on each search (300–700 ms for a common
word at 20,000 cases). Here each posting list a query needs is decoded once per segment into
numpy arrays and kept in memory, and a query becomes array operations on them: per segment, a
mask of the matching documents and their scores, over all the segment's documents at once.
Segments never change once written: a save adds a small segment and leaves what is cached for
the large ones valid.

Scores are a weighted sum of per-field BM25 scores (not BM25F, which would add the fields' term
frequencies before saturating them): each field's term frequency is normalised by that field's
length, and each field's score weighted (title above body, whole words above character pairs).

Whoosh's public reader API is used, except to read whole columns and posting lists at once: that
is `search.whoosh_bulk`'s, the one module that reads Whoosh's internals.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from whoosh.reading import IndexReader, TermInfo

from search.analysis import is_cjk
from search.query import AllOf, AnyOf, Every, Node, Run, Tag, Text, Without
from search.schema import TEXT_FIELDS, WORDS_OVER_BIGRAMS
from search.whoosh_bulk import (
    Codes,
    PostingList,
    StoredFields,
    column_codes,
    column_numbers,
    column_strings,
    field_lengths,
    posting_arrays,
    term_entry,
)

K1, B = 1.2, 0.75
_POSITION_BITS = 22
"""Positions and document numbers share one int: document << 22 | position."""
_POSITION_MASK = (1 << _POSITION_BITS) - 1
_NEARBY_WINDOW = 8
_NEARBY_BONUS = 2.0
_RERANKED = 50
"""How many cases beyond the page the proximity bonus may lift onto it."""
_CACHE_BUDGET = 6_000_000
"""Entries (document numbers or positions) kept decoded, about 400 MB at most."""
_ENTRY_COST = 8
"""A kept term entry (about 500 bytes, a rare term's postings inside) counted as this many entries."""
_FEW = 128
"""A question about fewer than one in this many of a list's documents keeps only their postings,
not the whole list (which would take the cache's room for a narrow question)."""

Postings = tuple[np.ndarray, np.ndarray]
"""Document numbers (ascending) and how often the term occurs in each."""


@dataclass(frozen=True)
class Found:
    """The matches of one segment: `mask[d]` for each of its documents, and their scores."""

    mask: np.ndarray
    scores: np.ndarray

    @property
    def docs(self) -> np.ndarray:
        return np.flatnonzero(self.mask)


@dataclass(frozen=True)
class Match:
    docnum: int
    score: float
    day: int


def _entries(value: object) -> int:
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, tuple):
        return sum(map(_entries, value))
    if isinstance(value, Codes):
        return value.codes.size + len(value.labels)
    return len(value)


class PostingCache:
    """Decoded posting lists and columns per segment, least recently used dropped first."""

    def __init__(self, budget: int = _CACHE_BUDGET) -> None:
        self._budget = budget
        self._size = 0
        self._entries: OrderedDict[tuple, tuple[object, int]] = OrderedDict()

    def get(self, key: tuple, load: Callable[[], object], size: Callable[[object], int] = _entries):
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry[0]
        value = load()
        cost = size(value) + 1
        if cost > self._budget:
            return value  # larger than the whole budget: used once, never kept
        self._entries[key] = (value, cost)
        self._size += cost
        while self._size > self._budget:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._size -= dropped
        return value

    def peek(self, key: tuple):
        """The entry for `key` if it is kept, else None (loads nothing)."""
        entry = self._entries.get(key)
        return entry[0] if entry is not None else None

    @property
    def size(self) -> int:
        """Entries kept now: never more than the budget."""
        return self._size

    def keep_only(self, segment_ids: set[str]) -> None:
        """Forget segments merged away."""
        for key in [k for k in self._entries if k[0] not in segment_ids]:
            self._size -= self._entries.pop(key)[1]


class Segment:
    """One segment of the index as the matcher reads it."""

    def __init__(self, reader: IndexReader, offset: int, cache: PostingCache) -> None:
        self.reader = reader
        self.offset = offset
        self.id = reader.segment().segment_id()
        self._cache = cache

    @functools.cached_property
    def size(self) -> int:
        return self.reader.doc_count_all()

    def entry(self, field: str, term: str) -> TermInfo | None:
        """The term's entry in the segment's term table, None where it has none, kept within the
        cache's budget: a query asks for a term's document frequency (to order its parts and for
        its idf) and its postings, and Whoosh looks the term up in its term file each time."""
        return self._cache.get((self.id, "e", field, term), lambda: term_entry(self.reader, field, term),
                               size=lambda _: _ENTRY_COST)

    def doc_frequency(self, field: str, term: str) -> int:
        """How many documents of the segment hold `term`."""
        entry = self.entry(field, term)
        return 0 if entry is None else entry.doc_frequency()

    def frequencies(self, field: str, term: str) -> Postings:
        def load() -> Postings:
            entry = self.entry(field, term)
            if entry is None:
                return _NO_POSTINGS
            postings = posting_arrays(self.reader, field, term, entry=entry)
            return postings.docs, postings.weights
        return self._cache.get((self.id, "f", field, term), load)

    def positions(self, field: str, term: str) -> np.ndarray:
        """Sorted `document << 22 | position` of every occurrence."""
        def load() -> np.ndarray:
            entry = self.entry(field, term)
            if entry is None:
                return np.empty(0, np.int64)
            postings = posting_arrays(self.reader, field, term, entry=entry)
            # The same decode gives the frequency list: kept too, not decoded a second time.
            self._cache.get((self.id, "f", field, term), lambda: (postings.docs, postings.weights))
            return _encoded_positions(postings)
        return self._cache.get((self.id, "p", field, term), load)

    def frequencies_in(self, field: str, term: str, docs: np.ndarray | None,
                       with_positions: bool = False) -> Postings:
        """The postings of `term` for at least the documents `docs` (sorted; None: all): exact
        for those, others may come along. When few documents are in question, only the blocks
        that may hold them are decoded, not the whole list. `with_positions`: a whole list is
        kept with its positions too (the blocks near `docs` always are)."""
        if docs is None or self._whole_is_cheaper(field, term, docs):
            if with_positions:
                self.positions(field, term)  # keeps the frequencies too
            return self.frequencies(field, term)
        held, frequencies, _ = self._near(field, term, docs)
        return held, frequencies

    def positions_in(self, field: str, term: str, docs: np.ndarray | None) -> np.ndarray:
        """Like `positions`, for at least the documents `docs` (sorted; None: all)."""
        if docs is None or self._whole_is_cheaper(field, term, docs):
            return self.positions(field, term)
        return self._near(field, term, docs)[2]

    def _whole_is_cheaper(self, field: str, term: str, docs: np.ndarray) -> bool:
        """Whether to take the whole list (kept for later queries) rather than the postings of
        `docs`: when it is kept already, or `docs` are not `_FEW`."""
        if self._cache.peek((self.id, "f", field, term)) is not None:
            return True
        return docs.size * _FEW >= self.doc_frequency(field, term)

    def _near(self, field: str, term: str, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Documents, frequencies and encoded positions of `term` in those of `docs` that hold it
        (kept for the same question: a warm query asks it again)."""
        def load() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            entry = self.entry(field, term)
            if entry is None:
                return np.empty(0, np.int64), np.empty(0), np.empty(0, np.int64)
            postings = posting_arrays(self.reader, field, term, near=docs, entry=entry)
            return postings.docs, postings.weights, _encoded_positions(postings)
        return self.keep(("n", field, term, _digest(docs)), load)

    def keep(self, key: tuple, load: Callable[[], object]):
        """What `load` gives, kept in the cache under `key` for this segment."""
        return self._cache.get((self.id, *key), load)

    def lengths(self, field: str) -> np.ndarray:
        return self._cache.get((self.id, "l", field), lambda: field_lengths(self.reader, field))

    def column(self, field: str) -> list[str]:
        return self._cache.get((self.id, "c", field), lambda: column_strings(self.reader, field))

    def stored_fields(self, docnum: int) -> dict:
        """A document's stored fields (its number in the segment)."""
        return self._stored_fields[docnum]

    @functools.cached_property
    def _stored_fields(self) -> StoredFields:
        # Not in the cache shared by the segments of later searchers: it reads this reader's file,
        # closed once the segment's deletions change.
        return StoredFields(self.reader)

    def days(self) -> np.ndarray:
        return self._cache.get((self.id, "d"), lambda: column_numbers(self.reader, "day"))

    def codes(self, field: str) -> Codes:
        return self._cache.get((self.id, "k", field), lambda: column_codes(self.reader, field))

    def tag_mask(self, tag: str) -> np.ndarray:
        """Which documents carry `tag`, from the codes of their joined tags (the warm-up decodes
        them): a test of every document's tags took 70 ms of a first search at 20,000 cases."""
        def load() -> np.ndarray:
            joined = self.codes("tag_column")
            return joined.mask_of({label for label in joined.labels if tag in (label or "").split(",")})
        return self._cache.get((self.id, "m", tag), load)

    def pairs_containing(self, field: str, char: str) -> list[str]:
        """The character-pair terms of `field` that contain `char`."""
        def load() -> dict[str, list[str]]:
            by_char: dict[str, list[str]] = {}
            for raw in self.reader.lexicon(field):
                term = raw.decode("utf-8")
                for c in set(term) if len(term) == 2 else ():
                    by_char.setdefault(c, []).append(term)
            return by_char
        return self._cache.get((self.id, "x", field), load,
                               lambda by_char: sum(map(len, by_char.values()))).get(char, [])

    @functools.cached_property
    def live(self) -> np.ndarray:
        """Which documents are not deleted (a Segment lives as long as one searcher: deletions
        stay put)."""
        live = np.ones(self.size, bool)
        # From the few deleted ones: Whoosh's all_doc_ids() asks is_deleted() of every document,
        # which each save paid again for every large segment (about 1 ms per 2,000 cases).
        live[np.fromiter(self.reader.deleted_docs_set, np.int64)] = False
        return live


class Matcher:
    """Evaluates query trees over all segments of one reader (build a new one after each write)."""

    def __init__(self, reader: IndexReader, cache: PostingCache) -> None:
        self._reader = reader
        self.segments = [Segment(leaf, offset, cache) for leaf, offset in reader.leaf_readers()
                         if leaf.segment() is not None]  # an empty index has no segment
        cache.keep_only({s.id for s in self.segments})
        self._count = max(1, reader.doc_count_all())
        self._average: dict[str, float] = {}
        self._idf: dict[tuple[str, str], float] = {}

    def case_id(self, docnum: int) -> str:
        """The case id of a document number of the whole index (from the segment's id column)."""
        segment, local = self._holder(docnum)
        return segment.column("id")[local]

    def stored_fields(self, docnum: int) -> dict:
        """The stored fields of a document number of the whole index."""
        segment, local = self._holder(docnum)
        return segment.stored_fields(local)

    def locate(self, docnum: int) -> tuple[str, int]:
        """The segment's id and the document's number in it, of a number of the whole index."""
        segment, local = self._holder(docnum)
        return segment.id, local

    def _holder(self, docnum: int) -> tuple[Segment, int]:
        for segment in self.segments:
            if segment.offset <= docnum < segment.offset + segment.size:
                return segment, docnum - segment.offset
        raise IndexError(docnum)

    def matches(self, query: Node, keep: Callable[[Segment], np.ndarray | None],
                nearby: tuple[str, ...] = ()) -> list[tuple[Segment, Found]]:
        """Per segment, the matching live documents with their scores; `keep` adds filters.
        `nearby`: the words `ranked` will lift where they stand close together. A body word's list
        decoded whole is then kept with its positions, from the same decode: the ranking read
        the whole list a second time for them (a few ms per common word on a first run)."""
        placed = frozenset(nearby) if len(nearby) > 1 else frozenset()
        found = []
        for segment in self.segments:
            allowed = keep(segment)
            mask = segment.live if allowed is None else segment.live & allowed
            result = self._evaluate(query, segment, None if allowed is None else mask.nonzero()[0],
                                    placed=placed)
            mask = result.mask & mask
            found.append((segment, Found(mask, result.scores)))
        return found

    def ranked(self, found: list[tuple[Segment, Found]], count: int, by_date: bool,
               nearby: tuple[str, ...]) -> list[Match]:
        """The best `count` matches: by score (words standing close together lifted) or by date."""
        if by_date:
            best = _best(found, count, by_date=True)
        else:
            extra = _RERANKED if len(nearby) > 1 else 0
            best = _best(found, count + extra, by_date=False)
            if extra:
                bonus = self._nearby_bonus([m.docnum for m in best], nearby)
                best = [Match(m.docnum, m.score + b, m.day) for m, b in zip(best, bonus, strict=True)]
                best.sort(key=lambda m: (m.score, m.day, -m.docnum), reverse=True)
        return best[:count]

    def warm_up_steps(self) -> Iterator[Callable[[], object]]:
        """Small pieces of work that decode what the first searches would otherwise wait for:
        field lengths, columns and deletions. Not posting lists: one takes about as long to decode
        as to find in the cache (`search.array_postings`)."""
        for segment in self.segments:
            for words_field, pairs_field, _ in TEXT_FIELDS.values():
                yield functools.partial(segment.lengths, words_field)
                yield functools.partial(segment.lengths, pairs_field)
            yield segment.days
            for column in ("unit", "year", "tag_column"):
                yield functools.partial(segment.codes, column)
            yield lambda segment=segment: segment.live

    # -- evaluation ---------------------------------------------------------------------------

    def _evaluate(self, node: Node, segment: Segment, within: np.ndarray | None = None,
                  narrow: bool = True, placed: frozenset[str] = frozenset()) -> Found:
        """The matches of `node`, exact for the documents `within` (sorted; None: all), with their
        scores where they match; outside `within` a match may be left out, never made up.
        `narrow` lets the parts of an AllOf or a Run be evaluated only within the matches of the
        parts before: their scores where they do not match are then not needed (under an AnyOf
        they are: it adds every part's score). `placed`: the body words whose positions the ranking
        will read."""
        if isinstance(node, Text):
            return self._text(node, segment, within, placed)
        if isinstance(node, Tag):
            return Found(segment.tag_mask(node.value), np.zeros(segment.size))
        if isinstance(node, Every):
            return Found(np.ones(segment.size, bool), np.zeros(segment.size))
        if isinstance(node, AnyOf):
            parts = [self._evaluate(p, segment, within, False, placed) for p in node.parts]
            mask = functools.reduce(np.logical_or, (p.mask for p in parts))
            return Found(mask, sum((p.scores for p in parts), np.zeros(segment.size)))
        if isinstance(node, AllOf | Run):
            # Where the run stands whole it matches, even if a piece alone would not (第7号
            # is not found alone where 号 pairs with the next word), and scores more.
            whole = self._text(node.whole, segment, within, placed) if isinstance(node, Run) else None
            order = range(len(node.parts))
            if narrow:
                order = sorted(order, key=lambda i: self._estimate(node.parts[i], segment))
            found: dict[int, Found] = {}
            mask = None
            for i in order:
                asked = within
                if narrow and mask is not None:
                    asked = (mask if whole is None else mask | whole.mask).nonzero()[0]
                    if within is not None:
                        asked = asked[np.isin(asked, within, assume_unique=True)]
                found[i] = self._evaluate(node.parts[i], segment, asked, narrow, placed)
                mask = found[i].mask.copy() if mask is None else mask & found[i].mask
            scores = sum((found[i].scores for i in range(len(node.parts))), np.zeros(segment.size))
            if whole is not None:
                mask |= whole.mask
                scores += whole.scores
            return Found(mask, scores)
        if isinstance(node, Without):
            base = self._evaluate(node.base, segment, within, narrow, placed)
            mask = base.mask.copy()
            for excluded in node.excluded:
                mask &= ~self._evaluate(excluded, segment, mask.nonzero()[0]).mask
            return Found(mask, base.scores)
        raise TypeError(f"unknown query node {node!r}")

    def _estimate(self, node: Node, segment: Segment) -> int:
        """About how many documents `node` matches, at most: the parts of an AllOf are evaluated
        fewest first, the next ones only within their matches."""
        if isinstance(node, Text):
            frequency = segment.doc_frequency
            total = 0
            for name in node.fields:
                words_field, pairs_field, _ = TEXT_FIELDS[name]
                if len(node.words) == 1:
                    total += frequency(words_field, node.words[0])
                if len(node.grams) == 1 and len(node.grams[0][0]) == 1:
                    return segment.size  # a single character: every pair holding it
                total += min((frequency(pairs_field, term) for term, _ in node.grams), default=0)
            return total
        if isinstance(node, Tag):
            return int(segment.tag_mask(node.value).sum())
        if isinstance(node, AllOf | Run):
            return min(self._estimate(p, segment) for p in node.parts)
        if isinstance(node, AnyOf):
            return sum(self._estimate(p, segment) for p in node.parts)
        return segment.size

    def _text(self, node: Text, segment: Segment, within: np.ndarray | None,
              placed: frozenset[str] = frozenset()) -> Found:
        found = Found(np.zeros(segment.size, bool), np.zeros(segment.size))
        for name in node.fields:
            words_field, pairs_field, weight = TEXT_FIELDS[name]
            if len(node.words) == 1:
                word = node.words[0]
                postings = segment.frequencies_in(words_field, word, within,
                                                  with_positions=name == "body" and word in placed)
                self._add(found, segment, words_field, postings, weight * WORDS_OVER_BIGRAMS,
                          self.idf(words_field, word))
            if not node.grams:
                continue
            if len(node.grams) == 1 and len(node.grams[0][0]) == 1 and is_cjk(node.grams[0][0]):
                # A single CJK character: every pair that contains it.
                char = node.grams[0][0]
                for term in [char, *segment.pairs_containing(pairs_field, char)]:
                    self._add(found, segment, pairs_field, segment.frequencies_in(pairs_field, term, within),
                              weight, self.idf(pairs_field, term))
            elif len(node.grams) == 1:
                term = node.grams[0][0]
                self._add(found, segment, pairs_field, segment.frequencies_in(pairs_field, term, within),
                          weight, self.idf(pairs_field, term))
            else:
                self._add(found, segment, pairs_field, _in_sequence(segment, pairs_field, node.grams, within),
                          weight, max(self.idf(pairs_field, term) for term, _ in node.grams))
        return found

    def _add(self, found: Found, segment: Segment, field: str, postings: Postings,
             weight: float, idf: float) -> None:
        docs, tfs = postings
        if not docs.size:
            return
        lengths = segment.lengths(field)[docs]
        norm = K1 * B / self._average_length(field)
        found.mask[docs] = True
        found.scores[docs] += weight * idf * (K1 + 1) * tfs / (tfs + K1 * (1 - B) + norm * lengths)

    def idf(self, field: str, term: str) -> float:
        key = (field, term)
        if key not in self._idf:
            # From the segments' kept term entries: the whole reader's looks the term up again.
            df = sum(segment.doc_frequency(field, term) for segment in self.segments)
            self._idf[key] = math.log(1 + (self._count - df + 0.5) / (df + 0.5))
        return self._idf[key]

    def _average_length(self, field: str) -> float:
        if field not in self._average:
            self._average[field] = max(1.0, self._reader.field_length(field) / self._count)
        return self._average[field]

    def _nearby_bonus(self, docnums: list[int], words: tuple[str, ...]) -> list[float]:
        """Per document, a bonus for each two consecutive query words that stand within a few
        words of each other in the body (none unless the body holds every word)."""
        field = TEXT_FIELDS["body"][0]
        bonus = dict.fromkeys(docnums, 0.0)
        for segment in self.segments:
            local = np.sort(np.array([d - segment.offset for d in docnums
                              if segment.offset <= d < segment.offset + segment.size], np.int64))
            if not local.size:
                continue
            placed = [_within(segment.positions_in(field, word, local), local, segment.size)
                      for word in dict.fromkeys(words)]
            # Each holds its documents once, in order: intersect1d's np.unique (whose first call
            # imports numpy.ma, 12 ms of a command's two-word search) has nothing to do.
            holding = functools.reduce(functools.partial(np.intersect1d, assume_unique=True),
                                       (_documents_of(p)[0] for p in placed))
            placed = {word: p for word, p in zip(dict.fromkeys(words), placed, strict=True)}
            close = np.zeros(segment.size)
            for before, after in zip(words, words[1:], strict=False):
                a, b = placed[before], placed[after]
                if not a.size or not b.size:
                    continue
                nearest = a[np.maximum(np.searchsorted(a, b) - 1, 0)]
                gap = b - nearest
                close[_documents_of(b[(gap > 0) & (gap <= _NEARBY_WINDOW)])[0]] += 1
            for d in holding:
                bonus[int(d) + segment.offset] = _NEARBY_BONUS * close[d]
        return [bonus[d] for d in docnums]


def _digest(docs: np.ndarray | None) -> bytes | None:
    """A short key for a set of documents in the cache."""
    return None if docs is None else hashlib.blake2b(docs.tobytes(), digest_size=16).digest()


def _encoded_positions(postings: PostingList) -> np.ndarray:
    """Sorted `document << 22 | position` of every occurrence (none where the field keeps none)."""
    if not postings.counts.size:
        return postings.positions
    return np.repeat(postings.docs, postings.counts) << _POSITION_BITS | postings.positions


def _documents_of(positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The documents of sorted encoded positions, each once, with how many positions each has:
    one pass, where np.unique hashes or sorts them again (8 ms for 150,000 positions of a common
    pair, several times in a phrase's first run)."""
    docs = positions >> _POSITION_BITS
    if not docs.size:
        return docs, np.empty(0, np.int64)
    first = np.flatnonzero(np.concatenate(([True], docs[1:] != docs[:-1])))
    return docs[first], np.diff(np.append(first, docs.size))


def _within(positions: np.ndarray, docs: np.ndarray, size: int) -> np.ndarray:
    """The encoded positions that belong to `docs` (of a segment of `size` documents)."""
    inside = np.zeros(size, bool)
    inside[docs] = True
    return positions[inside[positions >> _POSITION_BITS]]


def _best(found: list[tuple[Segment, Found]], count: int, by_date: bool) -> list[Match]:
    """The first `count` matches, highest first: by score then date, or by date then score;
    the earlier document wins a tie."""
    docs = [segment.offset + f.docs for segment, f in found]
    scores = [f.scores[f.mask] for _, f in found]
    days = [segment.days()[f.mask] for segment, f in found]
    docnums, score, day = (np.concatenate(parts) if parts else np.empty(0) for parts in (docs, scores, days))
    first_key, second_key = (-day, -score) if by_date else (-score, -day)
    if count <= 0:
        return []
    if count < docnums.size:
        # Only matches whose first key ties with or beats the count-th best can be among the
        # first `count`: sorting all of them took a common word's first run 2-7 ms.
        bound = np.partition(first_key, count - 1)[count - 1]
        chosen = np.flatnonzero(first_key <= bound)
        docnums, score, day = docnums[chosen], score[chosen], day[chosen]
        first_key, second_key = first_key[chosen], second_key[chosen]
    order = np.lexsort((docnums, second_key, first_key))[:count]
    return [Match(int(docnums[i]), float(score[i]), int(day[i])) for i in order]


_NO_POSTINGS: Postings = (np.empty(0, np.int64), np.empty(0, np.float64))


def _in_sequence(segment: Segment, field: str, grams: tuple[tuple[str, int], ...],
                 within: np.ndarray | None) -> Postings:
    """`_sequence_of`, kept: checking a common phrase's positions costs a warm query tens of ms."""
    return segment.keep(("s", field, grams, _digest(within)),
                        lambda: _sequence_of(segment, field, grams, within))


def _sequence_of(segment: Segment, field: str, grams: tuple[tuple[str, int], ...],
                 within: np.ndarray | None) -> Postings:
    """Documents where the terms stand at the query's relative positions, with how often (exact
    for the documents `within`, None: all).

    The rarest term's positions come first; the others' are decoded only for the documents that
    still qualify, not whole lists intersected afterwards."""
    ordered = sorted(grams, key=lambda g: segment.doc_frequency(field, g[0]))
    term, offset = ordered[0]
    starts = segment.positions_in(field, term, within)
    starts = starts[(starts & _POSITION_MASK) >= offset] - offset
    for term, offset in ordered[1:]:
        if not starts.size:
            break
        present = segment.positions_in(field, term, _documents_of(starts)[0])
        if not present.size:  # none of those documents holds the term
            starts = present
            break
        at = np.searchsorted(present, starts + offset)
        starts = starts[(at < present.size) & (present[np.minimum(at, present.size - 1)] == starts + offset)]
    docs, counts = _documents_of(starts)
    return docs, counts.astype(np.float64)
