"""The Whoosh schema: each text twice, as words and as bigrams; title weighted above body."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from search.analysis import FoldingTokenizer

TITLE_BOOST = 4.0
# `meta` holds unit, source, author and tags, so that plain words find them too.
WORDS_OVER_BIGRAMS = 2.0
"""Whole-word matches rank above matches of pieces of words."""


def build_schema() -> Schema:
    words = FoldingTokenizer("words")
    pairs = FoldingTokenizer("bigrams")
    return Schema(
        id=ID(stored=True, unique=True),
        version=STORED(),
        title=TEXT(analyzer=words, stored=True, field_boost=TITLE_BOOST * WORDS_OVER_BIGRAMS),
        title_bigrams=TEXT(analyzer=pairs, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=words, stored=True, field_boost=WORDS_OVER_BIGRAMS),
        body_bigrams=TEXT(analyzer=pairs),
        meta=TEXT(analyzer=words, field_boost=WORDS_OVER_BIGRAMS),
        meta_bigrams=TEXT(analyzer=pairs),
        unit=ID(stored=True, sortable=True),
        unit_words=TEXT(analyzer=words),
        unit_bigrams=TEXT(analyzer=pairs),
        tags=KEYWORD(stored=True, commas=True, lowercase=False),
        # The same tags as one value per case, read as a column to count facets quickly.
        tag_column=ID(sortable=True),
        day=NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        year=ID(stored=True, sortable=True),
    )
