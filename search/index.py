"""The Whoosh index of an archive: plain records in, hits with snippets and facet counts out."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import gc
import importlib
import itertools
import logging
import multiprocessing
import shutil
import threading
import time
import uuid
import warnings
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import LockError

from search import highlight, word_table
from search.analysis import ANALYSIS_VERSION, bigrams, fold
from search.errors import IndexClosed, IndexNeedsRebuild, SearchError
from search.mapped_segments import MappedSegmentStorage
from search.matching import Found, Matcher, PostingCache, Segment
from search.merging import (
    SAVE_SEGMENT_DOCS,
    Pick,
    bulk_segments,
    delete_segment_files,
    merge_saved_segments,
    merge_segments,
    saved_segments,
)
from search.query import Every, parse
from search.records import IndexRecord, SearchFilters, SearchHit, SearchResult
from search.schema import build_schema
from search.segments import write_segment, write_segments, write_toc
from search.small_segment import write_small_segment

log = logging.getLogger(__name__)

_VERSION_FILE = "analysis-version"
_WRITE_LOCK = "MAIN_WRITELOCK"
_REBUILD_PROCESSES = 2
_WARM_UP_AFTER_SECONDS = 1.0
_WARM_UP_REST_SECONDS = 0.02
_MERGE_AT_SAVED = 8
"""Segments that saves left (`SAVE_SEGMENT_DOCS`) are merged at once, in the background, once this
many have piled up (saves that never pause); else once saves pause, `_IDLE_MERGE_SECONDS` after
the last one. Counted on the index, so short sessions with a few saves each still get merged. Not
all segments: merges leave some of more documents, which kept the count up and set off a merge
of two or three segments after every save."""
_IDLE_MERGE_SECONDS = 2.0
_MOST_SEGMENTS = 36
"""Saves wait for a running merge past this many segments (saves faster than merges)."""
_MOST_WAIT_SECONDS = 5.0
"""How long a save waits for that merge at most: a bound, never a hang."""
_UPSERT_CHUNK = 50
"""Records per commit of a batch edit: a commit holds the index's lock for a fraction of a second."""
_UPSERT_PIECES = 4
"""At most this many commits of more than `_UPSERT_CHUNK` records: a bulk add's many small segments
would be merged again and again."""
_PARALLEL_FROM = 500
"""Below this many records, starting worker processes costs more than it saves."""
_APART_FROM = 100
"""Upserts of this many records (a batch edit, a bulk add) are analysed and written in a helper
process: there the analysis, and jieba's dictionary that its first use loads in one call holding
Python's lock for half a second, never keep the window's thread from running."""
_MARKED_HITS = 500
"""Titles and snippets of hits kept marked (a few hundred bytes each)."""
MAX_QUERY_CHARS = 500
"""Longer queries cost the matcher seconds and memory, and no one types them."""


