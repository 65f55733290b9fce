"""The forgiving query language, turned into a small query tree (`search.matching` runs it).

It never raises: anything that does not parse as below is searched as plain words.

    防汛 预警              both words must match (each as a word or as part of a longer word)
    党建业务融合            an unspaced run is cut into its words (党建 业务 融合): each must match,
                           anywhere; cases where the run stands whole rank first
    防汛 OR 抗旱           either one (也可写“或”)
    -演练                  leave out cases that mention 演练
    "叫应机制"             the exact phrase
    标题:台风  title:台风    only in titles; also 正文:/body:, 单位:/unit:
    标签:防汛  tag:防汛      cases with this tag
    日期:2024  date:2024-06  a year, a month or a day (2024年6月 works too)
    日期:2023-01..2024-06   a range; 2024-03-01.. and ..2020 leave one end open (also ~ or 至)

Traditional and simplified characters, full-width and half-width letters and digits all match
each other.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from search import word_table
from search.analysis import fold, query_bigrams

_TOKEN = re.compile(r'(-?)(?:([^\s:："]+)[:：])?("([^"]*)"?|\S+)')
_FIELDS = {
    "title": ("title",), "标题": ("title",),
    "body": ("body",), "正文": ("body",),
    "unit": ("unit",), "单位": ("unit",),
}
_TAG_FIELDS = {"tag", "标签"}
_DATE_FIELDS = {"date", "日期"}
_ANY_TEXT = ("title", "body", "meta")
_OR_WORDS = {"OR", "或"}
_DATE_PART = r"(\d{4})年?(?:[-./]?(\d{1,2})月?)?(?:[-./]?(\d{1,2})日?)?"
_DATE_RANGE = re.compile(rf"^(?:{_DATE_PART})?(\.\.|~|至)?(?:{_DATE_PART})?$")


@dataclass(frozen=True)
class Text:
    """A string to find in `fields`: as a whole word, or as its character pairs in sequence."""

    fields: tuple[str, ...]
    words: tuple[str, ...]
    grams: tuple[tuple[str, int], ...]
    """Character-pair terms with their positions relative to each other."""


@dataclass(frozen=True)
class Run:
    """An unspaced run of several words: a case matches where every part stands somewhere, or
    where the run stands whole (`whole`, its pairs in sequence), whose score is added."""

    parts: tuple[Text, ...]
    whole: Text


@dataclass(frozen=True)
class Tag:
    value: str


@dataclass(frozen=True)
class Every:
    """Every case (an empty query, or one with exclusions only)."""


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Without:
    base: Node
    excluded: tuple[Node, ...]


Node = Text | Run | Tag | Every | AllOf | AnyOf | Without


@dataclass
class ParsedQuery:
    query: Node | None
    """None when the text asks for nothing: every case matches (filters still apply)."""
    needles: list[str] = field(default_factory=list)
    """Folded strings to highlight."""
    day_from: int | None = None
    day_to: int | None = None
    nearby: tuple[str, ...] = ()
    """The query's words in order: cases where they stand close together rank higher."""


def parse(text: str) -> ParsedQuery:
    groups: list[list[Node]] = []
    excluded: list[Node] = []
    words_for_proximity: list[str] = []
    parsed = ParsedQuery(None)
    join_next = split_runs = False
    for negated, field_name, value, quoted, is_or in _tokens(text):
        if is_or:
            join_next = bool(groups)
            continue
        clause = _clause(field_name, value, parsed, exact=quoted is not None)
        if clause is None:
            continue
        if negated:
            excluded.append(clause)
            continue
        if isinstance(clause, Run):
            parsed.needles.extend(_needle(part) for part in _pieces(value))
            words_for_proximity.extend(_query_words(value))
            split_runs = True
        elif field_name is None or field_name.lower() not in _DATE_FIELDS | _TAG_FIELDS:
            parsed.needles.append(_needle(value))
            words_for_proximity.extend(_query_words(value))
        if join_next:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        join_next = False
    required = [group[0] if len(group) == 1 else AnyOf(tuple(group)) for group in groups]
    parsed.needles = [n for n in dict.fromkeys(parsed.needles) if n]
    if not required:
        parsed.query = Without(Every(), tuple(excluded)) if excluded else None
        return parsed
    main: Node = required[0] if len(required) == 1 else AllOf(tuple(required))
    if len(required) > 1 or split_runs:
        parsed.nearby = tuple(words_for_proximity)
    parsed.query = Without(main, tuple(excluded)) if excluded else main
    return parsed


def _tokens(text: str) -> Iterator[tuple[str, str | None, str, str | None, bool]]:
    """(negation sign, known field or None, value, quoted text or None, whether it is OR) per token."""
    for match in _TOKEN.finditer(text):
        negated, field_name, raw, quoted = match.groups()
        value = quoted if quoted is not None else raw
        if field_name and not _known_field(field_name, value):
            field_name, value = None, f"{field_name}:{value}"
        yield (negated, field_name, value, quoted,
               not negated and not field_name and quoted is None and raw in _OR_WORDS)


