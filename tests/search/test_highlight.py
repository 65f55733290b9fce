"""Snippets found on the original text and folded only around their passage mark what folding the
whole text marks, on the demo cases and the two samples for every labelled query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.highlight import _best_start, _mark, find_hits, plain_text, snippet
from search.query import parse

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "samples"


def whole_text_snippet(text: str, needles: list[str]) -> str:
    """The snippet as it was made before: every hit of the whole folded text."""
    hits = find_hits(text, needles)
    if not hits:
        return _mark(text, [], 0, min(len(text), 100))
    start = _best_start(text, hits, 100)
    end = min(len(text), start + 100)
    return _mark(text, [(s, e) for s, e in hits if s >= start and e <= end], start, end)


def texts() -> list[str]:
    demo = json.loads((ROOT / "resources" / "demo" / "cases.json").read_text(encoding="utf-8"))
    found = [case["body"] for case in demo]
    found += [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    return [plain_text(text) for text in found]


def test_windowed_snippets_equal_whole_text_snippets():
    queries = [q["query"] for q in json.loads(
        (ROOT / "bench" / "relevance" / "queries.json").read_text(encoding="utf-8"))]
    bodies = texts()
    compared = differing = 0
    for query in queries:
        needles = parse(query).needles
        for body in bodies:
            compared += 1
            differing += snippet(body, needles) != whole_text_snippet(body, needles)
    assert compared > 4_000  # the demo cases alone: the samples sit beside a checkout, not in it
    assert differing == 0


@pytest.mark.parametrize(("text", "needles", "marked"), [
    ("颱風來臨前，漁船全部回港避風", ["台风"], "<b>颱風</b>"),
    ("ＡＩ模型２０２２年上线", ["ai"], "<b>ＡＩ</b>"),
    ("建立“叫应”机制", ["叫应机制"], "<b>叫应”机制</b>"),
    ("第㈠条 防汛", ["防汛"], "<b>防汛</b>"),  # ㈠ folds to three characters: the whole text is folded
])
def test_snippets_mark_folded_forms_in_the_text_own_script(text, needles, marked):
    assert marked in snippet(text, needles)


def test_a_hit_far_into_a_long_text_is_the_passage():
    text = "无关内容。" * 2_000 + "启动防汛四级应急响应" + "其他内容。" * 2_000
    html = snippet(text, ["防汛", "应急响应"])
    assert "<b>防汛</b>四级<b>应急响应</b>" in html
    assert len(html) < 200
