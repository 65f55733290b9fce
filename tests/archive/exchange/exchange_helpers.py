"""Sample cases, an archive snapshot, and a forge for hostile packages made from a real one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from archive import exchange
from archive.library import Library
from archive.model import CaseDraft, NewFile

FLOOD = CaseDraft(
    title="叫应机制筑牢防汛第一道防线", unit="某市气象局", source="某市政务网", author="张三",
    date=dt.date(2024, 7, 2), tags=("防汛", "气象服务"),
    body="一、主要做法\n\n市气象局与应急管理局建立暴雨预警“叫应”机制，直达基层责任人。\n")
HARVEST = CaseDraft(
    title="夏收夏种气象服务保障粮食丰收", unit="某县农业农村局", date=dt.date(2023, 6, 1),
    tags=("粮食安全",), body="夏收期间，县农业农村局联合气象部门发布麦收天气窗口。\n")
PICTURE = NewFile("现场照片.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png")
TABLE = NewFile("统计表.xlsx", b"PK\x03\x04 spreadsheet bytes", "application/vnd.ms-excel")
ORIGINAL = NewFile("叫应机制.docx", b"PK\x03\x04 the original word file", "application/msword")


def snapshot(library: Library) -> tuple:
    """Everything a failed unpack must leave as it was: cases, revisions, tags, trash, files."""
    cases = [(c.to_json(), c.provenance, [r.number for r in library.revisions(c.id)])
             for c in library.list_cases()]
    blobs = library.layout.blobs
    files = sorted(str(p.relative_to(blobs)) for p in blobs.rglob("*")) if blobs.exists() else []
    return cases, library.tags(), library.trash.list(), files


def forge(package: Path, out: Path, *, replace: dict[str, bytes | None] | None = None,
          add: list[tuple[zipfile.ZipInfo | str, bytes]] = (),
          manifest: Callable[[dict], dict | bytes | None] | None = None,
          recompute: bool = True) -> Path:
    """A copy of `package` with members replaced, removed or added and the manifest edited.

    With `recompute`, the manifest's checksums follow the edits, so only the intended defect remains.
    """
    replace = replace or {}
    with zipfile.ZipFile(package) as original:
        members = {i.filename: original.read(i) for i in original.infolist()}
    data = json.loads(members.pop(exchange.MANIFEST))
    for name, content in replace.items():
        if content is None:
            members.pop(name, None)
        else:
            members[name] = content
    if recompute:
        data["files"] = {name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
                         for name, content in members.items()}
    edited = manifest(data) if manifest else data
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as forged:
        for name, content in members.items():
            forged.writestr(name, content)
        for info, content in add:
            forged.writestr(info, content)
        if edited is not None:
            forged.writestr(exchange.MANIFEST, edited if isinstance(edited, bytes)
                            else json.dumps(edited, ensure_ascii=False))
    return out
