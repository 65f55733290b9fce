"""Each supported format reads into clean Markdown with its metadata."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest

from archive.importers import SUPPORTED_SUFFIXES, read_document

FLOOD_TEXT = """关于汛期“叫应”机制的经验做法
某市气象局
2024年7月2日

今年汛期，市气象局与应急管理局建立暴雨预警“叫应”机制，防汛责任人第一时间接到预警。

一、提前研判，分级预警。全市提前转移群众三千余人，防汛救灾取得主动。

二、部门联动，直达基层。预警信息发布后逐级叫应，确保防汛措施落实到位。

报送单位：某市气象局
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le"])
def test_text_in_every_chinese_encoding_reads_without_mojibake(write, keywords, encoding):
    document = read_document(write("案例.txt", FLOOD_TEXT.encode(encoding)), keywords)
    assert document.title == "关于汛期“叫应”机制的经验做法"
    assert document.date == dt.date(2024, 7, 2)
    assert document.unit == "某市气象局"
    assert "叫应" in document.body and "报送单位" not in document.body
    assert document.body.startswith("今年汛期")
    assert "\n\n一、提前研判" in document.body  # paragraphs separated by blank lines
    assert "防灾减灾" in document.suggested_tags
    assert document.original.mime == "text/plain" and document.original.name == "案例.txt"


def test_big5_text_keeps_its_traditional_script(write):
    text = "颱風防禦工作紀實\n\n氣象局提前發布颱風紅色預警，漁船全部回港避風。\n"
    document = read_document(write("颱風.txt", text.encode("big5")))
    assert document.title == "颱風防禦工作紀實"
    assert document.body == "氣象局提前發布颱風紅色預警，漁船全部回港避風。\n"


def test_markdown_keeps_its_structure(write):
    text = ("# 夏收气象服务\n\n## 一、主要做法\n\n- 发布麦收窗口\n- 组织农机\n\n"
            "| 县 | 机收率 |\n|---|---|\n| 甲 | 98% |\n")
    document = read_document(write("夏收.md", text.encode()))
    assert document.title == "夏收气象服务"
    assert "## 一、主要做法" in document.body and "- 组织农机" in document.body
    assert "| 甲 | 98% |" in document.body
    assert document.original.mime == "text/markdown"


def test_docx_headings_lists_tables_and_pictures(write, tiny_png):
    from docx import Document
    from docx.shared import Inches

    word = Document()
    word.add_heading("冬奥会气象保障经验", level=1)
    word.add_paragraph("2022年2月20日")
    word.add_heading("主要做法", level=2)
    paragraph = word.add_paragraph("建立")
    paragraph.add_run("分钟级").bold = True
    paragraph.add_run("预报，")
    paragraph.add_run("逐小时").italic = True
    paragraph.add_run("更新。")
    word.add_paragraph("（一）赛场预报。一、二级标题按公文习惯写在段落里。")
    word.add_paragraph("赛场预报", style="List Bullet")
    word.add_paragraph("交通预报", style="List Number")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "赛区", "站点数"
    table.cell(1, 0).text, table.cell(1, 1).text = "延庆", "40"
    word.add_picture(io.BytesIO(tiny_png), width=Inches(1))
    buffer = io.BytesIO()
    word.save(buffer)
    document = read_document(write("冬奥.docx", buffer.getvalue()))
    assert document.title == "冬奥会气象保障经验"
    assert document.date == dt.date(2022, 2, 20)
    assert "## 主要做法" in document.body  # a Word heading style becomes a Markdown heading
    assert "**分钟级**" in document.body and "*逐小时*" in document.body
    assert "\n（一）赛场预报。" in document.body
    assert "- 赛场预报" in document.body and "1. 交通预报" in document.body
    assert "| 延庆 | 40 |" in document.body
    assert [(a.name, a.mime, a.data) for a in document.attachments] == [("图1.png", "image/png", tiny_png)]
    assert "(attachment:图1.png)" in document.body
    assert document.original.name == "冬奥.docx" and document.original.mime.endswith("document")


def test_docx_never_opens_linked_pictures(write, tmp_path):
    from docx import Document

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the archive")
    word = Document()
    word.add_heading("外链图片", level=1)
    word.add_paragraph("正文段落，说明外链图片不会被读取。")
    buffer = io.BytesIO()
    word.save(buffer)
    linked = _with_linked_picture(buffer.getvalue(), secret.as_uri())
    document = read_document(write("外链.docx", linked))
    assert all(a.data != b"not for the archive" for a in document.attachments)
    assert "正文段落" in document.body


PARAGRAPH = "台风来临前，省气象局提前发布台风红色预警，渔船全部回港避风，沿海群众有序转移，防汛工作扎实有效。"