def widen_tag_groups(text: str, groups: Mapping[str, Sequence[str]]) -> str:
    """The query with each `标签:组` naming a group widened to its tags (`标签:组 OR 标签:甲 …`;
    excluded, each of them excluded), so that a typed group means what a ticked one does."""
    def widen(match: re.Match) -> str:
        negated, field_name, raw, quoted = match.groups()
        value = (quoted if quoted is not None else raw).strip()
        if not field_name or field_name.lower() not in _TAG_FIELDS or value not in groups:
            return match.group(0)
        # A name with a double quote cannot be written in the query language: it is left out.
        clauses = [f'{negated}{field_name}:"{tag}"' for tag in (value, *groups[value]) if '"' not in tag]
        return " ".join(clauses) if negated else " OR ".join(clauses)

    return _TOKEN.sub(widen, text)


def _clause(field_name: str | None, value: str, parsed: ParsedQuery, *, exact: bool) -> Node | None:
    key = field_name.lower() if field_name else None
    if key in _TAG_FIELDS:
        return Tag(value.strip())
    if key in _DATE_FIELDS:
        parsed.day_from, parsed.day_to = date_bounds(value)
        return None
    fields = _FIELDS.get(key, _ANY_TEXT) if key else _ANY_TEXT
    pieces = [] if exact else _pieces(value)
    if len(pieces) > 1:
        parts = tuple(clause for clause in (text_clause(p, fields) for p in pieces) if clause)
        whole = text_clause(value, fields)
        if whole is not None and len(parts) > 1:
            return Run(parts, whole)
    return text_clause(value, fields)


def _pieces(value: str) -> list[str]:
    """An unquoted string cut into the words a query should find anywhere (folded).

    jieba's words, except that single characters cannot stand alone: a run of them stays
    together (联学 in 联学共建, found as its pair), and one on its own joins the word before it
    (百米级 stays whole), so a string that does not segment is still searched as it was typed.
    """
    folded = fold(value).text
    spans: list[list[int]] = []
    after_single = False
    for _, start, end in _cut(folded):
        single = end - start == 1
        if single and after_single:
            spans[-1][1] = end
        else:
            spans.append([start, end])
        after_single = single
    while len(spans) > 1 and (lone := next((i for i, (s, e) in enumerate(spans) if e - s == 1), None)) \
            is not None:
        neighbour = lone - 1 if lone else 1
        low, high = sorted((lone, neighbour))
        spans[low:high + 1] = [[spans[low][0], spans[high][1]]]
    return [folded[start:end] for start, end in spans]


def _known_field(field_name: str, value: str) -> bool:
    key = field_name.lower()
    if key in _DATE_FIELDS:
        return date_bounds(value) is not None
    if key in _TAG_FIELDS:
        return bool(value.strip())
    return key in _FIELDS


def text_clause(value: str, fields: tuple[str, ...]) -> Text | None:
    """A string as its words (a whole-word match scores more) and its character pairs.

    Quoted or not, the pairs must stand in the query's order: a word split into pieces is found
    as the sequence of its pieces, never as pieces scattered over the text.
    """
    words, grams = _query_words(value), query_bigrams(value)
    if not words and not grams:
        return None
    first = grams[0][1] if grams else 0
    return Text(fields, tuple(words), tuple((term, position - first) for term, position in grams))


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


_FIELD_NAMES = {"title": "标题", "body": "正文", "unit": "单位"}


@dataclass(frozen=True)
class QueryExplanation:
    """How a query is read, for a person whose search found nothing."""

    parts: tuple[str, ...]
    """One phrase per clause in Chinese (「防汛」, 或, 不含「演练」, 标题含「台风」…)."""
    problems: tuple[str, ...]
    """What looks mistyped: an unclosed quote, an OR with nothing on one side."""
    repaired: str
    """The query with those mistakes taken out; equal to the query when there are none."""


def explain(text: str) -> QueryExplanation:
    parts: list[str] = []
    for negated, field_name, value, quoted, is_or in _tokens(text):
        if is_or:
            parts.append("或")
            continue
        if not value.strip():
            continue
        key = field_name.lower() if field_name else ""
        if key in _TAG_FIELDS:
            phrase = f"标签「{value}」"
        elif key in _DATE_FIELDS:
            phrase = f"日期 {value}"
        elif key:
            phrase = f"{_FIELD_NAMES[_FIELDS[key][0]]}含「{value}」"
        else:
            phrase = f"「{value}」" if quoted is None else f"整句「{value}」"
        parts.append("不含" + phrase if negated else phrase)
    problems, repaired = [], text
    if text.count('"') % 2:
        problems.append("引号没有闭合")
        cut = repaired.rfind('"')
        repaired = repaired[:cut] + repaired[cut + 1:]
    words = repaired.split()
    if words and (words[0] in _OR_WORDS or words[-1] in _OR_WORDS):
        problems.append("OR（或）两边都要有词")
        while words and words[0] in _OR_WORDS:
            words.pop(0)
        while words and words[-1] in _OR_WORDS:
            words.pop()
    return QueryExplanation(tuple(parts), tuple(problems), " ".join(words) if problems else text)


def _query_words(text: str) -> list[str]:
    """The words of a query string, folded and cut exactly as indexed text is."""
    return [w for w, _, _ in _cut(fold(text).text)]


@functools.lru_cache(maxsize=4096)
def _cut(folded: str) -> tuple[tuple[str, int, int], ...]:
    """`word_table.words`, remembered: cutting takes a few ms, and a query is parsed again for
    each page, sort order or filter."""
    return tuple(word_table.words(folded))
