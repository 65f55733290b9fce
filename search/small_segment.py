"""A save's segment, its few documents written in plain Python as one compound file.

`search.segments` is made for whole segments of thousands of documents: numpy work per field, and
Whoosh's per-document writer with its temporary compound file, assembled again into the segment's
file. For one document that machinery was most of a save's own time. Here the same files are
made, byte for byte (tests/search/test_small_segment.py compares them), as bytes in memory and
written as the segment's one compound file. Merging the segments that saves left reads their
documents back (`add_segment`) and writes them here again as one segment: Whoosh's merge took
2-4 ms of CPU a document, holding Python's lock against the saves meanwhile.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import pickle
import struct
import sys
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path
from typing import NamedTuple

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3Codec, W3Segment, W3TermInfo
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import FileStorage, OverlayStorage
from whoosh.filedb.structfile import StructFile
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length, length_to_byte

from search import array_postings
from search.analysis import INDEX_TERMS, fold
from search.array_postings import ArrayCodec, PackedValues
from search.records import IndexRecord
from search.schema import PackedPositions, pack_gaps

Document = Callable[[IndexRecord], dict]
"""A record as the schema's field values."""

_HASH_HEADER = b"HSH3" + struct.pack("!Bii", 0, 0, 0)
"""A term table's start, as `whoosh.filedb.filetables.HashWriter` writes it (MD5 hashes)."""
_LENGTHS = struct.Struct("!ii")
_POINTER = struct.Struct("!Iq")
_DIRECTORY_ENTRY = struct.Struct("!qi")
_ENTRY = W3TermInfo._struct
_TERM_WITH_BLOCK = struct.Struct(_ENTRY.format + "qi")
"""A term's entry with its postings in the postings file: where they begin and their length."""
_POSITIONS = PackedPositions()
_TERMS_A_PIECE = 400
"""Terms' entries made in one piece of a merge: a millisecond or two."""
_COMPOUND_HEADER = struct.Struct("!qi")
"""A compound file's start: where its directory begins and how long it is."""


class _Posting:
    __slots__ = ("doc", "frequency", "positions")

    def __init__(self, doc: int, frequency: int, positions: list[int] | None) -> None:
        self.doc, self.frequency, self.positions = doc, frequency, positions


