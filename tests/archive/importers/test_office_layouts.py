"""Metadata in the layouts offices write, and Word tables that stay tables."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.importers import read_document
from archive.importers.metadata import extract, parse_date
from archive.importers.textual import html_to_markdown

BODY = "今年汛期，县气象局提前发布暴雨预警，防汛责任人及时叫应。"


def test_two_fields_on_one_line_with_full_width_spaces():
    meta = extract(["防汛工作经验", "来源：某区应急管理局\u3000日期：2022年5月9日", "", BODY], "x")
    assert (meta.source, meta.unit, meta.date) == ("某区应急管理局", "某区应急管理局", dt.date(2022, 5, 9))
    assert meta.body_lines == [BODY]


def test_a_byline_of_unit_author_and_time():
    meta = extract(["防汛工作经验", "报送单位：某县气象局\u3000作者：王婉\u3000时间：2021.04.16", BODY], "x")
    assert (meta.unit, meta.author, meta.date) == ("某县气象局", "王婉", dt.date(2021, 4, 16))


@pytest.mark.parametrize("bar", [
    "2021年3月2日 15:40\u3000来源：某县人民政府\u3000字号：大 中 小",
    "发布时间：2021-03-02 15:40\u3000信息来源：某县人民政府\u3000浏览次数：123\u3000【字号：大 中 小】",
    "稿件来源：某县人民政府  发布日期：2021.03.02  点击：34",
])
def test_a_portal_info_bar_fills_the_fields_and_leaves_the_body(bar):
    meta = extract(["防汛工作经验", bar, BODY], "x")
    assert (meta.source, meta.date, meta.body_lines) == ("某县人民政府", dt.date(2021, 3, 2), [BODY])


def test_the_closing_unit_and_date_are_metadata_not_body():
    meta = extract(["防汛工作经验", "稿件来源：中国气象报", BODY, "附件：1.服务情况统计表", "某市气象局",
                    "二〇二三年七月二十一日"], "x")
    assert (meta.source, meta.unit, meta.date) == ("中国气象报", "某市气象局", dt.date(2023, 7, 21))
    assert meta.body_lines == [BODY, "附件：1.服务情况统计表"]  # 附件 is content: it stays


def test_a_unit_in_the_title_line():
    meta = extract(["某市气象局：精准预报护航夏粮抢收", "2023/7/21", BODY], "x")
    assert (meta.title, meta.unit, meta.date) == ("精准预报护航夏粮抢收", "某市气象局", dt.date(2023, 7, 21))


def test_a_document_number_and_a_briefing_masthead_leave_the_body():
    meta = extract(["气象工作简报", "第12期", "某省气象局办公室\u3000\u3000\u3000\u30002023年7月21日",
                    "**台风防御纪实**", BODY, "（某县气象局供稿）"], "x")
    assert (meta.title, meta.source, meta.unit, meta.date) == (
        "台风防御纪实", "气象工作简报", "某县气象局", dt.date(2023, 7, 21))
    assert meta.body_lines == [BODY]
    numbered = extract(["某气发〔2023〕12号", "关于防汛工作的报告", BODY], "x")
    assert numbered.title == "关于防汛工作的报告" and numbered.body_lines == [BODY]


def test_without_a_credit_the_briefing_office_is_the_unit():
    meta = extract(["气象工作简报", "第3期", "某省气象局办公室  2023年7月21日", "台风防御纪实", BODY], "x")
    assert meta.unit == "某省气象局办公室"


def test_dates_in_running_text_are_not_the_documents_date():
    meta = extract(["防汛工作经验", "7月下旬，县气象局发布暴雨预警。", "截至2023年7月21日，共发布预警15期。"], "x")
    assert meta.date is None and len(meta.body_lines) == 2


def test_a_month_alone_dates_the_case_to_its_first_day():
    assert parse_date("2023年7月") == dt.date(2023, 7, 1)
    assert extract(["防汛工作经验", "某县气象局", "2023年7月", BODY], "x").date == dt.date(2023, 7, 1)


def test_a_unit_label_over_a_table_names_no_unit():
    meta = extract(["防汛工作经验", BODY, "单位：万元", "| 项目 | 金额 |"], "x")
    assert meta.unit == "" and "单位：万元" in meta.body_lines


def test_a_traditional_byline_keeps_its_script():
    meta = extract(["颱風防禦紀實", "來源：某市氣象局\u3000日期：2023年7月21日", "颱風來臨前，漁船全部回港。"], "x")
    assert (meta.source, meta.unit) == ("某市氣象局", "某市氣象局")


@pytest.mark.parametrize("header", [True, False])
@pytest.mark.parametrize("first", [True, False])
def test_word_tables_become_gfm_tables_with_a_header_rule(tmp_path, header, first):
    body = _table_body(tmp_path, header=header, merged=False, first=first)
    rows = [line for line in body.splitlines() if line.startswith("|")]
    assert rows[0] == "| 格00 | 格01 | 格02 | 格03 | 格04 | 格05 |"  # six short cells: not a link list
    assert rows[1] == "| --- | --- | --- | --- | --- | --- |" and len(rows) == 4
    assert body.rstrip().endswith(BODY)


def test_merged_cells_are_repeated_never_dropped(tmp_path):
    body = _table_body(tmp_path, header=False, merged=True, first=False)
    rows = [line for line in body.splitlines() if line.startswith("|")]
    assert rows[0].endswith("| 合计 | 合计 |")
    assert rows[2].startswith("| 上半年 |") and rows[3].startswith("| 上半年 |")
    assert all(row.count("|") == 7 for row in rows)


def _table_body(folder, *, header: bool, merged: bool, first: bool) -> str:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    if not first:
        document.add_paragraph("汛期服务统计")
    table = document.add_table(rows=3, cols=6)
    for r in range(3):
        for c in range(6):
            table.cell(r, c).text = f"格{r}{c}"
    if merged:
        table.cell(1, 0).merge(table.cell(2, 0)).text = "上半年"  # down
        table.cell(0, 4).merge(table.cell(0, 5)).text = "合计"  # across
    if header:
        mark = OxmlElement("w:tblHeader")
        mark.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(mark)
    document.add_paragraph(BODY)
    path = folder / "表格.docx"
    document.save(path)
    return read_document(path).body


def test_spans_in_pasted_html_are_repeated_too():
    markdown = html_to_markdown('<table><tr><td colspan="2">甲</td></tr><tr><td>乙</td><td>丙</td></tr></table>')
    assert "| 甲 | 甲 |\n| --- | --- |\n| 乙 | 丙 |" in markdown


def test_a_layout_table_page_gives_its_article_and_info_bar(write):
    page = f"""<html><head><meta charset="gb2312"><title>防汛工作经验</title></head><body>
