"""Whole columns and posting lists read from a Whoosh segment at once, as numpy arrays.

Whoosh hands these out one document or one posting at a time, through several Python calls each,
which took most of a first search. This is the one module that reads Whoosh's internals (its term
entries and column files; posting blocks through `search.array_postings`) to read them whole;
`tests/search/test_search.py` compares every function here with Whoosh's public per-document API,
so a Whoosh upgrade that changes them fails there, loudly.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.columns import EmptyColumnReader, NumericColumn, VarBytesColumn
from whoosh.filedb.structfile import StructFile
from whoosh.reading import IndexReader, TermInfo, TermNotFound
from whoosh.util.numeric import byte_to_length

from search.array_postings import PackedValues, as_numpy, unpacked


@dataclass(frozen=True)
class Codes:
    """A column of strings as small integers: `labels[codes[d]]` is document d's value."""

    codes: np.ndarray
    labels: list

    def mask_of(self, values: set) -> np.ndarray:
        return np.isin(self.codes, [i for i, label in enumerate(self.labels) if label in values])


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


class PostingList(NamedTuple):
    """A term's postings in one segment, as arrays."""

    docs: np.ndarray
    """Document numbers, ascending (deleted ones included: the matcher's live mask drops them)."""
    weights: np.ndarray
    """How often the term occurs in each."""
    counts: np.ndarray
    """How many positions each posting has (none where the field keeps no positions)."""
    positions: np.ndarray
    """Each occurrence's position in its document, posting after posting."""


_NOTHING = np.empty(0, np.int64)


def posting_arrays(reader: IndexReader, field: str, term: str, near: np.ndarray | None = None,
                   entry: TermInfo | None = None) -> PostingList:
    """A term's postings in one segment. With `near` (sorted document numbers), only the
    postings of those documents. `entry`: the term's `term_entry`, when the caller has it already.

    The postings are one block of arrays (`search.array_postings`), read in one read and viewed
    as numpy arrays: no Python work per posting."""
    info = entry if entry is not None else term_entry(reader, field, term)
    if info is None:
        return PostingList(_NOTHING, np.empty(0), _NOTHING, _NOTHING)
    positioned = reader.schema[field].format.fixed_value_size() is None
    if info.is_inlined():  # a term of one document: its posting kept in its term entry
        docs, weights, values = info.inlined_postings()
        gaps = np.frombuffer(values[0], "<u4") if positioned else _NOTHING
        counts = np.array([gaps.size] if positioned else [], np.int64)
        return PostingList(np.array(docs, np.int64), np.array(weights, np.float64), counts,
                           np.cumsum(gaps, dtype=np.int64))
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh's entry reads the length as a struct's 1-tuple
        [length] = length
    try:
        count, gaps, weights, values = unpacked(reader._terms._postfile.get(offset, length))
    except ValueError as error:
        raise ValueError(f"posting list of {field}:{term!r}: {error}") from None
    docs = np.cumsum(as_numpy(gaps), dtype=np.int64)
    if weights is None or isinstance(weights, float):
        weights = np.full(count, 1.0 if weights is None else weights)
    else:
        weights = as_numpy(weights).astype(np.float64)
    if isinstance(values, PackedValues):
        counts, position_gaps = as_numpy(values.counts).astype(np.int64), as_numpy(values.gaps)
    else:
        counts, position_gaps = _NOTHING, _NOTHING
    if near is not None:
        at = np.minimum(np.searchsorted(docs, near), docs.size - 1)
        kept = np.zeros(docs.size, bool)
        kept[at[docs[at] == near]] = True
        docs, weights = docs[kept], weights[kept]
        if counts.size:
            position_gaps, counts = position_gaps[np.repeat(kept, counts)], counts[kept]
    return PostingList(docs, weights, counts, _positions(position_gaps, counts))


