"""Writing a whole index at once: whole segments, analysed and written in worker processes.

Whoosh's own writer sends every posting through a pool of pickled temporary runs on disk (gigabytes
at 100,000 cases), sorts and merges them, and looks each document's field length up again while
writing. Here each worker process takes a share of the records, analyses them into flat arrays of
term numbers and positions, turns those into posting lists with whole-array sorts, and writes them
in Whoosh's own format (its W3 codec's term table entries and posting blocks, a block at a time
rather than through its postings writer's calls per posting), read by its reader.
The parent only reads records and lists the finished segments in the index's table of contents:
nothing is merged.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import operator
import pickle
import queue
import struct
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.fields import TEXT
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte

from search.analysis import INDEX_TERMS, fold
from search.records import IndexRecord
from search.schema import GAP_BYTES

PROCESSES = 2
SEGMENT_DOCS = 25_000
"""Most documents one worker writes as one segment: its postings are held in memory until written."""
_PROGRESS_EVERY = 200
_POLL_SECONDS = 0.2

Document = Callable[[IndexRecord], dict]
"""A record as the schema's field values."""

# Set in each worker process by `_start_worker`.
_progress_queue: multiprocessing.Queue | None = None
_cancelled_event = None


class Cancelled(Exception):
    """The rebuild was cancelled while a worker was writing."""


def write_segments(folder: Path, records: Iterable[IndexRecord], total: int, document: Document,
                   progress: Callable[[int, int], None] | None = None,
                   is_cancelled: Callable[[], bool] | None = None, processes: int = PROCESSES) -> bool:
    """Add `records` to the empty index in `folder` as new segments; False when cancelled (the
    index is then left without them). With `processes` ≤ 1 everything runs in this process."""
    per_segment = min(SEGMENT_DOCS, max(1, math.ceil(total / max(1, processes))))
    if processes <= 1:
        segments, done = [], 0
        for chunk in _chunks(records, per_segment):
            def report(count: int, base: int = done) -> bool:
                if progress:
                    progress(base + count, total)
                return bool(is_cancelled and is_cancelled())
            try:
                segments.append(write_segment(folder, chunk, document, report))
            except Cancelled:
                return False
            done += len(chunk)
        if is_cancelled and is_cancelled():
            return False
        _list_segments(folder, segments)
        if progress:
            progress(done, total)
        return True
    context = multiprocessing.get_context()
    progress_queue, cancelled = context.Queue(), context.Event()
    segments, done, written = [], 0, 0
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                             initargs=(progress_queue, cancelled)) as pool:
        pending: set[Future] = set()

        def watch(until_below: int) -> bool:
            """Wait until fewer than `until_below` segments are being written; False if cancelled."""
            nonlocal done
            while len(pending) >= max(1, until_below):
                finished, _ = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in finished:
                    pending.discard(future)
                    segments.append(future.result())
                done += _drain(progress_queue)
                if progress:
                    progress(min(done, total), total)
                if is_cancelled and is_cancelled():
                    cancelled.set()
                    pool.shutdown(wait=True, cancel_futures=True)
                    return False
            return True

        for chunk in _chunks(records, per_segment):
            if not watch(processes):
                return False
            pending.add(pool.submit(write_segment, folder, chunk, document))
            written += len(chunk)
            # Checked between chunks too: the records themselves may be slow to read.
            if is_cancelled and is_cancelled():
                cancelled.set()
                return False
        if not watch(1) or (is_cancelled and is_cancelled()):
            return False
    _list_segments(folder, segments)
    if progress:
        progress(written, total)
    return True