class SearchIndex:
    """One index folder. Writes are committed when a method returns; searches see them at once.

    The archive guarantees a single writing process, so a write lock left behind by a crashed
    process is broken on open.
    """

    def __init__(self, folder: Path, ix: whoosh_index.Index) -> None:
        self.folder = folder
        self._ix = ix
        self._segment_files = MappedSegmentStorage(str(folder), readonly=ix.storage.readonly)
        self._lock = threading.RLock()
        self._searches_waiting = 0
        self._waiting_lock = threading.Lock()
        self._no_search = threading.Condition(self._waiting_lock)
        """Notified when no search waits or runs: the warm-up sleeps on it, never polling (each
        poll would take Python's lock from the threads doing the work)."""
        self._cache = PostingCache()
        self._marked_hits: OrderedDict[tuple[str, int, tuple[str, ...]], tuple[str, str]] = OrderedDict()
        self._readers: dict[tuple[str, int], SegmentReader] = {}
        self._closed = False
        self._merge_due: float | None = None
        self._merge_wakeup = threading.Condition()
        self._merger: threading.Thread | None = None
        self._merging = threading.Lock()
        self._merging_saves = False
        self._closing = False
        self._open_searcher()
        self._warming: threading.Timer | None = None
        self._answered = False
        self._warm_up()

    @classmethod
    def open(cls, folder: Path, *, read_only: bool = False) -> SearchIndex:
        """Open an existing index; IndexNeedsRebuild when it is missing, outdated or damaged.
        `read_only` (a read-only folder, or another process writes the archive) leaves every file
        as it is, the write lock included."""
        if not (folder / _VERSION_FILE).is_file():
            raise IndexNeedsRebuild(f"搜索索引 {folder} 不存在")
        if (folder / _VERSION_FILE).read_text(encoding="utf-8").strip() != ANALYSIS_VERSION:
            raise IndexNeedsRebuild("搜索索引由旧版分词规则建立")
        if not read_only:
            (folder / _WRITE_LOCK).unlink(missing_ok=True)
        problem = ""
        # Whoosh leaves the file it failed to read open; it is closed here, not warned about later.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                if whoosh_index.exists_in(str(folder)):
                    index = cls(folder, whoosh_index.open_dir(str(folder), readonly=read_only))
                    index._searcher.doc_count()
                else:
                    problem = "不完整"
            except Exception as error:  # Whoosh raises many types for damaged files.
                problem = f"已损坏：{error}"
            if problem:
                gc.collect()
        if problem:
            raise IndexNeedsRebuild(f"搜索索引 {folder} {problem}")
        return index

    @classmethod
    def create(cls, folder: Path) -> SearchIndex:
        """An empty index in `folder`, replacing the index that was there."""
        if folder.exists() and not folder.is_dir():
            raise SearchError(f"无法建立搜索索引：{folder} 是一个文件，不是文件夹。")
        if folder.exists():
            shutil.rmtree(folder)
        _create_empty(folder)
        return cls(folder, whoosh_index.open_dir(str(folder)))

    def close(self) -> None:
        with self._merge_wakeup:
            self._closing = True
            self._merge_wakeup.notify_all()
        if self._merger is not None:
            self._merger.join()  # after the merge it was running
            if self._piled_up():
                self._merge_saved_segments()  # a command's few saves: else never merged
        with self._lock:
            self._closed = True
        self._stop_warming()
        with self._lock:
            self._close_readers()
            self._ix.close()

    def _warm_up(self) -> None:
        """Decode what the first searches need in a background thread, a piece at a time under
        the lock, so that a search never waits for more than one piece."""
        self._stop_warming()
        matcher = self._matcher

        def stopped() -> bool:
            return self._closed or self._matcher is not matcher

        def run() -> None:
            # What cuts queries, loaded ahead of the first keystroke but not in the opening: the
            # window's first results (no query) waited for it, 2-3 s on a first start, when the
            # table is made from jieba's whole dictionary. Outside the index's lock: searches that
            # need no cutting go on meanwhile.
            try:
                word_table.prepare()
            except Exception as error:  # the first query loads it again, and reports what fails
                log.warning("query word table not prepared: %r", error)
            # np.unique imports numpy.ma on its first call (30-100 ms, else in the first save's
            # search); not in the opening, where a command that searches once never needs it.
            if not self._take_turns(iter([functools.partial(importlib.import_module, "numpy.ma")]), stopped):
                return
            try:
                if not self._take_turns(matcher.warm_up_steps(), stopped):
                    return
            except Exception as error:  # Whoosh raises many types for damaged files.
                # Warming is only ahead of time: a damaged index is the opener's to find and
                # rebuild, and the searches themselves report it.
                log.warning("search index warm-up stopped: %r", error)
                return
            log.debug("search index warmed up: %d entries decoded", self._cache.size)
            # Last, the whole segmenter a save's analysis needs, a slice at a time: a person's
            # first save comes long after the first searches.
            try:
                self._take_turns((lambda: None for _ in word_table.segmenter_in_steps()), stopped)
            except Exception as error:  # the first save loads it whole, and reports what fails
                log.warning("segmenter not prepared: %r", error)

        # Not at once: a command that opens the archive for one search would share its lock and
        # Python's with a warm-up it never profits from (a second of its run on a busy machine).
        self._warming = threading.Timer(_WARM_UP_AFTER_SECONDS, run)
        self._warming.name, self._warming.daemon = "search-warm-up", True
        self._warming.start()

    def _take_turns(self, pieces: Iterator[Callable[[], object]], stopped: Callable[[], bool],
                    rest: float | None = None) -> bool:
        """Run `pieces` one at a time under the index's lock, never beside a search or a save: a
        thread that keeps Python busy beside one made it wait for Python's lock after each file
        read, nearly doubling a first search's time (p95 38 ms instead of 20 at 20,000 cases).
        False once `stopped`. A piece's work may lie in taking it from `pieces`: that runs locked
        too. `rest`: the pause before each piece, by default the warm-up's."""
        while True:
            with self._no_search:
                # A rest after each piece: a thread that keeps Python busy makes every call from
                # Qt back into Python on the window's thread wait for Python's lock (up to 5 ms
                # each), which added up to stalls of 150-300 ms while the user typed.
                self._no_search.wait_for(stopped, timeout=_WARM_UP_REST_SECONDS if rest is None else rest)
                # The lock is not fair: searches take it first.
                self._no_search.wait_for(lambda: stopped() or not self._searches_waiting)
            with self._lock:
                if stopped():
                    return False
                piece = next(pieces, None)
                if piece is None:
                    return True
                piece()

    def _stop_warming(self) -> None:
        """Once closed or reopened: a warm-up not started never will; else it stops at its next
        piece, or as it wakes from waiting for the searches to end."""
        if self._warming is not None:
            self._warming.cancel()
            with self._no_search:
                self._no_search.notify_all()
            self._warming.join()

    # -- writing ------------------------------------------------------------------------------

    def upsert(self, records: Iterable[IndexRecord], *, merge: bool = True) -> None:
        """Add or replace these records, committed a few dozen at a time (a bulk add in at most
        `_UPSERT_PIECES` larger pieces): searches wait for one piece at most. The small segments
        saves leave are merged in the background once saves pause or pile up; `merge=False` leaves
        them for `merge_small_segments`, when the caller is idle."""
        latest = list({record.id: record for record in records}.values())
        size = max(_UPSERT_CHUNK, len(latest) // _UPSERT_PIECES)  # a bulk add: few, larger segments
        for start in range(0, len(latest), size):
            chunk = latest[start:start + size]
            if merge and len(chunk) < SAVE_SEGMENT_DOCS:  # a save; a bulk add's pieces are not merged
                self._wait_for_room()
            # A few records' segment in one file: a file costs a few milliseconds on a busy disk.
            if len(latest) >= _APART_FROM:
                write = functools.partial(_write_apart, one_file=len(chunk) <= _UPSERT_CHUNK)
            else:  # here (at most `_UPSERT_CHUNK`): the open index's schema, no table of contents read
                write = functools.partial(write_small_segment, schema=self._toc.schema,
                                          indexname=self._ix.indexname)
            with self._writing():
                self._change(chunk, (), write)
            if merge:
                # Never as the save waits (about 100 ms at 100,000 cases, every few saves).
                self._merge_after(0.0 if self._piled_up() or self._bulk_due() else _IDLE_MERGE_SECONDS)

    def delete(self, ids: Iterable[str]) -> None:
        with self._writing():
            self._change([], ids, None)

    def _change(self, records: list[IndexRecord], deleted: Iterable[str], write: Callable | None) -> None:
        """`records` written as a new segment (by `write`), their old versions and the cases
        `deleted` deleted, in one new table of contents. Not with Whoosh's writer: it makes a
        segment of its own (a temporary folder and a dozen files) only to remove it again, and
        reads the table of contents and lists the folder twice more, about 15 ms of a save."""
        with self._write_lock():
            toc = self._toc
            segments = list(toc.segments)
            place = {segment.segment_id(): number for number, segment in enumerate(segments)}
            for record_id in itertools.chain((record.id for record in records), deleted):
                for docnum in self._searcher.document_numbers(id=record_id):
                    holder = next(s for s in self._matcher.segments if s.offset <= docnum < s.offset + s.size)
                    number = place[holder.id]
                    if segments[number] is toc.segments[number]:  # the open readers keep the old one
                        segments[number] = copy.deepcopy(segments[number])
                    segments[number].delete_document(docnum - holder.offset)
            if records:
                segments.append(write(self.folder, records, _document))
            written = write_toc(self._ix.storage, self._ix.indexname, toc, segments)
        self._searcher.close()
        self._open_searcher(written)

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Whoosh's write lock on the folder, for a new table of contents."""
        lock = self._ix.lock("WRITELOCK")
        if not lock.acquire():
            # Only a crashed writer of this process's archive can hold it: see the class doc.
            (self.folder / _WRITE_LOCK).unlink(missing_ok=True)
            if not lock.acquire():
                raise LockError
        try:
            yield
        finally:
            lock.release()

    def merge_small_segments(self) -> None:
        """Merge the small segments that saves and bulk adds left, once they have piled up: on the
        index's merge thread, so the caller goes on (a merge took seconds on a busy machine, 35 s
        once)."""
        if self._piled_up() or self._bulk_due():
            self._merge_after(0.0)

    def _piled_up(self) -> bool:
        return sum(1 for s in self._matcher.segments if s.size < SAVE_SEGMENT_DOCS) >= _MERGE_AT_SAVED

    def _bulk_due(self) -> bool:
        return bool(bulk_segments(self._toc.segments))

    def _wait_for_room(self) -> None:
        """Saves faster than merges wait for the running merge of saves' segments once segments
        reach `_MOST_SEGMENTS` (each costs every search time): the count stays bounded. Not for a
        merge of bulk adds' pieces, which takes seconds and leaves saves' segments as they are."""
        with self._merge_wakeup:
            self._merge_wakeup.wait_for(lambda: self._closing or not self._merging_saves
                                        or len(self._matcher.segments) < _MOST_SEGMENTS,
                                        timeout=_MOST_WAIT_SECONDS)

    def _merge_after(self, seconds: float) -> None:
        """Merge the segments saves left `seconds` from now (put off by each save while they have
        not piled up), in a thread of the index's own (one thread, not one a save: starting a
        thread costs a save milliseconds on a busy machine). A burst of saves is merged once."""
        with self._merge_wakeup:
            due = time.monotonic() + seconds
            # Woken only for an earlier time: waiting until the one it had, the thread then waits
            # on for a later one. Each wakeup cost the save handing Python's lock over and back.
            if self._merge_due is None or due < self._merge_due:
                self._merge_wakeup.notify_all()
            self._merge_due = due
        if self._merger is None:
            self._merger = threading.Thread(target=self._merge_when_due, name="search-merge", daemon=True)
            self._merger.start()

    def _merge_when_due(self) -> None:
        while True:
            with self._merge_wakeup:
                now = time.monotonic()
                if self._closing:
                    return
                if self._merge_due is None or now < self._merge_due:
                    self._merge_wakeup.wait(None if self._merge_due is None else self._merge_due - now)
                    continue
                self._merge_due = None
            self._merge_saved_segments()
            # Then bulk adds' pieces, a full tier at a time, until none is full or closing.
            while not self._closing and self._merge(bulk_segments, _merge_apart):
                pass

    def _merge_saved_segments(self) -> None:
        """Merge the segments saves left into one. On this thread, not in the helper process (its
        start, a second of CPU on the busy cores each time the program runs, slowed the saves),
        in pieces of a millisecond or two taken between the saves and searches: beside a save, a
        merge that kept Python busy made it wait for Python's lock, and on a busy machine for the
        merge's thread to be given a core again."""
        self._merging_saves = True
        try:
            # No rest between pieces: saves that pile up segments faster than they are merged
            # would wait for the merge (`_wait_for_room`).
            turns = functools.partial(self._take_turns, stopped=lambda: self._closed, rest=0.0)
            self._merge(saved_segments, functools.partial(merge_saved_segments, turns=turns))
        finally:
            self._merging_saves = False
            with self._merge_wakeup:
                self._merge_wakeup.notify_all()  # saves waiting for room

    def _merge(self, pick: Pick, merge: Callable) -> bool:
        """Merge the segments `pick` picks into one (by `merge`: `merge_saved_segments`,
        `merge_segments` or a stand-in with their arguments), written without holding the index's
        lock throughout (a merge of saves' segments takes it piece by piece), which is taken to list
        the new segment in place of the merged ones. One merge at a time. True when one was listed."""
        with self._merging:
            with self._lock:
                if self._closed:
                    return False
                toc = self._toc
            if not pick(toc.segments):  # no writer opened for nothing
                return False
            try:
                merged, segment = merge(self.folder, self._ix.indexname, toc, pick)
                return segment is not None and self._list_merged(toc, merged, segment)
            except Exception as error:  # Whoosh raises many types; the index stays as it was.
                log.warning("merging the search index's small segments failed: %r", error)
                return False

    def _list_merged(self, before: TOC, merged: list[str], segment) -> bool:
        """List `segment`, the merge of the segments `merged` of the table of contents `before`, in
        their place; False when the index closed or a merged segment went meanwhile. An edit since
        then may have deleted a document of theirs: deleted in the new segment too (Whoosh's merge
        numbers the live documents in order)."""
        reader = SegmentReader(self._segment_files, before.schema, segment)  # opened before the lock
        sources = [s for s in before.segments if s.segment_id() in merged]
        with self._writing():
            locked = time.perf_counter()
            now = {s.segment_id(): s for s in self._toc.segments}
            if self._closed or any(segment_id not in now for segment_id in merged):
                reader.close()
                delete_segment_files(self._ix.storage, [segment.segment_id()])
                return False
            base = 0
            for source in sources:
                live = [d for d in range(source.doc_count_all()) if not source.is_deleted(d)]
                for rank, docnum in enumerate(live):
                    if now[source.segment_id()].is_deleted(docnum):
                        segment.delete_document(base + rank)
                base += len(live)
            if segment.deleted_count():
                reader.close()  # opened before its deletions: opened again with them
            else:
                self._readers[(segment.segment_id(), 0)] = reader
            # In the place of the first merged segment: documents keep their order (ties rank it).
            at = next(n for n, s in enumerate(self._toc.segments) if s.segment_id() in merged)
            segments = [s for s in self._toc.segments if s.segment_id() not in merged]
            segments.insert(at, segment)
            with self._write_lock():
                written = write_toc(self._ix.storage, self._ix.indexname, self._toc, segments)
            self._searcher.close()
            self._open_searcher(written)
            held = time.perf_counter() - locked
        log.debug("%d segments merged: the index's lock held %.1f ms", len(merged), held * 1000)
        delete_segment_files(self._ix.storage, merged)  # their readers are closed
        return True

    def rebuild(self, records: Iterable[IndexRecord], total: int,
                progress: Callable[[int, int], None] | None = None,
                is_cancelled: Callable[[], bool] | None = None) -> None:
        """Replace the whole index with `records`; a cancelled or failed rebuild changes nothing."""
        staging = self.folder.with_name(f"{self.folder.name}.rebuild-{uuid.uuid4().hex[:8]}")
        _create_empty(staging)
        try:
            processes = _REBUILD_PROCESSES if total >= _PARALLEL_FROM else 1
            if write_segments(staging, records, total, _document, progress, is_cancelled, processes):
                self._swap_in(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _swap_in(self, staging: Path) -> None:
        with self._lock:
            self._close_readers()
            self._ix.close()
            retired = self.folder.with_name(f"{self.folder.name}.old-{uuid.uuid4().hex[:8]}")
            if self.folder.exists():
                self.folder.rename(retired)
            staging.rename(self.folder)
            shutil.rmtree(retired, ignore_errors=True)
            self._ix = whoosh_index.open_dir(str(self.folder))
            self._open_searcher()
        self._warm_up()

    # -- reading ------------------------------------------------------------------------------

    def versions(self) -> dict[str, str]:
        """id -> version of every record in the index."""
        with self._lock:
            found: dict[str, str] = {}
            for segment in self._matcher.segments:
                ids, versions = segment.column("id"), segment.column("version")
                found.update((ids[d], versions[d]) for d in np.flatnonzero(segment.live))
            return found

    def probe(self, texts: Iterable[str]) -> None:
        """Read a little of every file a search reads, so that a damaged one (a truncated file opens
        fine) raises here: per segment the last document's stored fields, and the first block of
        each posting list that the character pairs of `texts` name. Cheap where searching the
        texts would decode whole lists (seconds on the first searches of a large index)."""
        pairs = {term for text in texts for term, _, _, _ in bigrams(fold(text).text)}
        with self._searching():
            for segment in self._matcher.segments:
                reader = segment.reader
                if segment.size:
                    segment.stored_fields(segment.size - 1)
                for field in ("title_bigrams", "body_bigrams"):
                    for term in pairs:
                        if (field, term) in reader:
                            postings = reader.postings(field, term)
                            if postings.is_active():
                                postings.value()

    def search(self, query: str, filters: SearchFilters = SearchFilters(), *,
               sort: str = "relevance", limit: int = 20, offset: int = 0) -> SearchResult:
        """Hits for `query` within `filters`, best first (newest first with sort="date", or when
        the query asks for no words). Facets count the whole result. Never raises on syntax;
        SearchError for a query past MAX_QUERY_CHARS (its parsing grows with its length)."""
        if len(query) > MAX_QUERY_CHARS:
            raise SearchError(f"检索词过长（{len(query)} 字），最多 {MAX_QUERY_CHARS} 字。")
        parsed = parse(query)
        wanted = parsed.query if parsed.query is not None else Every()
        by_date = sort == "date" or parsed.query is None
        keep = _restriction(filters, parsed.day_from, parsed.day_to)
        with self._searching():
            # Segments without a match are left out: their days and facet columns are not read
            # (a save's search, the first after opening, read all of them: 0.6 s at 100,000 cases).
            found = [(segment, f) for segment, f in self._matcher.matches(
                wanted, keep, () if by_date else parsed.nearby) if f.mask.any()]
            page = self._matcher.ranked(found, max(0, offset) + max(0, limit), by_date, parsed.nearby)
            hits = []
            for match in page[max(0, offset):]:
                title_html, snippet_html = self._marked(match.docnum, tuple(parsed.needles))
                hits.append(SearchHit(id=self._matcher.case_id(match.docnum), score=match.score,
                                      title_html=title_html, snippet_html=snippet_html))
            result = SearchResult(total=sum(int(f.mask.sum()) for _, f in found), hits=hits,
                                  facets=_facets(found))
        if not self._answered:
            self._answered = True
            # What lives as long as the program (modules, the window, the open index) exists by
            # the first answer; it leaves Python's full collections, whose walk through it held
            # Python's lock 80-140 ms, a stall of the window wherever one fell. Once per index:
            # a freeze also keeps whatever cyclic garbage waits at that moment.
            gc.freeze()
        return result

    def _marked(self, docnum: int, needles: tuple[str, ...]) -> tuple[str, str]:
        """A hit's title and snippet with `needles` marked, remembered for the last few hundred
        hits: reading and marking a body is most of a warm page, and a page is asked again when
        the user pages back, sorts or filters. A segment's documents never change: the key holds."""
        key = (*self._matcher.locate(docnum), needles)
        marked = self._marked_hits.get(key)
        if marked is None:
            stored = self._matcher.stored_fields(docnum)
            marked = (highlight.highlight_whole(stored.get("title", ""), needles),
                      highlight.snippet(highlight.plain_text(stored.get("body", "")), needles))
            self._marked_hits[key] = marked
            if len(self._marked_hits) > _MARKED_HITS:
                self._marked_hits.popitem(last=False)
        else:
            self._marked_hits.move_to_end(key)
        return marked

    def matching_ids(self, query: str, filters: SearchFilters = SearchFilters()) -> list[str]:
        """The ids of every hit of `query` within `filters`, in no order: for a caller that orders
        them by something the index does not keep (a title, when a case was last changed)."""
        parsed = parse(query)
        wanted = parsed.query if parsed.query is not None else Every()
        keep = _restriction(filters, parsed.day_from, parsed.day_to)
        with self._searching():
            found = self._matcher.matches(wanted, keep)
            return [ids[d] for segment, f in found for ids in [segment.column("id")] for d in f.docs]

    # -- internals ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def warm_up_paused(self) -> Iterator[None]:
        """The warm-up takes no step meanwhile: a caller's whole search job (its database reads
        too) need not share Python's lock with it."""
        with self._waiting_lock:
            self._searches_waiting += 1
        try:
            yield
        finally:
            with self._no_search:
                self._searches_waiting -= 1
                if not self._searches_waiting:
                    self._no_search.notify_all()

    @contextlib.contextmanager
    def _searching(self) -> Iterator[None]:
        """The index's lock for a search: the warm-up steps aside while a search waits for it.
        IndexClosed once closed: a caller that took the index before a close (the archive's
        searches do not hold its guard meanwhile) gets that, not an error from a closed file."""
        with self.warm_up_paused():
            self._lock.acquire()
        try:
            if self._closed:
                raise IndexClosed(f"搜索索引 {self.folder} 已关闭")
            yield
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """The index's lock for a write: the warm-up takes no step until it is done (its steps
        would share Python's lock with the save: a save during the warm-up took 100-300 ms)."""
        with self.warm_up_paused(), self._lock:
            yield

    def _open_searcher(self, toc: TOC | None = None) -> None:
        """Readers of the segments of `toc`, by default the index's table of contents on disk."""
        toc = self._toc = toc or TOC.read(self._ix.storage, self._ix.indexname)
        kept, self._readers = self._readers, {}
        for segment in toc.segments:
            key = (segment.segment_id(), segment.deleted_count())
            self._readers[key] = kept.pop(key, None) or SegmentReader(
                self._segment_files, toc.schema, segment, generation=toc.generation)
        for stale in kept.values():
            stale.close()
        leaves = list(self._readers.values())
        reader = (EmptyReader(toc.schema) if not leaves else leaves[0] if len(leaves) == 1
                  else MultiReader(leaves, generation=toc.generation))
        # The readers outlive the searcher: they are closed when their segment changes.
        self._searcher = Searcher(reader, closereader=False, fromindex=self._ix)
        self._matcher = Matcher(reader, self._cache)

    def _close_readers(self) -> None:
        self._searcher.close()
        for reader in self._readers.values():
            reader.close()
        self._readers = {}


class _HelperProcess:
    """A helper process of this program, spawned on first use and kept; when it has died, the work
    runs in this process and a new one is started next time. Spawned, not forked: the window's
    threads would be copied half-way through their work."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def run(self, function: Callable, *args, **kwargs):
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            pool = self._pool
        try:
            return pool.submit(function, *args, **kwargs).result()
        except BrokenProcessPool:
            log.warning("the index's %s process ended: working in this process", self._name)
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            return function(*args, **kwargs)


_write_helper = _HelperProcess("writing helper")
"""Bulk writes: its jieba stays loaded."""
_merge_helper = _HelperProcess("merge helper")
"""Merges of bulk adds' pieces: seconds of Python, which here would share Python's lock with the
window. Not the writing helper: an import's writes would wait for a merge."""


def _merge_apart(folder: Path, indexname: str, toc: TOC, pick: Pick):
    """`merge_segments` in the merge helper process."""
    return _merge_helper.run(merge_segments, folder, indexname, toc, pick)


def _write_apart(folder: Path, records: list[IndexRecord], document: Callable[[IndexRecord], dict],
                 one_file: bool):
    """`write_segment` in the writing helper process."""
    return _write_helper.run(write_segment, folder, records, document, one_file=one_file)


def _create_empty(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    FileStorage(str(folder)).create().create_index(build_schema())
    (folder / _VERSION_FILE).write_text(ANALYSIS_VERSION, encoding="utf-8")


def _document(record: IndexRecord) -> dict:
    day = int(record.date.strftime("%Y%m%d")) if record.date else 0
    meta = "\n".join([record.unit, record.source, record.author, *record.tags])
    tags = ",".join(t.replace(",", "，") for t in record.tags)
    return {
        "id": record.id, "version": record.version,
        "title": record.title, "title_bigrams": record.title,
        "body": record.body, "body_bigrams": record.body,
        "unit": record.unit, "unit_words": record.unit, "unit_bigrams": record.unit,
        "meta": meta, "meta_bigrams": meta,
        "tag_column": tags,
        "day": day, "year": str(record.date.year) if record.date else "",
    }


def _members(values: list[str], wanted: frozenset[str]) -> np.ndarray:
    return np.fromiter((value in wanted for value in values), dtype=bool, count=len(values))


def _restriction(filters: SearchFilters, day_from: int | None, day_to: int | None,
                 ) -> Callable[[Segment], np.ndarray | None]:
    """The filters as a mask of document numbers, per segment (read from the index's columns)."""
    low = max(filter(None, [_day(filters.date_from), day_from]), default=None)
    high = min(filter(None, [_day(filters.date_to), day_to]), default=None)
    tags_any, tags_all = set(filters.tags_any), set(filters.tags_all)
    units, years = {unit_key(u) for u in filters.units}, set(filters.years)

    def for_segment(segment: Segment) -> np.ndarray | None:
        masks: list[np.ndarray] = []
        if tags_any:
            masks.append(np.logical_or.reduce([segment.tag_mask(t) for t in tags_any]))
        masks.extend(segment.tag_mask(t) for t in tags_all)
        if units:
            codes = segment.codes("unit")  # a unit is folded once per distinct spelling, not per case
            masks.append(codes.mask_of({label for label in codes.labels if unit_key(label) in units}))
        # Set lookups, not np.isin: on strings it sorts them in one call that holds Python's lock
        # (a tenth of a second at 20,000 cases, a stall for the window's thread) and is slower.
        if filters.ids_only is not None:
            masks.append(_members(segment.column("id"), filters.ids_only))
        if filters.ids_excluded:
            masks.append(~_members(segment.column("id"), filters.ids_excluded))
        if years:
            masks.append(segment.codes("year").mask_of(years))
        if low is not None or high is not None:
            day = segment.days()
            # Undated cases (day 0) fall outside every date range.
            masks.append((day > 0) & (day >= (low or 0)) & (day <= (high or day.max(initial=0))))
        return np.logical_and.reduce(masks) if masks else None

    return for_segment


def _day(value: dt.date | None) -> int | None:
    return int(value.strftime("%Y%m%d")) if value else None


@functools.lru_cache(maxsize=4096)
def unit_key(unit: str) -> str:
    """One key for a unit in either script (某市氣象局, 某市气象局), for its facet and filter."""
    return fold(unit).text


def _facets(found: list[tuple[Segment, Found]]) -> dict[str, dict[str, int]]:
    """Counts of tags, years and units over every match; a unit written in both scripts is counted
    once, under the spelling most of its cases use."""
    counts: dict[str, Counter[str]] = {"tags": Counter(), "year": Counter(), "unit": Counter()}
    for segment, matches in found:
        for facet, column in (("year", "year"), ("unit", "unit"), ("tags", "tag_column")):
            codes = segment.codes(column)
            for label, count in zip(codes.labels, np.bincount(codes.codes[matches.mask],
                                                              minlength=len(codes.labels)), strict=True):
                if facet == "tags":
                    for tag in (label or "").split(","):
                        counts["tags"][tag] += int(count)
                else:
                    counts[facet][label] += int(count)
    spellings: dict[str, Counter[str]] = {}
    for name, count in counts["unit"].items():
        spellings.setdefault(unit_key(name), Counter())[name] += count
    counts["unit"] = Counter({names.most_common(1)[0][0]: names.total() for names in spellings.values()})
    return {name: dict(sorted(((k, v) for k, v in values.items() if k and v),
                              key=lambda kv: (-kv[1], kv[0])))
            for name, values in counts.items()}
