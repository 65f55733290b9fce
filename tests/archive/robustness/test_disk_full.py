"""A full disk: a clear message and the report of what was saved, every read command still works,
and once space is back the archive recovers by itself. Runs on a small tmpfs where the tests run
as root, and everywhere (POSIX) under a file-size limit (RLIMIT_FSIZE), which the kernel enforces
for any user: a write past it fails with EFBIG, as a write to a full disk fails with ENOSPC."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from archive.cli import main
from archive.library import CaseDraft, Library


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a small file system needs root (mount -t tmpfs)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def cli(capsys, archive: Path, *args: str) -> tuple[int, str]:
    status = main(["--archive", str(archive), *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def texts(folder: Path, word: str, count: int, repeat: int) -> Path:
    folder.mkdir()
    for number in range(count):
        (folder / f"{word}{number}.txt").write_text(
            f"第{number}号{word}案例\n\n" + f"{word}工作扎实推进{number}。" * repeat, encoding="utf-8")
    return folder


def fill(disk: Path, leave: int) -> Path:
    filler = disk / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def test_a_full_disk_loses_nothing_keeps_reading_and_recovers(small_disk, tmp_path, capsys):
    archive = small_disk / "archive"
    assert cli(capsys, archive, "import", str(texts(tmp_path / "flood", "防汛", 10, 300)))[0] == 0
    filler = fill(small_disk, leave=300_000)
    status, out = cli(capsys, archive, "import", "--json", str(texts(tmp_path / "drought", "抗旱", 20, 4000)))
    assert status == 1 and "Traceback" not in out
    report = json.loads(out[: out.rindex("}") + 1])
    assert "磁盘空间已满" in report["failed"][-1]["error"]
    saved = {entry["id"] for entry in report["imported"]}

    status, out = cli(capsys, archive, "list", "--json")
    assert status == 0
    listed = {case["id"] for case in json.loads(out[: out.rindex("}") + 1])["cases"]}
    assert saved <= listed and len(listed) == 10 + len(saved)
    for args in (["show", next(iter(listed))[:8]], ["search", "防汛"], ["check"]):
        status, out = cli(capsys, archive, *args)
        assert "意外错误" not in out and "Traceback" not in out, args
        assert status == 0 or args == ["check"], (args, out)
    status, out = cli(capsys, archive, "backup")
    assert status == 1 and "磁盘空间已满" in out

    filler.unlink()
    status, out = cli(capsys, archive, "check")
    assert status == 0 and f"{10 + len(saved)} 个案例" in out, out
    assert cli(capsys, archive, "import", str(tmp_path / "drought"))[0] == 0
    status, out = cli(capsys, archive, "search", "抗旱", "--json")
    assert json.loads(out)["total"] == 20
    assert sorted(p.name for p in archive.iterdir()) == [
        "archive.lock", "archive.sqlite3", "backups", "files", "index"]


def test_an_archive_on_a_read_only_file_system_opens_read_only(small_disk, capsys):
    archive = small_disk / "archive"
    with Library.open(archive) as library:
        library.cases.add(CaseDraft("防汛案例", "防汛正文"))
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    status, out = cli(capsys, archive, "list")
    assert status == 0 and "防汛案例" in out
    status, out = cli(capsys, archive, "check")
    assert "意外错误" not in out
    with Library.open(archive, allow_read_only=True) as library:
        assert library.read_only and library.case_count() == 1
        assert library.damage is None  # the database check's own connection opens immutable too
        assert library.search("防汛").total == 1  # the index opens without clearing its write lock


def test_a_file_in_the_index_folders_place_is_kept_aside_and_the_index_rebuilt(tmp_path, capsys):
    archive = tmp_path / "archive"
    with Library.open(archive) as library:
        library.cases.add(CaseDraft("防汛案例", "防汛正文"))
    shutil.rmtree(archive / "index")
    (archive / "index").write_text("not an index")
    status, out = cli(capsys, archive, "search", "防汛")
    assert status == 0 and "防汛案例" in out
    assert [p.read_text() for p in archive.glob("index.not-a-folder-*")] == ["not an index"]


ROOT = Path(__file__).resolve().parents[3]


def limited_cli(archive: Path, limit: int, *args: str) -> tuple[int, str]:
    """`main.py` in a process whose files may not grow past `limit` bytes."""
    import resource

    def lower() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    done = subprocess.run([sys.executable, "main.py", "--archive", str(archive), *args], cwd=ROOT,
                          preexec_fn=lower, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_under_a_file_size_limit_nothing_is_lost_reads_work_and_it_recovers(tmp_path, capsys):
    archive = tmp_path / "archive"
    assert cli(capsys, archive, "import", str(texts(tmp_path / "flood", "防汛", 10, 300)))[0] == 0
    limit = 100_000  # below each new file's size (112 KB) and the database's (about 200 KB)
    status, out = limited_cli(archive, limit, "import", "--json", str(texts(tmp_path / "drought", "抗旱", 20, 4000)))
    assert status == 1 and "Traceback" not in out
    report = json.loads(out[: out.rindex("}") + 1])
    assert "磁盘空间已满" in report["failed"][-1]["error"] and not report["imported"]

    status, out = limited_cli(archive, limit, "list", "--json")
    assert status == 0, out
    first = json.loads(out[: out.rindex("}") + 1])["cases"][0]["id"]
    for args in (["show", "--json", first[:8]], ["search", "防汛"], ["check"]):
        status, out = limited_cli(archive, limit, *args)
        assert status == 0 and "意外错误" not in out and "Traceback" not in out, (args, out)
    status, out = limited_cli(archive, limit, "backup")
    assert status == 1 and "磁盘空间已满" in out and "Traceback" not in out

    status, out = cli(capsys, archive, "check")
    assert status == 0 and "10 个案例" in out, out
    assert cli(capsys, archive, "import", str(tmp_path / "drought"))[0] == 0
    status, out = cli(capsys, archive, "search", "抗旱", "--json")
    assert json.loads(out)["total"] == 20
    assert not list(archive.glob("backups/*.partial")) and not list(archive.glob("files/.incoming-*"))
