"""A rough page count while writing, for the page numbers written into the table of contents.

Word and LibreOffice replace them when the field is updated; until then (and in a PDF that
LibreOffice makes without updating) they should be right for ordinary text. The model: a page
is 225 mm of type area, filled line by line (a line that does not fit whole goes over); lines hold
28 full-width characters at 3号, Latin letters and digits take half a character.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate

from archive.briefing.styles import BODY_SIZE, CHARS_PER_LINE, TEXT_HEIGHT_TWIPS

_NO_LINE_START = set("。，、；：？！”’）》」』】〕…—%％·.,;:?!)]}")
# The characters of a Latin word or number, which moves as a whole.
_LATIN = re.compile(r"[A-Za-z0-9.%_@/:+-]")


class _Widths(dict):
    """Character -> cells, worked out once per character (the pager asks for every one)."""

    def __missing__(self, char: str) -> float:
        width = self[char] = 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5
        return width


_WIDTHS = _Widths({"\n": 0.0})


def text_cells(text: str) -> float:
    """Width of `text` in full-width character cells."""
    return sum(map(_WIDTHS.__getitem__, text))


def line_count(text: str, *, size: float = BODY_SIZE, indent_cells: float = 0.0,
               width_cells: float = CHARS_PER_LINE) -> int:
    """How many lines `text` takes in a column `width_cells` body characters wide, breaking the
    way Chinese typesetting does: a closing mark never starts a line (the character before it goes
    down with it), and a Latin word or number is not split."""
    per_line = max(1.0, width_cells * BODY_SIZE / size)
    return sum(_lines(part, per_line, indent_cells) for part in text.split("\n"))


def _lines(text: str, per_line: float, indent: float) -> int:
    """Lines of one paragraph, found a line at a time by bisecting the running widths (a character
    at a time is ten times slower, and the pager asks for every paragraph)."""
    if len(text) <= per_line - indent:
        return 1  # no character is wider than one cell: short text fits without measuring
    running = list(accumulate(map(_WIDTHS.__getitem__, text)))
    lines, start, before = 1, 0, -indent  # `before`: running width up to this line's first character
    while True:
        end = bisect_right(running, before + per_line + 1e-9, lo=start)  # [start, end) fits
        if end >= len(text):
            return lines
        cut = end = max(end, start + 1)  # a character wider than the line still takes one
        # A Latin word or number is not split: it goes down whole, unless it fills the line alone.
        while cut > start and _LATIN.match(text[cut - 1]) and _LATIN.match(text[cut]):
            cut -= 1
        if cut == start:
            cut = end
        # A closing mark may not start a line: the character before it comes down too.
        if text[cut] in _NO_LINE_START and cut - 1 > start:
            cut -= 1
        lines += 1
        before, start = running[cut - 1], cut


def line_height(size: float, line_twips: int | None) -> float:
    """Exact line heights are what they say; single spacing is about 1.4 × the font size (the CJK
    faces have tall ascenders)."""
    return line_twips if line_twips is not None else size * 20 * 1.4


class Pager:
    """Follows the position on the page as paragraphs are written; `page` is where the next line
    would go."""

    def __init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        self.page = 1
        self.position = 0.0   # twips down the type area
        self._keep_space = True

    @property
    def room(self) -> float:
        """Twips left on the current page."""
        return TEXT_HEIGHT_TWIPS - self.position

    def new_page(self, *, explicit: bool = True) -> None:
        """A page break; space before the next paragraph survives only an explicit one."""
        if self.position > 0:
            self.page += 1
            self.position = 0.0
        self._keep_space = explicit

    def add_lines(self, count: int, height: float, *, before: float = 0.0, after: float = 0.0,
                  keep_next: bool = False, splits: bool = True) -> None:
        """Lines of one paragraph. A paragraph kept with the next moves on if it would end the page;
        one that may not split (a picture, a table row) moves on whole if it does not fit."""
        if self.position > 0 or self._keep_space:
            self.position += before
        self._keep_space = False
        whole = count * height
        room = TEXT_HEIGHT_TWIPS - self.position
        if (not splits or keep_next) and whole <= TEXT_HEIGHT_TWIPS and (
                whole > room or (keep_next and whole + height > room)):
            self.new_page(explicit=False)
        for _ in range(count):
            if self.position + height > TEXT_HEIGHT_TWIPS + 1:
                self.new_page(explicit=False)
            self.position += height
        self.position += after
        if self.position >= TEXT_HEIGHT_TWIPS:
            self.new_page(explicit=False)
