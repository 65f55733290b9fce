"""Hostile documents are read in bounded time and memory: pages sharing a huge content stream, a
text file far past the body limit, damaged table cells; and each reader process has a deadline and
an address-space limit that fail the file with a clear message naming it."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hostile_inputs import (
    DAMAGED_CELLS,
    docx_with_cell,
    long_text,
    pdf_with_streams,
    shared_stream_pdf,
    text_near_the_body_limit,
    text_stream,
)

from archive.errors import ImportFailure
from archive.importers import limits
from archive.importers.parallel import read_documents_parallel
from archive.importers.reading import read_document

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the reader bounds are POSIX signals and rlimits")


def _refused_within(path: Path, seconds: float, reason: str) -> None:
    read_document(text_near_the_body_limit(path.with_name("warm.txt"), 2000))  # jieba's load is not the file's
    started = time.monotonic()
    with pytest.raises(ImportFailure) as raised:
        read_document(path)
    assert f"「{path.name}」" in str(raised.value) and reason in str(raised.value), raised.value
    assert time.monotonic() - started < seconds


def test_fifty_pages_sharing_a_five_megabyte_stream(tmp_path):
    _refused_within(shared_stream_pdf(tmp_path / "共享.pdf"), 5, "页面内容过大")


def test_a_45_megabyte_text_file_is_refused_in_seconds(tmp_path):
    _refused_within(long_text(tmp_path / "超长.txt"), 10, "正文过长")


def test_pages_sharing_a_stream_are_read_once(tmp_path, monkeypatch):
    from pypdf import PageObject

    calls = []
    real = PageObject.extract_text
    monkeypatch.setattr(PageObject, "extract_text", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    pdf = pdf_with_streams(tmp_path / "重复.pdf", [text_stream(4000, b"drill")], pages_per_stream=20)
    document = read_document(pdf)
    assert len(calls) == 1
    assert document.body.count("drill") >= 20 * (4000 // 40)


@pytest.mark.parametrize("name", sorted(DAMAGED_CELLS))
def test_a_damaged_table_cell_imports_or_fails_clearly(tmp_path, name):
    path = docx_with_cell(tmp_path / f"{name}.docx", DAMAGED_CELLS[name])
    try:
        document = read_document(path)
    except ImportFailure as failure:
        assert f"「{path.name}」" in str(failure)
    else:
        assert "正常" in document.body


@posix_only
def test_a_reader_past_its_deadline_fails_its_file_and_the_rest_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "READER_SECONDS", 1)
    slow = pdf_with_streams(tmp_path / "慢.pdf", [text_stream(400 << 10, f"page {n}".encode())
                                                  for n in range(12)])
    fine = text_near_the_body_limit(tmp_path / "正常.txt", 2000)
    list(read_documents_parallel([fine]))  # the readers' fork server starts: not the file's time
    started = time.monotonic()
    outcomes = dict(read_documents_parallel([slow, fine], workers=2))
    assert isinstance(outcomes[slow], ImportFailure)
    assert "「慢.pdf」读取超时（超过 1 秒）" in str(outcomes[slow])
    assert not isinstance(outcomes[fine], ImportFailure)
    assert time.monotonic() - started < 30


@posix_only
def test_a_reader_past_its_memory_fails_its_file_and_the_rest_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "READER_MEMORY_BYTES", 64 << 20)
    big = long_text(tmp_path / "大.txt", 30)  # decoding alone maps more than 64 MB
    fine = text_near_the_body_limit(tmp_path / "正常.txt", 2000)
    outcomes = dict(read_documents_parallel([big, fine], workers=2))
    assert isinstance(outcomes[big], ImportFailure)
    assert "「大.txt」内容过大，内存不足以读取" in str(outcomes[big])
    assert not isinstance(outcomes[fine], ImportFailure)
