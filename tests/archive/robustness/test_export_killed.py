"""SIGKILL during `export`: no half record, no orphaned kept file, and the temporary Word file a
killed save leaves (no living writer holds its lock) is found and removed by `check --repair`. The long soak is the
`export` row of `python -m bench.crash_bench`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from archive import partfiles
from archive.library import CaseDraft, Library

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[3]
TABLE = "| 类型 | 数量 | 占比 |\n| --- | ---: | ---: |\n" + "| 暴雨预警 | 1,024 | 38.5% |\n" * 12
BODY = ("一、基本情况\n\n" + "某市汛期降雨偏多四成，城区内涝风险高。" * 20 + "\n\n" + TABLE
        + "\n二、主要做法\n\n（一）强化组织领导。" + "市气象局与应急管理局建立叫应机制。" * 30 + "\n")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("prepared") / "archive"
    with Library.open(folder) as library:
        for number in range(60):
            library.cases.add(CaseDraft(f"第{number}号叫应机制经验材料", BODY, unit="某市气象局"))
    return folder


def cli(archive: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "--archive", str(archive), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def killed_export(archive: Path, out: Path, moment: Callable[[], bool]) -> int:
    """Start `export` of every case and SIGKILL it as soon as `moment()` is true; its exit code."""
    with Library.open(archive) as library:
        ids = [case.id for case in library.list_cases()]
    process = subprocess.Popen(
        [sys.executable, "main.py", "--archive", str(archive), "export", *ids, "--layout", "briefing",
         "--title", "气象工作简报", "--out", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if moment():
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.0005)
    return process.wait(timeout=60)


def kept_state(archive: Path) -> tuple[list, int | None, set[str]]:
    """Records (with their files present or not), the series' next issue number, the stored files."""
    with Library.open(archive) as library:
        records = [(r.id, library.briefings.file_path(r).is_file()) for r in library.briefings.list()]
        return records, library.word.next_issue("气象工作简报"), \
            {p.name for p in library.layout.blobs.rglob("*") if p.is_file()}


def test_a_kill_while_saving_leaves_a_temporary_file_that_check_finds_and_repairs(prepared, tmp_path):
    archive, out = tmp_path / "archive", tmp_path / "out"
    subprocess.run(["cp", "-a", str(prepared), str(archive)], check=True)
    out.mkdir()
    status = killed_export(archive, out / "简报.docx", lambda: any(out.glob(".*.part")))
    assert status == -signal.SIGKILL, "the export ended before its save could be caught"
    [part] = out.glob(".*.part")
    files_before = kept_state(archive)[2]
    time.sleep(partfiles.LOCKING_SECONDS)  # until then an empty part may be a writer's not yet locked

    found = cli(archive, "check", "--json")
    assert found.returncode == 1
    [problem] = json.loads(found.stdout)["problems"]
    assert "中断的导出" in problem["problem"] and str(part) in problem["problem"] and problem["repairable"]

    repaired = cli(archive, "check", "--repair")
    assert repaired.returncode == 0, repaired.stdout
    assert "删除了 1 个中断的导出或保存留下的临时文件" in repaired.stdout
    assert list(out.iterdir()) == []
    records, next_issue, files = kept_state(archive)
    assert records == [] and next_issue == 1 and files == files_before  # no half record, no number used
    assert cli(archive, "check").returncode == 0


def test_a_kill_while_keeping_leaves_a_whole_record_or_none(prepared, tmp_path):
    archive, out = tmp_path / "archive", tmp_path / "out"
    subprocess.run(["cp", "-a", str(prepared), str(archive)], check=True)
    out.mkdir()
    blobs = archive / "files"
    before = {p for p in blobs.rglob("*") if p.is_file()}
    # The file renamed into place: the process is now storing the kept copy and its record.
    killed_export(archive, out / "简报.docx", lambda: (out / "简报.docx").exists()
                  or len({p for p in blobs.rglob("*") if p.is_file()}) > len(before))
    assert cli(archive, "check", "--repair").returncode == 0
    records, next_issue, _ = kept_state(archive)
    assert records in ([], [(records[0][0], True)] if records else [])
    assert next_issue == (2 if records else 1)  # the issue number counted with its record only
    assert not list(out.glob(".*.part"))
    assert cli(archive, "check").returncode == 0
