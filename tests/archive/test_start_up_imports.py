"""Every command opens the library: what the library loads at import, every command pays for."""

from __future__ import annotations

import subprocess
import sys

SLOW_AND_LATE = ("docx", "lxml.html", "markdown")
"""Loaded where a document is written or a body shown (a few hundred milliseconds each)."""


def test_importing_the_library_loads_neither_word_nor_markdown():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, archive.library, archive.cli; "
         f"print(sorted(m for m in {SLOW_AND_LATE!r} if m in sys.modules))"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_the_reader_still_finds_body_html_through_the_library():
    from archive.library import body_html

    assert "<p>正文</p>" in body_html("## 一、基本情况\n\n正文")
