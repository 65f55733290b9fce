"""Titles read as a person reads them, on the hand-labelled titles of tests/fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.title_order import title_reading, title_sort_key

LABELS = json.loads((Path(__file__).parents[1] / "fixtures" / "title_readings.json").read_text("utf-8"))


@pytest.mark.parametrize("part", ["development", "held_out"])
def test_most_labelled_titles_read_as_a_person_reads_them(part):
    titles = LABELS[part]
    right = sum(title_reading(title) == reading for title, reading in titles.items())
    assert right / len(titles) >= 0.9, f"{right} of {len(titles)}"


def test_punctuation_is_left_out_and_latin_letters_lower_cased():
    assert title_reading("《GDP核算》：经验") == "gdp he2 suan4 jing1 yan4"


def test_homophones_group_by_character_and_scripts_meet():
    assert title_sort_key("會議") == title_sort_key("会议")
    # gōngshì thrice, then gōngsī; the three homophones apart, in a stable order.
    assert sorted(["公司", "公示", "公事", "公式"], key=title_sort_key) == ["公事", "公式", "公示", "公司"]
