"""The command line on a shared archive: `--archive postgresql://…` does what it does on a folder."""

from __future__ import annotations

import pytest
from cli_run import run, run_json

FLOOD = """# 叫应机制筑牢防汛第一道防线

一、主要做法

市气象局与应急管理局建立暴雨预警“叫应”机制，直达基层责任人，全市提前转移群众三千余人。
"""
GRAIN = """# 智慧粮库守护粮食安全

粮库用物联网监测粮温，全年节约储粮损耗两百余吨。
"""


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Each test is a desktop of its own: its local index lives in its own cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_server_init_then_import_list_show_search_edit_delete(capsys, tmp_path, empty_database_url):
    url = empty_database_url()
    status, out, err = run(capsys, "server", "init", url)
    assert status == 0, err
    assert "casearchive_edit" in out
    assert run(capsys, "server", "init", url)[1].startswith("共享案例库已经初始化过")
    assert run(capsys, "server", "migrate", url)[1].startswith("共享案例库已是最新版本")
    for name, text in (("叫应.md", FLOOD), ("粮库.md", GRAIN)):
        (tmp_path / name).write_text(text, encoding="utf-8")

    imported = run_json(capsys, "--archive", url, "import", str(tmp_path / "叫应.md"),
                        str(tmp_path / "粮库.md"), "--tag", "防汛")
    assert len(imported["imported"]) == 2 and not imported["failed"]
    again = run_json(capsys, "--archive", url, "import", str(tmp_path / "叫应.md"))
    assert [s["reason"] for s in again["skipped"]] == ["与已有案例「叫应机制筑牢防汛第一道防线」内容相同"]

    listed = run_json(capsys, "--archive", url, "list")["cases"]
    assert {c["title"] for c in listed} == {"叫应机制筑牢防汛第一道防线", "智慧粮库守护粮食安全"}
    flood_id = next(c["id"] for c in listed if "叫应" in c["title"])
    shown = run_json(capsys, "--archive", url, "show", flood_id[:8])
    assert "防汛" in shown["tags"] and "三千余人" in shown["body"]
    assert shown["original"]["name"] == "叫应.md"

    hits = run_json(capsys, "--archive", url, "search", "叫应")["hits"]
    assert [h["id"] for h in hits] == [flood_id] and "<b>叫应</b>" in hits[0]["snippet"]

    edited = run_json(capsys, "--archive", url, "edit", flood_id[:8], "--title", "暴雨叫应机制",
                      "--base-version", "1")
    assert edited["version"] == 2
    status, _, err = run(capsys, "--archive", url, "edit", flood_id[:8], "--title", "另一人的修改",
                         "--base-version", "1")
    assert status == 1 and "冲突：该案例已被他人修改（第 2 版）" in err and "草稿" in err
    assert run_json(capsys, "--archive", url, "search", "暴雨叫应")["hits"][0]["title"] == "暴雨叫应机制"

    assert run(capsys, "--archive", url, "trash", "add", flood_id[:8])[0] == 0
    assert run_json(capsys, "--archive", url, "search", "叫应")["total"] == 0
    tags = {t["name"]: t["cases"] for t in run_json(capsys, "--archive", url, "tags")["tags"]}
    assert tags["防汛"] == 1 and "粮食安全" in tags  # the grain case, still live


def test_backup_on_a_shared_archive_points_to_pg_dump(capsys, shared_url):
    status, _, err = run(capsys, "--archive", shared_url, "backup")
    assert status == 1 and "pg_dump" in err


def test_an_uninitialised_database_is_named_with_the_command_to_run(capsys, empty_database_url):
    url = empty_database_url()
    status, _, err = run(capsys, "--archive", url, "list")
    assert status == 1 and "还不是共享案例库" in err and "server init" in err


def test_an_unreachable_server_is_a_clear_error(capsys):
    status, _, err = run(capsys, "--archive", "postgresql://nobody@127.0.0.1:1/none", "list")
    assert status == 1 and "无法连接共享案例库服务器" in err and "Traceback" not in err


def test_cases_move_between_a_personal_archive_and_the_shared_one(capsys, tmp_path, shared_url):
    personal = str(tmp_path / "personal")
    (tmp_path / "叫应.md").write_text(FLOOD, encoding="utf-8")
    case_id = run_json(capsys, "--archive", personal, "import", str(tmp_path / "叫应.md"))["imported"][0]["id"]
    package = tmp_path / "交流.zip"
    assert run(capsys, "--archive", personal, "pack", case_id, "--out", str(package))[0] == 0

    assert run(capsys, "--archive", shared_url, "unpack", str(package))[0] == 0
    shown = run_json(capsys, "--archive", shared_url, "show", case_id)
    assert shown["original"]["name"] == "叫应.md"
    assert run_json(capsys, "--archive", shared_url, "search", "叫应")["hits"][0]["id"] == case_id
    back = tmp_path / "回传.zip"
    assert run(capsys, "--archive", shared_url, "pack", case_id, "--out", str(back))[0] == 0
    assert run(capsys, "--archive", str(tmp_path / "another"), "unpack", str(back))[0] == 0
    assert run_json(capsys, "--archive", str(tmp_path / "another"), "show", case_id)["title"] == shown["title"]


def test_check_on_a_shared_archive_finds_it_healthy(capsys, tmp_path, shared_url):
    (tmp_path / "粮库.md").write_text(GRAIN, encoding="utf-8")
    run_json(capsys, "--archive", shared_url, "import", str(tmp_path / "粮库.md"))
    report = run_json(capsys, "--archive", shared_url, "check")
    assert report["problems"] == [], report


def test_check_on_a_shared_archive_rehashes_the_files_on_the_server(capsys, tmp_path, postgres_server,
                                                                    shared_url):
    (tmp_path / "粮库.md").write_text(GRAIN, encoding="utf-8")
    run_json(capsys, "--archive", shared_url, "import", str(tmp_path / "粮库.md"))
    database = shared_url.rsplit("/", 1)[1]
    # A disk fault on the server: one byte of the stored original changes, its hash row stays.
    postgres_server.execute("UPDATE blob_chunks SET data = set_byte(data, 0, get_byte(data, 0) # 1)", database)
    status, out, _ = run(capsys, "--archive", shared_url, "check", "--json")
    assert status != 0
    assert "「粮库.md」缺失或已损坏" in out
