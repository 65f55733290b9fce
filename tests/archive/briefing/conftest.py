"""Cases for the Word export tests: the demo cases, a real sample, and one body using every
Markdown feature a write-up may hold; plus a picture made on the spot."""

from __future__ import annotations

import datetime as dt
import json
import struct
import zlib
from pathlib import Path

import pytest

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


@pytest.fixture
def demo() -> list[BriefingCase]:
    return demo_cases(3)


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "flow.png"
    path.write_bytes(png_bytes(1600, 800))
    return path


@pytest.fixture
def rich_case(picture: Path) -> BriefingCase:
    return BriefingCase(title="全要素示例案例", body=RICH_BODY, unit="某县气象局", date=dt.date(2024, 7, 18),
                        tags=("防灾减灾", "防汛"), attachments={"flow.png": picture})


@pytest.fixture
def sample_case(samples: Path) -> BriefingCase:
    """The long real report in ../shared/samples, as the importer would leave it (one paragraph a line)."""
    lines = [line.strip() for line in (samples / "report-simplified.txt").read_text(encoding="utf-8").splitlines()]
    paragraphs = [line for line in lines if line]
    return BriefingCase(title=paragraphs[2], body="\n\n".join(paragraphs[3:]), unit="中国气象局",
                        date=dt.date(2021, 12, 28), tags=("党建引领", "为民服务"))
