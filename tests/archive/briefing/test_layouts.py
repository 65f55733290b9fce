"""The briefing (masthead, cases running on, closing block), the single case, and the options."""

from __future__ import annotations

import datetime as dt

import pytest
from briefing_helpers import east_asian_font, instructions, text_runs
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from archive.briefing import BriefingCase, BriefingError, BriefingOptions, write_briefing

BRIEFING = BriefingOptions(layout="briefing", title="防汛工作简报", unit="某市气象局办公室",
                           date=dt.date(2024, 7, 20), issue_number=12, report_to="省气象局",
                           send_to="市委办公室、市政府办公室", distribute_to="各县（区）气象局", cc="市应急管理局",
                           copies=30)


@pytest.fixture
def briefing(tmp_path, demo):
    return Document(write_briefing(demo, BRIEFING, tmp_path / "简报.docx"))


def test_masthead_name_large_and_red_then_issue_unit_date_and_red_rule(briefing):
    name, issue, line = briefing.paragraphs[:3]
    assert name.text == "防汛工作简报"
    (run,) = text_runs(name)
    assert run.font.color.rgb == RGBColor(0xFF, 0, 0)
    assert run.font.size >= Pt(36) and east_asian_font(run) == "方正小标宋简体" and run.bold
    assert issue.text == "第12期"
    assert line.text == "某市气象局办公室\t2024年7月20日"
    tab = line._p.pPr.find(qn("w:tabs")).find(qn("w:tab"))
    assert tab.get(qn("w:val")) == "right" and tab.get(qn("w:pos")) == "8845"
    rule = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000" and rule.get(qn("w:val")) == "single"


def test_long_briefing_names_shrink_to_one_line(tmp_path, demo):
    options = BriefingOptions(layout="briefing", title="某某市气象局防汛抗旱指挥部办公室工作简报")
    name = Document(write_briefing(demo[:1], options, tmp_path / "b.docx")).paragraphs[0]
    assert text_runs(name)[0].font.size <= Pt(442 / 20)


def test_briefing_cases_run_on_without_contents_or_cover(briefing, demo):
    titles = [p for p in briefing.paragraphs if p.style.name == "案例标题"]
    assert [t.text.replace("\n", " ") for t in titles] == [c.title for c in demo]
    assert not any(t._p.pPr.find(qn("w:pageBreakBefore")) is not None for t in titles)
    assert not any(i.startswith("TOC") for i in instructions(briefing.element.body))
    assert len(briefing.sections) == 1
    # Page numbers from the first page.
    assert instructions(briefing.sections[0].footer.paragraphs[0]._p) == ["PAGE"]


def test_closing_block_at_the_foot_between_rules(briefing):
    closing = briefing.tables[-1]
    assert [row.cells[0].text for row in closing.rows] == [
        "报：省气象局", "送：市委办公室、市政府办公室", "发：各县（区）气象局", "抄送：市应急管理局",
        "某市气象局办公室\t2024年7月20日印发", "（共印30份）"]
    tblpr = closing._tbl.tblPr
    position = tblpr.find(qn("w:tblpPr"))
    assert position.get(qn("w:tblpYSpec")) == "bottom" and position.get(qn("w:vertAnchor")) == "margin"
    borders = {b.tag.split("}")[1]: b.get(qn("w:val")) for b in tblpr.find(qn("w:tblBorders"))}
    assert borders == {"top": "single", "left": "nil", "bottom": "single", "right": "nil",
                       "insideH": "single", "insideV": "nil"}
    weights = {b.tag.split("}")[1]: b.get(qn("w:sz")) for b in tblpr.find(qn("w:tblBorders"))}
    assert (weights["top"], weights["insideH"], weights["bottom"]) == ("8", "4", "8")
    copies_cell, issued_cell = closing.rows[-1].cells[0], closing.rows[-2].cells[0]
    assert copies_cell._tc.tcPr.find(qn("w:tcBorders")).find(qn("w:bottom")).get(qn("w:val")) == "nil"
    assert issued_cell._tc.tcPr.find(qn("w:tcBorders")).find(qn("w:bottom")).get(qn("w:sz")) == "8"
    tab = issued_cell.paragraphs[0]._p.pPr.find(qn("w:tabs")).find(qn("w:tab"))
    assert tab.get(qn("w:val")) == "right"
    assert copies_cell.paragraphs[0].alignment == 2  # right
    for row in closing.rows:
        for run in text_runs(row.cells[0].paragraphs[0]):
            assert run.font.size == Pt(14) and east_asian_font(run) == "仿宋_GB2312"


def test_without_recipients_the_closing_block_still_says_who_issued_it_and_when(tmp_path, demo):
    options = BriefingOptions(layout="briefing", issue_number=3, date=dt.date(2024, 7, 1))
    document = Document(write_briefing(demo[:1], options, tmp_path / "b.docx"))
    assert [row.cells[0].text for row in document.tables[-1].rows] == ["\t2024年7月1日印发"]
    assert document.paragraphs[0].text == "工作简报"  # the briefing's default name


