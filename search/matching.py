"""Runs a parsed query over the index's segments: which cases match, how well, and in what order.

Whoosh's own matchers step through every match in Python on each search (300–700 ms for a common
word at 20,000 cases). Here each posting list a query needs is decoded once per segment and kept
in memory, and a query becomes set operations on them. Segments never change once written: a
save adds a small segment and leaves what is cached for the large ones valid.

Scores are a weighted sum of per-field BM25 scores (not BM25F, which would add the fields' term
frequencies before saturating them): each field's term frequency is normalised by that field's
length, and each field's score weighted (title above body, whole words above character pairs).

Only Whoosh's public reader API is used.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from whoosh.reading import IndexReader

from search.analysis import is_cjk
from search.query import AllOf, AnyOf, Every, Node, Run, Tag, Text, Without
from search.schema import TEXT_FIELDS, WORDS_OVER_BIGRAMS

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

Scores = dict[int, float]


@dataclass(frozen=True)
class Match:
    docnum: int
    score: float
    day: int


class PostingCache:
    """Decoded posting lists and columns per segment, least recently used dropped first."""

    def __init__(self, budget: int = _CACHE_BUDGET) -> None:
        self._budget = budget
        self._size = 0
        self._entries: OrderedDict[tuple, tuple[object, int]] = OrderedDict()

    def get(self, key: tuple, load: Callable[[], object], size: Callable[[object], int] = len):
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

    def frequencies(self, field: str, term: str) -> dict[int, int]:
        def load() -> dict[int, int]:
            if (field, term) not in self.reader:
                return {}
            return dict(self.reader.postings(field, term).items_as("frequency"))
        return self._cache.get((self.id, "f", field, term), load)

    def positions(self, field: str, term: str) -> set[int]:
        def load() -> set[int]:
            encoded: set[int] = set()
            if (field, term) in self.reader:
                for docnum, found in self.reader.postings(field, term).items_as("positions"):
                    base = docnum << _POSITION_BITS
                    encoded.update(base + p for p in found)
            return encoded
        return self._cache.get((self.id, "p", field, term), load)

    def lengths(self, field: str) -> list[int]:
        return self._cache.get((self.id, "l", field), lambda: [
            self.reader.doc_field_length(d, field, 0) for d in range(self.reader.doc_count_all())])

    def column(self, field: str) -> list:
        return self._cache.get((self.id, "c", field), lambda: [
            v.decode("utf-8") if isinstance(v, bytes) else v for v in self.reader.column_reader(field)])

    def tags(self) -> list[tuple[str, ...]]:
        return self._cache.get((self.id, "t"), lambda: [
            tuple(t for t in (joined or "").split(",") if t) for joined in self.column("tag_column")])

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
    def deleted(self) -> frozenset[int]:
        """Deleted document numbers (a Segment lives as long as one searcher: deletions stay put)."""
        if not self.reader.has_deletions():
            return frozenset()
        return frozenset(range(self.reader.doc_count_all())) - frozenset(self.reader.all_doc_ids())

    def live(self) -> Iterable[int]:
        deleted = self.deleted
        return (d for d in range(self.reader.doc_count_all()) if d not in deleted)


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

    def matches(self, query: Node, keep: Callable[[Segment], Callable[[int], bool] | None],
                ) -> list[tuple[Segment, Scores]]:
        """Per segment, the matching live documents with their scores; `keep` adds filters."""
        found = []
        for segment in self.segments:
            scores = self._evaluate(query, segment)
            deleted = segment.deleted
            allowed = keep(segment)
            found.append((segment, {d: s for d, s in scores.items()
                                    if d not in deleted and (allowed is None or allowed(d))}))
        return found

    def ranked(self, found: list[tuple[Segment, Scores]], count: int, by_date: bool,
               nearby: tuple[str, ...]) -> list[Match]:
        """The best `count` matches: by score (words standing close together lifted) or by date."""
        if by_date:
            best = _best(found, count, by_date=True)
        else:
            extra = _RERANKED if len(nearby) > 1 else 0
            best = _best(found, count + extra, by_date=False)
            if extra:
                best = [Match(m.docnum, m.score + self._nearby_bonus(m.docnum, nearby), m.day)
                        for m in best]
                best.sort(key=lambda m: (m.score, m.day, -m.docnum), reverse=True)
        return best[:count]

    # -- evaluation ---------------------------------------------------------------------------

    def _evaluate(self, node: Node, segment: Segment) -> Scores:
        if isinstance(node, Text):
            return self._text(node, segment)
        if isinstance(node, Tag):
            return dict.fromkeys((d for d, tags in enumerate(segment.tags()) if node.value in tags), 0.0)
        if isinstance(node, Every):
            return dict.fromkeys(segment.live(), 0.0)
        if isinstance(node, AnyOf):
            union: Scores = {}
            for part in node.parts:
                for d, s in self._evaluate(part, segment).items():
                    union[d] = union.get(d, 0.0) + s
            return union
        if isinstance(node, AllOf):
            parts = sorted((self._evaluate(p, segment) for p in node.parts), key=len)
            common = parts[0]
            for part in parts[1:]:
                common = {d: s + part[d] for d, s in common.items() if d in part}
            return common
        if isinstance(node, Run):
            common = self._evaluate(AllOf(node.parts), segment)
            if common:
                for d, s in self._text(node.whole, segment).items():
                    if d in common:
                        common[d] += s
            return common
        if isinstance(node, Without):
            base = self._evaluate(node.base, segment)
            for excluded in node.excluded:
                drop = self._evaluate(excluded, segment)
                base = {d: s for d, s in base.items() if d not in drop}
            return base
        raise TypeError(f"unknown query node {node!r}")

    def _text(self, node: Text, segment: Segment) -> Scores:
        scores: Scores = {}
        for name in node.fields:
            words_field, pairs_field, weight = TEXT_FIELDS[name]
            if len(node.words) == 1:
                self._add(scores, segment, words_field, segment.frequencies(words_field, node.words[0]),
                          weight * WORDS_OVER_BIGRAMS, self.idf(words_field, node.words[0]))
            if not node.grams:
                continue
            if len(node.grams) == 1 and len(node.grams[0][0]) == 1 and is_cjk(node.grams[0][0]):
                # A single CJK character: every pair that contains it.
                char = node.grams[0][0]
                for term in [char, *segment.pairs_containing(pairs_field, char)]:
                    self._add(scores, segment, pairs_field, segment.frequencies(pairs_field, term),
                              weight, self.idf(pairs_field, term))
            elif len(node.grams) == 1:
                term = node.grams[0][0]
                self._add(scores, segment, pairs_field, segment.frequencies(pairs_field, term),
                          weight, self.idf(pairs_field, term))
            else:
                self._add(scores, segment, pairs_field, _in_sequence(segment, pairs_field, node.grams),
                          weight, max(self.idf(pairs_field, term) for term, _ in node.grams))
        return scores

    def _add(self, scores: Scores, segment: Segment, field: str, frequencies: dict[int, int],
             weight: float, idf: float) -> None:
        if not frequencies:
            return
        lengths = segment.lengths(field)
        norm = K1 * B / self._average_length(field)
        base = K1 * (1 - B)
        factor = weight * idf * (K1 + 1)
        for d, tf in frequencies.items():
            scores[d] = scores.get(d, 0.0) + factor * tf / (tf + base + norm * lengths[d])

    def idf(self, field: str, term: str) -> float:
        key = (field, term)
        if key not in self._idf:
            df = self._reader.doc_frequency(field, term)
            self._idf[key] = math.log(1 + (self._count - df + 0.5) / (df + 0.5))
        return self._idf[key]

    def _average_length(self, field: str) -> float:
        if field not in self._average:
            self._average[field] = max(1.0, self._reader.field_length(field) / self._count)
        return self._average[field]

    def _nearby_bonus(self, docnum: int, words: tuple[str, ...]) -> float:
        segment = next(s for s in reversed(self.segments) if s.offset <= docnum)
        local = docnum - segment.offset
        field = TEXT_FIELDS["body"][0]
        placed = []
        for word in words:
            postings = segment.reader.postings(field, word) if (field, word) in segment.reader else None
            if postings is None or not postings.skip_to(local) or postings.id() != local:
                return 0.0
            placed.append(postings.value_as("positions"))
        close = sum(1 for before, after in zip(placed, placed[1:], strict=False)
                    if any(0 < b - a <= _NEARBY_WINDOW for a in before for b in after))
        return _NEARBY_BONUS * close


def _best(found: list[tuple[Segment, Scores]], count: int, by_date: bool) -> list[Match]:
    """The first `count` matches, highest first: by score then date, or by date then score;
    the earlier document wins a tie."""
    keyed: list[tuple[float, float, int]] = []
    for segment, scores in found:
        days, offset = segment.column("day"), segment.offset
        if by_date:
            keyed.extend(heapq.nlargest(count, ((days[d], s, -offset - d) for d, s in scores.items())))
        else:
            keyed.extend(heapq.nlargest(count, ((s, days[d], -offset - d) for d, s in scores.items())))
    return [Match(-docnum, second, int(first)) if by_date else Match(-docnum, first, int(second))
            for first, second, docnum in heapq.nlargest(count, keyed)]


def _in_sequence(segment: Segment, field: str, grams: tuple[tuple[str, int], ...]) -> dict[int, int]:
    """Documents where the terms stand at the query's relative positions, with how often."""
    ordered = sorted(grams, key=lambda g: len(segment.positions(field, g[0])))
    term, offset = ordered[0]
    starts = {p - offset for p in segment.positions(field, term) if p & _POSITION_MASK >= offset}
    for term, offset in ordered[1:]:
        if not starts:
            break
        present = segment.positions(field, term)
        starts = {p for p in starts if p + offset in present}
    return dict(Counter(p >> _POSITION_BITS for p in starts))
