"""Fair peers for the speed benchmark: SQLite FTS5 and tantivy fed the project's own analysis.

Each text becomes the project's terms (folded, jieba words and character pairs, positions kept:
a filler token stands in each gap, so a phrase never matches across a sentence here either),
joined by spaces; FTS5's unicode61 and tantivy's whitespace tokenizer take them as they are.
A query is parsed by `search.query.parse` and translated node by node, so every engine answers
the same question: a page of 20 (ids and titles) ranked by BM25, or that page with the total and
the tag, year and unit counts.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from search.analysis import bigrams, fold, words
from search.query import AllOf, AnyOf, Every, Node, Run, Tag, Text, Without, parse
from search.records import IndexRecord
from search.schema import TEXT_FIELDS, WORDS_OVER_BIGRAMS

_GAP = "ǂ"
"""A token no text holds: stands where a break left a position out."""
_COLUMNS = [column for name in TEXT_FIELDS for column in (f"{name}_w", f"{name}_p")]
_WEIGHTS = [weight * factor for _, _, weight in TEXT_FIELDS.values() for factor in (WORDS_OVER_BIGRAMS, 1.0)]

Search = Callable[[str, bool], object]
"""search(query, full): the page, and with full=True the total and facets as well."""


def tokens(text: str) -> tuple[str, str]:
    """The project's word terms and pair terms of `text`, space-joined, gaps filled."""
    folded = fold(text).text
    pair_terms: list[str] = []
    for term, position, _, _ in bigrams(folded):
        pair_terms.extend([_GAP] * (position - len(pair_terms)))
        pair_terms.append(term)
    return " ".join(w for w, _, _ in words(folded)), " ".join(pair_terms)


def analysed(records: Iterable[IndexRecord]) -> list[dict]:
    """Each record as the peers index it."""
    rows = []
    for r in records:
        row = {"id": r.id, "title": r.title, "tags": ",".join(r.tags), "unit": r.unit,
               "year": str(r.date.year) if r.date else "",
               "day": int(r.date.strftime("%Y%m%d")) if r.date else 0}
        texts = {"title": r.title, "body": r.body, "unit": r.unit,
                 "meta": "\n".join([r.unit, r.source, r.author, *r.tags])}
        for name, text in texts.items():
            row[f"{name}_w"], row[f"{name}_p"] = tokens(text)
        rows.append(row)
    return rows


# -- SQLite FTS5 ------------------------------------------------------------------------------

def build_fts5(path: Path, rows: list[dict]) -> None:
    db = sqlite3.connect(path)
    db.execute(f"CREATE VIRTUAL TABLE cases USING fts5(id UNINDEXED, title UNINDEXED, tags UNINDEXED,"
               f" unit UNINDEXED, year UNINDEXED, day UNINDEXED, {', '.join(_COLUMNS)},"
               f" tokenize='unicode61')")
    names = ["id", "title", "tags", "unit", "year", "day", *_COLUMNS]
    db.executemany(f"INSERT INTO cases VALUES ({', '.join('?' * len(names))})",
                   ([row[n] for n in names] for row in rows))
    db.commit()
    db.execute("INSERT INTO cases(cases) VALUES ('optimize')")
    db.commit()
    db.close()


def open_fts5(path: Path) -> Search:
    db = sqlite3.connect(path)
    rank = f"bm25(cases, {', '.join(['0'] * 6 + [str(w) for w in _WEIGHTS])})"

    def search(query: str, full: bool) -> object:
        parsed = parse(query)
        if parsed.query is None:
            return []
        where, params = _fts_where(parsed.query, parsed.day_from, parsed.day_to)
        page = db.execute(f"SELECT id, title FROM cases WHERE {where} ORDER BY {rank} LIMIT 20",
                          params).fetchall()
        if not full:
            return page
        counts: dict[str, Counter] = {"tags": Counter(), "year": Counter(), "unit": Counter()}
        total = 0
        for tags, year, unit in db.execute(f"SELECT tags, year, unit FROM cases WHERE {where}", params):
            total += 1
            counts["tags"].update(tags.split(","))
            counts["year"][year] += 1
            counts["unit"][unit] += 1
        return page, total, counts

    return search


def _fts_where(node: Node, day_from: int | None, day_to: int | None) -> tuple[str, list]:
    clauses, params, tags = [], [], []
    expression = _fts_match(node, tags)
    if expression:
        clauses.append("cases MATCH ?")
        params.append(expression)
    for tag in tags:
        clauses.append("(',' || tags || ',') LIKE ?")
        params.append(f"%,{tag},%")
    if day_from is not None:
        clauses.append("day >= ?")
        params.append(day_from)
    if day_to is not None:
        clauses.append("day <= ?")
        params.append(day_to)
    return " AND ".join(clauses) or "1", params


