"""Title breaking on a labelled set of real-looking case titles (data/titles.tsv, "/" marks where a
line may break). The `held` part was kept back while the rule was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.briefing.titles import break_title, text_cells

CORPUS = Path(__file__).parent / "data" / "titles.tsv"
CASE_TITLE_CELLS = 20   # 22 pt 小标宋 across the 156 mm type area
COVER_TITLE_CELLS = 12  # 36 pt on the cover


def titles(part: str) -> list[str]:
    rows = [line.split("\t") for line in CORPUS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [marked for where, marked in rows if where == part]


def allowed_breaks(marked: str) -> set[int]:
    """Character offsets (in the title without marks) where a line may break."""
    offsets, position = set(), 0
    for piece in marked.split("/")[:-1]:
        position += len(piece)
        offsets.add(position)
    return offsets


@pytest.mark.parametrize("part", ["dev", "held"])
@pytest.mark.parametrize("width", [CASE_TITLE_CELLS, COVER_TITLE_CELLS])
def test_titles_break_between_words_in_balanced_lines(part, width):
    marked_titles = titles(part)
    assert len(marked_titles) >= 10
    wrong = []
    for marked in marked_titles:
        title = marked.replace("/", "")
        lines = break_title(title, width)
        breaks, position = set(), 0
        for line in lines[:-1]:
            position += len(line)
            breaks.add(position)
        problems = []
        if "".join(lines) != title:
            problems.append("text changed")
        if not breaks <= allowed_breaks(marked):
            problems.append("a word or a mark split")
        if any(len(line) < 2 for line in lines):
            problems.append("a lone character")
        if any(text_cells(line) > width for line in lines):
            problems.append("a line too long")
        widths = [text_cells(line) for line in lines]
        if len(lines) > 1 and max(widths) - min(widths) > width / 2:
            problems.append("unbalanced")
        if problems:
            wrong.append((lines, problems))
    assert wrong == []


def test_the_reported_case_no_longer_leaves_a_character_alone():
    lines = break_title("某县气象局创新叫应机制筑牢防汛第一道防线经验材料", CASE_TITLE_CELLS)
    assert lines[-1].endswith("经验材料") and len(lines) == 2


def test_a_title_that_fits_stays_whole_and_a_huge_one_still_breaks():
    assert break_title("汛期气象服务经验", CASE_TITLE_CELLS) == ["汛期气象服务经验"]
    huge = "很长的标题" * 400
    lines = break_title(huge, CASE_TITLE_CELLS)
    assert "".join(lines) == huge and all(text_cells(line) <= CASE_TITLE_CELLS for line in lines)
    assert break_title("", CASE_TITLE_CELLS) == [""]
