"""The Whoosh index of an archive: plain records in, hits with snippets and facet counts out."""

from __future__ import annotations

import bisect
import gc
import logging
import shutil
import threading
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import collectors, scoring, sorting
from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import LockError

from search import highlight
from search.analysis import ANALYSIS_VERSION
from search.errors import IndexNeedsRebuild
from search.query import parse
from search.records import IndexRecord, SearchFilters, SearchHit, SearchResult
from search.schema import build_schema

log = logging.getLogger(__name__)

_VERSION_FILE = "analysis-version"
_WRITE_LOCK = "MAIN_WRITELOCK"
_REBUILD_PROCESSES = 2
_MERGE_EVERY = 20
_PARALLEL_FROM = 500
"""Below this many records, starting worker processes costs more than it saves."""
_PROGRESS_EVERY = 200


class SearchIndex:
    """One index folder. Writes are committed when a method returns; searches see them at once.

    The archive guarantees a single writing process, so a write lock left behind by a crashed
    process is broken on open.
    """

    def __init__(self, folder: Path, ix: whoosh_index.Index) -> None:
        self.folder = folder
        self._ix = ix
        self._lock = threading.RLock()
        self._searcher = ix.searcher(weighting=scoring.BM25F())
        self._facets = _FacetColumns()
        self._commits = 0

    @classmethod
    def open(cls, folder: Path) -> SearchIndex:
        """Open an existing index; IndexNeedsRebuild when it is missing, outdated or damaged."""
        if not (folder / _VERSION_FILE).is_file():
            raise IndexNeedsRebuild(f"搜索索引 {folder} 不存在")
        if (folder / _VERSION_FILE).read_text(encoding="utf-8").strip() != ANALYSIS_VERSION:
            raise IndexNeedsRebuild("搜索索引由旧版分词规则建立")
        (folder / _WRITE_LOCK).unlink(missing_ok=True)
        problem = ""
        # Whoosh leaves the file it failed to read open; it is closed here, not warned about later.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                if whoosh_index.exists_in(str(folder)):
                    index = cls(folder, whoosh_index.open_dir(str(folder)))
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
        """An empty index in `folder`, replacing whatever was there."""
        if folder.exists():
            shutil.rmtree(folder)
        _create_empty(folder)
        return cls(folder, whoosh_index.open_dir(str(folder)))

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    # -- writing ------------------------------------------------------------------------------

    def upsert(self, records: Iterable[IndexRecord]) -> None:
        """Add or replace these records."""
        with self._lock:
            writer = self._writer()
            try:
                for record in records:
                    # Our own searcher finds the old version: the writer need not open a reader.
                    writer.delete_by_term("id", record.id, searcher=self._searcher)
                    writer.add_document(**_document(record))
            except BaseException:
                writer.cancel()
                raise
            self._commit(writer)

    def delete(self, ids: Iterable[str]) -> None:
        with self._lock:
            writer = self._writer()
            for record_id in ids:
                writer.delete_by_term("id", record_id, searcher=self._searcher)
            self._commit(writer)

    def rebuild(self, records: Iterable[IndexRecord], total: int,
                progress: Callable[[int, int], None] | None = None,
                is_cancelled: Callable[[], bool] | None = None) -> None:
        """Replace the whole index with `records`; a cancelled or failed rebuild changes nothing."""
        staging = self.folder.with_name(f"{self.folder.name}.rebuild-{uuid.uuid4().hex[:8]}")
        _create_empty(staging)
        try:
            new_ix = whoosh_index.open_dir(str(staging))
            # Whoosh analyses in two worker processes and writes one segment per process.
            writer = (new_ix.writer(procs=_REBUILD_PROCESSES, multisegment=True, limitmb=256)
                      if total >= _PARALLEL_FROM else new_ix.writer())
            done = 0
            for record in records:
                if is_cancelled and is_cancelled():
                    writer.cancel()
                    new_ix.close()
                    return
                writer.add_document(**_document(record))
                done += 1
                if progress and done % _PROGRESS_EVERY == 0:
                    progress(done, total)
            writer.commit()
            new_ix.close()
            self._swap_in(staging)
            if progress:
                progress(done, total)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _swap_in(self, staging: Path) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()
            retired = self.folder.with_name(f"{self.folder.name}.old-{uuid.uuid4().hex[:8]}")
            if self.folder.exists():
                self.folder.rename(retired)
            staging.rename(self.folder)
            shutil.rmtree(retired, ignore_errors=True)
            self._ix = whoosh_index.open_dir(str(self.folder))
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())

    # -- reading ------------------------------------------------------------------------------

    def versions(self) -> dict[str, str]:
        """id -> version of every record in the index."""
        with self._lock:
            return {fields["id"]: fields.get("version", "")
                    for fields in self._searcher.all_stored_fields()}

    def search(self, query: str, filters: SearchFilters = SearchFilters(), *,
               sort: str = "relevance", limit: int = 20, offset: int = 0) -> SearchResult:
        """Hits for `query` within `filters`, best first (or newest first with sort="date")."""
        parsed = parse(query)
        restriction = _restriction(filters, parsed.day_from, parsed.day_to)
        wanted = parsed.query if parsed.query is not None else q.Every()
        by_date = sort == "date" or parsed.query is None
        if restriction is not None:
            # Filters narrow the matches without changing their order.
            wanted = q.And([wanted, q.ConstantScoreQuery(restriction, 0.0)])
        with self._lock:
            page_end = max(1, offset + limit)
            # No skipping or matcher replacement: every match must reach the recorder.
            ranked = (collectors.SortingCollector(sorting.FieldFacet("day", reverse=True), page_end)
                      if by_date else collectors.TopCollector(page_end, usequality=False, replace=0))
            recorder = _RecordingCollector(ranked)
            self._searcher.search_with_collector(wanted, recorder)
            results = recorder.results()
            facets = self._facets.counts(self._searcher, recorder.docnums)
            hits = []
            for hit in results[offset : offset + limit]:
                stored = hit.fields()
                body = highlight.plain_text(stored.get("body", ""))
                hits.append(SearchHit(
                    id=stored["id"], score=float(hit.score or 0.0),
                    title_html=highlight.highlight_whole(stored.get("title", ""), parsed.needles),
                    snippet_html=highlight.snippet(body, parsed.needles),
                ))
        return SearchResult(total=len(recorder.docnums), hits=hits, facets=facets)

    # -- internals ----------------------------------------------------------------------------

    def _writer(self):
        try:
            return self._ix.writer()
        except LockError:
            # Only a crashed writer of this process's archive can hold it: see the class doc.
            (self.folder / _WRITE_LOCK).unlink(missing_ok=True)
            return self._ix.writer()

    def _commit(self, writer) -> None:
        # Merging segments on every save would make saves slow; merge every few commits instead.
        self._commits += 1
        writer.commit(merge=self._commits % _MERGE_EVERY == 0)
        self._refresh()

    def _refresh(self) -> None:
        # Not Searcher.refresh(): whoosh-reloaded 2.7.5 fails refreshing from an empty reader
        # and keeps stale deletions in the segment readers it reuses.
        self._searcher.close()
        self._searcher = self._ix.searcher(weighting=scoring.BM25F())


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
        "tags": tags, "tag_column": tags,
        "day": day, "year": str(record.date.year) if record.date else "",
    }


