"""Write tests/fixtures/archive-0.1.0.zip: an archive made by the first release's own code.

    git worktree add /tmp/v010 73f5d13          # 0.1.0, the first landed release
    .venv/bin/python tools/make_upgrade_fixture.py /tmp/v010 tests/fixtures/archive-0.1.0.zip
    git worktree remove /tmp/v010

The archive is built by the code in the given tree (not this one): imported files (whose originals
are kept), a case with attachments, an edited case with a revision, a trashed case, a tag of its own;
its search index stays as that version wrote it. `expected.json` beside it in the zip lists what that
code stored, for tests/archive/test_upgrade.py to find again. Only APIs that 0.1.0 had are used.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path


def build(folder: Path) -> dict:
    from archive.library import Library
    from archive.model import CaseDraft, NewFile

    inputs = folder / "inputs"
    inputs.mkdir()
    (inputs / "叫应机制.txt").write_bytes(
        "叫应机制筑牢防汛第一道防线\n\n某市气象局\n\n一、主要做法\n\n"
        "市气象局与应急管理局建立暴雨预警“叫应”机制，直达基层责任人，提前转移群众三千余人。\n".encode("gbk"))
    (inputs / "粮食安全.md").write_text(
        "# 墒情监测服务夏粮丰收\n\n某县农业农村局开展小麦墒情监测，服务夏粮丰收。\n", encoding="utf-8")
    picture = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/>' \
              b"</svg>"

    with Library.open(folder / "archive") as library:
        library.tags.add("县级经验", parent="防灾减灾")
        report = library.import_paths(sorted(inputs.iterdir()), tags=["经验交流"])
        assert not report.failed, report.failed
        typhoon = library.cases.add(
            CaseDraft(title="颱風「海葵」防禦經驗", body="## 一、主要做法\n\n提前發布颱風預警，轉移群眾。",
                      unit="某縣氣象局", source="內部簡報", author="王明", date=dt.date(2023, 9, 5),
                      tags=("防灾减灾", "县级经验")),
            attachments=[NewFile("示意图.svg", picture, "image/svg+xml"),
                         NewFile("联系人.txt", "值班电话 12345\n".encode(), "text/plain")])
        edited = library.cases.add(CaseDraft(title="重大活动保障初稿", body="运动会开幕式现场服务。",
                                            tags=("重大活动保障",)))
        library.cases.update(edited.id, CaseDraft(title="重大活动气象保障经验", tags=("重大活动保障",),
                                                 body="运动会开幕式现场服务值守。"),
                            new_attachments=[NewFile("保障方案.txt", "逐小时预报\n".encode(), "text/plain")])
        trashed = library.cases.add(CaseDraft(title="待删除的草稿", body="草稿内容"))
        library.trash([trashed.id])
        cases = library.list_cases()
        assert typhoon.id in {c.id for c in cases}
        expected = {
            "cases": [c.to_json() for c in cases],
            "revisions": {c.id: [r.title for r in library.revisions(c.id)] for c in cases},
            "trash": [{"id": t.id, "title": t.title} for t in library.trash.list()],
            "tags": [{"name": t.name, "color": t.color, "parent": t.parent} for t in library.tags()],
        }
    database = sqlite3.connect(folder / "archive" / "archive.sqlite3")
    expected["schema_version"] = database.execute("PRAGMA user_version").fetchone()[0]
    database.close()
    return expected


def main(old_tree: Path, out: Path) -> None:
    sys.path.insert(0, str(old_tree.resolve()))
    import archive

    if not Path(archive.__file__).resolve().is_relative_to(old_tree.resolve()):
        raise SystemExit(f"archive was imported from {archive.__file__}, not from {old_tree}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        expected = build(folder)
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("expected.json", json.dumps(expected, ensure_ascii=False, indent=1))
            for path in sorted((folder / "archive").rglob("*")):
                if path.is_file() and path.suffix != ".lock":
                    package.write(path, path.relative_to(folder))
    print(f"wrote {out}: schema {expected['schema_version']}, {len(expected['cases'])} cases")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
