"""An export killed, failed or cancelled half-way leaves no `.NAME-XXXX.docx.part` (or `.pdf.part`)
in the user's folder for good: `check --repair` removes what a killed one left, and never a part
being written; its working folders in the temporary folder go at the next opening."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from archive import partfiles
from archive.briefing import BriefingCancelled, BriefingError, BriefingOptions
from archive.library import CaseDraft, Library

ROOT = Path(__file__).resolve().parents[3]
FLOOD = CaseDraft("叫应机制筑牢防汛第一道防线", "一、主要做法\n\n暴雨预警直达基层责任人。\n", unit="某市气象局")

# Exports, but the save writes half a document and then hangs: the moment a kill finds it.
_HANGING_EXPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import docx.document
    from archive.briefing import BriefingOptions
    from archive.library import Library

    def half_then_hang(self, stream):
        stream.write(b"PK half a document")
        stream.flush()
        print("saving", flush=True)
        time.sleep(600)

    docx.document.Document.save = half_then_hang
    with Library.open(Path(sys.argv[1])) as library:
        library.word.export([c.id for c in library.list_cases()], Path(sys.argv[2]), BriefingOptions())
""")


# A PDF export whose conversion is stood in for (no LibreOffice needed) and whose copy into place
# writes half the PDF and then hangs.
_HANGING_PDF_EXPORT = textwrap.dedent("""
    import shutil, sys, time
    from pathlib import Path
    from archive import office
    from archive.briefing import BriefingOptions, pdf
    from archive.library import Library

    def converted(program, source, docx, profile, timeout):
        produced = source.with_suffix(".pdf")
        produced.write_bytes(b"%PDF-1.4 a whole document")
        return produced

    def half_then_hang(source, target, *args):
        target.write(b"%PDF-1.4 half")
        target.flush()
        print("saving", flush=True)
        time.sleep(600)

    office.find_office = lambda: "soffice"
    pdf._convert = converted
    shutil.copyfileobj = half_then_hang
    with Library.open(Path(sys.argv[1])) as library:
        library.word.export([c.id for c in library.list_cases()], Path(sys.argv[2]), BriefingOptions())
""")


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.part"))


@pytest.fixture
def archive_folder(tmp_path: Path) -> Path:
    with Library.open(tmp_path / "archive") as library:
        library.cases.add(FLOOD)
    return tmp_path / "archive"


def test_check_removes_what_a_killed_export_left(archive_folder: Path, tmp_path: Path):
    out = tmp_path / "用户的文件夹"
    out.mkdir()
    with subprocess.Popen([sys.executable, "-c", _HANGING_EXPORT, str(archive_folder), str(out / "汇编.docx")],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout.readline().strip() == "saving"
        assert len(_parts(out)) == 1
        os.kill(process.pid, signal.SIGKILL)
    with Library.open(archive_folder) as library:
        found = library.maintenance.check()
        assert any("中断的导出" in p.what for p in found.problems), found.problems
        repaired = library.maintenance.check(repair=True)
        assert repaired.healthy, repaired.problems
        assert any("中断的导出" in line for line in repaired.repaired)
    assert _parts(out) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_check_removes_what_a_killed_pdf_export_left(archive_folder: Path, tmp_path: Path):
    out, temporary = tmp_path / "用户的文件夹", tmp_path / "tmp"
    out.mkdir()
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary)}
    with subprocess.Popen([sys.executable, "-c", _HANGING_PDF_EXPORT, str(archive_folder), str(out / "简报.pdf")],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True, env=environment) as process:
        assert process.stdout.readline().strip() == "saving"
        assert [name.endswith(".pdf.part") for name in _parts(out)] == [True]
        assert sorted(p.name.rsplit("-", 1)[0] for p in temporary.iterdir() if p.is_dir()) == [
            "casearchive-export", "casearchive-pdf"]
        os.kill(process.pid, signal.SIGKILL)
    time.sleep(partfiles.LOCKING_SECONDS)  # until then an empty lock may be a writer's not yet taken
    repaired = subprocess.run([sys.executable, "main.py", "--archive", str(archive_folder), "check", "--repair"],
                              cwd=ROOT, capture_output=True, text=True, env=environment, timeout=120, check=False)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "删除了 1 个中断的导出或保存留下的临时文件" in repaired.stdout
    assert _parts(out) == [] and not any(p.is_dir() for p in temporary.iterdir())


def test_check_leaves_a_part_that_is_being_written(archive_folder: Path, tmp_path: Path):
    out = tmp_path / "简报.docx"
    with Library.open(archive_folder) as library:
        library.word.export([library.list_cases()[0].id], out, BriefingOptions())  # the folder is noted
        with pytest.raises(RuntimeError), partfiles.replacing(out) as stream:
            stream.write(b"PK being written")
            report = library.maintenance.check(repair=True)
            assert report.healthy and not report.repaired
            assert len(_parts(tmp_path)) == 1
            raise RuntimeError("the writer gives up")
    assert _parts(tmp_path) == []


def test_the_next_export_to_the_folder_removes_a_killed_ones_part(archive_folder: Path, tmp_path: Path):
    stale = tmp_path / ".汇编-k1l2m3.docx.part"
    stale.write_bytes(b"PK half")
    mine = tmp_path / ".我的笔记.docx.partial"  # not the program's name: kept
    mine.write_bytes(b"notes")
    with Library.open(archive_folder) as library:
        library.word.export([library.list_cases()[0].id], tmp_path / "另一个.docx", BriefingOptions())
    assert not stale.exists() and mine.exists()


def test_a_failed_or_cancelled_save_leaves_no_part(archive_folder: Path, tmp_path: Path, monkeypatch):
    import docx.document

    def half_then_fail(self, stream):
        stream.write(b"PK half")
        raise OSError(28, "No space left on device")

    with Library.open(archive_folder) as library:
        case_id = library.list_cases()[0].id
        with pytest.raises(BriefingCancelled):
            library.word.export([case_id], tmp_path / "取消.docx", BriefingOptions(),
                           is_cancelled=lambda: bool(_parts(tmp_path)))  # stops once it is saved
        monkeypatch.setattr(docx.document.Document, "save", half_then_fail)
        with pytest.raises(BriefingError, match="No space left"):
            library.word.export([case_id], tmp_path / "失败.docx", BriefingOptions())
    assert _parts(tmp_path) == []
    assert not (tmp_path / "取消.docx").exists() and not (tmp_path / "失败.docx").exists()


def test_check_removes_what_a_killed_save_left_in_the_file_store(archive_folder: Path):
    with Library.open(archive_folder) as library:
        library.layout.blobs.mkdir(exist_ok=True)
        stale = library.layout.blobs / ".incoming-k1l2m3"
        stale.write_bytes(b"half a picture")
        with partfiles.held(library.layout.blobs, ".incoming-") as (stream, part):
            stream.write(b"a picture being stored")
            report = library.maintenance.check(repair=True)
            assert part.exists()
        assert not stale.exists()
        assert any("中断的导出或保存" in line for line in report.repaired), report.repaired
        assert library.maintenance.check().healthy
