"""The heading rule measured on a labelled set of paragraphs (data/headings.tsv): simplified and
traditional, full- and half-width marks. The `held` part was kept back while the rule was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.briefing import body_html
from archive.briefing.headings import classify

CORPUS = Path(__file__).parent / "data" / "headings.tsv"


def labelled(part: str) -> list[tuple[str, str]]:
    rows = [line.rstrip("\n").split("\t") for line in CORPUS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(expected, text) for where, expected, text in rows if where == part]


def verdict(text: str) -> str:
    found = classify(text)
    return "0" if found is None else f"{found.level}{'' if found.whole else '+'}"


@pytest.mark.parametrize("part", ["dev", "held"])
def test_every_labelled_paragraph_is_classified_as_labelled(part):
    rows = labelled(part)
    assert len(rows) >= 20
    wrong = [(expected, verdict(text), text) for expected, text in rows if verdict(text) != expected]
    assert wrong == []


def test_the_reader_shows_plain_text_headings_as_the_export_prints_them():
    shown = body_html("一、主要做法\n\n（一）强化组织领导。成立工作专班。\n\n二、成效\n今年以来成效明显。\n\n"
                      "## 四级\n\n1.5倍的增长。")
    assert "<h3>一、主要做法</h3>" in shown and "<h3>二、成效</h3>" in shown
    assert "<p><b>（一）强化组织领导。</b>成立工作专班。</p>" in shown
    assert "<p>今年以来成效明显。</p>" in shown
    assert "<h3>四级</h3>" in shown  # a Markdown heading without numbering: its depth among those present
    assert "<p>1.5倍的增长。</p>" in shown


def test_the_reader_keeps_every_cell_of_a_ragged_table_and_shows_html_as_text():
    shown = body_html("| 类型 | 数量 |\n| --- | ---: |\n| 暴雨 | 12 | 另列 |\n| 大风 |\n\n<b>原样</b>")
    assert shown.count("<tr>") == 3 and "另列" in shown
    assert "&lt;b&gt;原样&lt;/b&gt;" in shown


def test_the_reader_finds_pictures_by_the_names_written_in_the_body():
    assert 'src="attachment:现场_照片.png"' in body_html("![现场](attachment:现场_照片.png)")
