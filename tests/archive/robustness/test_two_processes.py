"""Two processes on one archive: the second cannot write, so it cannot corrupt it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from archive.errors import ArchiveLockedError, ReadOnlyArchiveError
from archive.library import Library
from archive.model import CaseDraft

ROOT = Path(__file__).resolve().parents[3]

HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from archive.library import Library
    from archive.model import CaseDraft

    with Library.open(Path(sys.argv[1])) as library:
        print("holding", flush=True)
        for line in sys.stdin:
            case = library.cases.add(CaseDraft(line.strip(), "第一个进程写入的案例，叫应机制。"))
            print(case.id, flush=True)
""")


@pytest.fixture
def holder(tmp_path):
    """A real second process that holds the archive open for writing until its stdin closes."""
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        library.cases.add(CaseDraft("已有案例", "防汛经验。"))
    with subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], cwd=ROOT, text=True,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE) as process:
        assert process.stdout.readline().strip() == "holding"
        yield folder, process
        process.stdin.close()  # the holder ends; leaving the block closes its pipes and waits


def cli(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "--archive", str(folder), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_a_second_writer_is_refused(holder):
    folder, _ = holder
    with pytest.raises(ArchiveLockedError, match="正被另一个程序（或另一个窗口）使用"):
        Library.open(folder)


def test_a_second_process_may_read_but_not_write(holder, tmp_path):
    folder, process = holder
    with Library.open(folder, allow_read_only=True) as second:
        assert second.read_only
        assert [c.title for c in second.list_cases()] == ["已有案例"]
        with pytest.raises(ReadOnlyArchiveError):
            second.cases.add(CaseDraft("第二个进程", "不应写入"))
        with pytest.raises(ReadOnlyArchiveError):
            second.packages.unpack(tmp_path / "any.zip")
        # The first process goes on writing; the reader sees its saves.
        process.stdin.write("第一个进程的新案例\n")
        process.stdin.flush()
        new_id = process.stdout.readline().strip()
        assert second.get_case(new_id).title == "第一个进程的新案例"


def test_the_command_line_refuses_to_write_and_reads_read_only(holder, tmp_path):
    folder, _ = holder
    sample = tmp_path / "case.txt"
    sample.write_text("新案例\n\n正文。\n", encoding="utf-8")
    refused = cli(folder, "import", str(sample))
    assert refused.returncode == 1
    assert "正被另一个程序（或另一个窗口）使用" in refused.stderr
    listed = cli(folder, "list", "--json")
    assert listed.returncode == 0
    assert [c["title"] for c in json.loads(listed.stdout)["cases"]] == ["已有案例"]


def test_check_from_a_second_process_reports_without_repairing(holder):
    folder, process = holder
    process.stdin.write("写入后再检查\n")
    process.stdin.flush()
    process.stdout.readline()
    checked = cli(folder, "check", "--json")
    report = json.loads(checked.stdout)
    assert report["cases"] == 2
    refused = cli(folder, "check", "--repair")
    assert refused.returncode == 1 and "正被另一个程序" in refused.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_holder_releases_the_archive(holder):
    folder, process = holder
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    with Library.open(folder) as library:
        assert not library.read_only
        assert library.maintenance.check().healthy
