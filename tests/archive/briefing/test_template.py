"""A user's .docx template: its styles of our names (公文正文, 一级标题, …) override the built-in ones,
both in the style table and on the runs."""

from __future__ import annotations

import shutil

import pytest
from briefing_helpers import east_asian_font, paragraph_starting, text_runs
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from archive.briefing import BriefingOptions, write_briefing


def set_east_asian(style, face):
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)


@pytest.fixture
def template(tmp_path):
    """Made the way a user would in Word: restyle 公文正文 and 一级标题, add a style of their own."""
    document = Document()
    body = document.styles.add_style("公文正文", WD_STYLE_TYPE.PARAGRAPH)
    body.font.size = Pt(14)
    body.font.name = "Arial"
    set_east_asian(body, "楷体")
    heading = document.styles.add_style("一级标题", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    heading.font.bold = True
    other = document.styles.add_style("我的样式", WD_STYLE_TYPE.PARAGRAPH)
    other.font.size = Pt(30)
    document.add_paragraph("模板里的正文不会进入导出的文件。")
    path = tmp_path / "单位模板.docx"
    document.save(path)
    return path


def test_template_styles_override_the_built_in_ones(tmp_path, demo, template):
    out = write_briefing(demo, BriefingOptions(template=template), tmp_path / "汇编.docx")
    document = Document(out)
    body = paragraph_starting(document, "今年主汛期")
    for run in text_runs(body):
        assert east_asian_font(run) == "楷体" and run.font.size == Pt(14) and run.font.name == "Arial"
    assert document.styles["公文正文"].font.size == Pt(14)
    heading = paragraph_starting(document, "一、主要做法")
    for run in text_runs(heading):
        assert run.font.color.rgb == RGBColor(0x1F, 0x4E, 0x79) and run.bold
        assert east_asian_font(run) == "黑体"  # what the template did not set stays
    # Untouched styles keep the GB values; the template's own text and styles stay out.
    title = next(p for p in document.paragraphs if p.style.name == "案例标题")
    assert text_runs(title)[0].font.size == Pt(22)
    assert "模板里的正文" not in "".join(p.text for p in document.paragraphs)
    assert "我的样式" not in [s.name for s in document.styles]


def test_a_dotx_template_works_too(tmp_path, demo, template):
    dotx = tmp_path / "单位模板.dotx"
    shutil.copy(template, dotx)
    out = write_briefing(demo[:1], BriefingOptions(layout="single", template=dotx), tmp_path / "一篇.docx")
    body = paragraph_starting(Document(out), "今年主汛期")
    assert text_runs(body)[0].font.size == Pt(14)


def test_a_template_restyling_a_style_through_inheritance(tmp_path, demo):
    document = Document()
    base = document.styles.add_style("单位基础", WD_STYLE_TYPE.PARAGRAPH)
    set_east_asian(base, "宋体")
    base.font.size = Pt(15)
    body = document.styles.add_style("公文正文", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = base
    body.font.bold = True
    path = tmp_path / "继承.docx"
    document.save(path)
    out = write_briefing(demo[:1], BriefingOptions(layout="single", template=path), tmp_path / "x.docx")
    run = text_runs(paragraph_starting(Document(out), "今年主汛期"))[0]
    assert east_asian_font(run) == "宋体" and run.font.size == Pt(15) and run.bold