def _fts_match(node: Node, tags: list[str]) -> str:
    """An FTS5 expression; tags (only ever required) go to `tags` for a WHERE clause."""
    if isinstance(node, Text):
        options = []
        for name in node.fields:
            if len(node.words) == 1:
                options.append(f'{name}_w : "{node.words[0]}"')
            if node.grams:
                options.append(f'{name}_p : "{" ".join(term for term, _ in node.grams)}"')
        return "(" + " OR ".join(options) + ")"
    if isinstance(node, Run):
        return f"({_fts_match(AllOf(node.parts), tags)} OR {_fts_match(node.whole, tags)})"
    if isinstance(node, Tag):
        tags.append(node.value)
        return ""
    if isinstance(node, AllOf | AnyOf):
        parts = [p for p in (_fts_match(part, tags) for part in node.parts) if p]
        return "(" + (" AND " if isinstance(node, AllOf) else " OR ").join(parts) + ")" if parts else ""
    if isinstance(node, Without):
        base = _fts_match(node.base, tags)
        return " NOT ".join([base, *(_fts_match(e, []) for e in node.excluded)])
    raise TypeError(f"no FTS5 form for {node!r}")


# -- tantivy ----------------------------------------------------------------------------------

def tantivy_available() -> bool:
    try:
        import tantivy  # noqa: F401  (a bench-only extra: pip install -e '.[bench]')
    except ImportError:
        return False
    return True


def _tantivy_schema():
    import tantivy
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    for name in ("tags", "unit", "year"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("day", indexed=True, fast=True)
    for column in _COLUMNS:
        builder.add_text_field(column, tokenizer_name="whitespace", index_option="position")
    return builder.build()


def build_tantivy(folder: Path, rows: list[dict]) -> None:
    import tantivy
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = tantivy.Index(_tantivy_schema(), path=str(folder))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for row in rows:
        document = tantivy.Document()
        for name in ("id", "title", "unit", "year", *_COLUMNS):
            document.add_text(name, row[name])
        for tag in row["tags"].split(","):
            document.add_text("tags", tag)
        document.add_unsigned("day", row["day"])
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()


def open_tantivy(folder: Path) -> Search:
    import tantivy
    schema = _tantivy_schema()
    index = tantivy.Index(schema, path=str(folder))
    index.reload()
    searcher = index.searcher()
    weights = dict(zip(_COLUMNS, _WEIGHTS, strict=True))
    facets = {name: {"terms": {"field": name, "size": 1000}} for name in ("tags", "year", "unit")}

    def term(column: str, value: str):
        return tantivy.Query.boost_query(tantivy.Query.term_query(schema, column, value), weights[column])

    def text_query(node: Text):
        options = []
        for name in node.fields:
            words_column, pairs_column = f"{name}_w", f"{name}_p"
            if len(node.words) == 1:
                options.append(term(words_column, node.words[0]))
            if len(node.grams) == 1:
                options.append(term(pairs_column, node.grams[0][0]))
            elif node.grams:
                sequence = [(offset, term) for term, offset in node.grams]
                phrase = tantivy.Query.phrase_query(schema, pairs_column, sequence)
                options.append(tantivy.Query.boost_query(phrase, weights[pairs_column]))
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in options])

    def translate(node: Node):
        if isinstance(node, Text):
            return text_query(node)
        if isinstance(node, Run):
            every_part = tantivy.Query.boolean_query([(tantivy.Occur.Must, translate(p)) for p in node.parts])
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, every_part),
                                                (tantivy.Occur.Should, text_query(node.whole))])
        if isinstance(node, Tag):
            return tantivy.Query.const_score_query(tantivy.Query.term_query(schema, "tags", node.value), 0.0)
        if isinstance(node, Every):
            return tantivy.Query.all_query()
        if isinstance(node, AllOf | AnyOf):
            occur = tantivy.Occur.Must if isinstance(node, AllOf) else tantivy.Occur.Should
            return tantivy.Query.boolean_query([(occur, translate(p)) for p in node.parts])
        if isinstance(node, Without):
            excluded = [(tantivy.Occur.MustNot, translate(e)) for e in node.excluded]
            return tantivy.Query.boolean_query([(tantivy.Occur.Must, translate(node.base)), *excluded])
        raise TypeError(f"no tantivy form for {node!r}")

    def search(query: str, full: bool) -> object:
        parsed = parse(query)
        if parsed.query is None:
            return []
        wanted = translate(parsed.query)
        if parsed.day_from is not None or parsed.day_to is not None:
            days = tantivy.Query.range_query(schema, "day", tantivy.FieldType.Unsigned,
                                             parsed.day_from or 0, parsed.day_to or 99991231)
            wanted = tantivy.Query.boolean_query([(tantivy.Occur.Must, wanted), (tantivy.Occur.Must, days)])
        result = searcher.search(wanted, 20, count=full)
        page = [searcher.doc(address)["title"] for _, address in result.hits]
        if not full:
            return page
        return page, result.count, searcher.aggregate(wanted, facets)

    return search
