"""Writing a whole index at once: whole segments, analysed and written in worker processes.

Whoosh's own writer sends every posting through a pool of pickled temporary runs on disk (gigabytes
at 100,000 cases), sorts and merges them, and looks each document's field length up again while
writing. Here worker processes take the records in small batches as they are read, analyse them
into flat arrays of term numbers and positions, turn those into posting lists with whole-array
sorts, and write them in Whoosh's container (its W3 codec's term table entries, and each term's
postings as one block of arrays: `search.array_postings`) rather than through its postings
writer's calls per posting, read by its reader. The parent only reads records and lists the
finished segments in the index's table of contents: nothing is merged.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import math
import multiprocessing
import os
import pickle
import queue
import struct
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.fields import TEXT
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.index import TOC
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

from search import array_postings
from search.analysis import INDEX_TERMS, fold, segmenter
from search.array_postings import ArrayCodec
from search.records import IndexRecord
from search.small_segment import Document, write_small_segment

log = logging.getLogger(__name__)

PROCESSES = 2
SEGMENT_DOCS = 25_000
"""Most documents one worker writes as one segment: its postings are held in memory until written."""
_PROGRESS_EVERY = 200
_POLL_SECONDS = 0.2


class Cancelled(Exception):
    """The rebuild was cancelled while a worker was writing."""


def write_segments(folder: Path, records: Iterable[IndexRecord], total: int, document: Document,
                   progress: Callable[[int, int], None] | None = None,
                   is_cancelled: Callable[[], bool] | None = None, processes: int = PROCESSES) -> bool:
    """Add `records` to the empty index in `folder` as new segments; False when cancelled (the
    index is then left without them). With `processes` ≤ 1 everything runs in this process."""
    if processes <= 1:
        return _write_here(folder, records, total, document, progress, is_cancelled)
    segments = _Workers(folder, document, processes).run(records, total, progress, is_cancelled)
    if segments is None:
        return False
    _list_segments(folder, segments)
    if progress:
        progress(total, total)
    return True


def _write_here(folder: Path, records: Iterable[IndexRecord], total: int, document: Document,
                progress: Callable[[int, int], None] | None,
                is_cancelled: Callable[[], bool] | None) -> bool:
    segments, done = [], 0
    for chunk in _batches(records, SEGMENT_DOCS, math.inf):
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


class WorkerFailed(RuntimeError):
    """A worker process of a rebuild ended without finishing its segments."""


class _Workers:
    """Worker processes fed batches of records through one shared queue as this process reads
    them: whichever worker is free takes the next batch, so both stay busy until the end however
    long the texts or busy the cores, and this process's reading overlaps their analysis. Each
    worker keeps its segment's terms until it holds `SEGMENT_DOCS` documents or the records end;
    the queue holds a few batches, so memory stays bounded whatever the archive's size."""

    def __init__(self, folder: Path, document: Document, processes: int) -> None:
        context = multiprocessing.get_context()
        self.batches = context.Queue(maxsize=2 * processes)
        self.reports = context.Queue()
        self.processes = [context.Process(target=_work, args=(folder, document, self.batches, self.reports),
                                          daemon=True) for _ in range(processes)]
        self.segments: list = []
        self.done = 0
        self.finished: set[int] = set()

    def run(self, records: Iterable[IndexRecord], total: int, progress: Callable[[int, int], None] | None,
            is_cancelled: Callable[[], bool] | None) -> list | None:
        """The written segments, or None when cancelled."""
        for process in self.processes:
            process.start()
        try:
            for batch in _batches(records, _BATCH_RECORDS, _BATCH_CHARS):
                if not self._hand_over(batch, progress, total, is_cancelled):
                    return None
            for _ in self.processes:
                if not self._hand_over(None, progress, total, is_cancelled):
                    return None
            while len(self.finished) < len(self.processes):
                if not self._collect(progress, total, is_cancelled):
                    return None
            return self.segments
        finally:
            self._stop()

    def _hand_over(self, batch: list[IndexRecord] | None, progress, total: int, is_cancelled) -> bool:
        """Queue `batch` (None: no more), noting the workers' reports while the queue is full."""
        while True:
            if not self._collect(progress, total, is_cancelled, wait=False):
                return False
            try:
                self.batches.put(batch, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue

    def _collect(self, progress, total: int, is_cancelled, wait: bool = True) -> bool:
        """Take the workers' reports (waiting a moment for one if `wait`); False if cancelled."""
        reports = []
        with contextlib.suppress(queue.Empty):
            reports.append(self.reports.get(timeout=_POLL_SECONDS) if wait else self.reports.get_nowait())
            while True:
                reports.append(self.reports.get_nowait())
        for kind, value in reports:
            if kind == "done":
                self.done += value
            elif kind == "segment":
                self.segments.append(value)
            elif kind == "finished":
                self.finished.add(value)
            else:
                raise value
        if progress and reports:
            progress(min(self.done, total), total)
        if is_cancelled and is_cancelled():
            return False
        if not reports and any(p.exitcode is not None and p.pid not in self.finished for p in self.processes):
            raise WorkerFailed(f"重建索引的工作进程意外退出（退出码 {[p.exitcode for p in self.processes]}）")
        return True

    def _stop(self) -> None:
        """Workers that did not finish (cancelled, or another failed) are stopped at once, even
        while writing: what they wrote goes with the staging folder."""
        if len(self.finished) < len(self.processes):
            self.batches.cancel_join_thread()  # batches no worker will take are dropped
            for process in self.processes:
                process.terminate()
        for process in self.processes:
            process.join()


_BATCH_RECORDS = 100
_BATCH_CHARS = 200_000
"""A batch of records handed to a worker ends at this many records or characters of text."""


def _batches(records: Iterable[IndexRecord], most_records: int,
             most_chars: float) -> Iterator[list[IndexRecord]]:
    batch: list[IndexRecord] = []
    chars = 0
    for record in records:
        batch.append(record)
        chars += len(record.title) + len(record.body)
        if len(batch) >= most_records or chars >= most_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _work(folder: Path, document: Document, batches: multiprocessing.Queue,
          reports: multiprocessing.Queue) -> None:
    """A worker process: batches in until None, a segment out every `SEGMENT_DOCS` documents."""
    try:
        segmenter()  # loaded while the first records are read
        writer = None
        while (batch := batches.get()) is not None:
            writer = writer or _SegmentWriter(folder, document)
            for record in batch:
                writer.add(record)
            reports.put(("done", len(batch)))
            if writer.count >= SEGMENT_DOCS:
                reports.put(("segment", writer.finish()))
                writer = None
        if writer is not None:
            reports.put(("segment", writer.finish()))
        reports.put(("finished", os.getpid()))
    except BaseException as error:
        log.exception("a rebuild's worker failed")
        reports.put(("failed", error))


def write_toc(storage: FileStorage, indexname: str, toc: TOC, segments: list) -> TOC:
    """The index's next table of contents, listing `segments`, written as Whoosh's writer writes
    it (the caller holds the write lock); the previous one removed (else by Whoosh's next commit)."""
    written = TOC(toc.schema, segments, toc.generation + 1)
    written.write(storage, indexname)
    with contextlib.suppress(OSError):
        storage.delete_file(TOC._filename(indexname, toc.generation))
    return written


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
        self.occurrences.extend(map(self.numbers.__getitem__, terms))  # a new term gets the next number
        self.positions.extend(positions)
        self.counts.append(len(terms))


class _SegmentWriter:
    """One new segment of the index in `folder`, its documents added one at a time: stored fields,
    lengths and columns written as they come, terms held in memory until `finish` writes them."""

    def __init__(self, folder: Path, document: Document) -> None:
        self.storage = FileStorage(str(folder))
        index = self.storage.open_index()
        self.schema = index.schema
        self.document = document
        self.codec = ArrayCodec()
        self.segment = self.codec.new_segment(self.storage, index.indexname)
        self.per_document = self.codec.per_document_writer(self.storage, self.segment)
        self.terms = {name: _FieldTerms() for name in self.schema.names() if self.schema[name].indexed}
        self.lengths: dict[str, array] = {name: array("I") for name in self.schema.names()}
        self.count = 0

    def add(self, record: IndexRecord) -> None:
        schema, per_document = self.schema, self.per_document
        per_document.start_doc(self.count)
        folded: dict[str, str] = {}  # a record repeats its texts across fields: each folded once
        for name, value in self.document(record).items():
            field = schema[name]
            length = 0
            if isinstance(field, TEXT):
                text = folded.get(value)
                if text is None:
                    text = folded[value] = fold(value).text
                found, positions = INDEX_TERMS[field.analyzer.kind](text)
                self.terms[name].add(found, positions)
                length = len(found)
            elif field.indexed:
                found = [term for term, _, _, _ in field.index(value)]
                self.terms[name].add(found, itertools.repeat(0, len(found)))
            self.lengths[name].append(length)
            per_document.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                per_document.add_column_value(name, field.column_type, field.to_column_value(value))
        per_document.finish_doc()
        self.count += 1

    def abandon(self) -> None:
        self.per_document.close()

    def finish(self):
        """Write the postings and return the segment (not yet listed in the index)."""
        self.per_document.close()
        fields = self.codec.field_writer(self.storage, self.segment)
        _TermTable.taking_over(fields._tindex)
        for name in sorted(self.terms):
            if self.terms[name].numbers:
                _write_field(fields, name, self.schema[name], self.terms.pop(name), self.lengths[name])
        fields.close()
        self.segment.set_doc_count(self.count)
        return self.segment


def write_segment(folder: Path, records: list[IndexRecord], document: Document,
                  report: Callable[[int], bool] | None = None, *, one_file: bool = False):
    """Write `records` as one new segment of the index in `folder` and return it (not yet listed
    in the index). `report(done)` is called every few hundred records; True from it cancels.
    `one_file` (a few records): the segment in one compound file, not one per column."""
    if one_file:
        index = FileStorage(str(folder)).open_index()
        return write_small_segment(folder, records, document, schema=index.schema, indexname=index.indexname)
    writer = _SegmentWriter(folder, document)
    for record in records:
        writer.add(record)
        if writer.count % _PROGRESS_EVERY == 0 and report and report(writer.count):
            writer.abandon()
            raise Cancelled
    return writer.finish()


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


_CHUNK_POSTINGS = 200_000
"""Postings taken apart at a time: their term and block arrays take a few tens of bytes a posting."""
_ENTRY_LENGTHS = struct.Struct("!ii")
"""A term table entry's key and value lengths, as `whoosh.filedb.filetables.HashWriter` packs them."""
_TERM_WITH_BLOCKS = struct.Struct(W3TermInfo._struct.format + "qi")
"""The term table entry of a term with a block of postings: its statistics (`W3TermInfo`), then
where its postings begin in the postings file and how many bytes they take."""
_NO_LENGTH = 256
"""Above every length byte: stands for a document without the field when taking a minimum."""


def _write_field(fields, name: str, field, terms: _FieldTerms, lengths: array) -> None:
    """One field's postings, terms in byte order, as `search.array_postings` keeps them (a term
    in one document inside its entry, as Whoosh's writer may, others in one block of arrays) but a
    few hundred thousand postings at a time, their statistics taken over whole arrays."""
    fields.start_field(name, field)
    postings = _PostingLists(terms)
    del terms
    length_bytes = np.array([length_to_byte(length) if length else 0 for length in lengths], np.int64)
    prefix = pack_ushort(fields._fieldid)  # the term table's key: field number, then the term
    for first_term, last_term in postings.chunks():
        chunk = _Chunk(postings, first_term, last_term, field.format, length_bytes)
        fields._tindex.add_sorted(*chunk.write(fields._postfile, prefix))
    fields.finish_field()


class _Chunk:
    """Some consecutive terms of a field with their postings, each term's statistics taken over
    whole arrays."""

    def __init__(self, postings: _PostingLists, first_term: int, last_term: int, field_format,
                 length_bytes: np.ndarray) -> None:
        self.terms = postings.terms[first_term:last_term]
        base, top = int(postings.ranges[first_term]), int(postings.ranges[last_term])
        self.starts = (postings.ranges[first_term:last_term + 1] - base).tolist()  # term k: [k]:[k + 1]
        self.docs = postings.docs[base:top].astype(np.int64)
        self.frequencies = postings.frequencies[base:top]
        self.weights = self.frequencies * field_format.field_boost
        self.lengths = length_bytes[self.docs]
        starts = np.array(self.starts[:-1])
        present = np.where(self.lengths > 0, self.lengths, _NO_LENGTH)
        self.max_weight = np.maximum.reduceat(self.weights, starts).tolist()
        self.weight_sum = np.add.reduceat(self.weights, starts).tolist()
        shortest = np.minimum.reduceat(present, starts)
        self.min_length = np.where(shortest == _NO_LENGTH, 0, shortest).tolist()
        self.max_length = np.maximum.reduceat(self.lengths, starts).tolist()
        self.gaps = np.diff(self.docs, prepend=0)  # each term's run from 0, below
        self.gaps[starts] = self.docs[starts]
        self.fixed_size = field_format.fixed_value_size()
        if self.fixed_size is None:  # each posting's positions, as gaps
            self.position_offsets = (postings.gap_offsets[base:top + 1] - postings.gap_offsets[base]).tolist()
            self.position_gaps = postings.gaps[postings.gap_offsets[base]:postings.gap_offsets[top]]

    def write(self, postfile, prefix: bytes) -> tuple[list[bytes], list[bytes]]:
        """Write the terms' blocks to the postings file; their term table keys and entries."""
        keys = [prefix + term.encode("utf-8") if isinstance(term, str) else prefix + term
                for term in self.terms]
        entries = []
        position = postfile.tell()
        parts: list[bytes] = []
        for number, (first, end) in enumerate(zip(self.starts, self.starts[1:], strict=False)):
            if end - first == 1 and self.fixed_size != 0:
                entries.append(self._inline_entry(first))
                continue
            written = array_postings.block(
                self.gaps[first:end], self.weights[first:end], self._values(first, end),
                int(self.docs[end - 1]), self.min_length[number], self.max_length[number])
            parts.append(written)
            entries.append(_TERM_WITH_BLOCKS.pack(
                0, self.weight_sum[number], end - first, self.min_length[number], self.max_length[number],
                self.max_weight[number], int(self.docs[first]), int(self.docs[end - 1]), position,
                len(written)))
            position += len(written)
        postfile.write(b"".join(parts))
        return keys, entries

    def _values(self, first: int, end: int) -> array_postings.PackedValues | bytes | None:
        if self.fixed_size is None:
            gaps = self.position_gaps[self.position_offsets[first]:self.position_offsets[end]]
            return array_postings.PackedValues(array_postings.smallest(gaps),
                                               array_postings.smallest(self.frequencies[first:end]))
        if self.fixed_size:  # each posting's frequency, packed as Whoosh's format packs it
            return self.frequencies[first:end].astype(">u4").tobytes()
        return None

    def _inline_entry(self, at: int) -> bytes:
        """The entry of a term in one document, its posting inside it: pickled with protocol 4, which
        Whoosh's reader reads as well (protocol 2 spells each bytes value as a call of
        `_codecs.encode`: 74 bytes for one posting, 38 here)."""
        doc, weight, length = int(self.docs[at]), float(self.weights[at]), int(self.lengths[at])
        if self.fixed_size is None:  # the gaps are little-endian 4-byte numbers, as the format keeps them
            value = self.position_gaps[self.position_offsets[at]:self.position_offsets[at + 1]].tobytes()
        else:
            value = self._values(at, at + 1)
        return (W3TermInfo._struct.pack(1, weight, 1, length, length, weight, doc, doc)
                + pickle.dumps(((doc,), (weight,), (value,)), 4))


class _TermTable(OrderedHashWriter):
    """Whoosh's term table writer given a field's entries at once: the same file (each entry its
    lengths, key and value; 256 hash tables of the keys' MD5 hashes by linear probing; the entries'
    places in key order), written from arrays rather than through a few Python calls per term."""

    codes: list[np.ndarray]
    places: list[np.ndarray]

    @classmethod
    def taking_over(cls, table: OrderedHashWriter) -> None:
        """Make `table`, as Whoosh's field writer made it (only its header written), one of these."""
        assert not len(table.index), "entries were added the usual way"
        table.__class__ = cls
        table.codes, table.places = [], []

    def add_sorted(self, keys: list[bytes], values: list[bytes]) -> None:
        """Add entries whose keys come after every key added before, in ascending order."""
        if not keys:
            return
        key_lengths = np.fromiter(map(len, keys), np.int64, len(keys))
        value_lengths = np.fromiter(map(len, values), np.int64, len(values))
        sizes = _ENTRY_LENGTHS.size + key_lengths + value_lengths
        self.places.append(self.dbfile.tell() + np.cumsum(sizes) - sizes)
        lengths = np.column_stack((key_lengths, value_lengths)).astype(">i4").tobytes()
        step = _ENTRY_LENGTHS.size
        self.dbfile.write(b"".join(itertools.chain.from_iterable(zip(
            [lengths[at:at + step] for at in range(0, len(lengths), step)], keys, values, strict=True))))
        # Whoosh's `md5_hash`: the digest's last four bytes as a big-endian number.
        digests = b"".join([hashlib.md5(key, usedforsecurity=False).digest() for key in keys])
        self.codes.append(np.frombuffer(digests, ">u4")[3::4].astype(np.int64))
        self.lastkey = keys[-1]

    def _write_hashes(self) -> None:
        """`HashWriter._write_hashes`, each table written in one piece; the index of places too."""
        codes = np.concatenate([np.empty(0, np.int64), *self.codes])
        places = np.concatenate([np.empty(0, np.int64), *self.places])
        if places.size and places[-1] >= 2 ** 16:  # the type Whoosh's array grows to
            self.index._retype(int(places[-1]))
        self.index.array.extend(places.tolist())
        buckets = codes & 255
        order = np.argsort(buckets, kind="stable")  # in each bucket, entries in the order added
        ends = np.cumsum(np.bincount(buckets, minlength=256))
        for start, end in zip(itertools.chain([0], ends.tolist()), ends.tolist(), strict=False):
            self.directory.append((self.dbfile.tell(), 2 * (end - start)))
            if end > start:
                members = order[start:end]
                self.dbfile.write(_hash_table(codes[members], places[members]).tobytes())


_POINTER = np.dtype([("code", ">u4"), ("place", ">i8")])
"""A hash table's slot, as `whoosh.filedb.filetables._pointer` packs it."""


def _hash_table(codes: np.ndarray, places: np.ndarray) -> np.ndarray:
    """One of a term table's hash tables: twice as many slots as entries, each entry in the first
    free slot from its hash's, in the order added (empty slots zero)."""
    size = 2 * codes.size
    taken = bytearray(size)
    slots = []
    for code in codes.tolist():
        slot = (code >> 8) % size
        while taken[slot]:
            slot = (slot + 1) % size
        taken[slot] = 1
        slots.append(slot)
    table = np.zeros(size, _POINTER)
    table["code"][slots] = codes
    table["place"][slots] = places
    return table