def test_web_page_gives_the_article_without_the_site_name(write):
    page = f"""<html><head><meta charset="gbk"><title>台风“摩羯”防御工作纪实 - 某省气象局</title></head><body>
    <div class="nav">首页 | 新闻 | 政务公开 | 办事服务 | 互动交流 | 专题专栏</div>
    <h1>某省气象局</h1>
    <article><h1>台风“摩羯”防御工作纪实</h1>
    <p>2024年9月6日　来源：某省气象局</p>
    {''.join(f'<p>第{n}段：{PARAGRAPH}</p>' for n in range(6))}
    <p><img src="https://example.invalid/typhoon.png" alt="云图"></p>
    </article><div class="footer">版权所有：某省气象局 京ICP备12345678号</div></body></html>"""
    document = read_document(write("page.html", page.encode("gbk")))
    assert document.title == "台风“摩羯”防御工作纪实"
    assert document.date == dt.date(2024, 9, 6)
    assert document.unit == "某省气象局"
    assert "渔船全部回港避风" in document.body
    assert "版权所有" not in document.body and "政务公开" not in document.body
    assert "https://example.invalid/typhoon.png" in document.body  # a link, never fetched
    assert document.attachments == []


@pytest.mark.parametrize("page_title, expected", [
    ("夏收气象服务保障有力_新华网", "夏收气象服务保障有力"),
    ("夏收气象服务保障有力 - 中国气象局", "夏收气象服务保障有力"),
    ("夏收气象服务保障有力｜要闻｜人民网", "夏收气象服务保障有力"),
    ("以“联”促“动”——气象部门工作机制纪实", "以“联”促“动”——气象部门工作机制纪实"),
    ("2024-2025年度防汛工作总结", "2024-2025年度防汛工作总结"),
])
def test_site_suffixes_leave_page_titles(page_title, expected):
    from archive.importers.webpage import article_title

    assert article_title(page_title, []) == expected


def test_mhtml_archive_reads_its_html_part(write):
    html = f"<html><head><title>冬奥保障 - 某网</title></head><body><article><h1>冬奥保障</h1>" \
           f"{''.join(f'<p>{PARAGRAPH}</p>' for _ in range(5))}</article></body></html>"
    message = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
               "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
               f"{html}\r\n--B--\r\n")
    document = read_document(write("保障.mhtml", message.encode("utf-8")))
    assert document.title == "冬奥保障" and "渔船全部回港避风" in document.body


def test_pdf_with_a_text_layer(write, make_pdf):
    pdf = make_pdf("Typhoon warning issued early; 3000 residents moved to safety before landfall.")
    document = read_document(write("report.pdf", pdf))
    assert "Typhoon warning" in document.body
    assert document.original.mime == "application/pdf"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_files_are_converted_by_libreoffice(tmp_path, suffix):
    from docx import Document

    word = Document()
    word.add_heading("旧版文档里的案例", level=1)
    word.add_paragraph("县气象局在汛期坚持二十四小时值守。")
    word.save(tmp_path / "source.docx")
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "doc", "--outdir", str(tmp_path),
                    str(tmp_path / "source.docx")], check=True, capture_output=True, timeout=180)
    old = tmp_path / f"旧版{suffix}"
    (tmp_path / "source.doc").rename(old)  # WPS Writer files are Word 97 files inside
    document = read_document(old)
    assert document.title == "旧版文档里的案例"
    assert "二十四小时值守" in document.body


def test_old_word_files_need_libreoffice(write, monkeypatch):
    monkeypatch.setattr("archive.office.find_office", lambda: None)
    with pytest.raises(Exception, match="「旧.doc」是旧版 Word/WPS 文档，需要 LibreOffice 才能导入，但本机未安装"):
        read_document(write("旧.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100))


def test_every_supported_suffix_has_a_reader():
    assert {".txt", ".md", ".docx", ".doc", ".wps", ".html", ".htm", ".mhtml", ".pdf"} <= SUPPORTED_SUFFIXES


def _with_linked_picture(docx: bytes, target: str) -> bytes:
    """A copy of `docx` whose body shows a picture linked (not embedded) from `target`."""
    import zipfile

    relationship = (f'<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/officeDocument/'
                    f'2006/relationships/image" Target="{target}" TargetMode="External"/>')
    drawing = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing"><wp:extent cx="9525" cy="9525"/><wp:docPr id="9" name="linked"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://'
        'schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="9" name="l"/>'
        '<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships" r:link="rIdLinked"/></pic:blipFill><pic:spPr/></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")
            elif info.filename == "word/document.xml":
                content = content.replace(b"<w:sectPr", drawing.encode() + b"<w:sectPr", 1)
            copy.writestr(info, content)
    return out.getvalue()
