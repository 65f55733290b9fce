"""The GB/T 9704-2012 page: A4, margins, the 22 × 28 grid, fonts and sizes on real runs, heading faces."""

from __future__ import annotations

import pytest
from briefing_helpers import east_asian_font, paragraph_starting, text_runs
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from archive.briefing import BriefingOptions, write_briefing


@pytest.fixture
def compilation(tmp_path, demo):
    out = write_briefing(demo, BriefingOptions(unit="某市气象局办公室"), tmp_path / "汇编.docx")
    return Document(out)


def test_every_section_is_a4_with_the_gb_margins(compilation):
    assert len(compilation.sections) == 3  # cover, contents, cases
    for section in compilation.sections:
        # Word stores twips: a millimetre value comes back rounded to 1/20 pt.
        for length, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                           (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
            assert length.mm == pytest.approx(mm, abs=0.02)
        # The type area is 156 × 225 mm.
        assert abs((section.page_width - section.left_margin - section.right_margin) - Mm(156)) < Mm(0.1)
        assert abs((section.page_height - section.top_margin - section.bottom_margin) - Mm(225)) < Mm(0.1)


def test_the_document_grid_is_22_lines_of_28_characters(compilation):
    for section in compilation.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "linesAndChars"
        assert grid.get(qn("w:linePitch")) == "579"
        assert 22 * 579 <= 12756 < 23 * 579
        # charSpace: (character pitch - 16 pt) × 4096; 28 characters fill the 156 mm line.
        pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
        assert 28 * pitch == pytest.approx(156 / 25.4 * 72, abs=0.5)


def test_body_runs_carry_the_faces_and_size(compilation):
    paragraph = paragraph_starting(compilation, "今年主汛期")
    assert paragraph.style.name == "公文正文"
    for run in text_runs(paragraph):
        assert east_asian_font(run) == "仿宋_GB2312"
        assert run.font.name == "Times New Roman"  # Latin letters and digits
        assert run.font.size == Pt(16)
    pf = paragraph.style.paragraph_format
    assert pf.line_spacing == Pt(28.95)
    ind = paragraph.style.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


def test_case_titles_are_22pt_xiaobiaosong_centred(compilation):
    titles = [p for p in compilation.paragraphs if p.style.name == "案例标题"]
    assert len(titles) == 3
    for title in titles:
        assert title.style.paragraph_format.alignment == 1  # centre
        for run in text_runs(title):
            assert east_asian_font(run) == "方正小标宋简体"
            assert run.font.size == Pt(22)


def test_heading_levels_take_their_faces_with_or_without_markdown(compilation):
    # "## 一、主要做法" is a Markdown heading; "（一）分级叫应，责任到人。…" is a plain paragraph.
    level1 = paragraph_starting(compilation, "一、主要做法")
    assert level1.style.name == "一级标题"
    assert {east_asian_font(r) for r in text_runs(level1)} == {"黑体"}
    run_in = paragraph_starting(compilation, "（一）分级叫应")
    first, *rest = text_runs(run_in)
    assert first.text == "（一）分级叫应，责任到人。" and east_asian_font(first) == "楷体_GB2312"
    assert {east_asian_font(r) for r in rest} == {"仿宋_GB2312"}


def test_third_level_headings_are_bold_fangsong(tmp_path, demo):
    case = demo[0].__class__(title="测试", body="1. 会商研判。每日开展天气会商。\n\n（1）加强领导\n\n一、总体情况")
    document = Document(write_briefing([case], BriefingOptions(layout="single"), tmp_path / "h.docx"))
    third = paragraph_starting(document, "1.会商研判")
    first = text_runs(third)[0]
    assert first.text == "1.会商研判。" and first.bold and east_asian_font(first) == "仿宋_GB2312"
    assert paragraph_starting(document, "（1）加强领导").style.name == "四级标题"
    assert paragraph_starting(document, "一、总体情况").style.name == "一级标题"


def test_styles_declare_the_faces_too_so_a_user_can_restyle_them(compilation):
    styles = {s.name: s for s in compilation.styles}
    for name, face in (("公文正文", "仿宋_GB2312"), ("一级标题", "黑体"), ("二级标题", "楷体_GB2312"),
                       ("三级标题", "仿宋_GB2312"), ("案例标题", "方正小标宋简体"), ("页码", "宋体")):
        fonts = styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == face
    assert styles["三级标题"].font.bold
    # Normal names the body size: Word sizes the grid from it, LibreOffice assumes 12 pt without it.
    assert styles["Normal"].font.size == Pt(16)


def test_font_table_declares_gb_faces_with_fallbacks(compilation):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    table = parse_xml(compilation.part.part_related_by(RT.FONT_TABLE).blob)
    declared = {f.get(qn("w:name")): f.find(qn("w:altName")) for f in table.findall(qn("w:font"))}
    for face, fallback in (("方正小标宋简体", "宋体"), ("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"),
                           ("仿宋", "FangSong"), ("楷体", "KaiTi"), ("黑体", "SimHei"), ("宋体", "SimSun")):
        assert declared[face].get(qn("w:val")) == fallback
    names = [f.get(qn("w:name")) for f in table.findall(qn("w:font"))]
    assert names.index("仿宋_GB2312") < names.index("仿宋")  # the GB faces come first


def test_runs_say_they_are_chinese(compilation):
    run = text_runs(paragraph_starting(compilation, "今年主汛期"))[0]
    assert run._r.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    settings = compilation.settings.element
    assert settings.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"


def test_one_styles_part_and_no_stale_thumbnail(tmp_path, demo):
    import zipfile

    out = write_briefing(demo[:1], BriefingOptions(layout="single"), tmp_path / "one.docx")
    names = zipfile.ZipFile(out).namelist()
    assert "word/styles.xml" in names
    assert not [n for n in names if "stylesWithEffects" in n or "thumbnail" in n]


def test_the_package_needs_no_qt():
    import subprocess
    import sys

    code = ("import sys, archive.briefing; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
