"""Every command opens the library: what the library loads at import, every command pays for."""

from __future__ import annotations

import os
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


def test_a_search_from_the_command_line_loads_only_what_searching_needs(tmp_path):
    from archive.library import CaseDraft, Library

    with Library.open(tmp_path / "archive") as library:
        library.cases.add_many([CaseDraft(title="防汛预警经验做法", body="汛期前开展防汛预警演练。")])
    late = (*SLOW_AND_LATE, "archive.importers", "numpy.ma")
    # The index's warm-up (which a command that takes a second lets start) loads numpy.ma on purpose.
    script = ("import sys\nfrom archive.cli import main\nfrom search import index\n"
              "index._WARM_UP_AFTER_SECONDS = 3600\n"
              # Two words: the ranking lifts those standing close together (search.matching).
              f"status = main(['--archive', {str(tmp_path / 'archive')!r}, 'search', '防汛', '预警', '--json'])\n"
              f"print(status, sorted(m for m in {late!r} if m in sys.modules))")
    environment = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env=environment).stdout
    assert '"total": 1' in output
    assert output.strip().endswith("0 []")
