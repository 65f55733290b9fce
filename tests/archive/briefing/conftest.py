"""Cases for the Word export tests: the demo cases, a real sample, and one body using every
Markdown feature a write-up may hold; plus a picture made on the spot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from briefing_helpers import RICH_BODY, demo_cases, png_bytes

from archive.briefing import BriefingCase


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
