"""Titles read as a person reads them, on the hand-labelled titles of tests/fixtures."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive.title_order import _json_object_in_pieces, title_reading, title_sort_key

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


@pytest.mark.parametrize("text", ['{}', ' { "a" : [ ["yī"], ["x"] ] ,\n"b\\u4e00":{"c": 1.5, "d": null}}',
                                  '{"k":"v"}'])
def test_json_read_in_pieces_equals_json_loads(text):
    assert _json_object_in_pieces(text) == json.loads(text)


def test_pypinyins_own_files_read_in_pieces_equal_json_loads():
    folder = Path(importlib.util.find_spec("pypinyin").origin).parent
    for name in ("pinyin_dict", "phrases_dict"):
        text = (folder / f"{name}.json").read_text("utf-8")
        assert _json_object_in_pieces(text) == json.loads(text), name


def test_the_first_reading_loads_pypinyins_dictionaries_in_pieces():
    """In a fresh interpreter, as in the application: pypinyin finds its dictionaries in place."""
    script = ("import sys; from archive.title_order import title_reading; "
              "print(title_reading('银行重庆'), hasattr(sys.modules['pypinyin.phrases_dict'], '_load_phrases_dict'))")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).parents[2]).stdout
    assert shown.strip() == "yin2 hang2 chong2 qing4 False"
