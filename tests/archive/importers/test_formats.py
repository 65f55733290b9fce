"""Each format, the two real samples, and a gallery of bad files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import ImportFailure
from archive.importers import iter_importable, read_document, read_documents_parallel
from archive.importers.metadata import parse_date
from archive.taxonomy import default_groups

KEYWORDS = {g.name: list(g.keywords) for g in default_groups()}
FLOOD_TEXT = """关于汛期“叫应”机制的经验做法
某市气象局
2024年7月2日

今年汛期，市气象局与应急管理局建立暴雨预警“叫应”机制，防汛责任人第一时间接到预警。

一、提前研判，分级预警。全市提前转移群众三千余人，防汛救灾取得主动。

二、部门联动，直达基层。预警信息发布后逐级叫应，确保防汛措施落实到位。

报送单位：某市应急管理局
"""


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_text_in_every_chinese_encoding_reads_without_mojibake(tmp_path, encoding):
    document = read_document(write(tmp_path, "案例.txt", FLOOD_TEXT.encode(encoding)), KEYWORDS)
    assert document.title == "关于汛期“叫应”机制的经验做法"
    assert document.date == dt.date(2024, 7, 2)
    assert document.unit == "某市应急管理局"
    assert "叫应" in document.body and "报送单位" not in document.body
    assert "防灾减灾" in document.suggested_tags


def test_short_gbk_and_big5_texts_are_told_apart(tmp_path):
    gbk = read_document(write(tmp_path, "a.txt", "防汛工作\n汛期值守。".encode("gbk")))
    assert (gbk.title, gbk.body) == ("防汛工作", "汛期值守。\n")
    big5 = read_document(write(tmp_path, "b.txt", "颱風\n漁船回港避風。".encode("big5")))
    assert (big5.title, big5.body) == ("颱風", "漁船回港避風。\n")


def test_markdown_keeps_its_structure(tmp_path):
    text = ("# 夏收气象服务\n\n## 一、主要做法\n\n- 发布麦收窗口\n- 组织农机\n\n"
            "| 县 | 机收率 |\n|---|---|\n| 甲 | 98% |\n")
    document = read_document(write(tmp_path, "夏收.md", text.encode()))
    assert document.title == "夏收气象服务"
    assert "## 一、主要做法" in document.body and "- 组织农机" in document.body
    assert "| 甲 | 98% |" in document.body


def test_docx_headings_lists_tables_and_pictures(tmp_path):
    from docx import Document
    from docx.shared import Inches

    png = _tiny_png()
    word = Document()
    word.add_heading("冬奥会气象保障经验", level=1)
    word.add_paragraph("2022年2月20日")
    word.add_heading("一、主要做法", level=2)
    paragraph = word.add_paragraph("建立")
    paragraph.add_run("分钟级").bold = True
    paragraph.add_run("预报服务。")
    word.add_paragraph("赛场预报", style="List Bullet")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "赛区", "站点数"
    table.cell(1, 0).text, table.cell(1, 1).text = "延庆", "40"
    word.add_picture(io.BytesIO(png), width=Inches(1))
    buffer = io.BytesIO()
    word.save(buffer)
    document = read_document(write(tmp_path, "冬奥.docx", buffer.getvalue()))
    assert document.title == "冬奥会气象保障经验"
    assert document.date == dt.date(2022, 2, 20)
    assert "一、主要做法" in document.body and "**分钟级**" in document.body
    assert "延庆" in document.body
    assert [a.name for a in document.attachments] == ["图1.png"]
    assert "attachment:图1.png" in document.body
    assert document.original.name == "冬奥.docx"


PARAGRAPH = "台风来临前，省气象局提前发布台风红色预警，渔船全部回港避风，沿海群众有序转移，防汛工作扎实有效。"


def test_web_page_gives_the_article_without_the_site_name(tmp_path):
    page = f"""<html><head><title>台风“摩羯”防御工作纪实 - 某省气象局</title></head><body>
    <div class="nav">首页 | 新闻 | 政务公开 | 办事服务 | 互动交流 | 专题专栏</div>
    <article><h1>台风“摩羯”防御工作纪实</h1>
    {''.join(f'<p>第{n}段：{PARAGRAPH}</p>' for n in range(6))}
    </article><div class="footer">版权所有：某省气象局 ICP备12345678号</div></body></html>"""
    document = read_document(write(tmp_path, "page.html", page.encode("utf-8")))
    assert document.title == "台风“摩羯”防御工作纪实"
    assert "渔船全部回港避风" in document.body
    assert "版权所有" not in document.body and "政务公开" not in document.body


def test_pdf_with_a_text_layer(tmp_path):
    pdf = _pdf_with_text("Typhoon warning issued early; 3000 residents moved to safety before landfall.")
    document = read_document(write(tmp_path, "report.pdf", pdf))
    assert "Typhoon warning" in document.body


def test_the_traditional_web_copy_comes_out_clean(samples):
    document = read_document(samples / "web-copy-traditional.txt", KEYWORDS)
    assert document.title == "以“聯”促“動” 以“動”增“效”——氣象部門鞏固拓展“三聯促三動”工作機制紀實"
    assert document.date == dt.date(2024, 10, 16)
    assert document.source == "中國氣象報"
    assert document.author == "王婉"
    for furniture in ("投稿郵箱", "站內搜索", "旗幟網", "文字縮放", "編輯", "送簽", "簽發", "无码", "|"):
        assert furniture not in document.body, furniture
    assert document.body.startswith("“堅持以黨建為引領")
    assert document.body.rstrip().endswith("為氣象改革發展注入新動能。")
    assert document.suggested_tags == ["党建引领"]


def test_the_simplified_report_loses_its_click_bait_intro(samples):
    document = read_document(samples / "report-simplified.txt", KEYWORDS)
    assert document.title == "为群众办实事实践活动卓有成效"
    assert document.body.startswith("自党史学习教育开展以来")
    assert "我们一起去了解" not in document.body
    assert "为群众办实事实践活动卓有成效" not in document.body.splitlines()[0]
    assert document.date is None


@pytest.mark.parametrize("text, expected", [
    ("2024年10月16日", dt.date(2024, 10, 16)), ("2024-10-16", dt.date(2024, 10, 16)),
    ("2024.10.16", dt.date(2024, 10, 16)), ("二〇二四年十月十六日", dt.date(2024, 10, 16)),
    ("二〇二三年二月三十日", None), ("没有日期", None),
])
def test_dates_in_every_office_form(text, expected):
    assert parse_date(text) == expected


BAD_FILES = [
    ("空.txt", b"", "是空文件"),
    ("空白.txt", b"  \n\n ", "是空文件"),
    ("程序.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00" * 50, "二进制文件"),
    ("截断.docx", b"PK\x03\x04\x14\x00\x00\x00broken", "已损坏"),
    ("伪装.docx", b"This is not a Word document at all", "已损坏"),
    ("坏.pdf", b"%PDF-1.4\n1 0 obj garbage", "PDF"),
    ("不是网页.html", "只是一行字".encode(), "不是网页"),
]


@pytest.mark.parametrize("name, data, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_fail_with_the_name_and_the_reason(tmp_path, name, data, reason):
    with pytest.raises(ImportFailure) as failure:
        read_document(write(tmp_path, name, data))
    assert name in str(failure.value) and reason in str(failure.value)


def test_a_zip_bomb_inside_a_docx_is_refused_before_unpacking(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(ImportFailure, match="压缩炸弹"):
        read_document(write(tmp_path, "炸弹.docx", buffer.getvalue()))


def test_a_scanned_pdf_is_refused_clearly(tmp_path):
    with pytest.raises(ImportFailure, match="扫描件"):
        read_document(write(tmp_path, "扫描.pdf", _pdf_with_text("")))


def test_missing_files_and_folders_fail_clearly(tmp_path):
    with pytest.raises(ImportFailure, match="不存在"):
        read_document(tmp_path / "gone.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(ImportFailure, match="是文件夹"):
        read_document(tmp_path / "folder.txt")


def test_old_word_files_are_converted_by_libreoffice(tmp_path):
    import shutil
    import subprocess

    office = shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from docx import Document

    word = Document()
    word.add_heading("旧版文档里的案例", level=1)
    word.add_paragraph("县气象局在汛期坚持二十四小时值守。")
    word.save(tmp_path / "source.docx")
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(tmp_path / "source.docx")],
                   check=True, capture_output=True, timeout=180)
    document = read_document(tmp_path / "source.doc")
    assert document.title == "旧版文档里的案例"
    assert "二十四小时值守" in document.body


def test_old_word_files_need_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(ImportFailure, match="需要 LibreOffice"):
        read_document(write(tmp_path, "旧.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100))


def test_folders_are_walked_without_hidden_or_unsupported_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("sub/b.txt", "a.md", "c.exe", ".hidden/d.txt", "~$lock.docx", "e.PDF"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_importable(tmp_path)] == [
        "a.md", "e.PDF", "sub/b.txt"]


def test_parallel_reading_keeps_the_input_order_and_reports_failures(tmp_path):
    paths = []
    for n in range(6):
        paths.append(write(tmp_path, f"{n}.txt", f"标题{n}\n\n正文第{n}段，防汛工作。".encode()))
    paths.insert(3, tmp_path / "missing.txt")
    results = list(read_documents_parallel(paths, workers=2))
    assert [p for p, _ in results] == paths
    assert isinstance(results[3][1], ImportFailure)
    assert results[0][1].title == "标题0"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".docx", ".pdf", ".html"]))
def test_random_bytes_give_a_document_or_a_clear_failure(tmp_path, data, suffix):
    path = write(tmp_path, f"random{suffix}", data)
    try:
        read_document(path)
    except ImportFailure as failure:
        assert path.name in str(failure)


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload)))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _pdf_with_text(text: str) -> bytes:
    """A one-page PDF; with empty `text` it has no text layer, like a scan."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
