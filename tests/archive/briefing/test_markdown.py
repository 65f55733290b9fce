"""Markdown bodies to Word: structure kept, syntax gone, raw HTML shown as its text."""

from __future__ import annotations

import re

import pytest
from briefing_helpers import all_text, east_asian_font, paragraph_starting, text_runs
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from archive.briefing import BriefingCase, BriefingOptions, write_briefing
from archive.briefing.headings import classify, marker_level

SINGLE = BriefingOptions(layout="single")


@pytest.fixture
def rich(tmp_path, rich_case):
    return Document(write_briefing([rich_case], SINGLE, tmp_path / "rich.docx"))


def test_no_markdown_or_html_syntax_reaches_the_document(rich):
    text = all_text(rich)
    for syntax in ("**", "__", "##", "](", "![", "|", "---", ":--", "> ", "<font", "</", "<div", "`",
                   "attachment:", "http://"):
        assert syntax not in text, syntax
    assert not re.search(r"^\s*[-*+] ", text, re.M)


def test_raw_html_is_kept_as_text(rich):
    text = all_text(rich)
    assert "原文用红字标注重点" in text
    assert "以上材料由县气象局报送" in text
    underlined = [r for r in paragraph_starting(rich, "详见").runs if r.underline]
    assert [r.text for r in underlined] == ["下划线"]


def test_inline_formatting(rich):
    first = paragraph_starting(rich, "今年以来")
    assert [r.text for r in first.runs if r.bold] == ["某县气象局"]
    assert [r.text for r in first.runs if r.italic] == ["防汛抗旱"]
    # A single line break between Chinese characters disappears (a space would show).
    assert "成效。这一行" in first.text
    last = paragraph_starting(rich, "（1）注重基层")
    vertical = [(r.text, r._r.rPr.find(qn("w:vertAlign")).get(qn("w:val")))
                for r in last.runs if r._r.rPr.find(qn("w:vertAlign")) is not None]
    assert vertical == [("2", "subscript"), ("2", "superscript")]


def test_links_become_their_text(rich):
    paragraph = paragraph_starting(rich, "详见")
    assert paragraph.text.startswith("详见市局网站和 www.example.gov.cn")
    code = [r for r in paragraph.runs if r.text == "www.example.gov.cn"]
    assert code and code[0].font.name == "Courier New"


def test_lists_ordered_unordered_and_nested(rich):
    texts = [p.text for p in rich.paragraphs]
    assert "1.会商研判。每日开展天气会商。" in texts
    assert "2.滚动服务" in texts and "3.闭环反馈。叫应结果实时回传。" in texts
    assert "◦ 短临预报每小时更新；" in texts
    assert "• 一是强化组织领导；" in texts
    assert "（1）应急部门；" in texts and "（2）水利部门。" in texts
    nested = paragraph_starting(rich, "◦ 短临预报")
    assert nested._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")) == "200"


def test_block_quote_and_thematic_break(rich):
    quote = paragraph_starting(rich, "群众说")
    assert quote.style.name == "引文"
    rules = [p for p in rich.paragraphs if p.style.name == "分隔线"]
    assert len(rules) == 1 and rules[0]._p.pPr.find(qn("w:pBdr")) is not None


def test_table_has_a_heiti_repeated_header_row_and_borders(rich):
    (table,) = rich.tables
    assert [c.text for c in table.rows[0].cells] == ["指标", "2023年", "2024年"]
    assert [c.text for c in table.rows[2].cells] == ["平均叫应时间", "25分钟", "15分钟"]
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert {east_asian_font(r) for c in table.rows[0].cells for r in text_runs(c.paragraphs[0])} == {"黑体"}
    assert {east_asian_font(r) for c in table.rows[1].cells for r in text_runs(c.paragraphs[0])} == {"仿宋_GB2312"}
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"} and len(borders) == 6
    # The alignment written in the Markdown (:---: centre, ---: right) is kept.
    assert table.rows[1].cells[2].paragraphs[0].alignment == 2


def test_picture_from_attachment_scaled_to_the_type_area(rich):
    (shape,) = rich.inline_shapes
    assert shape.width <= Mm(156) and abs(shape.width - Mm(156)) < Mm(1)
    assert shape.height == pytest.approx(shape.width / 2, rel=0.01)
    caption = paragraph_starting(rich, "叫应流程图")
    assert caption.style.name == "图注"


def test_small_picture_is_not_enlarged(tmp_path):
    from briefing_helpers import png_bytes

    small = tmp_path / "small.png"
    small.write_bytes(png_bytes(96, 48))
    case = BriefingCase(title="图", body="![](attachment:small.png)", attachments={"small.png": small})
    (shape,) = Document(write_briefing([case], SINGLE, tmp_path / "s.docx")).inline_shapes
    assert shape.width < Mm(40)


