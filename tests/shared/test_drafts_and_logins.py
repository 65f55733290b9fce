"""A refused save's draft on the command line (`drafts list|show|merge|discard`), and what a person is
told when connecting fails: wrong password, TLS required, not initialised, server unreachable."""

from __future__ import annotations

import dataclasses

import pytest
from cli_run import run, run_json

from archive.library import CaseDraft, ConnectionFailedError, Library, ServerAddress, merge_edits


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def conflict(capsys, tmp_path, new_login):
    """A case two editors changed from version 1: the second save refused, its text a draft."""
    first, second = new_login("casearchive_edit"), new_login("casearchive_edit")
    (tmp_path / "案例.md").write_text("# 防汛叫应\n\n第一段。\n\n第二段。\n", encoding="utf-8")
    case_id = run_json(capsys, "--archive", first, "import", str(tmp_path / "案例.md"))["imported"][0]["id"]
    (tmp_path / "甲.md").write_text("第一段，甲改过。\n\n第二段。\n", encoding="utf-8")
    (tmp_path / "乙.md").write_text("第一段。\n\n第二段，乙改过。\n", encoding="utf-8")
    assert run(capsys, "--archive", first, "edit", case_id, "--body-file", str(tmp_path / "甲.md"),
               "--base-version", "1")[0] == 0
    status, _, err = run(capsys, "--archive", second, "edit", case_id, "--body-file", str(tmp_path / "乙.md"),
                         "--base-version", "1")
    assert status == 1 and "冲突" in err
    return case_id, first, second


def test_a_refused_save_is_listed_shown_beside_the_newest_and_merged_onto_it(capsys, tmp_path, conflict):
    case_id, _first, second = conflict
    drafts = run_json(capsys, "--archive", second, "drafts", "list")["drafts"]
    assert [(d["case_id"], d["based_on"]) for d in drafts] == [(case_id, 1)]
    assert drafts[0]["saved_by"].startswith("edit_login_")
    number = str(drafts[0]["id"])
    status, out, _ = run(capsys, "--archive", second, "drafts", "show", number)
    assert status == 0 and "最新为第 2 版" in out
    assert "-第一段，甲改过。" in out and "+第一段。" in out and "+第二段，乙改过。" in out

    (tmp_path / "合并.md").write_text("第一段，甲改过。\n\n第二段，乙改过。\n", encoding="utf-8")
    merged = run_json(capsys, "--archive", second, "drafts", "merge", number, "--body-file",
                      str(tmp_path / "合并.md"))
    assert merged["version"] == 3
    body = run_json(capsys, "--archive", second, "show", case_id)["body"]
    assert "甲改过" in body and "乙改过" in body
    assert run_json(capsys, "--archive", second, "drafts", "list")["drafts"] == []


def test_use_theirs_discards_and_only_the_author_or_an_admin_may_discard(capsys, conflict, new_login):
    case_id, first, second = conflict
    number = str(run_json(capsys, "--archive", second, "drafts", "list", "--case", case_id[:8])["drafts"][0]["id"])
    status, _, err = run(capsys, "--archive", first, "drafts", "discard", number)
    assert status == 1 and "只有本人或管理员可以删除" in err
    status, out, _ = run(capsys, "--archive", new_login("casearchive_admin"), "drafts", "merge", number,
                         "--use", "theirs")
    assert status == 0 and "案例保持最新版本" in out
    body = run_json(capsys, "--archive", first, "show", case_id)["body"]
    assert "甲改过" in body and "乙改过" not in body
    status, _, err = run(capsys, "--archive", second, "drafts", "show", number)
    assert status == 1 and f"没有编号为 {number} 的草稿" in err


def test_drafts_commands_say_what_is_missing(capsys, shared_url, tmp_path):
    assert run_json(capsys, "--archive", str(tmp_path / "folder"), "drafts", "list") == {"drafts": []}
    status, _, err = run(capsys, "--archive", shared_url, "drafts", "merge", "1")
    assert status == 1 and "--use mine" in err
    status, _, err = run(capsys, "--archive", shared_url, "drafts", "show")
    assert status == 1 and "需要一个草稿编号" in err


def test_wrong_password_and_tls_required_are_told_apart(new_login):
    url = new_login("casearchive_read", password="right-one")
    address = ServerAddress.from_url(url)
    assert Library.probe_server(address.url("right-one")) == "只读"
    with pytest.raises(ConnectionFailedError, match="用户名或密码不对"):
        Library.probe_server(address.url("wrong-one"))
    tls_only = ServerAddress.from_url(new_login("casearchive_edit", tls_only=True))
    with pytest.raises(ConnectionFailedError, match="服务器要求加密连接"):
        Library.probe_server(tls_only.url())


