"""A package of many members just under the ratio rule's 1 MiB unpacks in bounded memory: each
attachment streams from the zip into the archive's files instead of being held whole."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from exchange_helpers import snapshot

from archive import exchange

MEMBERS = 600
MEMBER_BYTES = (1 << 20) - 1  # below PackageLimits.ratio_applies_from: compresses ~1000 times
PEAK_BOUND = 16 << 20  # bytes traced at once; holding the attachments took 602 MiB


def _content(number: int) -> bytes:
    return number.to_bytes(4, "big") + bytes(MEMBER_BYTES - 4)


def _inflated(package: Path, out: Path, *, count: int = MEMBERS,
              corrupt_last: bool = False) -> Path:
    """`package` with `count` extra attachments in its first case, each almost 1 MiB of zeros."""
    with zipfile.ZipFile(package) as original:
        members = {i.filename: original.read(i) for i in original.infolist()}
    manifest = json.loads(members.pop(exchange.MANIFEST))
    folder = manifest["cases"][0]["path"]
    meta = json.loads(members[f"{folder}/case.json"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as forged:
        for number in range(count):
            content = _content(number)
            path = f"attachments/big-{number:03}.bin"
            sha256 = hashlib.sha256(content).hexdigest()
            meta["attachments"].append({"name": f"数据{number:03}.bin", "path": path,
                                        "sha256": sha256, "size": len(content), "mime": ""})
            manifest["files"][f"{folder}/{path}"] = {"sha256": sha256, "size": len(content)}
            if corrupt_last and number == count - 1:
                content = content[:-1] + b"\x01"
            forged.writestr(f"{folder}/{path}", content)
        members[f"{folder}/case.json"] = json.dumps(meta, ensure_ascii=False).encode()
        manifest["files"][f"{folder}/case.json"] = {
            "sha256": hashlib.sha256(members[f"{folder}/case.json"]).hexdigest(),
            "size": len(members[f"{folder}/case.json"])}
        for name, content in members.items():
            forged.writestr(name, content)
        forged.writestr(exchange.MANIFEST, json.dumps(manifest, ensure_ascii=False))
    return out


def _traced_peak(action) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_many_members_just_under_a_mebibyte_unpack_in_bounded_memory(target, package, tmp_path):
    big = _inflated(package, tmp_path / "大包.zip")
    assert big.stat().st_size < 8 << 20
    summaries = []
    peak = _traced_peak(lambda: summaries.append(target.packages.unpack(big)))
    assert len(summaries[0].added) == 2
    case = target.get_case(summaries[0].added[0]["id"])
    assert len(case.attachments) == MEMBERS + 2
    stored = {a.name: a for a in case.attachments}
    assert stored["数据599.bin"].size == MEMBER_BYTES
    assert target.file_path(stored["数据599.bin"]).read_bytes() == _content(599)
    print(f"unpacking {MEMBERS} members of {MEMBER_BYTES:,} bytes: peak {peak / (1 << 20):.1f} MiB traced")
    assert peak < PEAK_BOUND, f"unpacking held {peak / (1 << 20):.0f} MiB at once"


def test_a_member_changed_after_the_check_keeps_none_of_the_case_files(target, package, tmp_path,
                                                                        monkeypatch):
    """Members are checked once, then streamed again into the archive: a package changed between
    the two (a USB stick) stops the merge and leaves no file of the unfinished case behind."""
    good = _inflated(package, tmp_path / "好包.zip", count=30)
    bad = _inflated(package, tmp_path / "坏包.zip", count=30, corrupt_last=True)
    before = snapshot(target)[:3], _files(target)
    real_validate = exchange._validate

    def validate_then_swap(archive, *args):
        checked = real_validate(archive, *args)
        archive.fp.close()
        archive.fp = bad.open("rb")  # the same layout, one member's bytes changed
        return checked

    with zipfile.ZipFile(good) as a, zipfile.ZipFile(bad) as b:
        assert [i.header_offset for i in a.infolist()] == [i.header_offset for i in b.infolist()]
    monkeypatch.setattr(exchange, "_validate", validate_then_swap)
    with pytest.raises(exchange.PackageError, match="好包.zip"):
        target.packages.unpack(good)
    assert (snapshot(target)[:3], _files(target)) == before


def _files(target) -> list[str]:
    """Every file under the archive's file store, temporary ones included."""
    blobs = target.layout.blobs
    return sorted(str(p.relative_to(blobs)) for p in blobs.rglob("*") if p.is_file())
