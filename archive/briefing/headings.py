"""The heading numbering of Chinese official writing: 一、 （一） 1. （1）, found in plain text,
in either script and with full- or half-width punctuation and digits (（一）/(一), 1./１．/1、).

Levels run 1 to 4. A line that is only a heading (一、主要做法) is a heading; a paragraph that opens
with a short heading sentence (（一）分级叫应，责任到人。发布暴雨…) has a run-in heading: that
sentence takes the heading face and the rest stays body text. A long numbered sentence is not a
heading (1. 预警信息到达率达到100%，叫应响应时间平均缩短至15分钟。).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMERAL = "一二三四五六七八九十百零〇"
_MARKERS = (
    (1, re.compile(rf"[{_NUMERAL}]+(?:、|[.．](?!\d))")),
    (2, re.compile(rf"[（(][{_NUMERAL}]+[）)]")),
    (3, re.compile(r"\d{1,3}(?:[.．](?!\d)|、)")),
    (4, re.compile(r"[（(]\d{1,3}[）)]")),
)
_SENTENCE_END = re.compile(r"[。！？!?]")
_ITEM_END = ("；", ";", "，", ",", "、")
MAX_HEADING_CHARS = 40      # a heading line longer than this is a paragraph
MAX_SENTENCE_HEADING = 20   # a lone numbered sentence up to this long is still a heading


@dataclass(frozen=True)
class Heading:
    level: int          # 1 一、  2 （一）  3 1.  4 （1）
    length: int         # characters of the text that form the heading
    whole: bool         # the whole paragraph is the heading


def marker_level(text: str) -> int | None:
    """The level of the numbering `text` starts with, if any."""
    stripped = text.lstrip()
    for level, pattern in _MARKERS:
        if pattern.match(stripped):
            return level
    return None


def classify(text: str) -> Heading | None:
    """Is this paragraph a heading, or does it open with one?"""
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    for level, pattern in _MARKERS:  # noqa: B007 - the level found is used after the loop
        marker = pattern.match(stripped)
        if marker:
            break
    else:
        return None
    rest = stripped[marker.end():]
    if rest.endswith(_ITEM_END):
        return None  # an item of an enumeration (（1）应急部门；), not a heading
    end = _SENTENCE_END.search(rest)
    if end is None:
        return Heading(level, len(text), True) if len(rest) <= MAX_HEADING_CHARS else None
    if end.end() == len(rest):
        return Heading(level, len(text), True) if len(rest) <= MAX_SENTENCE_HEADING else None
    if end.end() <= MAX_HEADING_CHARS:
        return Heading(level, lead + marker.end() + end.end(), False)
    return None
