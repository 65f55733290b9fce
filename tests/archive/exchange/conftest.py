"""Two archives and a package between them."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import FLOOD, HARVEST, ORIGINAL, PICTURE, TABLE

from archive.library import Library


@pytest.fixture
def source(tmp_path: Path):
    with Library.open(tmp_path / "source") as library:
        yield library


@pytest.fixture
def target(tmp_path: Path):
    with Library.open(tmp_path / "target") as library:
        yield library


@pytest.fixture
def cases(source: Library) -> list[str]:
    flood = source.cases.add(FLOOD, attachments=[PICTURE, TABLE], original=ORIGINAL)
    harvest = source.cases.add(HARVEST)
    return [flood.id, harvest.id]


@pytest.fixture
def package(source: Library, cases: list[str], tmp_path: Path) -> Path:
    out = tmp_path / "交流包.zip"
    source.packages.pack(cases, out, exporting_unit="某市气象局")
    return out
