"""GFM (and HTML) tables into Word tables: full width, single rules, 黑体 header repeated on each
page, 仿宋 cells sized to fit, numbers right-aligned, merged cells kept, ragged rows padded."""

from __future__ import annotations

import pytest
from briefing_helpers import east_asian_font, text_runs
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from archive.briefing import BriefingCase, BriefingOptions, write_briefing
from archive.briefing.styles import TEXT_WIDTH_TWIPS
from archive.briefing.tables import lay_out


def table_of(tmp_path, body: str):
    path = write_briefing([BriefingCase(title="表格", body=body)], BriefingOptions(layout="single"),
                          tmp_path / "t.docx")
    (table,) = Document(path).tables
    return table


def sizes(table, row: int) -> set:
    return {r.font.size for c in table.rows[row].cells for r in text_runs(c.paragraphs[0])}


def widths(table) -> list[int]:
    return [int(g.get(qn("w:w"))) for g in table._tbl.find(qn("w:tblGrid"))]


def test_a_small_table_spans_the_type_area_in_4hao_with_numbers_right_aligned(tmp_path):
    table = table_of(tmp_path, "| 类型 | 次数 | 占比 |\n| --- | --- | --- |\n| 暴雨 | 1,203 | 35.5% |\n"
                               "| 大风 | 12 | 4％ |")
    assert sum(widths(table)) == TEXT_WIDTH_TWIPS
    assert table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")) == str(TEXT_WIDTH_TWIPS)
    assert sizes(table, 1) == {Pt(14)}
    assert {east_asian_font(r) for r in text_runs(table.rows[0].cells[1].paragraphs[0])} == {"黑体"}
    assert [table.rows[1].cells[c].paragraphs[0].alignment for c in range(3)] == [None, 2, 2]
    assert table.rows[0].cells[1].paragraphs[0].alignment is None  # the header style centres it
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_a_wide_table_is_set_in_xiao4_and_a_very_wide_one_smaller_still(tmp_path):
    header = "| " + " | ".join(f"第{i}项指标" for i in range(7)) + " |\n|" + " --- |" * 7 + "\n"
    wide = table_of(tmp_path, header + "| " + " | ".join(["12.5"] * 7) + " |")
    assert sizes(wide, 1) == {Pt(12)}
    codes = "| " + " | ".join(f"ABCDEFGH{i}-2024-000{i}" for i in range(7)) + " |"
    very_wide = table_of(tmp_path, header + codes)
    (size,) = sizes(very_wide, 1)
    assert size < Pt(12)
    # Every column still holds its longest code on one line: nothing runs over the margin.
    assert sum(widths(very_wide)) == TEXT_WIDTH_TWIPS


def test_ragged_rows_keep_every_cell(tmp_path):
    table = table_of(tmp_path, "| 类型 | 数量 |\n| --- | --- |\n| 暴雨 | 12 | 备注多一列 |\n| 大风 |")
    assert len(widths(table)) == 3
    assert [c.text for c in table.rows[1].cells] == ["暴雨", "12", "备注多一列"]
    assert [c.text for c in table.rows[2].cells] == ["大风", "", ""]


def test_merged_cells_are_kept(tmp_path):
    body = ("<table><tr><th colspan=\"2\">地区</th><th>次数</th></tr>"
            "<tr><td rowspan=\"2\">北部</td><td>甲县</td><td>3</td></tr>"
            "<tr><td>乙县</td><td>5</td></tr></table>")
    table = table_of(tmp_path, body)
    first = table.rows[0]._tr.findall(qn("w:tc"))
    assert len(first) == 2 and first[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"
    below = [tr.findall(qn("w:tc"))[0].tcPr.find(qn("w:vMerge")) for tr in (table.rows[1]._tr, table.rows[2]._tr)]
    assert below[0].get(qn("w:val")) == "restart" and below[1].get(qn("w:val")) is None
    assert [c.text for c in table.rows[2].cells] == ["北部", "乙县", "5"]


@pytest.mark.parametrize("rows", [
    [["a"]],
    [["一", "二"], ["三"], ["四", "五", "六"]],
    [["x" * 300, "1"]],
])
def test_layout_widths_always_fill_the_type_area(rows):
    layout = lay_out([[[_span(t)] for t in row] for row in rows], TEXT_WIDTH_TWIPS)
    assert sum(layout.widths) == TEXT_WIDTH_TWIPS and len(layout.widths) == layout.columns


def _span(text):
    from archive.briefing.spans import Span

    return Span(text)


@pytest.mark.parametrize("layout", ["compilation", "briefing", "single"])
def test_bad_input_still_yields_a_document(tmp_path, layout):
    cases = [
        BriefingCase(title="表" * 2000, body="正文。"),
        BriefingCase(title="只有表格", body="| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 | 3 |\n| 4 |"),
        BriefingCase(title="空正文", body=""),
        BriefingCase(title="", body="| 表头只有一格 |\n| --- |\n| a | b | c | d | e | f | g | h | i | j |"),
    ]
    path = write_briefing(cases, BriefingOptions(layout=layout), tmp_path / f"{layout}.docx")
    document = Document(path)
    titles = [p.text for p in document.paragraphs if p.style.name == "案例标题"]
    assert titles[0].replace("\n", "") == "表" * 2000
    assert titles[1:] == ["只有表格", "空正文", "（无标题）"]
    body_tables = [t for t in document.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is None]
    assert [len(t.columns) for t in body_tables] == [3, 10]
