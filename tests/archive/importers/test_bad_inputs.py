"""A gallery of bad files: each fails with ImportFailure naming the file and the reason."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import ImportFailure
from archive.importers import limits, read_document


def _docx_with(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas'
                         b'.openxmlformats.org/package/2006/content-types"/>')
        package.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


BAD_FILES = [
    ("空.txt", b"", "文件是空的"),
    ("空白.txt", b"  \r\n\n ", "文件是空的"),
    ("程序.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00" * 50, "是二进制文件，不是文本"),
    ("图片.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(0x80, 0x100)) * 8, "是二进制文件"),
    ("控制符.txt", bytes(range(1, 9)) * 40, "是二进制文件，不是文本"),
    ("截断.docx", b"PK\x03\x04\x14\x00\x00\x00broken", "已损坏"),
    ("伪装.docx", b"This is not a Word document at all", "已损坏"),
    ("坏XML.docx", _docx_with(b"<w:document><w:body><w:p>unclosed"), "已损坏"),
    ("实体炸弹.docx", _docx_with(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                                 b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;'
                                 b'&b;&b;&b;&b;&b;">]><d>&c;</d>'), "已损坏"),
    ("坏.pdf", b"%PDF-1.4\n1 0 obj garbage", "已损坏：不是有效的 PDF 文件"),
    ("不是网页.html", "只是一行字".encode(), "不是网页文件"),
    ("空网页.html", b"<html><body><div></div></body></html>", "没有找到正文"),
    ("坏存档.mhtml", b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello", "没有 HTML 部分"),
    ("未知.xyz", b"data", "不支持导入"),
]


@pytest.mark.parametrize("name, data, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_fail_with_the_name_and_the_reason(write, name, data, reason):
    with pytest.raises(ImportFailure) as failure:
        read_document(write(name, data))
    assert f"「{name}」" in str(failure.value) and reason in str(failure.value)


def test_a_docx_without_a_body_part_says_so(write):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/other.xml", b"<x/>")
    with pytest.raises(ImportFailure, match="「缺正文.docx」已损坏：不是 Word 文档（缺少正文部分"):
        read_document(write("缺正文.docx", buffer.getvalue()))


def test_a_zip_bomb_inside_a_docx_is_refused_before_unpacking(write, monkeypatch):
    # The declared sizes decide: nothing is inflated to find out.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 10 * 1024 * 1024)
    with pytest.raises(ImportFailure, match="「炸弹.docx」解压后过大.*疑似压缩炸弹"):
        read_document(write("炸弹.docx", buffer.getvalue()))


def test_a_docx_compressed_too_well_is_refused(write):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<a/>" + b" " * (8 * 1024 * 1024))
    with pytest.raises(ImportFailure, match="疑似压缩炸弹"):
        read_document(write("高压缩.docx", buffer.getvalue()))


def test_files_over_the_size_limit_are_refused(write, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportFailure, match="「大.txt」太大，单个文件最大"):
        read_document(write("大.txt", "汛期".encode() * 1000))


def test_a_scanned_pdf_is_refused_clearly(write, make_pdf):
    with pytest.raises(ImportFailure, match="「扫描.pdf」是扫描件，没有可提取的文字层"):
        read_document(write("扫描.pdf", make_pdf(image=True)))


def test_missing_files_folders_and_unreadable_files_fail_clearly(tmp_path, write):
    with pytest.raises(ImportFailure, match="「消失.txt」不存在"):
        read_document(tmp_path / "消失.txt")
    (tmp_path / "文件夹.txt").mkdir()
    with pytest.raises(ImportFailure, match="「文件夹.txt」是文件夹，不是文件"):
        read_document(tmp_path / "文件夹.txt")
    locked = write("锁定.txt", "内容".encode())
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        with pytest.raises(ImportFailure, match="「锁定.txt」没有读取权限"):
            read_document(locked)
    finally:
        locked.chmod(0o644)


def test_a_parser_bug_still_reaches_the_user_as_an_import_failure(write, monkeypatch):
    def broken(_path, _data):
        raise KeyError("w:val")

    monkeypatch.setitem(__import__("archive.importers.reading", fromlist=["_READERS"])._READERS, ".txt", broken)
    with pytest.raises(ImportFailure, match="「怪.txt」无法读取，文件可能已损坏（KeyError）"):
        read_document(write("怪.txt", b"text"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000),
       suffix=st.sampled_from([".txt", ".md", ".docx", ".pdf", ".html", ".mhtml", ".doc"]))
def test_random_bytes_give_a_document_or_a_clear_failure(write, monkeypatch, data, suffix):
    monkeypatch.setattr("archive.office.find_office", lambda: None)
    path = write(f"random{suffix}", data)
    try:
        read_document(path)
    except ImportFailure as failure:
        assert f"「{path.name}」" in str(failure)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.binary(min_size=1, max_size=400), cut=st.integers(min_value=0, max_value=4000))
def test_damaged_word_files_give_a_clear_failure(write, garbage, cut):
    from docx import Document

    buffer = io.BytesIO()
    word = Document()
    word.add_paragraph("汛期值守")
    word.save(buffer)
    data = buffer.getvalue()
    cut = min(cut, len(data) - 1)
    path = write("damaged.docx", data[:cut] + garbage + data[cut + len(garbage):])
    try:
        read_document(path)
    except ImportFailure as failure:
        assert "「damaged.docx」" in str(failure)