def _restriction(filters: SearchFilters, day_from: int | None,
                 day_to: int | None) -> q.Query | None:
    parts: list[q.Query] = []
    if filters.tags_any:
        parts.append(q.Or([q.Term("tags", t) for t in filters.tags_any]))
    parts.extend(q.Term("tags", t) for t in filters.tags_all)
    if filters.units:
        parts.append(q.Or([q.Term("unit", u) for u in filters.units]))
    if filters.years:
        parts.append(q.Or([q.Term("year", y) for y in filters.years]))
    low = max(filter(None, [_day(filters.date_from), day_from]), default=None)
    high = min(filter(None, [_day(filters.date_to), day_to]), default=None)
    if low is not None or high is not None:
        parts.append(q.NumericRange("day", low or 1, high))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else q.And(parts)


def _day(value) -> int | None:
    return int(value.strftime("%Y%m%d")) if value else None


class _RecordingCollector(collectors.WrappingCollector):
    """Keeps every matching document number while the wrapped collector ranks the page,
    so one pass over the matches gives the page, the total and the facets."""

    def __init__(self, child: collectors.Collector) -> None:
        super().__init__(child)
        self.docnums: list[int] = []

    def collect(self, sub_docnum: int):
        self.docnums.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


class _FacetColumns:
    """Each document's tags, year and unit, read from the index's columns once per segment
    (a save adds a small segment; the large ones stay cached)."""

    _FIELDS = (("tags", "tag_column"), ("year", "year"), ("unit", "unit"))

    def __init__(self) -> None:
        self._by_segment: dict[str, dict[str, list]] = {}

    def counts(self, searcher, docnums: list[int]) -> dict[str, dict[str, int]]:
        leaves = searcher.reader().leaf_readers()
        offsets = [offset for _, offset in leaves]
        segments = [self._columns(reader) for reader, _ in leaves]
        self._by_segment = {reader.segment().segment_id(): columns
                            for (reader, _), columns in zip(leaves, segments, strict=True)}
        counted = {}
        for name, _ in self._FIELDS:
            values: Counter[str] = Counter()
            for docnum in docnums:
                leaf = bisect.bisect_right(offsets, docnum) - 1
                values[segments[leaf][name][docnum - offsets[leaf]]] += 1
            if name == "tags":
                per_tag: Counter[str] = Counter()
                for joined, count in values.items():
                    for tag in joined.split(","):
                        per_tag[tag] += count
                values = per_tag
            counted[name] = dict(sorted(((k, v) for k, v in values.items() if k),
                                        key=lambda item: (-item[1], item[0])))
        return counted

    def _columns(self, reader) -> dict[str, list]:
        cached = self._by_segment.get(reader.segment().segment_id())
        if cached is None:
            cached = {name: [_text(v) for v in reader.column_reader(field)]
                      for name, field in self._FIELDS}
        return cached


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else (value or "")