def test_unreachable_and_uninitialised_servers_are_told_apart(empty_database_url):
    with pytest.raises(ConnectionFailedError, match="连不上服务器"):
        Library.probe_server("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(Exception, match="还不是共享案例库") as refused:
        Library.probe_server(empty_database_url())
    assert not isinstance(refused.value, ConnectionFailedError)


def test_a_server_address_round_trips_without_its_password():
    address = ServerAddress("db.intranet", "case archive", "王 wan", 6543, "require")
    url = address.url("p@ss:word/")
    assert "p%40ss%3Aword%2F" in url and ServerAddress.from_url(url) == address
    assert "p%40ss" not in address.url() and str(address) == "case archive@db.intranet:6543"
    assert ServerAddress("", "", "", 0, "x").problems() == [
        "请填写服务器地址。", "请填写数据库名。", "请填写用户名。", "端口 0 无效（应在 1 到 65535 之间）。",
        "加密方式「x」无效。"]


def test_use_both_merges_each_field_only_one_side_changed(capsys, tmp_path, new_login):
    first, second = new_login("casearchive_edit"), new_login("casearchive_edit")
    (tmp_path / "案例.md").write_text("# 防汛叫应\n\n第一段。\n\n第二段。\n", encoding="utf-8")
    case_id = run_json(capsys, "--archive", first, "import", str(tmp_path / "案例.md"),
                       "--tag", "防汛")["imported"][0]["id"]
    (tmp_path / "甲.md").write_text("第一段，甲改过。\n\n第二段。\n", encoding="utf-8")
    (tmp_path / "乙.md").write_text("第一段。\n\n第二段，乙改过。\n", encoding="utf-8")
    assert run(capsys, "--archive", first, "edit", case_id, "--title", "暴雨叫应", "--body-file",
               str(tmp_path / "甲.md"), "--base-version", "1")[0] == 0
    assert run(capsys, "--archive", second, "edit", case_id, "--unit", "市应急局", "--tag", "防汛",
               "--tag", "预警", "--body-file", str(tmp_path / "乙.md"), "--base-version", "1")[0] == 1
    number = str(run_json(capsys, "--archive", second, "drafts", "list")["drafts"][0]["id"])
    shown = run_json(capsys, "--archive", second, "drafts", "show", number)
    # The command line's edit starts from the newest version: the title it did not set is the newest.
    assert shown["differing"] == ["unit", "tags", "body"] and shown["conflicting"] == []
    assert shown["current"]["title"] == "暴雨叫应" and shown["unit"] == "市应急局"
    status, out, _ = run(capsys, "--archive", second, "drafts", "show", number)
    assert "报送单位：最新「」，草稿「市应急局」" in out and "草稿「防汛、预警」" in out

    assert run_json(capsys, "--archive", second, "drafts", "merge", number, "--use", "both")["version"] == 3
    case = run_json(capsys, "--archive", second, "show", case_id)
    assert (case["title"], case["unit"], set(case["tags"])) == ("暴雨叫应", "市应急局", {"防汛", "预警"})
    assert "甲改过" in case["body"] and "乙改过" in case["body"]


def test_use_both_refuses_a_body_both_sides_changed_in_one_place(capsys, conflict, tmp_path):
    case_id, first, second = conflict
    (tmp_path / "丙.md").write_text("第一段，丙也改了。\n\n第二段。\n", encoding="utf-8")
    status, _, err = run(capsys, "--archive", first, "edit", case_id, "--body-file", str(tmp_path / "丙.md"),
                         "--base-version", "1")
    assert status == 1
    number = str(run_json(capsys, "--archive", first, "drafts", "list")["drafts"][0]["id"])
    status, _, err = run(capsys, "--archive", first, "drafts", "merge", number, "--use", "both")
    assert status == 1 and "改了正文的同一处" in err and "--body-file" in err
    assert "丙也改了" not in run_json(capsys, "--archive", first, "show", case_id)["body"]


def test_merge_edits_takes_each_sides_changes_and_marks_a_passage_both_changed():
    base = CaseDraft("标题", "第一段。\n\n第二段。\n", unit="甲单位", tags=("防汛", "旧标签"))
    mine = CaseDraft("标题", "第一段，我改。\n\n第二段。\n", unit="乙单位", tags=("防汛", "新标签"))
    theirs = CaseDraft("新标题", "第一段。\n\n第二段，他改。\n", unit="丙单位", tags=("防汛", "旧标签", "他的"))
    merged = merge_edits(base, mine, theirs)
    assert merged.draft.title == "新标题" and merged.draft.body == "第一段，我改。\n\n第二段，他改。\n"
    assert merged.draft.tags == ("防汛", "他的", "新标签")
    assert merged.draft.unit == "乙单位" and merged.conflicting == ("unit",)
    markers = ("〔我〕", "〔他〕", "〔完〕")
    both = merge_edits(base, mine, dataclasses.replace(theirs, body="第一段，他改。\n\n第二段。\n"), markers)
    assert both.conflicting == ("unit", "body")
    assert both.draft.body == "\n〔我〕\n\n第一段，我改。\n\n〔他〕\n\n第一段，他改。\n\n〔完〕\n\n\n第二段。\n"
    assert merge_edits(None, mine, theirs).draft == mine
