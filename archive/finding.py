"""Search, as a room hung off the library (`library.finder`): the query language's filters on
kept briefings and group tags, the orders the database keeps, and the helpers the reader and the
no-hits page use. `library.search(…)` is its door."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator

from archive.briefings import BriefingRecords
from archive.errors import ArchiveError
from archive.model import Case
from archive.state import ArchiveState
from archive.store import Store
from archive.tags import TagManager, expand_groups
from search.errors import IndexClosed
from search.highlight import find_hits
from search.index import MAX_QUERY_CHARS, SearchIndex
from search.query import QueryExplanation, explain, widen_tag_groups
from search.query import parse as parse_query
from search.records import SearchFilters, SearchHit, SearchResult

STORE_ORDERS = tuple(Store.ORDERS)
"""Columns `Library.search` can order by besides relevance, as sort="COLUMN:asc" or "COLUMN:desc"."""


class Finder:
    def __init__(self, state: ArchiveState, tags: TagManager, briefings: BriefingRecords) -> None:
        self._state = state
        self._tags = tags
        self._briefings = briefings

    def search(self, query: str, filters: SearchFilters = SearchFilters(), *,
               sort: str = "relevance", limit: int = 20, offset: int = 0) -> SearchResult:
        """Full-text search; a group tag, in `filters.tags_any` or typed as `标签:组`, also
        matches its tags; `已用于:简报名` keeps the cases a kept briefing of that series used,
        `未用于:简报名` drops them ("not yet reported")."""
        index = self._index_now()
        if index is None:
            raise ArchiveError(self._state.damage or "搜索索引不可用：请运行 reindex 重建索引。")
        # Bytes that were not text (0xFF typed in a terminal) arrive as lone surrogates.
        query = "".join(c for c in query if not "\ud800" <= c <= "\udfff")
        if len(query) > MAX_QUERY_CHARS:
            raise ArchiveError(f"检索词过长（{len(query)} 字），最多 {MAX_QUERY_CHARS} 字。")
        groups = self._tags.groups()
        query, used_only, used_excluded = self._briefings.use_filters(query)
        query = widen_tag_groups(query, groups)
        if used_only is not None and filters.ids_only is not None:
            used_only &= filters.ids_only
        filters = dataclasses.replace(
            filters, tags_any=expand_groups(filters.tags_any, groups),
            ids_only=filters.ids_only if used_only is None else used_only,
            ids_excluded=filters.ids_excluded | used_excluded)
        try:
            return self._search_in(index, query, filters, sort, limit, offset)
        except IndexClosed:
            # Closed meanwhile: by a restore, which put another in its place, or by closing.
            replacement = self._index_now()
            if replacement is None or replacement is index:
                raise ArchiveError(self._state.damage or "搜索未完成：案例库在搜索时被关闭。") from None
            return self._search_in(replacement, query, filters, sort, limit, offset)

    def _index_now(self) -> SearchIndex | None:
        """The archive's index, taken under the guard (a restore or a reindex under way is waited
        for), which searching it then does without: the follower's and the saves' index commits
        wait only for the index's own lock, never for a search's database reads."""
        with self._state.guard:
            return self._state.index

    def _search_in(self, index: SearchIndex, query: str, filters: SearchFilters, sort: str,
                   limit: int, offset: int) -> SearchResult:
        if sort in ("relevance", "date"):
            return index.search(query, filters, sort=sort, limit=limit, offset=offset)
        return self._ordered_by_store(index, query, filters, sort, limit, offset)

    @contextlib.contextmanager
    def job(self) -> Iterator[None]:
        """Around a job of the window's (a search and the rows it shows, a batch edit): the
        index's warm-up takes no step meanwhile, so the job shares Python's lock (the GIL) with
        one thread fewer, and the window's thread waits less for it."""
        index = self._state.index
        with index.warm_up_paused() if index is not None else contextlib.nullcontext():
            yield

    def _ordered_by_store(self, index: SearchIndex, query: str, filters: SearchFilters, sort: str,
                          limit: int, offset: int) -> SearchResult:
        """`sort` is "COLUMN:asc" or "COLUMN:desc" (COLUMN one of STORE_ORDERS): the index finds the
        hits, the database orders them, and only the page asked for is highlighted."""
        column, _, direction = sort.partition(":")
        if column not in STORE_ORDERS or direction not in ("asc", "desc"):
            raise ArchiveError(f"未知的排序方式：{sort}")
        whole = index.search(query, filters, limit=0)
        matching = index.matching_ids(query, filters)
        with self._state.reading_store():
            page = self._state.store.ordered_ids(matching, column, descending=direction == "desc",
                                                 limit=max(0, limit), offset=max(0, offset))
        shown = index.search(query, dataclasses.replace(filters, ids_only=frozenset(page)), limit=len(page))
        rank = {case_id: number for number, case_id in enumerate(page)}
        hits = sorted(shown.hits, key=lambda hit: rank[hit.id])
        return SearchResult(whole.total, hits, whole.facets)

    def unused_counts(self, query: str, filters: SearchFilters, total: int) -> dict[str, int]:
        """For the 未用于 filter: per title of the kept briefings, how many of the `total` cases
        this search finds none of its live briefings used."""
        counts = {}
        for title in self._briefings.series_names():
            used = frozenset(self._briefings.cases_used(title))
            if filters.ids_only is not None:
                used &= filters.ids_only
            found = self.search(query, dataclasses.replace(filters, ids_only=used), limit=1).total \
                if used else 0
            counts[title] = max(total - found, 0)
        return counts

    def hits_with_cases(self, result: SearchResult) -> list[tuple[SearchHit, Case]]:
        """Each hit with its case, in rank order; a hit whose case has gone meanwhile is left out."""
        cases = {c.id: c for c in self._state.store.get_cases([h.id for h in result.hits])}
        return [(hit, cases[hit.id]) for hit in result.hits if hit.id in cases]

    @staticmethod
    def date_in_text(text: str) -> dt.date | None:
        """The first date written in `text` (2023年7月21日, 2023-07-21, 二〇二三年…), as import reads it."""
        from archive.importers.metadata import parse_date

        return parse_date(text)

    @staticmethod
    def explain_query(query: str) -> QueryExplanation:
        """How `query` is read and what in it looks mistyped, for a search that found nothing."""
        return explain(query)

    @staticmethod
    def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
        """Where `query` matches in `text` (any script), as (start, end) character spans."""
        return find_hits(text, parse_query(query).needles)
