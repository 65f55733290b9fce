"""Text files in every encoding office staff meet decode without mojibake, short ones included."""

from __future__ import annotations

import random

import pytest

from archive.errors import ImportFailure
from archive.importers.encoding import decode_html, decode_text

SHORT = ["防汛", "为群", "台平", "抓一", "夏收", "叫应", "冬奥会", "粮食安全", "汛期值守。", "中国气象局"]
SHORT_TRADITIONAL = ["颱風", "模式", "圓滿", "中國", "落實", "氣象", "糧食安全", "黨建引領"]


@pytest.mark.parametrize("text", SHORT)
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-16"])
def test_short_simplified_texts(text, encoding):
    assert decode_text(text.encode(encoding), "x.txt") == text


@pytest.mark.parametrize("text", SHORT_TRADITIONAL)
@pytest.mark.parametrize("encoding", ["big5", "gb18030", "utf-8"])
def test_short_traditional_texts(text, encoding):
    assert decode_text(text.encode(encoding), "x.txt") == text


def test_slices_of_the_samples_decode_in_their_legacy_encodings(samples):
    simplified = (samples / "report-simplified.txt").read_text("utf-8")
    traditional = (samples / "web-copy-traditional.txt").read_text("utf-8")
    traditional = traditional[traditional.index("“堅持"):traditional.index("(稿件")]
    rng = random.Random(4)
    wrong = []
    for text, encoding in ((simplified, "gbk"), (traditional, "big5"), (traditional, "gb18030")):
        for length in (6, 12, 40, 200):
            for _ in range(40):
                start = rng.randrange(len(text) - length)
                piece = text[start:start + length].strip()
                try:
                    data = piece.encode(encoding)
                except UnicodeEncodeError:  # a character Big5 lacks
                    continue
                if piece and decode_text(data, "x.txt") != piece:
                    wrong.append((encoding, piece))
    assert len(wrong) <= 2, wrong  # at six characters a few readings are truly ambiguous


def test_utf8_bom_and_latin_text_stay_as_they_are():
    assert decode_text("\ufeff汛期".encode("utf-8"), "x.txt") == "汛期"
    assert decode_text("café au lait".encode(), "x.txt") == "café au lait"


def test_bomless_utf16_is_read():
    text = "县气象局汛期值守工作总结，防汛责任落实到人。"
    assert decode_text(text.encode("utf-16-le"), "x.txt") == text
    assert decode_text(text.encode("utf-16-be"), "x.txt") == text


def test_a_gbk_file_cut_mid_character_still_reads():
    data = "县气象局汛期值守工作总结，防汛责任落实到人。".encode("gbk") * 30
    assert decode_text(data[:-1], "x.txt").startswith("县气象局汛期值守")


def test_html_declared_charset_is_believed():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           '<body><p>夏收</p></body></html>'
    assert "夏收" in decode_html(page.encode("gbk"), "x.html")


def test_binary_is_refused():
    with pytest.raises(ImportFailure, match="「x.txt」是二进制文件"):
        decode_text(bytes(range(256)) * 4, "x.txt")
