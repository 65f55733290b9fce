"""The forgiving query language, turned into Whoosh queries. It never raises.

    防汛 预警            both words must match (each as a word or as part of a longer word)
    防汛 OR 抗旱         either (也可写“或”)
    -演练               leave out cases that mention 演练
    "叫应机制"           the exact phrase
    标题:台风  title:台风  only in titles (单位:/unit:, 正文:/body:, 标签:/tag:)
    日期:2024  date:2023-06..2024-06  日期:2024-03-01..   dates, a year, month or day, or a range

Anything that does not parse as one of these is searched as plain words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from whoosh import query as q

from search.analysis import fold, query_bigrams, query_words

_TOKEN = re.compile(r'(-?)(?:([^\s:："]+)[:：])?("([^"]*)"?|\S+)')
_FIELDS = {
    "title": ("title", "title_bigrams"), "标题": ("title", "title_bigrams"),
    "body": ("body", "body_bigrams"), "正文": ("body", "body_bigrams"),
    "unit": ("unit_words", "unit_bigrams"), "单位": ("unit_words", "unit_bigrams"),
}
_TAG_FIELDS = {"tag", "标签"}
_DATE_FIELDS = {"date", "日期"}
_ANY_TEXT = (("title", "title_bigrams"), ("body", "body_bigrams"), ("meta", "meta_bigrams"))
_OR_WORDS = {"OR", "或"}
_PROXIMITY_SLOP = 8
_DATE_PART = r"(\d{4})年?(?:[-./]?(\d{1,2})月?)?(?:[-./]?(\d{1,2})日?)?"
_DATE_RANGE = re.compile(rf"^(?:{_DATE_PART})?(\.\.|~|至)?(?:{_DATE_PART})?$")


@dataclass
class ParsedQuery:
    query: q.Query | None
    """None when the text asks for nothing: every case matches (filters still apply)."""
    needles: list[str] = field(default_factory=list)
    """Folded strings to highlight."""
    day_from: int | None = None
    day_to: int | None = None


def parse(text: str) -> ParsedQuery:
    groups: list[list[q.Query]] = []
    excluded: list[q.Query] = []
    words_for_proximity: list[str] = []
    parsed = ParsedQuery(None)
    join_next = False
    for match in _TOKEN.finditer(text):
        negated, field_name, raw, quoted = match.groups()
        value = quoted if quoted is not None else raw
        if field_name and not _known_field(field_name, value):
            field_name, value = None, f"{field_name}:{value}"
        if not negated and not field_name and quoted is None and raw in _OR_WORDS:
            join_next = bool(groups)
            continue
        clause = _clause(field_name, value, parsed, is_phrase=quoted is not None)
        if clause is None:
            continue
        if negated:
            excluded.append(clause)
            continue
        if field_name is None or field_name.lower() not in _DATE_FIELDS | _TAG_FIELDS:
            parsed.needles.append(_needle(value))
            words_for_proximity.extend(query_words(value))
        if join_next:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        join_next = False
    required = [group[0] if len(group) == 1 else q.Or(group) for group in groups]
    parsed.needles = [n for n in dict.fromkeys(parsed.needles) if n]
    if not required:
        parsed.query = q.AndNot(q.Every(), q.Or(excluded)) if excluded else None
        return parsed
    main: q.Query = required[0] if len(required) == 1 else q.And(required)
    if len(required) > 1 and len(words_for_proximity) > 1:
        main = q.AndMaybe(main, q.Phrase("body", words_for_proximity, slop=_PROXIMITY_SLOP))
    if excluded:
        main = q.AndNot(main, q.Or(excluded))
    parsed.query = main
    return parsed


def _clause(field_name: str | None, value: str, parsed: ParsedQuery,
            is_phrase: bool) -> q.Query | None:
    key = field_name.lower() if field_name else None
    if key in _TAG_FIELDS:
        return q.Term("tags", value.strip())
    if key in _DATE_FIELDS:
        parsed.day_from, parsed.day_to = date_bounds(value)
        return None
    fields = _FIELDS.get(key) if key else None
    return text_clause(value, (fields,) if fields else _ANY_TEXT, is_phrase)


def _known_field(field_name: str, value: str) -> bool:
    key = field_name.lower()
    if key in _DATE_FIELDS:
        return date_bounds(value) is not None
    if key in _TAG_FIELDS:
        return bool(value.strip())
    return key in _FIELDS


def text_clause(value: str, fields: tuple[tuple[str, str], ...], is_phrase: bool) -> q.Query | None:
    """A string as words (whole-word matches score more) or as bigrams (parts of words)."""
    words, positioned = query_words(value), query_bigrams(value)
    pairs = [term for term, _ in positioned]
    # Adjacent in the index unless the query itself breaks between scripts or at punctuation.
    slop = 1 if all(b - a == 1 for (_, a), (_, b) in zip(positioned, positioned[1:], strict=False)) else 2
    if not words and not pairs:
        return None
    alternatives: list[q.Query] = []
    for words_field, bigram_field in fields:
        # A string the segmenter keeps whole can match as a word; split pieces are left to
        # the bigrams, which find them contiguous for less work.
        if len(words) == 1:
            alternatives.append(q.Term(words_field, words[0]))
        if len(pairs) == 1 and len(pairs[0]) == 1 and not is_phrase:
            # A single character: the bigrams that contain it.
            alternatives.append(q.Or([q.Prefix(bigram_field, pairs[0]),
                                      q.Wildcard(bigram_field, f"?{pairs[0]}")]))
        elif pairs:
            alternatives.append(_sequence(bigram_field, pairs, slop=slop))
    return alternatives[0] if len(alternatives) == 1 else q.Or(alternatives)


def _sequence(field_name: str, terms: list[str], slop: int) -> q.Query:
    if len(terms) == 1:
        return q.Term(field_name, terms[0])
    return q.Phrase(field_name, terms, slop=slop)


def _needle(value: str) -> str:
    return re.sub(r"[\W_]+", "", fold(value).text)


def date_bounds(text: str) -> tuple[int | None, int | None] | None:
    """`2024`, `2024-06`, `2023-01..2024-06`, `2024-03-01..` as inclusive yyyymmdd bounds."""
    match = _DATE_RANGE.match(text.strip())
    if not match or not (match.group(1) or match.group(5)):
        return None
    first, separator, last = match.groups()[0:3], match.group(4), match.groups()[4:7]
    try:
        low = _period(*first, end=False) if first[0] else None
        high = _period(*(last if last[0] else first), end=True) if (last[0] or not separator) \
            else None
    except ValueError:
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def _period(year: str, month: str | None, day: str | None, *, end: bool) -> int:
    y, m = int(year), int(month) if month else (12 if end else 1)
    last_day = calendar.monthrange(y, m)[1]
    d = int(day) if day else (last_day if end else 1)
    return int(dt.date(y, m, d).strftime("%Y%m%d"))
