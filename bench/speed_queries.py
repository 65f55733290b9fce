"""Speed queries drawn from a generated corpus's own text, so that nearly all of them find cases.

Kinds, in the proportions of `KINDS`: common and rare words, substrings of two to seven characters,
quoted phrases, title fields, unspaced runs of two or three words of one case, spaced words,
OR, exclusions, tags, dates and traditional spellings.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import opencc

from search.analysis import fold, words
from search.records import IndexRecord

KINDS = {
    "common word": 30, "rare word": 30, "substring 2-7": 50, "quoted phrase": 25, "title field": 25,
    "unspaced run": 60, "spaced words": 30, "or": 10, "exclusion": 10, "tag": 10, "date": 10,
    "traditional": 20,
}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_SAMPLE = 2_000
"""Cases read to learn which words are common and which rare."""


def draw(records: list[IndexRecord], seed: int = 5) -> list[tuple[str, str]]:
    """(kind, query) pairs, the same for the same records and seed."""
    rng = random.Random(seed)
    sample = rng.sample(records, min(_SAMPLE, len(records)))
    case_words = [[w for w, _, _ in words(fold(r.body).text) if len(w) >= 2] for r in sample]
    frequency = Counter(w for ws in case_words for w in set(ws))
    by_frequency = [w for w, _ in frequency.most_common()]
    common = by_frequency[:200]
    rare = [w for w, n in frequency.items() if 2 <= n <= 5]
    to_traditional = opencc.OpenCC("s2t")
    drawn: list[tuple[str, str]] = []

    def pick_case() -> tuple[IndexRecord, list[str]]:
        number = rng.randrange(len(sample))
        return sample[number], case_words[number]

    def substring(text: str, low: int, high: int) -> str:
        runs = [run for run in _CJK_RUN.findall(fold(text).text) if len(run) >= low]
        run = rng.choice(runs)
        size = rng.randint(low, min(high, len(run)))
        start = rng.randrange(len(run) - size + 1)
        return run[start:start + size]

    def title_words(record: IndexRecord) -> list[str]:
        return [w for w, _, _ in words(fold(record.title).text) if len(w) >= 2]

    makers = {
        "common word": lambda: rng.choice(common),
        "rare word": lambda: rng.choice(rare),
        "substring 2-7": lambda: substring(pick_case()[0].body, 2, 7),
        "quoted phrase": lambda: f'"{substring(pick_case()[0].body, 4, 7)}"',
        "title field": lambda: f"标题:{rng.choice(title_words(pick_case()[0]))}",
        "unspaced run": lambda: "".join(rng.sample(sorted(set(pick_case()[1])), rng.choice([2, 2, 3]))),
        "spaced words": lambda: " ".join(rng.sample(sorted(set(pick_case()[1])), 2)),
        "or": lambda: f"{rng.choice(common)} OR {rng.choice(rare)}",
        "exclusion": lambda: f"{rng.choice(common[:20])} -{rng.choice(common[20:])}",
        "tag": lambda: f"标签:{rng.choice(pick_case()[0].tags)} {rng.choice(common)}",
        "date": lambda: f"日期:{rng.randint(2015, 2024)} {rng.choice(common)}",
        "traditional": lambda: to_traditional.convert(rng.choice(common + rare)),
    }
    for kind, count in KINDS.items():
        seen: set[str] = set()
        while len(seen) < count:
            query = makers[kind]()
            if query not in seen:
                seen.add(query)
                drawn.append((kind, query))
    return drawn
