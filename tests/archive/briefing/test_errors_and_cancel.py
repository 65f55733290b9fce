"""Bad inputs give a Chinese message naming the file or field and leave nothing behind; a cancel
writes nothing; an existing file is replaced whole or not at all."""

from __future__ import annotations

import os
import zipfile

import pytest
from docx import Document

from archive.briefing import BriefingCancelled, BriefingError, BriefingOptions, write_briefing
from archive.errors import ArchiveError


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_no_cases(tmp_path):
    with pytest.raises(BriefingError, match="没有可导出的案例"):
        write_briefing([], BriefingOptions(), tmp_path / "空.docx")
    assert leftovers(tmp_path) == []


def test_missing_folder_is_named(tmp_path, demo):
    out = tmp_path / "不存在的文件夹" / "汇编.docx"
    with pytest.raises(BriefingError, match="文件夹「.*不存在的文件夹」不存在"):
        write_briefing(demo, BriefingOptions(), out)
    assert leftovers(tmp_path) == []


def test_destination_must_be_a_docx(tmp_path, demo):
    with pytest.raises(BriefingError, match="「汇编.txt」应为 Word 文档"):
        write_briefing(demo, BriefingOptions(), tmp_path / "汇编.txt")
    (tmp_path / "目录.docx").mkdir()
    with pytest.raises(BriefingError, match="这是一个文件夹"):
        write_briefing(demo, BriefingOptions(), tmp_path / "目录.docx")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that bind the user")
def test_unwritable_folder(tmp_path, demo):
    locked = tmp_path / "只读"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(BriefingError, match="没有文件夹「.*只读」的写入权限"):
            write_briefing(demo, BriefingOptions(), locked / "汇编.docx")
        assert leftovers(locked) == []
    finally:
        locked.chmod(0o755)


def test_a_failing_save_leaves_no_temporary_file(tmp_path, demo, monkeypatch):
    from docx.document import Document as DocumentClass

    def refuse(self, stream):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(DocumentClass, "save", refuse)
    with pytest.raises(BriefingError, match="无法写入「.*汇编.docx」：No space left on device"):
        write_briefing(demo, BriefingOptions(), tmp_path / "汇编.docx")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("name", "content", "message"), [
    ("模板.docx", None, "模板「.*模板.docx」不存在"),
    ("模板.pdf", b"%PDF-1.4", "模板「模板.pdf」不是 Word 文档"),
    ("模板.docx", b"plain text, not a zip", "模板「模板.docx」不是有效的 Word 文档"),
])
def test_bad_templates(tmp_path, demo, name, content, message):
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(BriefingError, match=message):
        write_briefing(demo, BriefingOptions(template=template), out_dir / "汇编.docx")
    assert leftovers(out_dir) == []


def test_template_without_styles(tmp_path, demo):
    template = tmp_path / "空模板.docx"
    with zipfile.ZipFile(template, "w") as package:
        package.writestr("word/document.xml", "<x/>")
    with pytest.raises(BriefingError, match="模板「空模板.docx」中没有样式"):
        write_briefing(demo, BriefingOptions(template=template), tmp_path / "汇编.docx")


def test_errors_are_archive_errors():
    assert issubclass(BriefingError, ArchiveError) and issubclass(BriefingCancelled, BriefingError)


def test_cancel_before_any_case_writes_nothing(tmp_path, demo):
    with pytest.raises(BriefingCancelled, match="已取消导出"):
        write_briefing(demo, BriefingOptions(), tmp_path / "汇编.docx", cancelled=lambda: True)
    assert leftovers(tmp_path) == []


def test_cancel_midway_keeps_the_previous_file_untouched(tmp_path, demo):
    out = write_briefing(demo[:1], BriefingOptions(), tmp_path / "汇编.docx")
    before = out.read_bytes()
    seen = []

    def progress(done, total, title):
        seen.append((done, total, title))

    with pytest.raises(BriefingCancelled):
        write_briefing(demo, BriefingOptions(), out, progress=progress, cancelled=lambda: len(seen) >= 2)
    assert out.read_bytes() == before
    assert leftovers(tmp_path) == ["汇编.docx"]
    assert seen == [(0, 3, demo[0].title), (1, 3, demo[1].title)]


def test_progress_reports_every_case_then_saving(tmp_path, demo):
    seen = []
    write_briefing(demo, BriefingOptions(), tmp_path / "汇编.docx", progress=lambda *a: seen.append(a))
    assert [s[:2] for s in seen] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert seen[-1][2] == "正在保存"


def test_an_existing_file_is_replaced(tmp_path, demo):
    out = tmp_path / "汇编.docx"
    out.write_bytes(b"old")
    write_briefing(demo, BriefingOptions(), out)
    assert Document(out).paragraphs[0].text == "典型案例材料汇编"
    assert leftovers(tmp_path) == ["汇编.docx"]


def test_unwritable_folder_message_even_when_run_as_root(tmp_path, demo, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(BriefingError, match="没有文件夹「.*」的写入权限"):
        write_briefing(demo, BriefingOptions(), tmp_path / "汇编.docx")
    assert leftovers(tmp_path) == []


def test_file_held_open_elsewhere(tmp_path, demo, monkeypatch):
    """On Windows, replacing a file Word has open fails with a permission error."""
    def held(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(BriefingError, match="正在 Word/WPS 中打开"):
        write_briefing(demo, BriefingOptions(), tmp_path / "汇编.docx")
    assert leftovers(tmp_path) == []
