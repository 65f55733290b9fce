"""Helpers for the Word export tests: sample content, a picture made on the spot, and reading a
written .docx back the way a reviewer would (page, runs, fonts, fields, footers)."""

from __future__ import annotations

import datetime as dt
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from archive.briefing import BriefingCase

ROOT = Path(__file__).resolve().parents[3]

RICH_BODY = """\
# 全要素示例案例

今年以来，**某县气象局**围绕*防汛抗旱*中心工作，创新工作方法，取得了明显成效。
这一行与上一行之间只有一个换行。

## 一、主要做法

（一）建立叫应机制。发布暴雨橙色以上预警后，逐级叫应到村组，做到“预警到户、责任到人”。

（二）完善工作流程

1. 会商研判。每日开展天气会商。
2. 滚动服务
    - 短临预报每小时更新；
    - 重要天气随时加密。
3. 闭环反馈。叫应结果实时回传。

- 一是强化组织领导；
- 二是加强部门联动；
    1. 应急部门；
    2. 水利部门。

> 群众说：“预警来得及时，我们提前转移，一个人都没有伤着。”

## 二、取得成效

| 指标 | 2023年 | 2024年 |
| :--- | :---: | ---: |
| 预警到达率 | 96% | 100% |
| 平均叫应时间 | 25分钟 | 15分钟 |

![叫应流程图](attachment:flow.png)

---

三、经验启示

详见[市局网站](http://www.example.gov.cn/a.html)和 `www.example.gov.cn`，原文用<font color="red">红字</font>标注重点，<u>下划线</u>也保留。

<div align="center">以上材料由县气象局报送</div>

（1）注重基层。H<sub>2</sub>O 与 m<sup>2</sup> 照常显示。
"""


def png_bytes(width: int = 400, height: int = 200, colour: tuple[int, int, int] = (30, 90, 200)) -> bytes:
    """A plain-colour PNG, written by hand so the tests need no imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(colour) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height))
            + chunk(b"IEND", b""))


def demo_cases(count: int | None = None) -> list[BriefingCase]:
    entries = json.loads((ROOT / "resources" / "demo" / "cases.json").read_text(encoding="utf-8"))
    return [BriefingCase(title=e["title"], body=e["body"], unit=e.get("unit", ""),
                         date=dt.date.fromisoformat(e["date"]) if e.get("date") else None,
                         tags=tuple(e.get("tags", ())), source=e.get("source", ""), author=e.get("author", ""))
            for e in entries[:count]]



W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def east_asian_font(run: Run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def text_runs(paragraph: Paragraph) -> list[Run]:
    return [run for run in paragraph.runs if run.text.strip()]


def paragraphs_with_style(document: Document, name: str) -> list[Paragraph]:
    return [p for p in document.paragraphs if p.style.name == name]


def paragraph_starting(document: Document, text: str) -> Paragraph:
    return next(p for p in document.paragraphs if p.text.startswith(text))


def all_text(document: Document) -> str:
    """Every w:t of the body, tables included, in order."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in document.element.body.iter(qn("w:p")))


def instructions(element) -> list[str]:
    return [node.text.strip() for node in element.iter(qn("w:instrText")) if node.text]


def field_results(paragraph_element) -> Iterator[str]:
    """Text shown between each field's separate and end marks."""
    depth, showing, shown = 0, False, []
    for node in paragraph_element.iter(qn("w:fldChar"), qn("w:t")):
        if node.tag == qn("w:fldChar"):
            kind = node.get(qn("w:fldCharType"))
            if kind == "begin":
                depth += 1
            elif kind == "separate":
                showing, shown = True, []
            elif kind == "end":
                depth -= 1
                if showing:
                    yield "".join(shown)
                showing = False
        elif showing:
            shown.append(node.text or "")