def test_missing_or_unreadable_pictures_leave_a_note_not_a_failure(tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture")
    case = BriefingCase(title="图片", body="![现场照片](attachment:gone.jpg)\n\n![流程](attachment:broken.png)\n\n"
                        "![网图](http://example.com/a.png)", attachments={"broken.png": broken})
    document = Document(write_briefing([case], SINGLE, tmp_path / "p.docx"))
    text = all_text(document)
    assert "［图片：现场照片］" in text and "［图片：流程（无法读取）］" in text and "［图片：网图］" in text
    assert len(document.inline_shapes) == 0


def test_a_body_repeating_its_title_as_first_heading_is_not_doubled(tmp_path):
    case = BriefingCase(title="某县防汛工作经验", body="# 某县防汛工作经验\n\n正文。")
    document = Document(write_briefing([case], SINGLE, tmp_path / "t.docx"))
    assert [p.text for p in document.paragraphs if p.text] == ["某县防汛工作经验", "正文。"]


def test_unnumbered_markdown_headings_take_levels_by_depth(tmp_path):
    case = BriefingCase(title="题", body="## 背景\n\n### 具体措施\n\n#### 细节\n\n正文")
    document = Document(write_briefing([case], SINGLE, tmp_path / "d.docx"))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["背景"] == "一级标题" and styles["具体措施"] == "二级标题" and styles["细节"] == "三级标题"


def test_control_characters_and_empty_bodies_do_not_break_the_file(tmp_path):
    cases = [BriefingCase(title="控制\x07字符", body="第一段\x00\x0b内容\x1f。"), BriefingCase(title="空", body=""),
             BriefingCase(title="   ", body="   \n\n  ")]
    document = Document(write_briefing(cases, SINGLE, tmp_path / "c.docx"))
    text = all_text(document)
    assert "第一段内容。" in text and "（无标题）" in text


@pytest.mark.parametrize(("text", "level", "length", "whole"), [
    ("一、主要做法", 1, 6, True),
    ("（一）分级叫应，责任到人。发布暴雨橙色预警后逐级叫应。", 2, 13, False),
    ("(二) 提前研判。强降雨来临前72小时开展会商研判。", 2, 9, False),
    ("1.会商研判。每日开展天气会商。", 3, 7, False),
    ("2、滚动服务", 3, 6, True),
    ("（1）加强领导", 4, 7, True),
])
def test_heading_conventions_are_recognised(text, level, length, whole):
    found = classify(text)
    assert (found.level, found.length, found.whole) == (level, length, whole)


@pytest.mark.parametrize("text", [
    "1.5倍的增长",
    "2024年全市降水偏多。",
    "一是强化组织领导。",
    "1.预警信息到达率达到100%，叫应响应时间平均缩短至15分钟。",  # a numbered sentence, not a heading
    "（1）应急部门；",  # an enumeration item
    "（一）" + "很长的一句话没有句号" * 6,
])
def test_plain_paragraphs_are_not_headings(text):
    assert classify(text) is None


def test_marker_levels():
    assert [marker_level(t) for t in ("三、", "（十二）", "10.", "（3）", "正文")] == [1, 2, 3, 4, None]


def test_heading_lines_set_off_by_single_line_breaks_stand_alone(tmp_path):
    body = "一、主要做法\n今年以来，某县围绕防汛工作。\n（一）建立机制\n发布预警后逐级叫应。\n\n普通段落\n第二行。"
    document = Document(write_briefing([BriefingCase(title="题", body=body)], SINGLE, tmp_path / "l.docx"))
    assert [(p.style.name, p.text) for p in document.paragraphs[1:]] == [
        ("一级标题", "一、主要做法"), ("公文正文", "今年以来，某县围绕防汛工作。"), ("二级标题", "（一）建立机制"),
        ("公文正文", "发布预警后逐级叫应。"), ("公文正文", "普通段落第二行。")]


def test_traditional_text_passes_through(tmp_path, samples):
    text = (samples / "web-copy-traditional.txt").read_text(encoding="utf-8")
    paragraphs = [line.strip() for line in text.splitlines() if len(line.strip()) > 30][:5]
    case = BriefingCase(title="繁體案例", body="\n\n".join(paragraphs))
    document = Document(write_briefing([case], SINGLE, tmp_path / "t.docx"))
    assert all_text(document).count("。") >= "".join(paragraphs).count("。")
    assert paragraphs[0][:10] in all_text(document)


def test_chinese_indented_with_spaces_is_prose_but_real_code_stays_code(tmp_path):
    body = ("    今年以来，某县气象局围绕防汛工作，\n    创新工作方法。\n\n    取得明显成效。\n\n正文。\n\n"
            "```\nsoffice --headless --convert-to pdf\n```")
    document = Document(write_briefing([BriefingCase(title="题", body=body)], SINGLE, tmp_path / "i.docx"))
    styles = [(p.style.name, p.text) for p in document.paragraphs[1:]]
    assert styles == [("公文正文", "今年以来，某县气象局围绕防汛工作，创新工作方法。"), ("公文正文", "取得明显成效。"),
                      ("公文正文", "正文。"), ("代码", "soffice --headless --convert-to pdf")]


def test_reference_links_still_resolve_where_a_body_defines_them(tmp_path):
    case = BriefingCase(title="引用", body="详见[通知][1]，另见[原文]。\n\n[1]: http://example.gov.cn/a.html\n")
    document = Document(write_briefing([case], BriefingOptions(layout="single"), tmp_path / "r.docx"))
    text = all_text(document)
    assert "详见通知，另见[原文]。" in text and "[1]" not in text