class SmallSegment:
    """A new segment's documents, added one at a time and written at once by `write`.

    The order of calls is that of Whoosh's per-document writer: a document's values in the
    order of its fields (a column is created where its first value comes), postings of a term in
    ascending document order."""

    def __init__(self, schema: Schema, indexname: str) -> None:
        self.schema = schema
        self.indexname = indexname
        self.count = 0
        self._columns: dict[str, tuple[object, list[tuple[int, object]]]] = {"_stored": (STORED_COLUMN, [])}
        self._length_bytes: defaultdict[str, dict[int, int]] = defaultdict(dict)
        self._totals: defaultdict[str, int] = defaultdict(int)
        self._postings: defaultdict[str, defaultdict[bytes, list[_Posting]]] = defaultdict(
            lambda: defaultdict(list))
        self._entries: dict[str, _FieldEntries] = {}
        self._files: tuple[bytes, bytes] | None = None

    # -- adding ---------------------------------------------------------------------------

    def add_record(self, record: IndexRecord, document: Document) -> None:
        """A record analysed as `search.segments` analyses it."""
        doc = self._start()
        stored: dict[str, object] = {}
        folded: dict[str, str] = {}  # a record repeats its texts across fields: each folded once
        for name, value in document(record).items():
            field = self.schema[name]
            terms: dict[bytes, list[int]] = {}
            if isinstance(field, TEXT):
                text = folded.get(value)
                if text is None:
                    text = folded[value] = fold(value).text
                found, positions = INDEX_TERMS[field.analyzer.kind](text)
                for term, position in zip(found, positions, strict=True):
                    terms.setdefault(term.encode("utf-8"), []).append(position)
                self._length(name, len(found))
            elif field.indexed:
                for term, _, _, _ in field.index(value):
                    terms.setdefault(term.encode("utf-8") if isinstance(term, str) else term, []).append(0)
            positioned = field.format.fixed_value_size() is None
            postings = self._postings[name]
            for term, at in terms.items():
                postings[term].append(_Posting(doc, len(at), at if positioned else None))
            if field.stored:
                stored[name] = value
            if field.column_type:
                self._value(name, field.column_type, field.to_column_value(value))
        if stored:
            self._value("_stored", STORED_COLUMN, stored)

    def add_segment(self, storage: FileStorage, segment: W3Segment) -> None:
        """The live documents of `segment` (one that saves or their merges left), in order, read
        back as they were added: Whoosh's merge numbers them so too."""
        reader = SegmentReader(storage, self.schema, segment)
        try:
            live = [d for d in range(segment.doc_count_all()) if not segment.is_deleted(d)]
            numbers = {doc: self.count + rank for rank, doc in enumerate(live)}
            self._add_values(reader, segment, live)
            self._add_postings(reader, numbers)
        finally:
            reader.close()

    def _start(self) -> int:
        self.count += 1
        return self.count - 1

    def _value(self, name: str, column, value) -> None:
        if name not in self._columns:
            self._columns[name] = (column, [])
        self._columns[name][1].append((self.count - 1, value))

    def _length(self, field: str, length: int) -> None:
        if length:  # as Whoosh's writer: a field without terms has no length
            self._totals[field] += length
            self._length_byte(field, length_to_byte(length))

    def _length_byte(self, field: str, length_byte: int) -> None:
        self._length_bytes[field][self.count - 1] = length_byte
        self._value(f"_{field}_len", LENGTHS_COLUMN, length_byte)

    def _add_values(self, reader: SegmentReader, segment: W3Segment, live: list[int]) -> None:
        """Each live document's stored fields, lengths and column values, the columns in the
        order the segment's files list them (the order they were created in)."""
        prefix = f"{segment.segment_id()}."
        files = reader.storage()
        if isinstance(files, OverlayStorage):  # a compound file's directory, in its order
            files = files.a
        names = [name[len(prefix):-len(W3Codec.COLUMN_EXT)] for name in files.list()
                 if name.startswith(prefix) and name.endswith(W3Codec.COLUMN_EXT)]
        per_document = reader._perdoc
        readers = {}
        for name in names:
            if name == "_stored":
                continue
            length_of = name[1:-4] if name.startswith("_") and name.endswith("_len") else None
            column = LENGTHS_COLUMN if length_of else self.schema[name].column_type
            readers[name] = (length_of, column, per_document.column_reader(name, column))
        for doc in live:
            self._start()
            for name, (length_of, column, values) in readers.items():
                if not length_of:
                    self._value(name, column, values[doc])
                elif values[doc]:
                    self._length_byte(length_of, values[doc])
            stored = reader.stored_fields(doc)
            if stored:
                self._value("_stored", STORED_COLUMN, stored)
        # The segment's totals of lengths, less those of its deleted documents, known only rounded
        # to their length byte (Whoosh's merge adds up every document's rounded length).
        for field, total in segment._fieldlengths.items():
            values = readers.get(f"_{field}_len", (None, None, None))[2]
            self._totals[field] += total - sum(byte_to_length(values[doc]) for doc in segment.deleted_docs()
                                               if values is not None and values[doc])

    def _add_postings(self, reader: SegmentReader, numbers: dict[int, int]) -> None:
        terms = reader._terms
        names = {number: name for name, number in terms._fieldmap.items()}
        for key, entry in terms._tindex.items():
            name = names[struct.unpack_from("!H", key)[0]]
            field = self.schema[name]
            positioned = field.format.fixed_value_size() is None
            boost = field.format.field_boost
            kept = [_Posting(numbers[doc], len(positions) if positioned else round(weight / boost), positions)
                    for doc, weight, positions in _entry_postings(entry, terms._postfile, positioned)
                    if doc in numbers]
            if kept:  # not a term of deleted documents only
                self._postings[name][key[2:]].extend(kept)

    # -- writing --------------------------------------------------------------------------

    def write_pieces(self) -> Iterator[Callable[[], object]]:
        """Most of `write`'s work in pieces of a millisecond or two (`_TERMS_A_PIECE` terms'
        entries, then the term table), for a merge that takes turns with the saves and searches.
        Taken once every document is in."""
        for name in self._field_numbers():
            for start in range(0, len(self._postings[name]), _TERMS_A_PIECE):
                yield functools.partial(self._field_entries, name, start + _TERMS_A_PIECE)
        yield self._term_files

    def _field_numbers(self) -> dict[str, int]:
        """The fields with terms, in name order, numbered so in the term table's keys."""
        named = [name for name in sorted(self._postings) if self._postings[name]]
        return {name: number for number, name in enumerate(named)}

    def write(self, folder: Path) -> W3Segment:
        """Write the segment's compound file in `folder`; the segment (not yet listed in the
        index)."""
        segment = W3Segment(ArrayCodec(), self.indexname)
        segment.set_doc_count(self.count)
        segment._fieldlengths = self._totals
        files = [(W3Codec.column_filename(segment, name), _column_bytes(column, values, self.count))
                 for name, (column, values) in self._columns.items()]
        terms, postings = self._term_files()
        files += [(segment.make_filename(W3Codec.TERMS_EXT), terms),
                  (segment.make_filename(W3Codec.POSTS_EXT), postings)]
        path = folder / segment.make_filename(W3Segment.COMPOUND_EXT)
        try:
            path.write_bytes(_compound(files))
        except BaseException:
            path.unlink(missing_ok=True)  # never listed: nothing else would remove it
            raise
        segment.compound = True
        return segment

    def _field_entries(self, name: str, most: int | None = None) -> _FieldEntries:
        """A field's terms in byte order (the first `most` at least; all by default): their keys,
        the keys' hashes, entries and blocks."""
        entries = self._entries.get(name)
        if entries is None:
            entries = self._entries[name] = _FieldEntries(sorted(self._postings[name]), [], [], [], [])
        field, lengths, postings = self.schema[name], self._length_bytes[name], self._postings[name]
        prefix = struct.pack("!H", self._field_numbers()[name])
        for term in entries.terms[len(entries.keys):most]:
            entry, block = _term_entry(postings[term], field.format, lengths)
            entries.keys.append(prefix + term)
            entries.codes.append(_md5_hash(prefix + term))
            entries.entries.append(entry)
            entries.blocks.append(block)
        return entries

    def _term_files(self) -> tuple[bytes, bytes]:
        """The term table and the postings file, as `search.segments` writes them."""
        if self._files is None:
            keys, codes, entries, blocks = [], [], [], []
            place = 0  # in the postings file
            numbers = self._field_numbers()
            for name in numbers:
                written = self._field_entries(name)
                keys += written.keys
                codes += written.codes
                for entry, block in zip(written.entries, written.blocks, strict=True):
                    if block:  # the entry's statistics, then where the block begins and its length
                        entry = _TERM_WITH_BLOCK.pack(*entry, place, len(block))
                        blocks.append(block)
                        place += len(block)
                    entries.append(entry)
            self._files = _term_table(keys, codes, entries, numbers), b"".join(blocks)
        return self._files


