"""The Whoosh schema: each text twice, as words and as character pairs; title weighted above body."""

from __future__ import annotations

from whoosh.columns import RefBytesColumn
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
        # Ids, units, days and years are read from their columns only: no stored copy (stored
        # fields are the title and body that snippets need).
        id=ID(unique=True, sortable=True),
        version=ID(sortable=True),
        # Word positions only in the body, for the bonus of words standing close together;
        # phrases are matched on the pairs' positions.
        title=TEXT(analyzer=words, stored=True, phrase=False),
        title_bigrams=TEXT(analyzer=pairs),
        body=TEXT(analyzer=words, stored=True),
        body_bigrams=TEXT(analyzer=pairs),
        meta=TEXT(analyzer=words, phrase=False),
        meta_bigrams=TEXT(analyzer=pairs),
        # Few distinct values: stored as codes, which the matcher reads whole.
        unit=ID(sortable=RefBytesColumn()),
        unit_words=TEXT(analyzer=words, phrase=False),
        unit_bigrams=TEXT(analyzer=pairs),
        # The case's tags joined by commas, read as a column to filter and count quickly.
        tag_column=ID(sortable=True),
        day=NUMERIC(int, bits=32, sortable=True, signed=False),
        year=ID(sortable=RefBytesColumn()),
    )
