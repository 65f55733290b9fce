"""How often `archive.title_order` reads a title as a person would: accuracy on the hand-labelled
titles of tests/fixtures/title_readings.json, the development part and the held-out part apart,
beside a baseline without the phrase dictionary (each character's most common reading).

`python -m bench.title_readings`
"""

from __future__ import annotations

import json
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from archive.title_order import title_reading

LABELS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "title_readings.json"


def character_by_character(title: str) -> str:
    return " ".join(syllable for char in title for syllable in lazy_pinyin(
        char, style=Style.TONE3, neutral_tone_with_five=True))


def main() -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    print(f"{'part':<14}{'titles':>7}{'title_reading':>15}{'per character':>15}")
    for part in ("development", "held_out"):
        titles = labels[part]
        ours = [t for t, reading in titles.items() if title_reading(t) == reading]
        baseline = sum(character_by_character(t) == reading for t, reading in titles.items())
        print(f"{part:<14}{len(titles):>7}{len(ours) / len(titles):>15.1%}{baseline / len(titles):>15.1%}")
        for title in titles.keys() - set(ours):
            print(f"  misread {title}: {title_reading(title)} (person: {titles[title]})")


if __name__ == "__main__":
    main()
