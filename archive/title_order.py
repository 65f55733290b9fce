"""The order of titles as a Chinese reader expects it: by pinyin, not by code point.

`title_sort_key` is stored beside each case's title (`cases.title_key`) and the stores order the
标题 column by it. Traditional titles are read as their simplified form, so 災害 sorts with 灾害.
"""

from __future__ import annotations

import unicodedata

from search.analysis import to_simplified

_SEPARATOR = "\x01"
"""Between the reading and the title itself: homophones then group by character."""


def _letters_and_digits(title: str) -> str:
    return "".join(c for c in to_simplified(title) if unicodedata.category(c)[0] in "LN")


def title_reading(title: str) -> str:
    """How `title` reads: pinyin syllables with tone numbers (5 for the neutral tone), separated
    by spaces; pypinyin's phrase dictionary settles polyphonic words (银行 háng, 重庆 chóng).
    Other letters and digits come lower-cased; punctuation and spaces are left out."""
    # Its dictionaries take about a second to load: only a command that saves a title pays for it.
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(_letters_and_digits(title), style=Style.TONE3,
                                neutral_tone_with_five=True, errors=lambda other: [other.lower()]))


def title_sort_key(title: str) -> str:
    """The reading, then the simplified title to break ties between homophones."""
    return title_reading(title) + _SEPARATOR + _letters_and_digits(title)
