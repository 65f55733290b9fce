"""Turn the bytes of a text file into text without mojibake.

Order: BOMs, BOM-less UTF-16, strict UTF-8, then GB18030 and Big5. Generic detectors guess wrong
on short Chinese texts (a GBK line of four characters is also valid Big5), so the two Chinese
readings are compared by how much of each is made of the characters its own standard lists as
common; mojibake is made of rare characters, symbols and private-use code points.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re

from archive.errors import ImportFailure
from archive.fingerprint import to_simplified

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHINESE = ("gb18030", "big5hkscs")
_SAMPLE = 2000
# A few damaged bytes (a file cut mid-character) are tolerated; more means it is not this codec.
_MAX_REPLACED_SHARE = 0.005
# Control characters other than tab, newlines and form feed never occur in real text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
_BEYOND_TWO_BYTES = re.compile("[^\x00-\u07ff]")  # characters UTF-8 writes in three or four bytes
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def decode_text(data: bytes, name: str) -> str:
    """Decode `data`; ImportFailure naming `name` when it is not text at all."""
    text = _decode(data, name)
    if _CONTROL.search(text) and len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise ImportFailure(f"「{name}」是二进制文件，不是文本")
    return text


def decode_html(data: bytes, name: str) -> str:
    """Like `decode_text`, but a page's own `<meta charset>` is believed when it decodes cleanly."""
    declared = _DECLARED.search(data[:4096])
    if declared:
        codec = _codec_for(declared.group(1).decode("ascii", "ignore"))
        if codec:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
    return decode_text(data, name)


def _decode(data: bytes, name: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, name)
    if b"\x00" in data:
        # Text has no NUL bytes, except UTF-16 saved without a BOM (some Windows tools do that).
        text = _bomless_utf16(data)
        if text is None:
            raise ImportFailure(f"「{name}」是二进制文件，不是文本")
        return text
    readings = {}
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _could_be_gbk(utf8):
            return utf8
        readings["utf-8"] = utf8
    for codec in _CHINESE:
        try:
            readings[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if not readings.keys() - {"utf-8"}:
        # No clean reading: accept a codec whose damage is a handful of bytes.
        for codec in _CHINESE:
            text = data.decode(codec, errors="replace")
            if text.count("\ufffd") <= _MAX_REPLACED_SHARE * len(text):
                readings[codec] = text
    if not readings:
        # Chinese-only UTF-16 without a BOM has no NUL bytes to give it away.
        text = _bomless_utf16(data)
        if text is not None:
            return text
        raise ImportFailure(f"「{name}」是二进制文件或编码无法识别（不是 UTF-8、UTF-16、GBK 或 Big5 文本）")
    # Ties go to UTF-8, then GB18030 (most files come from the mainland). A sample decides as well
    # as the whole text does, and costs far less.
    preference = {"utf-8": 2, "gb18030": 1}
    return max(readings.items(),
               key=lambda item: (_plausibility(item[0], item[1][:_SAMPLE]), preference.get(item[0], 0)))[1]


def _could_be_gbk(text: str) -> bool:
    """Valid UTF-8 that may really be GBK: short GBK texts often are valid two-byte UTF-8 sequences,
    which decode to Greek, Cyrillic and Latin Extended letters rather than Chinese or Latin-1."""
    if _BEYOND_TWO_BYTES.search(text):  # at C speed: the loop below took 0.6 s per MB
        return False
    foreign = [c for c in text if ord(c) > 0x7F]
    return bool(foreign) and all(ord(c) < 0x800 for c in foreign) and (
        sum(1 for c in foreign if 0xC0 <= ord(c) <= 0xFF) < len(foreign) / 2)


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise ImportFailure(f"「{name}」是二进制文件，不是文本（{codec} 解码失败）") from None


def _plausibility(codec: str, text: str) -> float:
    """Common characters (0 … 1) plus the share of hanzi that stand in dictionary words (0 … 1)."""
    foreign = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not foreign:
        return 0.0
    common = sum(_common_score(codec, c) for c in foreign) / len(foreign)
    simplified = to_simplified(text)
    hanzi = sum(1 for c in simplified if "\u4e00" <= c <= "\u9fff")
    in_words = sum(len(w) for w in _dictionary().cut(simplified, HMM=False)
                   if len(w) > 1 and all("\u4e00" <= c <= "\u9fff" for c in w))
    return common + (in_words / hanzi if hanzi else 0.0)


@functools.lru_cache(maxsize=65536)
def _common_score(codec: str, char: str) -> float:
    if codec == "big5hkscs":
        # Big5: A1–A3 symbols, A4–C6 frequently used hanzi, C9–F9 less frequently used.
        lead = _double_byte(char, "big5")
        return 0.0 if lead is None else 1.0 if lead[0] <= 0xC6 else 0.5 if lead[0] >= 0xC9 else 0.0
    # GB2312 inside GBK (both bytes ≥ A1): A1–A3 punctuation, B0–D7 level-1 (common) hanzi,
    # D8–F7 level-2. Traditional characters from a GBK file count as their simplified forms; UTF-8
    # is judged by the same table, so Greek or Cyrillic mojibake scores low.
    code = _double_byte(to_simplified(char)[:1] or char, "gbk")
    if code is None or code[1] < 0xA1:
        return 0.0
    return 1.0 if code[0] <= 0xA3 or 0xB0 <= code[0] <= 0xD7 else 0.5 if 0xD8 <= code[0] <= 0xF7 else 0.0


def _double_byte(char: str, codec: str) -> bytes | None:
    try:
        encoded = char.encode(codec)
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


@functools.cache
def _dictionary():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt


def _codec_for(label: str) -> str | None:
    label = label.lower().replace("_", "-")
    if label in {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"}:
        return "gb18030"  # the superset: pages labelled gb2312 often use GBK characters
    if label in {"big5", "big5-hkscs", "x-x-big5"}:
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _bomless_utf16(data: bytes) -> str | None:
    """The UTF-16 reading of `data` if one byte order gives readable text, else None."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for c in text if c.isprintable() or c in "\t\r\n" or c == "\u3000")
        if readable >= 0.98 * len(text) and _plausibility("gb18030", text[:_SAMPLE]) >= 1.0:
            return text
    return None
