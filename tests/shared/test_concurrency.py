"""Several desktops on one shared archive at once, as separate processes: nobody overwrites anybody,
nothing is imported twice, a killed import leaves nothing half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from archive.backends import schema as t
from archive.backends.postgresql import SharedStore
from archive.model import CaseDraft

ROOT = Path(__file__).resolve().parents[2]


def desktop(tmp_path: Path, name: str, url: str, *args: str) -> subprocess.Popen:
    """`casearchive --archive URL ARGS` as a process with a cache folder of its own."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"cache-{name}"), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--archive", url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=240)
    return process.returncode, out.decode(), err.decode()


def case_text(number: int) -> str:
    return f"# 第{number}号典型案例\n\n编号{number}的单位创新做法，{'各部门协同配合，' * number}取得实效。\n"


def test_two_clients_saving_the_same_case_one_is_refused_and_nothing_is_lost(tmp_path, shared_url):
    store = SharedStore.open(shared_url)
    case_id = store.add_case(CaseDraft("原稿", "原来的正文"))
    edits = [desktop(tmp_path, name, shared_url, "edit", case_id, "--title", f"{name}的修改",
                     "--base-version", "1", "--json") for name in ("甲", "乙")]
    results = [finish(p) for p in edits]
    assert sorted(status for status, _, _ in results) == [0, 1], results
    winner = next(json.loads(out)["title"] for status, out, _ in results if status == 0)
    loser_error = next(err for status, _, err in results if status == 1)
    assert "冲突：该案例已被他人修改（第 2 版）" in loser_error
    loser = "乙的修改" if winner == "甲的修改" else "甲的修改"
    assert store.get_case(case_id).title == winner
    assert [r.title for r in store.list_revisions(case_id)] == ["原稿"]
    assert [(kept.based_on, kept.draft.title) for kept in store.drafts(case_id)] == [(1, loser)]
    store.close()


def test_three_clients_importing_overlapping_folders_make_no_duplicates(tmp_path, shared_url):
    folders = {"甲": (1, 2, 3, 4), "乙": (3, 4, 5, 6), "丙": (5, 6, 1, 7)}
    for name, numbers in folders.items():
        (tmp_path / name).mkdir()
        for number in numbers:
            (tmp_path / name / f"案例{number}.md").write_text(case_text(number), encoding="utf-8")
    imports = [desktop(tmp_path, name, shared_url, "import", str(tmp_path / name), "--json")
               for name in folders]
    reports = [json.loads(out) for status, out, err in map(finish, imports)]
    assert all(not r["failed"] for r in reports), [r["failed"] for r in reports]
    assert sum(len(r["imported"]) for r in reports) == 7
    assert sum(len(r["imported"]) + len(r["skipped"]) for r in reports) == 12
    store = SharedStore.open(shared_url)
    titles = sorted(c.title for c in store.list_cases())
    assert titles == sorted(f"第{n}号典型案例" for n in range(1, 8))
    store.close()


def test_a_client_killed_mid_import_leaves_nothing_half_written(tmp_path, shared_url):
    folder = tmp_path / "来稿"
    folder.mkdir()
    for number in range(1, 41):
        (folder / f"案例{number}.md").write_text(case_text(number), encoding="utf-8")
    store = SharedStore.open(shared_url)
    importer = desktop(tmp_path, "甲", shared_url, "import", str(folder))
    deadline = time.monotonic() + 120
    while store.case_count() < 3 and time.monotonic() < deadline and importer.poll() is None:
        time.sleep(0.05)
    importer.send_signal(signal.SIGKILL)
    importer.communicate()
    saved = store.case_count()
    assert 3 <= saved < 40

    # Every saved case is whole: its original file recorded, and every stored file complete.
    for case in store.list_cases():
        assert case.original is not None and store.has_blob(case.original.sha256)
    with store.engine.connect() as connection:
        incomplete = connection.execute(
            sa.select(t.blobs.c.sha256).outerjoin(t.blob_chunks, t.blob_chunks.c.sha256 == t.blobs.c.sha256)
            .group_by(t.blobs.c.sha256, t.blobs.c.size)
            .having(sa.func.coalesce(sa.func.sum(sa.func.length(t.blob_chunks.c.data)), 0) != t.blobs.c.size)
        ).all()
    assert incomplete == []

    status, out, err = finish(desktop(tmp_path, "甲", shared_url, "import", str(folder), "--json"))
    report = json.loads(out)
    assert status == 0, err
    assert (len(report["imported"]), len(report["skipped"])) == (40 - saved, saved)
    assert store.case_count() == 40
    store.close()
