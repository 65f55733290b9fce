"""Turn the bytes of a text file into text without mojibake: UTF-8/16 first, then the Chinese codecs."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from archive.errors import ImportFailure
from search.analysis import fold, is_cjk, is_dictionary_word, words

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_CHINESE = ("gb18030", "big5")
_SAMPLE = 1500


def decode_text(data: bytes, name: str) -> str:
    """Decode `data`; ImportFailure naming `name` when it is not text at all."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if _looks_like_utf16(data):
        return data.decode("utf-16-le" if data[1::2].count(0) > data[::2].count(0) else "utf-16-be",
                           errors="replace")
    if b"\x00" in data:
        raise ImportFailure(f"「{name}」是二进制文件，不是文本")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # GBK and Big5 byte ranges overlap, and detectors guess wrong on short texts: of the strict
    # decodings, keep the one that reads most like common Chinese.
    readings = {}
    for codec in ("gb18030", "big5"):
        try:
            readings[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if len(readings) == 1:
        return next(iter(readings.values()))
    if readings:
        # A sample decides as well as the whole text does, and costs far less.
        return max(readings.items(),
                   key=lambda item: (_commonness(item[1][:_SAMPLE]), item[0] == "gb18030"))[1]
    guess = from_bytes(data, cp_isolation=list(_CHINESE)).best()
    if guess is not None and str(guess).count("\ufffd") == 0:
        return str(guess)
    raise ImportFailure(f"「{name}」不是可识别的文本编码（不是 UTF-8、GBK 或 Big5）")


def _commonness(text: str) -> float:
    """Share of the Chinese characters that stand in dictionary words of two or more characters.

    Real text is mostly words; bytes decoded with the wrong codec fall apart into single characters.
    """
    folded = fold(text).text
    hanzi = sum(1 for c in folded if is_cjk(c))
    if not hanzi:
        return 0.0
    in_words = sum(len(w) for w, _, _ in words(folded) if len(w) > 1 and is_dictionary_word(w))
    return in_words / hanzi


def _looks_like_utf16(data: bytes) -> bool:
    # BOM-less UTF-16 of Chinese text: many NULs, all in odd or all in even positions for Latin.
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return False
    zeros_even, zeros_odd = sample[::2].count(0), sample[1::2].count(0)
    return max(zeros_even, zeros_odd) > len(sample) // 8 and min(zeros_even, zeros_odd) == 0
