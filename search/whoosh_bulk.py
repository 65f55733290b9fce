"""Whole columns and posting lists read from a Whoosh segment at once, as numpy arrays.

Whoosh hands these out one document or one posting at a time, through several Python calls each,
which took most of a first search. This is the one module that reads Whoosh's internals (its W3
codec's blocks and column files) to read them whole; `tests/search/test_search.py` compares every
function here with Whoosh's public per-document API, so a Whoosh upgrade that changes them fails
there, loudly.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.columns import EmptyColumnReader, NumericColumn, VarBytesColumn
from whoosh.matching import FilterMatcher
from whoosh.reading import IndexReader, TermInfo, TermNotFound
from whoosh.util.numeric import byte_to_length


@dataclass(frozen=True)
class Codes:
    """A column of strings as small integers: `labels[codes[d]]` is document d's value."""

    codes: np.ndarray
    labels: list

    def mask_of(self, values: set) -> np.ndarray:
        return np.isin(self.codes, [i for i, label in enumerate(self.labels) if label in values])


_BLOCK_SIZE = struct.Struct("!i")
"""Before each of a posting list's blocks: its size in bytes, negative for the term's last block."""
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], np.float64)
"""Whoosh keeps each field length as one byte (a coarse logarithmic scale): its decoded values."""


def field_lengths(reader: IndexReader, field: str) -> np.ndarray:
    """Every document's length of `field` in one segment, as `doc_field_length` gives them (0 for
    none), decoded in one read: one call per document took most of a first search."""
    lengths = np.zeros(reader.doc_count_all(), np.float64)
    # Whoosh has no public bulk read of its length column: its per-document reader's column
    # ("_<field>_len", one unsigned byte per document, the last ones left out when 0) is read whole.
    per_document = reader._perdoc
    name = f"_{field}_len"
    if per_document.has_column(name):
        column = per_document.column_reader(name, LENGTHS_COLUMN)
        raw = np.frombuffer(_column_bytes(column, 0, column._count), np.uint8)
        lengths[:raw.size] = _LENGTH_OF_BYTE[raw]
    return lengths


def posting_arrays(reader: IndexReader, field: str, term: str, near: np.ndarray | None = None,
                   entry: TermInfo | None = None) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    """A term's postings in one segment: document numbers (ascending, deleted ones included: the
    matcher's live mask drops them), weights (how often the term occurs) and, where each posting
    has one, its raw value (the encoded positions). With `near` (sorted document numbers), only
    the blocks that may hold one of them are decoded: the others are left out. `entry`: the term's
    `term_entry`, when the caller has it already.

    The term's blocks are read in one read and taken apart here, their documents and weights
    gathered into one list each and made arrays once: going through Whoosh's matcher a block at
    a time (a seek, three reads and a dozen Python calls per block, two arrays made and summed
    per block of up to 128 postings) took about half of a first search's decoding."""
    info = entry if entry is not None else term_entry(reader, field, term)
    if info is None:
        return np.empty(0, np.int64), np.empty(0), []
    if info.is_inlined():  # a rare term's postings kept in its term entry
        docs, weights, values = info.inlined_postings()
        return (np.array(docs, np.int64), np.array(weights, np.float64),
                list(values) if isinstance(values, tuple) else [])
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh's entry reads the length as a struct's 1-tuple
        [length] = length
    data = reader._terms._postfile.get(offset, length)
    if data[:len(WHOOSH3_HEADER_MAGIC)] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"posting list of {field}:{term!r} does not start with Whoosh's block tag")
    gaps: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    block_starts: list[int] = []
    block_bases: list[int] = []  # the last document of the block kept before (gaps run from 0)
    first, kept_last, position = 0, 0, len(WHOOSH3_HEADER_MAGIC)
    stream = io.BytesIO(data)
    while True:
        size = _BLOCK_SIZE.unpack_from(data, position)[0]
        stream.seek(position + _BLOCK_SIZE.size)
        count, last, _, compression, _, _ = pickle.load(stream)  # the block's header
        end = position + _BLOCK_SIZE.size + abs(size)
        if near is None or _any_within(near, first, last):
            block = data[stream.tell():end]
            if compression:
                block = zlib.decompress(block)
            block_gaps, block_weights, block_values = pickle.loads(block)
            block_starts.append(len(gaps))
            block_bases.append(kept_last)
            gaps.extend(block_gaps)
            if block_weights is None or isinstance(block_weights, float):
                weights.extend([1.0 if block_weights is None else block_weights] * count)
            else:
                weights.extend(block_weights)
            if isinstance(block_values, tuple):
                values.extend(block_values)
            kept_last = last
        first, position = last + 1, end
        if size < 0 or position >= len(data):  # a term's last block
            break
    # fromiter: about half of np.array's time on a list of Python numbers.
    docs = np.fromiter(gaps, np.int64, len(gaps))
    if docs.size:
        # Each block's gaps start from 0: taking off the last document of the block before
        # makes one running sum of the whole list give the document numbers.
        docs[block_starts] -= block_bases
        np.cumsum(docs, out=docs)
    return docs, np.fromiter(weights, np.float64, len(weights)), values


