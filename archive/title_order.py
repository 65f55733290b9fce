"""The order of titles as a Chinese reader expects it: by pinyin, not by code point.

`title_sort_key` is stored beside each case's title (`cases.title_key`) and the stores order the
标题 column by it. Traditional titles are read as their simplified form, so 災害 sorts with 灾害.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
import threading
import types
import unicodedata
from pathlib import Path

from search.analysis import to_simplified

logger = logging.getLogger(__name__)

_SEPARATOR = "\x01"
"""Between the reading and the title itself: homophones then group by character."""


def _letters_and_digits(title: str) -> str:
    return "".join(c for c in to_simplified(title) if unicodedata.category(c)[0] in "LN")


_JSON_SPACE = json.decoder.WHITESPACE
_DICTIONARIES = {"pinyin_dict": int, "phrases_dict": str}
"""pypinyin's data modules, each a JSON object loaded whole at import, and the type of their keys."""
_preloading = threading.Lock()


def _json_object_in_pieces(text: str) -> dict:
    """A JSON object parsed an entry at a time. `json.loads` of pypinyin's phrase file is one call
    that holds Python's lock for most of a second (the window freezes, whichever thread loads it);
    between two small entries here the lock goes to whichever thread wants it."""
    decoder, entries = json.JSONDecoder(), {}
    position = _JSON_SPACE.match(text, text.index("{") + 1).end()
    while text[position] != "}":
        key, position = decoder.raw_decode(text, position)
        position = _JSON_SPACE.match(text, position).end() + 1  # past the colon
        entries[key], position = decoder.raw_decode(text, _JSON_SPACE.match(text, position).end())
        position = _JSON_SPACE.match(text, position).end()
        if text[position] == ",":
            position = _JSON_SPACE.match(text, position + 1).end()
    return entries


def _preload_pypinyin_data() -> None:
    """Put pypinyin's dictionaries in place, read in pieces, before pypinyin imports them. When its
    files are not where this version keeps them, pypinyin loads them itself (all at once)."""
    with _preloading:
        spec = importlib.util.find_spec("pypinyin")
        folder = Path(spec.origin).parent if spec is not None and spec.origin else None
        for name, key_type in _DICTIONARIES.items():
            module_name = f"pypinyin.{name}"
            path = folder / f"{name}.json" if folder is not None else None
            if module_name in sys.modules or path is None or not path.is_file():
                continue
            try:
                entries = _json_object_in_pieces(path.read_text("utf-8"))
            except (OSError, ValueError, IndexError) as error:
                logger.warning("pypinyin 的 %s 未能分段读入，由它自己读入：%s", path, error)
                continue
            module = types.ModuleType(module_name)
            setattr(module, name, {key_type(key): value for key, value in entries.items()})
            sys.modules[module_name] = module


def title_reading(title: str) -> str:
    """How `title` reads: pinyin syllables with tone numbers (5 for the neutral tone), separated
    by spaces; pypinyin's phrase dictionary settles polyphonic words (银行 háng, 重庆 chóng).
    Other letters and digits come lower-cased; punctuation and spaces are left out."""
    # Its dictionaries take about a second to load: only a command that saves a title pays for it.
    if "pypinyin" not in sys.modules:
        _preload_pypinyin_data()
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(_letters_and_digits(title), style=Style.TONE3,
                                neutral_tone_with_five=True, errors=lambda other: [other.lower()]))


def title_sort_key(title: str) -> str:
    """The reading, then the simplified title to break ties between homophones."""
    return title_reading(title) + _SEPARATOR + _letters_and_digits(title)