def test_single_case_has_no_cover_contents_or_masthead(tmp_path, demo):
    document = Document(write_briefing(demo[:1], BriefingOptions(layout="single"), tmp_path / "one.docx"))
    assert document.paragraphs[0].style.name == "案例标题"
    assert len(document.sections) == 1
    assert not any(i.startswith("TOC") for i in instructions(document.element.body))
    assert instructions(document.sections[0].even_page_footer.paragraphs[0]._p) == ["PAGE"]


def test_compilation_starts_each_case_on_a_new_page_unless_asked_not_to(tmp_path, demo):
    def breaks(options):
        document = Document(write_briefing(demo, options, tmp_path / "x.docx"))
        return [p._p.pPr.find(qn("w:pageBreakBefore")) is not None
                for p in document.paragraphs if p.style.name == "案例标题"]

    assert breaks(BriefingOptions()) == [False, True, True]  # the first follows a section break
    assert breaks(BriefingOptions(page_break_between_cases=False)) == [False, False, False]
    assert breaks(BriefingOptions(layout="briefing", page_break_between_cases=True)) == [False, True, True]


def test_metadata_lines_show_what_is_asked(tmp_path):
    case = BriefingCase(title="题目", body="正文", unit="某县气象局", date=dt.date(2024, 5, 6),
                        tags=("防灾减灾", "防汛"), source="中国气象报", author="李明")
    def meta(fields):
        document = Document(write_briefing([case], BriefingOptions(layout="single", metadata=fields),
                                           tmp_path / "m.docx"))
        lines = [p.text for p in document.paragraphs if p.style.name == "案例信息"]
        return lines[0] if lines else None

    assert meta(("unit", "date", "tags")) == "防灾减灾、防汛"  # unit and date are the 落款, at the foot
    assert meta(("source", "author")) == "来源：中国气象报 · 作者：李明"
    assert meta(()) is None


def signature(tmp_path, case, fields=("unit", "date")) -> list[tuple[str, str, int]]:
    document = Document(write_briefing([case], BriefingOptions(layout="single", metadata=fields),
                                       tmp_path / "s.docx"))
    return [(p.text, p.alignment or p.style.paragraph_format.alignment, int(p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))))
            for p in document.paragraphs if p.style.name == "落款"]


def test_unit_and_date_sign_off_the_case_at_its_foot(tmp_path):
    case = BriefingCase(title="题目", body="正文。", unit="某县气象局", date=dt.date(2023, 7, 21))
    (unit, unit_align, unit_right), (day, _, day_right) = signature(tmp_path, case)
    assert (unit, day) == ("某县气象局", "2023年7月21日")  # no zero padding
    assert unit_align == 2  # right
    # The date (7.75 cells: half-width digits, a quarter space at each of five digit/Chinese changes)
    # starts two characters right of the unit (5 cells).
    assert unit_right / 100 + 5 == day_right / 100 + 7.75 + 2
    long_unit = BriefingCase(title="题目", body="", unit="某某省某某市气象局防灾减灾科", date=dt.date(2023, 1, 2))
    assert signature(tmp_path, long_unit)[0][2] == 200  # 右空二字
    assert signature(tmp_path, case, fields=("tags",)) == []


def test_the_end_of_the_body_keeps_with_the_signature(tmp_path):
    for body in ("正文第一段。\n\n正文最后一段。", "| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |"):
        case = BriefingCase(title="题目", body=body, unit="某县气象局", date=dt.date(2023, 7, 21))
        document = Document(write_briefing([case], BriefingOptions(layout="single"), tmp_path / "k.docx"))
        body_end = document.element.body.xpath("./w:p[w:pPr/w:pStyle/@w:val='GBSignature']")[0].getprevious()
        paragraphs = [body_end] if body_end.tag == qn("w:p") else body_end.xpath("./w:tr[last()]//w:p")
        assert paragraphs and all(p.pPr.find(qn("w:keepNext")) is not None for p in paragraphs)


@pytest.mark.parametrize(("values", "message"), [
    ({"layout": "report"}, "未知的版式「report」"),
    ({"metadata": ("unit", "colour")}, "未知的案例信息项「colour」"),
    ({"issue_number": 0}, "期号应为正整数"),
    ({"copies": -3}, "印数应为正整数"),
])
def test_bad_options_are_refused_in_chinese(values, message):
    with pytest.raises(BriefingError, match=message):
        BriefingOptions(**values)


def test_options_from_the_export_dialogs_values():
    options = BriefingOptions.from_values({
        "layout": "briefing", "title": "简报", "unit": "办公室", "date": dt.date(2024, 1, 2),
        "issue_number": None, "show_unit": True, "show_date": False, "show_tags": True,
        "new_page_per_case": True, "distribution": "各县局", "copies": None, "template": ""})
    assert options.metadata == ("unit", "tags")
    assert options.page_break_between_cases is True
    assert options.distribute_to == "各县局" and options.template is None
    with pytest.raises(BriefingError, match="未知的导出选项「colour」"):
        BriefingOptions.from_values({"colour": "red"})
