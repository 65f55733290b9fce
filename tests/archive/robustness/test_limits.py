"""Inputs past the documented limits are refused at once, naming the limit; inside them they are
handled in seconds. FIFOs never block."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from archive.cli import main
from archive.errors import ArchiveError
from archive.library import Library
from archive.model import MAX_BODY_CHARS, MAX_TAGS_PER_CASE, CaseDraft


@pytest.fixture
def library(tmp_path: Path):
    with Library.open(tmp_path / "archive") as opened:
        yield opened


def test_a_body_past_the_index_limit_is_refused_on_save(library):
    with pytest.raises(ArchiveError, match="正文过长"):
        library.cases.add(CaseDraft("很长的案例", "防汛" * (MAX_BODY_CHARS // 2 + 1)))
    assert library.case_count() == 0


def test_fifty_thousand_tags_are_refused_quickly(library):
    started = time.monotonic()
    with pytest.raises(ArchiveError, match="标签过多"):
        library.cases.add(CaseDraft("标签很多", "正文", tags=tuple(f"标签{n}" for n in range(50_000))))
    assert time.monotonic() - started < 10
    case = library.cases.add(CaseDraft("标签正好", "正文", tags=tuple(f"标签{n}" for n in range(MAX_TAGS_PER_CASE))))
    assert len(case.tags) == MAX_TAGS_PER_CASE


def test_a_ten_thousand_character_query_is_refused_at_once(library):
    library.cases.add(CaseDraft("防汛", "防汛正文"))
    started = time.monotonic()
    with pytest.raises(ArchiveError, match="检索词过长"):
        library.search("防汛演练" * 2500)
    assert time.monotonic() - started < 2


def test_a_query_with_a_byte_that_is_not_text(tmp_path, capsys):
    archive = tmp_path / "archive"
    with Library.open(archive) as library:
        library.cases.add(CaseDraft("防汛", "防汛正文"))
    raw = os.fsdecode(b"\xff\xe9\x98\xb2\xe6\xb1\x9b")  # 0xFF then 防汛, as the shell passes it
    assert main(["--archive", str(archive), "search", raw, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


def _finishes(work, seconds: float) -> bool:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()


def test_a_fifo_in_an_import_folder_or_given_to_unpack_does_not_hang(library, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.mkfifo(folder / "a.txt")
    (folder / "b.txt").write_text("防汛案例\n\n正文", encoding="utf-8")
    reports = []
    assert _finishes(lambda: reports.append(library.import_paths([folder])), 30)
    (report,) = reports
    assert len(report.imported) == 1 and "不是普通文件" in report.failed[0]["error"]
    os.mkfifo(tmp_path / "p.zip")
    errors = []

    def unpack() -> None:
        try:
            library.packages.unpack(tmp_path / "p.zip")
        except ArchiveError as error:
            errors.append(str(error))
    assert _finishes(unpack, 10)
    assert "不是普通文件" in errors[0]


def test_a_docx_whose_text_inflates_past_the_limit_is_refused_in_seconds(tmp_path):
    import random
    import string
    import zipfile

    from archive.errors import ImportFailure
    from archive.importers import limits
    from archive.importers.reading import read_document

    rng = random.Random(5)
    words = "".join(rng.choice(string.ascii_letters + " ") for _ in range(1 << 20))
    paragraph = f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>"
    count = limits.MAX_DOCX_XML_BYTES // len(paragraph) + 2
    document = tmp_path / "膨胀.docx"
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         'wordprocessingml/2006/main"><w:body>' + paragraph * count + "</w:body></w:document>")
    started = time.monotonic()
    with pytest.raises(ImportFailure, match="文字部分解压后过大"):
        read_document(document)
    assert time.monotonic() - started < 10