def _positions(gaps: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Positions from the gaps between them, each posting's first gap from 0."""
    running = np.cumsum(gaps, dtype=np.int64)
    if not counts.size:
        return running
    before = np.concatenate(([0], running))[np.cumsum(counts) - counts]  # at each posting's start
    return running - np.repeat(before, counts)


def term_entry(reader: IndexReader, field: str, term: str) -> TermInfo | None:
    """The term's entry in the segment's term table (its document frequency, where its postings
    are), None when the segment has no such term."""
    try:
        return reader.term_info(field, term)
    except TermNotFound:
        return None


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
    values = _var_bytes_values(reader, field)
    if values is None:
        return [""] * reader.doc_count_all()
    return [value.decode("utf-8") for value in values]


def column_codes(reader: IndexReader, field: str) -> Codes:
    """A string column as codes, decoded in one read: a RefBytesColumn keeps them so; a
    VarBytesColumn's values are told apart as bytes, only the distinct ones decoded (a string per
    document took 20 of a warm-up step's 26 ms for 25,000 documents' tags)."""
    if isinstance(reader.schema[field].column_type, VarBytesColumn):
        values = _var_bytes_values(reader, field)
        if values is None:
            return Codes(np.zeros(reader.doc_count_all(), np.int32), [""])
        numbers = {value: number for number, value in enumerate(dict.fromkeys(values))}
        codes = np.fromiter(map(numbers.__getitem__, values), np.int32, len(values))
        return Codes(codes, [value.decode("utf-8") for value in numbers])
    column = _written_column(reader, field)
    if column is None:
        return Codes(np.zeros(reader.doc_count_all(), np.int32), [""])
    codes = np.frombuffer(_column_bytes(column, 0, column._doccount * column._itemsize),
                          ">" + column._typecode).astype(np.int32)
    return Codes(codes, [value.decode("utf-8") for value in column._uniques])


def _var_bytes_values(reader: IndexReader, field: str) -> list[bytes] | None:
    """Every document's bytes in a VarBytesColumn, or None where the segment wrote no column."""
    assert isinstance(reader.schema[field].column_type, VarBytesColumn), field
    layout = reader.column_reader(field, column=_VarBytesLayout(), translate=False)
    if isinstance(layout, EmptyColumnReader):
        return None
    data = layout.file.get(layout.base, int(layout.ends.max(initial=0)))
    return list(map(data.__getitem__, map(slice, layout.starts.tolist(), layout.ends.tolist())))


class StoredFields:
    """A segment's stored fields, read a document at a time. Whoosh's reader of them (zlib-packed
    pickles in a VarBytesColumn) first derives every document's offset in a Python loop: 5 ms per
    10,000 documents, in the first search after opening."""

    def __init__(self, reader: IndexReader) -> None:
        self._layout = reader._perdoc.column_reader("_stored", _VarBytesLayout())

    def __getitem__(self, docnum: int) -> dict:
        file, base, starts, ends = self._layout
        start, end = int(starts[docnum]), int(ends[docnum])
        if start == end:
            return {}
        return pickle.loads(zlib.decompress(file.get(base + start, end - start)))


class _Layout(NamedTuple):
    file: StructFile
    base: int
    """Where the column's data starts in `file`."""
    starts: np.ndarray
    """Where each document's value starts in the data, and ends."""
    ends: np.ndarray


class _VarBytesLayout:
    """Opens a VarBytesColumn's file in Whoosh's stead: where it wrote no offsets (below 32,768
    documents) its reader derives each from the lengths in a Python loop, 15 ms per 25,000."""

    @staticmethod
    def default_value(reverse: bool = False) -> bytes:
        return b""

    @staticmethod
    def reader(dbfile: StructFile, base: int, length: int, count: int) -> _Layout:
        """Where each document's value starts and ends. The layout is that of
        `VarBytesColumn.Writer.finish`: data, lengths, [offsets,] the lengths' typecode, then [the
        offsets' typecode and "X"]."""
        last = base + length - 1
        lengths_code = chr(dbfile.get_byte(last))
        starts = None
        if lengths_code == "X":
            lengths_code, offsets_code = chr(dbfile.get_byte(last - 2)), chr(dbfile.get_byte(last - 1))
            last -= 2 + count * array(offsets_code).itemsize
            starts = np.asarray(dbfile.get_array(last, offsets_code, count), np.int64)
        lengths_start = last - count * array(lengths_code).itemsize
        lengths = np.asarray(dbfile.get_array(lengths_start, lengths_code, count), np.int64)
        if starts is None:
            starts = np.cumsum(lengths) - lengths
        return _Layout(dbfile, base, starts, starts + lengths)


def _written_column(reader: IndexReader, field: str) -> object | None:
    """The segment's reader of a column, or None where the segment wrote none (no document in it
    had the field, e.g. a segment left with no documents): Whoosh then hands out a reader of
    defaults without the fields read above."""
    column = reader.column_reader(field, translate=False)
    return None if isinstance(column, EmptyColumnReader) else column
