"""No traceback reaches a person: unexpected errors become one Chinese sentence naming the log file."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

from archive import cli
from archive.diagnostics import unexpected_error_message
from archive.library import Library
from archive.model import CaseDraft

ROOT = Path(__file__).resolve().parents[2]


def test_an_unexpected_error_in_a_command_is_one_sentence_and_its_traceback_is_in_the_log(
        capsys, monkeypatch, tmp_path, private_log_folder):
    def broken(args, folder):
        raise ValueError("year 9999 is out of range")

    monkeypatch.setattr(cli, "_list", broken)
    status = cli.main(["--archive", str(tmp_path / "archive"), "list"])
    out, err = capsys.readouterr()
    assert status == cli.EXIT_FAILED
    assert "Traceback" not in err + out
    assert err.startswith("错误：程序出现意外错误（ValueError：year 9999 is out of range）")
    log_file = private_log_folder / "casearchive.log"
    assert str(log_file) in err
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "year 9999 is out of range" in logged


def test_a_full_disk_is_named_as_such():
    message = unexpected_error_message(OSError(errno.ENOSPC, "No space left on device", "/x/index/seg"))
    assert message.startswith("磁盘空间已满") and "/x/index/seg" in message


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path):
    """`casearchive list --json | head` must not end in a BrokenPipeError traceback."""
    archive = tmp_path / "archive"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--archive", str(archive), "list"],
                   check=True, capture_output=True, env=env, timeout=120)
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--archive", str(archive),
                              "list", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    child.stdout.close()  # the reader is gone before anything is written
    _, err = child.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode(errors="replace")


def test_terminal_control_sequences_in_a_title_never_reach_the_terminal(capsys, tmp_path):
    """Titles from exchange packages are stored as given; the terminal must not act on them."""
    archive = tmp_path / "archive"
    with Library.open(archive) as library:
        library.cases.add(CaseDraft(title="防汛\x1b[2J\x1b]0;pwned\x07经验", body="正文写明叫应机制。"))
    for command in (["list"], ["search", "叫应"]):
        assert cli.main(["--archive", str(archive), *command]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out
        assert "防汛[2J]0;pwned经验" in out


def test_a_relative_archive_folder_opens_read_only_too(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--archive", "relative-archive", "list"]) == 0
    assert cli.main(["--archive", "relative-archive", "search", "叫应"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_word_to_leave_out_needs_no_double_dash(capsys, tmp_path):
    archive = tmp_path / "archive"
    with Library.open(archive) as library:
        library.cases.add(CaseDraft(title="防汛叫应", body="暴雨预警叫应到人。"))
        library.cases.add(CaseDraft(title="防汛演练", body="汛前组织应急演练。"))
    assert cli.main(["--archive", str(archive), "search", "防汛", "-演练", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [hit["title"] for hit in found["hits"]] == ["防汛叫应"]
    assert cli.main(["--archive", str(archive), "search", "-演练", "--limit", "5"]) == 0
    assert "找到 1 个案例" in capsys.readouterr().out