<table width="778"><tr><td>您现在的位置：<a>网站首页</a> &gt;&gt; <a>工作动态</a></td></tr>
<tr><td align="center"><b>防汛工作经验</b></td></tr>
<tr><td>稿件来源：某县气象局\u3000发布日期：2022.03.21\u3000点击：34</td></tr>
<tr><td><p>{BODY}</p><p>汛期共转移群众三千余人，未发生人员伤亡。</p></td></tr></table>
<p>Copyright 2008 某县气象局 版权所有</p></body></html>"""
    document = read_document(write("page.html", page.encode("gb18030")))
    assert (document.title, document.unit, document.date) == ("防汛工作经验", "某县气象局", dt.date(2022, 3, 21))
    assert document.body.startswith(BODY) and "稿件来源" not in document.body


def test_a_copyright_year_is_not_taken_for_the_pages_date(write):
    page = f"""<html><head><title>防汛工作经验</title></head><body><article><h1>防汛工作经验</h1>
<p>{BODY * 4}</p></article><footer>Copyright 2008 某县气象局</footer></body></html>"""
    assert read_document(write("page.html", page.encode())).date is None


def test_import_suggests_from_the_archives_taxonomy_not_the_shipped_one(tmp_path):
    from archive.library import Library

    text = "森林防火经验\n\n进入森林防火紧要期，县气象局每日发布森林火险等级预报，严防野外用火。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("县", "市"), encoding="utf-8")
    with Library.open(tmp_path / "archive") as library:
        first = library.import_paths([tmp_path / "a.txt"]).imported[0]["id"]
        assert set(library.get_case(first).tags) == {"森林防火", "防灾减灾"}
        library.tags.rename("森林防火", "护林防火")
        second = library.import_paths([tmp_path / "b.txt"]).imported[0]["id"]
        assert "森林防火" not in library.get_case(second).tags
        assert "森林防火" not in [tag.name for tag in library.tags()]  # the old name did not come back


@pytest.mark.parametrize("lines, expected", [
    (["文/王婉", BODY], {"author": "王婉"}),
    ([BODY, "（来源：中国气象报）"], {"source": "中国气象报"}),
    (["作者：王婉 李明", BODY], {"author": "王婉 李明"}),
    (["本报记者 赵强", BODY], {"author": "赵强"}),
    (["【来源：某县人民政府】【时间：2023-07-21】", BODY],
     {"source": "某县人民政府", "unit": "某县人民政府", "date": dt.date(2023, 7, 21)}),
    (["发布时间：2023年07月21日 来源：本站", BODY], {"date": dt.date(2023, 7, 21)}),  # 本站 names nobody
    (["——某县气象局汛期服务纪实", BODY], {"title": "防汛工作经验——某县气象局汛期服务纪实"}),
    (["某县气象局 王婉", BODY], {"unit": "某县气象局", "author": "王婉"}),
    (["2023年7月21日 星期五", BODY], {"date": dt.date(2023, 7, 21)}),
    (["时间：2023-07-21\u3000\u3000来源：某县气象局\u3000\u3000阅读：1234次", BODY],
     {"source": "某县气象局", "unit": "某县气象局", "date": dt.date(2023, 7, 21)}),
    ([BODY, "某县气象局 供稿"], {"unit": "某县气象局"}),
    ([BODY, "（某县气象局 王婉）"], {"unit": "某县气象局", "author": "王婉"}),
    ([BODY, "某县气象局办公室        2023年7月21日"], {"unit": "某县气象局办公室", "date": dt.date(2023, 7, 21)}),
])
def test_more_bylines_offices_write(lines, expected):
    meta = extract(["防汛工作经验", *lines], "x")
    found = {"title": meta.title, "unit": meta.unit, "source": meta.source, "author": meta.author, "date": meta.date}
    assert found == {"title": "防汛工作经验", "unit": "", "source": "", "author": "", "date": None, **expected}
    assert meta.body_lines == [BODY]


def test_a_sentence_ending_in_a_credit_word_is_not_a_credit():
    meta = extract(["防汛工作经验", BODY, "本文由县气象局宣传科整理供稿"], "x")
    assert meta.unit == "" and meta.body_lines[-1] == "本文由县气象局宣传科整理供稿"


def test_a_date_the_page_states_in_its_meta_tags_is_kept(write):
    page = f"""<html><head><title>防汛工作经验</title>
<meta property="article:published_time" content="2023-07-21T10:30:00+08:00"></head>
<body><article><h1>防汛工作经验</h1><p>{BODY * 4}</p></article></body></html>"""
    assert read_document(write("page.html", page.encode())).date == dt.date(2023, 7, 21)


def test_labels_in_bold_are_read_too():
    meta = extract(["# 防汛工作经验", "**来源：**中国气象报\u3000**作者：**王婉", BODY], "x")
    assert (meta.title, meta.source, meta.author, meta.body_lines) == ("防汛工作经验", "中国气象报", "王婉", [BODY])
