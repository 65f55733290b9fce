"""Writing a whole index at once: whole segments, analysed and written in worker processes.

Whoosh's own writer sends every posting through a pool of pickled temporary runs on disk (gigabytes
at 100,000 cases), sorts and merges them, and looks each document's field length up again while
writing. Here each worker process takes a share of the records, analyses them straight into
per-term arrays in memory and hands them, in term order, to Whoosh's codec writers (the public
per-field and per-document writer API), so the files are Whoosh's own format, read by its reader.
The parent only reads records and lists the finished segments in the index's table of contents:
nothing is merged.
"""

from __future__ import annotations

import math
import multiprocessing
import operator
import pickle
import queue
from array import array
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter, W3TermInfo
from whoosh.fields import TEXT
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.system import pack_uint, pack_ushort

from search.analysis import TERMS, fold
from search.records import IndexRecord
from search.schema import pack_gaps

PROCESSES = 2
SEGMENT_DOCS = 25_000
"""Most documents one worker writes as one segment: its postings are held in memory until written."""
_INLINE_BELOW = 2
"""Posting lists shorter than this are kept inside the term's entry, not as a block of their own:
most terms of a segment occur in one case only (an eighth smaller index, less to write)."""
_PROGRESS_EVERY = 200
_POLL_SECONDS = 0.2

Document = Callable[[IndexRecord], dict]
"""A record as the schema's field values."""

# Set in each worker process by `_start_worker`.
_progress_queue: multiprocessing.Queue | None = None
_cancelled_event = None


class _InliningCodec(W3Codec):
    """Whoosh's codec, writing single postings inside the term entry except in fields whose
    postings carry no value (ids, numbers): Whoosh reads those back as "" (a str), which its own
    merge refuses. Used only to write: segments name the plain codec, which reads both kinds."""

    def postings_writer(self, dbfile, byteids: bool = False) -> W3PostingsWriter:
        return _InliningPostingsWriter(dbfile, self._blocklimit, byteids, self._compression, _INLINE_BELOW)


class _CompactTermInfo(W3TermInfo):
    """Whoosh's term info, pickling inline postings with protocol 4, which its reader reads as
    well: protocol 2 spells each bytes value as a call of `_codecs.encode` (74 bytes for one
    posting, 38 here), and most terms of a segment are inline."""

    def to_bytes(self) -> bytes:
        packed = super().to_bytes()
        if not self.is_inlined():
            return packed
        return packed[:self._struct.size] + pickle.dumps(self._inlined, 4)


class _InliningPostingsWriter(W3PostingsWriter):
    def start_postings(self, format_, terminfo) -> None:
        terminfo.__class__ = _CompactTermInfo  # Whoosh's field writer makes a plain one
        super().start_postings(format_, terminfo)
        # whoosh-reloaded 2.7.5 inlines through set_inline(), which its term info spells set_inlined().
        terminfo.set_inline = terminfo.set_inlined
        self._inlinelimit = _INLINE_BELOW if format_.fixed_value_size() != 0 else 1


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


class _Postings:
    """One term's postings in one field, as compact arrays: documents, frequencies and (for
    fields with positions) the position gaps, all documents' one after another."""

    __slots__ = ("docs", "frequencies", "gaps")

    def __init__(self) -> None:
        self.docs = array("I")
        self.frequencies = array("I")
        self.gaps = array("I")


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
    postings: dict[str, dict[str, _Postings]] = {name: {} for name in schema.names()}
    lengths: dict[str, array] = {name: array("I") for name in schema.names()}
    positioned = {name for name in schema.names() if isinstance(schema[name].format, Positions)}
    for docnum, record in enumerate(records):
        per_document.start_doc(docnum)
        for name, value in document(record).items():
            field = schema[name]
            length = 0
            if isinstance(field, TEXT):
                length = _add_text(postings[name], docnum, value, field.analyzer.kind, name in positioned)
            elif field.indexed:
                for term, _, _, _ in field.index(value):
                    _add_posting(postings[name], term, docnum, 1)
            lengths[name].append(length)
            per_document.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                per_document.add_column_value(name, field.column_type, field.to_column_value(value))
        per_document.finish_doc()
        if (docnum + 1) % _PROGRESS_EVERY == 0 and report(docnum + 1):
            per_document.close()
            raise Cancelled
    per_document.close()
    fields = _InliningCodec().field_writer(storage, segment)
    for name in sorted(postings):
        if postings[name]:
            _write_field(fields, name, schema[name], postings[name], lengths[name], name in positioned)
    fields.close()
    segment.set_doc_count(len(records))
    return segment


def _add_text(terms: dict[str, _Postings], docnum: int, value: str, kind: str, positioned: bool) -> int:
    """Index one text of one document; returns its length in terms."""
    places: dict[str, list[int]] = {}
    tokens = list(TERMS[kind](fold(value).text))
    for term, position, _, _ in tokens:
        found = places.get(term)
        if found is None:
            places[term] = [position]
        else:
            found.append(position)
    for term, found in places.items():
        postings = _add_posting(terms, term, docnum, len(found))
        if positioned:
            postings.gaps.append(found[0])
            if len(found) > 1:  # most terms stand once in a text
                postings.gaps.extend(map(operator.sub, found[1:], found))
    return len(tokens)


def _add_posting(terms: dict, term: str | bytes, docnum: int, frequency: int) -> _Postings:
    postings = terms.get(term)
    if postings is None:
        postings = terms[term] = _Postings()
    postings.docs.append(docnum)
    postings.frequencies.append(frequency)
    return postings


def _write_field(fields, name: str, field, terms: dict, lengths: array, positioned: bool) -> None:
    """One field's postings, terms in byte order, each value encoded as the field's format does.

    A term in one document only (most terms) has its entry written here, as Whoosh's postings
    writer would inline it: going through that writer cost a dozen Python calls per term."""
    fields.start_field(name, field)
    encoded = sorted(((term.encode("utf-8") if isinstance(term, str) else term, postings)
                      for term, postings in terms.items()), key=lambda item: item[0])
    boost = field.format.field_boost
    inline = field.format.fixed_value_size() != 0  # as `_InliningPostingsWriter` decides
    prefix = pack_ushort(fields._fieldid)  # the term table's key: field number, then the term
    for term, postings in encoded:
        if inline and len(postings.docs) == 1:
            docnum, frequency = postings.docs[0], postings.frequencies[0]
            value = _value(field, positioned, postings.gaps, frequency)
            entry = _inline_entry(docnum, frequency * boost, value, lengths[docnum])
            fields._tindex.add(prefix + term, entry)
            continue
        fields.start_term(term)
        cursor = 0
        for docnum, frequency in zip(postings.docs, postings.frequencies, strict=True):
            value = _value(field, positioned, postings.gaps[cursor:cursor + frequency], frequency)
            cursor += frequency
            fields.add(docnum, frequency * boost, value, lengths[docnum])
        fields.finish_term()
    fields.finish_field()


def _value(field, positioned: bool, gaps: array, frequency: int) -> bytes:
    if positioned:
        return pack_gaps(gaps)
    return pack_uint(frequency) if field.scorable else b""


def _inline_entry(docnum: int, weight: float, value: bytes, length: int) -> bytes:
    """The term entry Whoosh's postings writer makes of a single posting it inlines (its weight
    kept as a 4-byte float, as the writer's block keeps it)."""
    weight = array("f", [weight])[0]
    info = _CompactTermInfo(weight=weight, df=1, minlength=length, maxlength=length, maxweight=weight,
                            minid=docnum, maxid=docnum)
    info.set_inlined((docnum,), (weight,), (value,) if value else ())
    return info.to_bytes()
