"""The Whoosh schema: each text twice, as words and as character pairs; title weighted above body."""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, TEXT, Schema

from search.analysis import FoldingTokenizer

TITLE_BOOST = 4.0
WORDS_OVER_BIGRAMS = 2.0
"""Whole-word matches rank above matches of pieces of words."""

TEXT_FIELDS = {
    # name in queries: (words field, character-pairs field, weight)
    "title": ("title", "title_bigrams", TITLE_BOOST),
    "body": ("body", "body_bigrams", 1.0),
    # Unit, source, author and tags, so that plain words find them too.
    "meta": ("meta", "meta_bigrams", 1.0),
    "unit": ("unit_words", "unit_bigrams", 1.0),
}


def build_schema() -> Schema:
    words = FoldingTokenizer("words")
    pairs = FoldingTokenizer("bigrams")
    return Schema(
        # Columns too, so that the index's versions are read without unpickling every document.
        id=ID(stored=True, unique=True, sortable=True),
        version=ID(sortable=True),
        title=TEXT(analyzer=words, stored=True),
        title_bigrams=TEXT(analyzer=pairs),
        body=TEXT(analyzer=words, stored=True),
        body_bigrams=TEXT(analyzer=pairs),
        meta=TEXT(analyzer=words),
        meta_bigrams=TEXT(analyzer=pairs),
        unit=ID(stored=True, sortable=True),
        unit_words=TEXT(analyzer=words),
        unit_bigrams=TEXT(analyzer=pairs),
        # The case's tags joined by commas, read as a column to filter and count quickly.
        tag_column=ID(sortable=True),
        day=NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        year=ID(stored=True, sortable=True),
    )
