"""Every import reads under the same bounds, on every OS: a watchdog in the importing process ends a
reader that holds too much memory or takes too long (psutil, no POSIX signal or rlimit), the file
fails with a message naming it, and the rest are read; a file imported alone is read that way too."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_inputs import long_text, pdf_with_streams, text_near_the_body_limit, text_stream

from archive.errors import ImportFailure
from archive.importers import limits
from archive.importers.parallel import ReaderBounds, read_documents_parallel
from archive.importers.watchdog import MEMORY, TIME, Watchdog
from archive.library import Library

_ALLOCATES = "import time; hog = [b'x' * (1 << 20) for _ in range(400)]; time.sleep(60)"
_SLEEPS = "import time; time.sleep(60)"


def _watched(code: str, memory_bytes: int, seconds: float) -> tuple[str | None, float]:
    """Run `code` in a process the watchdog watches; why it was killed, and after how long."""
    watchdog = Watchdog(memory_bytes, seconds)
    process = subprocess.Popen([sys.executable, "-c", code])
    started = time.monotonic()
    try:
        watchdog.start(process.pid)
        process.wait(timeout=30)
        return watchdog.stop(process.pid), time.monotonic() - started
    finally:
        process.kill()
        process.wait()
        watchdog.close()


def test_the_watchdog_kills_a_process_past_its_memory():
    verdict, seconds = _watched(_ALLOCATES, 100 << 20, 60)
    assert verdict == MEMORY and seconds < 30


def test_the_watchdog_kills_a_process_past_its_time():
    verdict, seconds = _watched(_SLEEPS, 1 << 30, 1)
    assert verdict == TIME and 1 <= seconds < 30


def test_the_watchdog_leaves_a_process_within_its_bounds():
    watchdog = Watchdog(1 << 30, 60)
    process = subprocess.Popen([sys.executable, "-c", "print('fine')"], stdout=subprocess.DEVNULL)
    try:
        watchdog.start(process.pid)
        assert process.wait(timeout=30) == 0
        assert watchdog.stop(process.pid) is None
    finally:
        watchdog.close()


def _warm(tmp_path: Path) -> Path:
    """A fine file, read first so that starting the readers is not counted in a file's time."""
    fine = text_near_the_body_limit(tmp_path / "正常.txt", 2000)
    assert not isinstance(dict(read_documents_parallel([fine]))[fine], ImportFailure)
    return fine


def test_the_watchdog_alone_fails_a_slow_file_and_the_rest_are_read(tmp_path):
    fine = _warm(tmp_path)
    slow = pdf_with_streams(tmp_path / "慢.pdf", [text_stream(400 << 10, f"page {n}".encode()) for n in range(12)])
    started = time.monotonic()
    outcomes = dict(read_documents_parallel([slow, fine], workers=2,
                                            bounds=ReaderBounds(1 << 30, 1, in_reader=False)))
    assert "「慢.pdf」读取超时（超过 1 秒）" in str(outcomes[slow])
    assert not isinstance(outcomes[fine], ImportFailure)
    assert time.monotonic() - started < 30


def test_the_watchdog_alone_fails_a_file_past_its_memory_and_the_rest_are_read(tmp_path):
    fine = _warm(tmp_path)
    big = long_text(tmp_path / "大.txt")  # its 45 MB alone are held while it is decoded
    outcomes = dict(read_documents_parallel([big, fine], workers=1,
                                            bounds=ReaderBounds(32 << 20, 60, in_reader=False)))
    assert "「大.txt」内容过大，内存不足以读取" in str(outcomes[big])
    assert not isinstance(outcomes[fine], ImportFailure)  # a fresh reader took over


@pytest.mark.parametrize("bound", ["memory", "time"])
def test_a_file_imported_alone_is_read_under_the_bounds(tmp_path, monkeypatch, bound):
    if bound == "memory":
        monkeypatch.setattr(limits, "READER_MEMORY_BYTES", 64 << 20)
        path, reason = long_text(tmp_path / "大.txt", 30), "内容过大"
    else:
        monkeypatch.setattr(limits, "READER_SECONDS", 1)
        path = pdf_with_streams(tmp_path / "慢.pdf", [text_stream(400 << 10, f"page {n}".encode())
                                                     for n in range(12)])
        reason = "读取超时"
    with Library.open(tmp_path / "archive") as library:
        report = library.import_paths([path])  # the door of `import FILE`, the import dialog and drops
        assert not report.imported and library.case_count() == 0
    [failure] = report.failed
    assert f"「{path.name}」" in failure["error"] and reason in failure["error"], failure
