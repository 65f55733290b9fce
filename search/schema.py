"""The Whoosh schema: each text twice, as words and as character pairs; title weighted above body."""

from __future__ import annotations

import itertools
import sys
from array import array

from whoosh.columns import RefBytesColumn
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.formats import Positions

from search.analysis import FoldingTokenizer

TITLE_BOOST = 4.0
WORDS_OVER_BIGRAMS = 2.0
"""Whole-word matches rank above matches of pieces of words."""

TEXT_FIELDS = {
    # name in queries: (words field, character-pairs field, weight)
    "title": ("title", "title_bigrams", TITLE_BOOST),
    "body": ("body", "body_bigrams", 1.0),
    # Unit, source, author and tags, so that plain words find them too.
    "meta": ("meta", "meta_bigrams", 1.0),
    "unit": ("unit_words", "unit_bigrams", 1.0),
}


class PackedPositions(Positions):
    """Whoosh's Positions with each posting's value packed: the gaps between positions as 4-byte
    little-endian unsigned integers. Whoosh's own value (a count, then a pickled list) took 14
    bytes for a single position, most of the index; these read back as one numpy array."""

    def encode(self, poslist) -> bytes:
        return pack_gaps(array("I", (b - a for a, b in zip([0, *poslist], poslist, strict=False))))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        gaps = array("I")
        gaps.frombytes(valuestring)
        if sys.byteorder == "big":
            gaps.byteswap()
        return list(itertools.accumulate(gaps))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // GAP_BYTES


GAP_BYTES = 4


def pack_gaps(gaps: array) -> bytes:
    """A posting's value in `PackedPositions`, from its gaps (an array of "I", 4 bytes each)."""
    if sys.byteorder == "big":
        gaps = array("I", gaps)
        gaps.byteswap()
    return gaps.tobytes()


def _positioned(analyzer: FoldingTokenizer, stored: bool = False) -> TEXT:
    field = TEXT(analyzer=analyzer, stored=stored)
    field.format = PackedPositions(field_boost=field.format.field_boost)
    return field


def build_schema() -> Schema:
    words = FoldingTokenizer("words")
    pairs = FoldingTokenizer("bigrams")
    return Schema(
        # Ids, units, days and years are read from their columns only: no stored copy (stored
        # fields are the title and body that snippets need).
        id=ID(unique=True, sortable=True),
        version=ID(sortable=True),
        # Word positions only in the body, for the bonus of words standing close together;
        # phrases are matched on the pairs' positions.
        title=TEXT(analyzer=words, stored=True, phrase=False),
        title_bigrams=_positioned(pairs),
        body=_positioned(words, stored=True),
        body_bigrams=_positioned(pairs),
        meta=TEXT(analyzer=words, phrase=False),
        meta_bigrams=_positioned(pairs),
        # Few distinct values: stored as codes, which the matcher reads whole.
        unit=ID(sortable=RefBytesColumn()),
        unit_words=TEXT(analyzer=words, phrase=False),
        unit_bigrams=_positioned(pairs),
        # The case's tags joined by commas, read as a column to filter and count quickly.
        tag_column=ID(sortable=True),
        day=NUMERIC(int, bits=32, sortable=True, signed=False),
        year=ID(sortable=RefBytesColumn()),
    )