def _chunks(records: Iterable[IndexRecord], size: int) -> Iterable[list[IndexRecord]]:
    chunk: list[IndexRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _drain(progress_queue: multiprocessing.Queue) -> int:
    count = 0
    while True:
        try:
            count += progress_queue.get_nowait()
        except queue.Empty:
            return count


def _start_worker(progress_queue: multiprocessing.Queue, cancelled) -> None:
    global _progress_queue, _cancelled_event
    _progress_queue, _cancelled_event = progress_queue, cancelled


def _worker_report(count: int) -> bool:
    if _progress_queue is not None:
        _progress_queue.put(_PROGRESS_EVERY)
    return _cancelled_event is not None and _cancelled_event.is_set()


def _list_segments(folder: Path, segments: list) -> None:
    """Make the written segments the index's content: a new table of contents, no merge."""
    index = FileStorage(str(folder)).open_index()
    writer = index.writer()
    writer.segments.extend(segments)
    writer.commit(merge=False)
    index.close()


class _FieldTerms:
    """One field's terms in one segment, as they come: each distinct term numbered, and per term
    occurrence its number and position in flat arrays; per document how many occurrences it added.
    Turned into posting lists once every document is in (`_postings`): a dict lookup per
    occurrence while analysing, the rest whole-array work."""

    __slots__ = ("numbers", "occurrences", "positions", "counts")

    def __init__(self) -> None:
        self.numbers: defaultdict[str | bytes, int] = defaultdict(itertools.count().__next__)
        self.occurrences = array("I")
        self.positions = array("I")
        self.counts = array("I")

    def add(self, terms: list, positions: Iterable[int]) -> None:
        numbers = self.numbers
        self.occurrences.extend([numbers[term] for term in terms])
        self.positions.extend(positions)
        self.counts.append(len(terms))


def write_segment(folder: Path, records: list[IndexRecord], document: Document,
                  report: Callable[[int], bool] | None = None):
    """Write `records` as one new segment of the index in `folder` and return it (not yet listed
    in the index). `report(done)` is called every few hundred records; True from it cancels."""
    report = report or _worker_report
    storage = FileStorage(str(folder))
    index = storage.open_index()
    schema = index.schema
    codec = W3Codec()
    segment = codec.new_segment(storage, index.indexname)
    per_document = codec.per_document_writer(storage, segment)
    terms = {name: _FieldTerms() for name in schema.names() if schema[name].indexed}
    lengths: dict[str, array] = {name: array("I") for name in schema.names()}
    for docnum, record in enumerate(records):
        per_document.start_doc(docnum)
        folded: dict[str, str] = {}  # a record repeats its texts across fields: each folded once
        for name, value in document(record).items():
            field = schema[name]
            length = 0
            if isinstance(field, TEXT):
                text = folded.get(value)
                if text is None:
                    text = folded[value] = fold(value).text
                found, positions = INDEX_TERMS[field.analyzer.kind](text)
                terms[name].add(found, positions)
                length = len(found)
            elif field.indexed:
                found = [term for term, _, _, _ in field.index(value)]
                terms[name].add(found, itertools.repeat(0, len(found)))
            lengths[name].append(length)
            per_document.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                per_document.add_column_value(name, field.column_type, field.to_column_value(value))
        per_document.finish_doc()
        if (docnum + 1) % _PROGRESS_EVERY == 0 and report(docnum + 1):
            per_document.close()
            raise Cancelled
    per_document.close()
    fields = codec.field_writer(storage, segment)
    for name in sorted(terms):
        if terms[name].numbers:
            _write_field(fields, name, schema[name], terms.pop(name), lengths[name])
    fields.close()
    segment.set_doc_count(len(records))
    return segment


class _PostingLists:
    """A field's posting lists in one segment, all terms' one after another in the terms' byte
    order: per posting its document and frequency, and the gaps between its positions."""

    def __init__(self, terms: _FieldTerms) -> None:
        # Sorted as str, terms are in code point order: their UTF-8 bytes' order too.
        self.terms = sorted(terms.numbers)
        rank = np.empty(len(self.terms), np.uint32)
        rank[[terms.numbers[term] for term in self.terms]] = np.arange(len(self.terms), dtype=np.uint32)
        numbers = rank[np.frombuffer(terms.occurrences, np.uint32)]
        counts = np.frombuffer(terms.counts, np.uint32)
        docs = np.repeat(np.arange(counts.size, dtype=np.uint32), counts)
        positions = np.frombuffer(terms.positions, np.uint32)
        # Occurrences come by document, and by position within one: a stable sort by term keeps that.
        order = np.argsort(numbers, kind="stable")
        numbers, docs, positions = numbers[order], docs[order], positions[order]
        del order
        first = np.ones(numbers.size, bool)  # the first occurrence of each posting
        first[1:] = (numbers[1:] != numbers[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(first)
        self.frequencies = np.diff(starts, append=numbers.size)
        self.docs = docs[starts]
        self.gaps = np.diff(positions, prepend=0).astype("<u4")
        self.gaps[starts] = positions[starts]
        self.gap_offsets = np.concatenate(([0], np.cumsum(self.frequencies)))
        # Where each term's postings begin: term k's are ranges[k]:ranges[k + 1].
        self.ranges = np.searchsorted(numbers[starts], np.arange(len(self.terms) + 1))

    def chunks(self) -> Iterator[tuple[int, int]]:
        """Ranges of terms with about `_CHUNK_POSTINGS` postings together (a term with more alone)."""
        first = 0
        while first < len(self.terms):
            last = int(np.searchsorted(self.ranges, self.ranges[first] + _CHUNK_POSTINGS, "right")) - 1
            yield first, max(last, first + 1)
            first = max(last, first + 1)


_BLOCK_POSTINGS = W3Codec()._blocklimit
_COMPRESSION = W3Codec()._compression
_CHUNK_POSTINGS = 200_000
"""Postings turned into Python lists at a time: the lists take about 40 bytes a posting."""
_ENTRY_LENGTHS = struct.Struct("!ii")
"""A term table entry's key and value lengths, as `whoosh.filedb.filetables.HashWriter` packs them."""


class _Lists(NamedTuple):
    """Some postings of a field as Python lists (one element per posting, `gap_offsets` one more,
    and `gaps` the bytes of all their positions), cheaper to slice per term than numpy arrays;
    with the field's boost and, per document, its length as Whoosh's one byte (0 for none)."""

    docs: list[int]
    frequencies: list[int]
    gap_offsets: list[int]
    gaps: bytes
    boost: float
    length_bytes: list[int]

    def weights(self, start: int, end: int) -> list[float]:
        return [frequency * self.boost for frequency in self.frequencies[start:end]]

    def lengths(self, start: int, end: int) -> list[int]:
        """The postings' documents' length bytes, documents without the field left out."""
        return [length for length in map(self.length_bytes.__getitem__, self.docs[start:end]) if length]


def _write_field(fields, name: str, field, terms: _FieldTerms, lengths: array) -> None:
    """One field's postings, terms in byte order, written as Whoosh's postings writer writes them
    (`W3PostingsWriter`: a term in one document inside its entry, others in blocks of up to 128
    postings) but a block at a time, not through a dozen Python calls per posting."""
    fields.start_field(name, field)
    postings = _PostingLists(terms)
    del terms
    fixed_size = field.format.fixed_value_size()
    positioned = fixed_size is None
    length_bytes = [length_to_byte(length) if length else 0 for length in lengths]
    prefix = pack_ushort(fields._fieldid)  # the term table's key: field number, then the term
    postfile = fields._postfile
    for first_term, last_term in postings.chunks():
        base, top = int(postings.ranges[first_term]), int(postings.ranges[last_term])
        offsets = postings.gap_offsets[base:top + 1]
        lists = _Lists(postings.docs[base:top].tolist(),
                       postings.frequencies[base:top].tolist(),
                       ((offsets - offsets[0]) * GAP_BYTES).tolist(),
                       postings.gaps[offsets[0]:offsets[-1]].tobytes(),
                       field.format.field_boost, length_bytes)
        ranges = (postings.ranges[first_term:last_term + 1] - base).tolist()
        entries: list[tuple[bytes, bytes]] = []
        for term, start, end in zip(postings.terms[first_term:last_term], ranges, ranges[1:], strict=False):
            key = prefix + (term.encode("utf-8") if isinstance(term, str) else term)
            if end - start == 1 and fixed_size != 0:
                entries.append((key, _inline_entry(lists, start, positioned, fixed_size)))
                continue
            offset = postfile.tell()
            postfile.write(WHOOSH3_HEADER_MAGIC)
            for first in range(start, end, _BLOCK_POSTINGS):
                last = min(end, first + _BLOCK_POSTINGS)
                postfile.write(_block(lists, first, last, end, positioned, fixed_size))
            entries.append((key, _term_stats(lists, start, end) + pack_long(offset)
                            + pack_int(postfile.tell() - offset)))
        _add_entries(fields._tindex, entries)
    fields.finish_field()


def _add_entries(table: OrderedHashWriter, entries: list[tuple[bytes, bytes]]) -> None:
    """Term entries, keys ascending, added to Whoosh's term table as its `add` adds one (its
    length, key and value; the key's hash and place noted for the table's index), in one write."""
    place = table.dbfile.tell()
    hash_of, buckets, places, parts = table.hashfn, table.buckets, [], []
    for key, value in entries:
        places.append(place)
        code = hash_of(key)
        buckets[code & 255].append((code, place))
        parts.append(_ENTRY_LENGTHS.pack(len(key), len(value)) + key + value)
        place += _ENTRY_LENGTHS.size + len(key) + len(value)
    table.dbfile.write(b"".join(parts))
    table.index.extend(places)
    table.lastkey = entries[-1][0]


def _values(lists: _Lists, start: int, end: int, positioned: bool, fixed_size: int | None):
    """The postings' values as Whoosh's block keeps them: each one's packed positions, their
    frequencies joined, or none."""
    if positioned:
        offsets, gaps = lists.gap_offsets, lists.gaps
        return tuple(gaps[offsets[i]:offsets[i + 1]] for i in range(start, end))
    if fixed_size:
        return b"".join(map(pack_uint, lists.frequencies[start:end]))
    return None


def _term_stats(lists: _Lists, start: int, end: int) -> bytes:
    """The fixed part of the entry of a term with postings in blocks (`W3TermInfo`): flags, total
    weight, document frequency, shortest and longest field length (as bytes; 0 lengths left out),
    highest weight, first and last document."""
    weights, lengths = lists.weights(start, end), lists.lengths(start, end)
    return W3TermInfo._struct.pack(0, sum(weights), end - start, min(lengths, default=0),
                                   max(lengths, default=0), max(weights), lists.docs[start],
                                   lists.docs[end - 1])


def _inline_entry(lists: _Lists, at: int, positioned: bool, fixed_size: int | None) -> bytes:
    """The entry of a term in one document, its posting inside it: pickled with protocol 4, which
    Whoosh's reader reads as well (protocol 2 spells each bytes value as a call of
    `_codecs.encode`: 74 bytes for one posting, 38 here)."""
    doc, weight = lists.docs[at], lists.frequencies[at] * lists.boost
    length = lists.length_bytes[doc]
    if positioned:
        value = (lists.gaps[lists.gap_offsets[at]:lists.gap_offsets[at + 1]],)
    else:
        value = (pack_uint(lists.frequencies[at]),) if fixed_size else ()
    return (W3TermInfo._struct.pack(1, weight, 1, length, length, weight, doc, doc)
            + pickle.dumps(((doc,), (weight,), value), 4))


def _block(lists: _Lists, start: int, end: int, term_end: int, positioned: bool,
           fixed_size: int | None) -> bytes:
    """One block of postings as `W3PostingsWriter._write_block` writes it: its length (negative
    for a term's last block), a pickled header, the pickled and compressed postings (document
    gaps from 0, weights as None when all are 1 or one number when all are equal, values)."""
    docs, weights = lists.docs[start:end], lists.weights(start, end)
    gaps = (docs[0], *map(operator.sub, docs[1:], docs))
    if all(w == 1.0 for w in weights):
        mini_weights = None
    elif all(w == weights[0] for w in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    values = _values(lists, start, end, positioned, fixed_size)
    data = zlib.compress(pickle.dumps((gaps, mini_weights, values), 4), _COMPRESSION)
    lengths = lists.lengths(start, end)
    header = pickle.dumps((end - start, docs[-1], max(weights), _COMPRESSION, min(lengths, default=0),
                           max(lengths, default=0)), 4)
    size = len(header) + len(data)
    return pack_int(-size if end == term_end else size) + header + data
