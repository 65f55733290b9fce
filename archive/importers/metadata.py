"""Title, date, unit, source and author from the head and foot of a cleaned text.

The lines the metadata came from leave the body; everything else keeps the case's own script.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from archive.importers.cleanup import folded_line

_HEAD_LINES = 8
_TITLE_MAX = 60
_SENTENCE_END = re.compile(r"[。！？!?；;]$")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[)）]\s*$")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"),
)
_LABELLED = re.compile(
    r"^[\(（\[【]?\s*(报送单位|供稿单位|来源单位|稿件来源|信息来源|文章来源|来源|作者|撰稿|文|记者|通讯员)"
    r"\s*[:：/／]\s*(.+?)\s*[\)）\]】]?$")
_UNIT_LABELS = {"报送单位", "供稿单位", "来源单位"}
_SOURCE_LABELS = {"稿件来源", "信息来源", "文章来源", "来源"}
_UNIT_ENDINGS = re.compile(r"(局|厅|委|办|院|中心|站|队|所|部|处|科|政府|委员会|公司|协会)$")
_NAME_LINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:[\s、,，]+[\u4e00-\u9fff·]{2,4}){0,3}$")
_DATE_LINE_REST = re.compile(r"^[\s\d:：年月日时分\-/.〇○零一二三四五六七八九十]*$")


@dataclass
class Metadata:
    title: str = ""
    date: dt.date | None = None
    unit: str = ""
    source: str = ""
    author: str = ""
    body_lines: list[str] = field(default_factory=list)


def extract(lines: list[str], fallback_title: str) -> Metadata:
    """Metadata from cleaned `lines`; `body_lines` are the lines that remain for the body."""
    meta = Metadata()
    lines = list(lines)
    _take_labelled(lines, meta)
    _take_title(lines, meta)
    _take_head_details(lines, meta)
    if meta.date is None:
        _take_closing_date(lines, meta)
    if not meta.unit and _UNIT_ENDINGS.search(meta.source):
        meta.unit = meta.source
    meta.title = meta.title or fallback_title
    while lines and not lines[0]:
        lines.pop(0)
    meta.body_lines = lines
    return meta


def parse_date(text: str) -> dt.date | None:
    """The first date written in `text` in any of the forms office documents use."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        try:
            year, month, day = (_number(part) for part in match.groups())
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    # 十, 十六, 二十, 二十一
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _take_labelled(lines: list[str], meta: Metadata) -> None:
    for index in reversed(range(len(lines))):
        match = _LABELLED.match(folded_line(lines[index]))
        if not match or len(lines[index]) > 50:
            continue
        label = match.group(1)
        # Read the value from the original line so it keeps its script.
        value = re.split(r"[:：/／]", lines[index], maxsplit=1)[-1].strip(" )）]】")
        if label in _UNIT_LABELS:
            meta.unit = meta.unit or value
        elif label in _SOURCE_LABELS:
            meta.source = meta.source or value
        else:
            meta.author = meta.author or value
        del lines[index]


def _take_title(lines: list[str], meta: Metadata) -> None:
    heading = [i for i, line in enumerate(lines[:_HEAD_LINES]) if line]
    for index in heading:
        candidate = lines[index].lstrip("#").strip()
        if len(candidate) > _TITLE_MAX or _SENTENCE_END.search(candidate):
            return
        if parse_date(candidate) and _is_date_line(candidate):
            continue
        meta.title = _TRAILING_NOTE.sub("", candidate) or candidate
        del lines[index]
        # Pages often repeat the title, with or without a subtitle in brackets.
        for later in reversed(range(index, min(len(lines), index + _HEAD_LINES))):
            if lines[later] and _TRAILING_NOTE.sub("", lines[later]) == meta.title:
                del lines[later]
        return


def _take_head_details(lines: list[str], meta: Metadata) -> None:
    for index in reversed(range(min(len(lines), _HEAD_LINES))):
        line = lines[index]
        if not line:
            continue
        if meta.date is None and parse_date(line) and _is_date_line(line):
            meta.date = parse_date(line)
            del lines[index]
        elif not meta.author and _NAME_LINE.match(line) and index < 4:
            meta.author = line
            del lines[index]


def _take_closing_date(lines: list[str], meta: Metadata) -> None:
    tail = [i for i in range(len(lines)) if lines[i]][-3:]
    for index in reversed(tail):
        if parse_date(lines[index]) and _is_date_line(lines[index]):
            meta.date = parse_date(lines[index])
            del lines[index]
            return


def _is_date_line(line: str) -> bool:
    """The line is a date (and maybe a time), not a sentence that mentions one."""
    for pattern in _DATE_PATTERNS:
        line = pattern.sub("", line)
    return bool(_DATE_LINE_REST.match(line))
