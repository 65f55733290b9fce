"""A converter without the inline patterns a body cannot match writes the same HTML as the full one."""

from __future__ import annotations

import json
import random
from pathlib import Path

from archive.briefing.gfm import Converters, new_markdown
from bench.briefing_bench import SAMPLE_CASES

ROOT = Path(__file__).resolve().parents[3]
TRICKY = [
    "一行末尾两个空格  \n换行", "制表符\t\n之后", "`代码` 与 \\*转义\\*", "*强调* 和 __加粗__ 及 snake_case",
    "<b>加粗</b> 与 <https://example.com> 和 <user@example.com>", "&amp; 与 &#35; 与 AT&T",
    "[链接](https://example.com) ![图](attachment:a.png)", "引用[甲][1]\n\n[1]: https://example.com",
    "| 甲 | 乙 |\n| --- | --- |\n| *丙* | `丁` | 戊 |", "```\n*不是强调*\n```\n\n正文", "",
    "一、主要做法\n\n（一）强化组织领导。成立专班。", "__加粗__ 的文字", "_斜体_ 文字", "只有 *星号强调*",
    "行尾空格  \n下一行", "<br>", "AT&amp;T", "\\# 不是标题", "![图](x.png)",
]


def bodies() -> list[str]:
    demo = json.loads((ROOT / "resources" / "demo" / "cases.json").read_text(encoding="utf-8"))
    rng = random.Random(5)
    # Trigger characters dropped into ordinary text, alone and together.
    mixed = ["".join(rng.choice(["正文", "*", "_", "`", "<i>", "&lt;", "[", "](x)", "\\", "  \n", "\t", "\n\n"])
                     for _ in range(rng.randint(1, 6))) for _ in range(300)]
    return [*TRICKY, *[e["body"] for e in demo], *[c.body for c in SAMPLE_CASES], *mixed]


def test_every_body_converts_as_with_every_pattern():
    full, converters = new_markdown(readable=False), Converters()
    different = []
    for body in bodies():
        full.reset()
        pruned = converters.for_body(body)
        pruned.reset()
        if pruned.convert(body) != full.convert(body):
            different.append(body[:60])
    assert different == []


def test_a_plain_body_skips_the_patterns_it_cannot_match():
    md = Converters().for_body("一、主要做法\n\n![流程图](attachment:flow.png) 正文")
    assert {"link", "image_link"} <= set(md.inlinePatterns._data)
    assert not {"backtick", "escape", "html", "em_strong", "reference"} & set(md.inlinePatterns._data)