class _FieldEntries(NamedTuple):
    terms: list[bytes]
    keys: list[bytes]
    codes: list[int]
    entries: list[bytes | tuple]
    """A term's entry, or for a term with a block the statistics its entry begins with."""
    blocks: list[bytes]


def write_small_segment(folder: Path, records: list[IndexRecord], document: Document, *, schema: Schema,
                        indexname: str) -> W3Segment:
    """`records` (a save's few) as one new segment of the index in `folder`, in one file, not yet
    listed; the index's schema and name given (its table of contents is not read)."""
    writer = SmallSegment(schema, indexname)
    for record in records:
        writer.add_record(record, document)
    return writer.write(folder)


def _entry_postings(entry: bytes, postfile, positioned: bool):
    """A term's postings from its entry: (document, weight, positions or None) each."""
    if entry[0]:  # in the entry: a term of one document
        docs, weights, values = pickle.loads(entry[_ENTRY.size:])
        for doc, weight, value in zip(docs, weights, values, strict=True):
            yield doc, weight, _POSITIONS.decode_positions(value) if positioned else None
        return
    offset, length = struct.unpack_from("!qi", entry, _ENTRY.size)
    count, gaps, weights, values = array_postings.unpacked(postfile.get(offset, length))
    if weights is None or isinstance(weights, float):
        weights = [1.0 if weights is None else weights] * count
    at = doc = 0
    for number in range(count):
        doc += gaps[number]
        positions = None
        if positioned:
            positions = list(itertools.accumulate(values.gaps[at:at + values.counts[number]]))
            at += values.counts[number]
        yield doc, float(weights[number]), positions


