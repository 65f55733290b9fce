"""Breaking a title too long for one line, as GB/T 9704 asks: between words (jieba, with the field's
dictionary), never before a closing mark or after an opening one, never leaving one character alone,
in lines of about equal length set as a 梯形 (each line shorter or longer than the last) or 菱形
(longest in the middle), and at a space or before a ——subtitle where one is near the middle.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Sequence

_CLOSING = set("，。、；：？！”’）》」』】〕…%％·,.;:?!)]}")
_OPENING = set("“‘（《「『【〔([{")
_CONNECTED = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-:'０１２３４５６７８９")
_JOINING = set("+＋·&/_")   # 气象+, 7·20: bound to both neighbours
_MEASURES = set("年月日号期届次个项人万亿元")
_DASH = "—"
MAX_LINES = 4              # longer titles are not balanced by hand either: the lines simply fill
MAX_UNITS = 60             # beyond this many breakable pieces, fill the lines instead of searching
_PREFERRED_BREAK = 4.0     # cells of imbalance worth trading for a break at a space or a ——


def text_cells(text: str) -> float:
    """Width in characters as a Chinese face sets a title: quotes, dashes and dots are full-width."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def break_title(title: str, cells_per_line: float) -> list[str]:
    """The lines of `title` (whitespace folded) for a column `cells_per_line` characters wide."""
    title = " ".join(title.split())
    total = text_cells(title)
    if total <= cells_per_line or not title:
        return [title]
    units = _units(title)
    fewest = math.ceil(total / cells_per_line)
    if len(units) <= MAX_UNITS and fewest <= MAX_LINES:
        for count in range(fewest, min(fewest + 1, MAX_LINES) + 1):
            lines = _balanced(units, count, cells_per_line)
            if lines is not None:
                return lines
    return _filled(units, cells_per_line)


def _units(title: str) -> list[str]:
    """The title cut where a line may break: jieba's word boundaries, less those inside a number,
    a Latin word, a number and its measure (2024年), or next to punctuation that may not end or
    start a line."""
    from search.analysis import fold, segmenter  # jieba loads once, and only for titles that wrap

    folded = fold(title)
    tokenizer = segmenter()
    starts = {folded.origin[start] for _word, start, _end in tokenizer.tokenize(folded.text)}
    # jieba's cut is one reading; a break inside another dictionary word (智能网|格 of 智能网格) may
    # still split a word, so none is made where a word of two to four characters straddles it.
    straddled = {folded.origin[a + cut] for a in range(len(folded.text)) for size in (2, 3, 4)
                 if tokenizer.FREQ.get(folded.text[a:a + size]) for cut in range(1, size)
                 if a + cut < len(folded.origin)}
    units, begin = [], 0
    for index in range(1, len(title)):
        if index in starts and index not in straddled and _may_break(title[index - 1], title[index]) \
                and not _quoted_character(title, index):
            units.append(title[begin:index])
            begin = index
    units.append(title[begin:])
    return units


def _quoted_character(title: str, index: int) -> bool:
    """A single quoted character (以“联”促“动”) stays with the character before it."""
    return title[index] == "“" and title[index + 2:index + 3] == "”"


def _may_break(before: str, after: str) -> bool:
    if after in _CLOSING or before in _OPENING or after == " " and before == " ":
        return False
    if before in _JOINING or after in _JOINING:
        return False
    if before in _CONNECTED and after in _CONNECTED:
        return False
    if before.isdigit() and after in _MEASURES:
        return False
    return not (before == _DASH and after == _DASH)


def _line(units: Sequence[str]) -> str:
    return "".join(units).strip()


def _balanced(units: Sequence[str], count: int, cells_per_line: float) -> list[str] | None:
    """The best split into `count` lines that fit: least spread of lengths, a 梯形 or 菱形 shape,
    preferring a space or a —— as the break; None when no split fits."""
    best: tuple[float, list[str]] | None = None
    for cuts in itertools.combinations(range(1, len(units)), count - 1):
        bounds = (0, *cuts, len(units))
        lines = [_line(units[a:b]) for a, b in itertools.pairwise(bounds)]
        widths = [text_cells(line) for line in lines]
        if max(widths) > cells_per_line or min(len(line) for line in lines) < 2:
            continue
        mean = sum(widths) / count
        cost = sum((w - mean) ** 2 for w in widths) ** 0.5
        if not _shapely(widths):
            cost += cells_per_line
        cost -= _PREFERRED_BREAK * sum(1 for c in cuts if units[c - 1].endswith(" ")
                                       or units[c].startswith((" ", _DASH)))
        if best is None or cost < best[0]:
            best = (cost, lines)
    return best[1] if best else None


def _shapely(widths: Sequence[float]) -> bool:
    """梯形 (lengths only grow or only shrink) or 菱形 (grow, then shrink); never an hourglass."""
    if len(widths) < 3:
        return True
    peak = widths.index(max(widths))
    rising = all(a <= b for a, b in zip(widths[:peak], widths[1:peak + 1], strict=True))
    falling = all(a >= b for a, b in zip(widths[peak:], widths[peak + 1:], strict=False))
    return rising and falling or all(a <= b for a, b in itertools.pairwise(widths))


def _filled(units: Sequence[str], cells_per_line: float) -> list[str]:
    """Lines filled in turn (for very long titles), a unit longer than a line cut where it must,
    and a last line of one character joined by the end of the line before it."""
    lines: list[str] = []
    current = ""
    for unit in units:
        if current and text_cells(current + unit) > cells_per_line:
            lines.append(current)
            current = ""
        while text_cells(unit) > cells_per_line:
            room = int(cells_per_line - text_cells(current)) or int(cells_per_line)
            piece, unit = unit[:room], unit[room:]
            lines.append(current + piece)
            current = ""
        current += unit
    lines.append(current)
    lines = [line.strip() for line in lines if line.strip()]
    if len(lines) > 1 and len(lines[-1]) < 2:
        lines[-2], lines[-1] = lines[-2][:-1], lines[-2][-1] + lines[-1]
    return lines
