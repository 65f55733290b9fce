"""What goes into the index and what comes out of it: plain records, no storage types."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexRecord:
    """One case as the index sees it. `version` changes whenever the case changes."""

    id: str
    title: str
    body: str
    unit: str = ""
    source: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()
    date: dt.date | None = None
    version: str = ""


@dataclass(frozen=True)
class SearchFilters:
    tags_any: tuple[str, ...] = ()
    tags_all: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    years: tuple[str, ...] = ()
    # Case ids a caller has chosen by something the index does not hold (briefing records):
    # only these, when given; never those.
    ids_only: frozenset[str] | None = None
    ids_excluded: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SearchHit:
    id: str
    score: float
    title_html: str
    """The title, with matched text in <b>…</b> and everything else HTML-escaped."""
    snippet_html: str
    """The best passage of the body, highlighted the same way, in the case's own script."""


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    """Counts over the whole result: keys "tags", "year" and "unit"."""
