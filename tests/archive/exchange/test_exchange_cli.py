"""`pack` and `unpack` on the command line (the DESIGN.md contract)."""

from __future__ import annotations

import json
from pathlib import Path

from exchange_helpers import FLOOD, HARVEST

from archive.cli import main
from archive.library import Library


def run(capsys, folder: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--archive", str(folder), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_pack_by_id_and_tag_then_unpack_with_a_json_summary(tmp_path, capsys):
    source = tmp_path / "source"
    with Library.open(source) as library:
        flood = library.cases.add(FLOOD)
        harvest = library.cases.add(HARVEST)
    out = tmp_path / "out.zip"
    status, text, _ = run(capsys, source, "pack", flood.id[:8], "--tag", "粮食安全", "--unit", "某市气象局",
                          "--out", str(out))
    assert status == 0 and "2 个案例" in text
    status, text, _ = run(capsys, tmp_path / "target", "unpack", str(out), "--json")
    assert status == 0
    summary = json.loads(text)
    assert sorted(e["id"] for e in summary["added"]) == sorted([flood.id, harvest.id])
    status, text, _ = run(capsys, tmp_path / "target", "unpack", str(out))
    assert status == 0 and "跳过 2 个" in text


def test_unpack_of_a_hostile_package_fails_with_the_reason(tmp_path, capsys):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    status, _, err = run(capsys, tmp_path / "target", "unpack", str(bad))
    assert status == 1
    assert "错误：交流包「bad.zip」被拒绝：不是有效的 zip 文件" in err