def _term_entry(postings: list[_Posting], field_format,
                lengths: dict[int, int]) -> tuple[bytes | tuple, bytes]:
    """A term's entry in the term table, and its block for the postings file: `search.segments`'
    `_Chunk` for one term, from lists. The entry when the posting is in it (no block), else the
    statistics it begins with (`_TERM_WITH_BLOCK` but where the block is)."""
    boost = field_format.field_boost
    fixed_size = field_format.fixed_value_size()
    weights = [posting.frequency * boost for posting in postings]
    length_bytes = [lengths.get(posting.doc, 0) for posting in postings]
    first, last = postings[0].doc, postings[-1].doc
    if len(postings) == 1 and fixed_size != 0:
        [weight], [length] = weights, length_bytes
        value = (pack_gaps(array("I", _gaps(postings[0].positions))) if fixed_size is None
                 else struct.pack(">I", postings[0].frequency))
        return (_ENTRY.pack(1, weight, 1, length, length, weight, first, first)
                + pickle.dumps(((first,), (weight,), (value,)), 4)), b""
    gaps = [first] + [b.doc - a.doc for a, b in zip(postings, postings[1:], strict=False)]
    values: PackedValues | bytes | None = None
    if fixed_size is None:
        position_gaps: list[int] = []
        for posting in postings:
            position_gaps.extend(_gaps(posting.positions))
        values = PackedValues(array_postings.smallest_of(position_gaps),
                              array_postings.smallest_of([posting.frequency for posting in postings]))
    elif fixed_size:
        values = struct.pack(f">{len(postings)}I", *(posting.frequency for posting in postings))
    min_length = min((length for length in length_bytes if length), default=0)
    max_length = max(length_bytes)
    block = array_postings.small_block(gaps, weights, values, last, min_length, max_length)
    return (0, sum(weights), len(postings), min_length, max_length, max(weights), first, last), block


def _gaps(positions: list[int]) -> list[int]:
    """A posting's positions as the gaps between them, the first from 0."""
    return [b - a for a, b in zip([0, *positions], positions, strict=False)]


def _column_bytes(column, values: list[tuple[int, object]], count: int) -> bytes:
    """A column's file, written by the column's own writer (a few values: cheap)."""
    file = StructFile(BytesIO())
    writer = column.writer(file)
    for doc, value in values:
        writer.add(doc, value)
    writer.finish(count)
    return file.file.getvalue()


def _md5_hash(key: bytes) -> int:
    """Whoosh's `md5_hash`: the digest's last four bytes as a big-endian number."""
    return int.from_bytes(hashlib.md5(key, usedforsecurity=False).digest()[-4:], "big")


def _term_table(keys: list[bytes], codes: list[int], entries: list[bytes],
                field_numbers: dict[str, int]) -> bytes:
    """`whoosh.filedb.filetables.OrderedHashWriter`'s file of these entries (keys ascending): each
    entry its lengths, key and value; 256 hash tables of the keys' MD5 hashes (`codes`) by linear
    probing; their directory; the extras (the field numbers) and the entries' places in key order."""
    parts = [_HASH_HEADER]
    place = len(_HASH_HEADER)
    places = []
    buckets: list[list[tuple[int, int]]] = [[] for _ in range(256)]
    for key, code, entry in zip(keys, codes, entries, strict=True):
        parts += [_LENGTHS.pack(len(key), len(entry)), key, entry]
        places.append(place)
        buckets[code & 255].append((code, place))
        place += _LENGTHS.size + len(key) + len(entry)
    directory = []
    for bucket in buckets:
        size = 2 * len(bucket)
        directory.append(_DIRECTORY_ENTRY.pack(place, size))
        slots = [(0, 0)] * size
        for code, at in bucket:
            slot = (code >> 8) % size
            while slots[slot] != (0, 0):
                slot = (slot + 1) % size
            slots[slot] = (code, at)
        parts += [_POINTER.pack(*pointer) for pointer in slots]
        place += size * _POINTER.size
    index = array("H")
    if places and places[-1] >= 2**16:  # the type Whoosh's growing array takes
        index = array("i" if places[-1] < 2**31 else "I")
    index.extend(places)
    if sys.byteorder == "little":  # written big-endian, as Whoosh writes arrays
        index.byteswap()
    extras = pickle.dumps({"fieldmap": field_numbers, "indextype": index.typecode, "indexlen": len(places)},
                          pickle.HIGHEST_PROTOCOL)
    parts += directory
    parts += [extras, index.tobytes(), struct.pack("!i", len(extras) + len(index.tobytes()))]
    return b"".join(parts)


def _compound(files: list[tuple[str, bytes]]) -> bytes:
    """Whoosh's compound file of these files (`CompoundStorage.assemble` of an in-memory storage,
    whose files have no modification time)."""
    directory, place = {}, _COMPOUND_HEADER.size
    for name, data in files:
        directory[name] = {"offset": place, "length": len(data), "modified": -1}
        place += len(data)
    tail = pickle.dumps(directory, pickle.HIGHEST_PROTOCOL) + pickle.dumps({}, pickle.HIGHEST_PROTOCOL)
    return b"".join([_COMPOUND_HEADER.pack(place, len(tail)), *(data for _, data in files), tail])