def term_entry(reader: IndexReader, field: str, term: str) -> TermInfo | None:
    """The term's entry in the segment's term table (its document frequency, where its postings
    are), None when the segment has no such term."""
    try:
        return reader.term_info(field, term)
    except TermNotFound:
        return None


def joined(blocks: list[tuple[np.ndarray, np.ndarray, list[bytes]]],
           ) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    """The blocks of `posting_blocks` as one list of postings."""
    docs = np.concatenate([np.empty(0, np.int64), *(b[0] for b in blocks)])
    weights = np.concatenate([np.empty(0), *(b[1] for b in blocks)])
    return docs, weights, [value for block in blocks for value in block[2]]


def posting_blocks(reader: IndexReader, field: str, term: str,
                   ) -> Iterator[tuple[np.ndarray, np.ndarray, list[bytes]]]:
    """`posting_arrays` a block at a time, for a caller that decodes a long list in steps (each
    read seeks where it reads: other reads of the segment may come between two blocks).

    Whoosh hands postings out one at a time through several Python calls each, which took most of
    a first search; its W3 codec keeps them in blocks of up to 128, each one pickled tuple
    (document numbers as gaps, weights, values) after a header with the block's last document,
    read here a block at a time."""
    matcher = reader.postings(field, term)
    if isinstance(matcher, FilterMatcher):  # it has stepped past the first deleted documents
        matcher = matcher.child
        matcher.reset()
    if not isinstance(matcher, W3LeafMatcher):  # a rare term's postings kept in its term entry
        docs, weights, values = [], [], []
        while matcher.is_active():
            docs.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        yield np.array(docs, np.int64), np.array(weights, np.float64), values
        return
    while True:
        matcher._read_data()
        gaps, weights, block_values = matcher._data
        docs = np.cumsum(np.array(gaps, np.int64))  # gaps from 0 in each block
        if weights is None or isinstance(weights, float):
            weights = np.full(matcher._blocklength, 1.0 if weights is None else weights)
        else:
            weights = np.array(weights, np.float64)
        yield docs, weights, list(block_values) if isinstance(block_values, tuple) else []
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)


def _any_within(sorted_docs: np.ndarray, first: int, last: int) -> bool:
    at = np.searchsorted(sorted_docs, first)
    return bool(at < sorted_docs.size and sorted_docs[at] <= last)


def _column_bytes(column, offset: int, size: int) -> bytes:
    """`size` bytes of a column reader's file from `offset` within the column: Whoosh reads
    columns one document at a time, which took most of a first search."""
    return column._dbfile.get(column._basepos + offset, size)


def column_numbers(reader: IndexReader, field: str) -> np.ndarray:
    """Every document's value of an unsigned NUMERIC column, decoded in one read."""
    kind = reader.schema[field].column_type
    assert isinstance(kind, NumericColumn) and not reader.schema[field].signed, field
    values = np.full(reader.doc_count_all(), kind.default_value(), np.int64)
    column = _written_column(reader, field)
    if column is None:
        return values
    stored = np.frombuffer(_column_bytes(column, 0, column._count * column._fixedlen), ">" + column._typecode)
    values[:stored.size] = stored
    return values


def column_strings(reader: IndexReader, field: str) -> list[str]:
    """Every document's value of a string column (a VarBytesColumn), from one read."""
    assert isinstance(reader.schema[field].column_type, VarBytesColumn), field
    column = _written_column(reader, field)
    if column is None:
        return [""] * reader.doc_count_all()
    offsets, lengths = column._offsets, column._lengths
    # Whoosh keeps both as arrays: their ends taken over the whole arrays, not one Python sum per
    # document (a tenth of the first search after opening, which reads the id column).
    end = int((np.asarray(offsets, np.int64) + np.asarray(lengths, np.int64)).max(initial=0))
    data = _column_bytes(column, 0, end)
    return [data[o:o + n].decode("utf-8") for o, n in zip(offsets, lengths, strict=True)]


def column_codes(reader: IndexReader, field: str) -> Codes:
    """A column of few distinct strings (a RefBytesColumn) as codes, decoded in one read."""
    column = _written_column(reader, field)
    if column is None:
        return Codes(np.zeros(reader.doc_count_all(), np.int32), [""])
    codes = np.frombuffer(_column_bytes(column, 0, column._doccount * column._itemsize),
                          ">" + column._typecode).astype(np.int32)
    return Codes(codes, [value.decode("utf-8") for value in column._uniques])


def _written_column(reader: IndexReader, field: str) -> object | None:
    """The segment's reader of a column, or None where the segment wrote none (no document in it
    had the field, e.g. a segment left with no documents): Whoosh then hands out a reader of
    defaults without the fields read above."""
    column = reader.column_reader(field, translate=False)
    return None if isinstance(column, EmptyColumnReader) else column
