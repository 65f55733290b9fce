"""The command line contract of DESIGN.md, end to end in a temporary archive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run, run_json

from archive.cli import main

ROOT = Path(__file__).resolve().parents[2]

FLOOD = """# 叫应机制筑牢防汛第一道防线

一、主要做法

市气象局与应急管理局建立暴雨预警“叫应”机制，直达基层责任人，全市提前转移群众三千余人。
"""


@pytest.fixture
def archive(tmp_path) -> str:
    return str(tmp_path / "archive")


@pytest.fixture
def flood_file(tmp_path) -> Path:
    path = tmp_path / "叫应.md"
    path.write_text(FLOOD, encoding="utf-8")
    return path


def test_list_on_a_new_archive_is_empty(capsys, archive):
    assert run_json(capsys, "--archive", archive, "list") == {"cases": []}
    status, out, _ = run(capsys, "--archive", archive, "list")
    assert status == 0 and "还没有案例" in out


def test_import_names_each_cases_keywords(capsys, archive, flood_file):
    status, out, _ = run(capsys, "--archive", archive, "import", str(flood_file))
    assert status == 0
    [line] = [line for line in out.splitlines() if "关键词：" in line]
    assert "叫应" in line


def test_import_then_list_show_and_search(capsys, archive, flood_file):
    imported = run_json(capsys, "--archive", archive, "import", str(flood_file), "--tag", "经验交流")
    assert imported["skipped"] == [] and imported["failed"] == []
    [entry] = imported["imported"]
    assert set(entry) == {"path", "id", "title"}
    assert entry["title"] == "叫应机制筑牢防汛第一道防线"
    assert entry["path"] == str(flood_file)

    [listed] = run_json(capsys, "--archive", archive, "list")["cases"]
    assert set(listed) == {"id", "title", "date", "unit", "tags"}
    assert "经验交流" in listed["tags"]

    shown = run_json(capsys, "--archive", archive, "show", entry["id"][:8])
    assert shown["id"] == entry["id"]
    assert {"id", "title", "date", "unit", "source", "author", "tags", "body",
            "attachments"} <= set(shown)
    assert "叫应" in shown["body"] and "# 叫应机制" not in shown["body"]

    found = run_json(capsys, "--archive", archive, "search", "叫应")
    assert found["total"] == 1
    [hit] = found["hits"]
    assert set(hit) == {"id", "title", "date", "unit", "tags", "score", "snippet"}
    assert "<b>叫应</b>" in hit["snippet"]
    assert set(found["facets"]) == {"tags", "year", "unit"}


def test_importing_the_same_text_again_is_skipped(capsys, archive, flood_file, tmp_path):
    first = run_json(capsys, "--archive", archive, "import", str(flood_file))["imported"][0]
    copy = tmp_path / "copy.txt"
    copy.write_text(FLOOD.replace("# ", "").replace("，", ", "), encoding="utf-8")
    second = run_json(capsys, "--archive", archive, "import", str(copy))
    assert second["imported"] == []
    assert second["skipped"][0]["duplicate_of"] == first["id"]


def test_a_failed_file_sets_the_exit_status_and_the_rest_goes_on(capsys, archive, flood_file,
                                                                   tmp_path):
    missing = tmp_path / "不存在.txt"
    status, out, _ = run(capsys, "--archive", archive, "import", str(missing), str(flood_file),
                         "--json")
    report = json.loads(out)
    assert status == 1
    assert len(report["imported"]) == 1
    assert report["failed"][0]["path"] == str(missing)
    assert "不存在" in report["failed"][0]["error"]


def test_an_unknown_id_is_a_clear_error(capsys, archive):
    status, _, err = run(capsys, "--archive", archive, "show", "deadbeef")
    assert status == 1 and "找不到" in err and "deadbeef" in err


def test_bad_dates_are_refused_in_chinese(capsys, archive):
    with pytest.raises(SystemExit) as exit_info:
        main(["--archive", archive, "search", "防汛", "--from", "2024/01/01"])
    assert exit_info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_trash_restore_and_purge(capsys, archive, flood_file):
    case_id = run_json(capsys, "--archive", archive, "import", str(flood_file))["imported"][0]["id"]
    assert run(capsys, "--archive", archive, "trash", "add", case_id[:8])[0] == 0
    assert run_json(capsys, "--archive", archive, "list") == {"cases": []}
    assert [t["id"] for t in run_json(capsys, "--archive", archive, "trash")["trash"]] == [case_id]
    assert run(capsys, "--archive", archive, "trash", "restore", case_id)[0] == 0
    assert len(run_json(capsys, "--archive", archive, "list")["cases"]) == 1
    run(capsys, "--archive", archive, "trash", "add", case_id)
    assert run(capsys, "--archive", archive, "trash", "purge", case_id)[0] == 0
    assert run_json(capsys, "--archive", archive, "trash")["trash"] == []


def test_trash_needs_ids_for_add(capsys, archive):
    status, _, err = run(capsys, "--archive", archive, "trash", "add")
    assert status == 1 and "至少一个案例编号" in err


def test_tags_rename_and_merge(capsys, archive, flood_file):
    run(capsys, "--archive", archive, "import", str(flood_file), "--tag", "汛期")
    assert run(capsys, "--archive", archive, "tags", "rename", "汛期", "主汛期")[0] == 0
    assert run(capsys, "--archive", archive, "tags", "merge", "主汛期", "防汛")[0] == 0
    [case] = run_json(capsys, "--archive", archive, "list")["cases"]
    assert "防汛" in case["tags"] and "主汛期" not in case["tags"]


def test_backup_and_check(capsys, archive, flood_file):
    run(capsys, "--archive", archive, "import", str(flood_file))
    status, out, _ = run(capsys, "--archive", archive, "backup")
    assert status == 0 and "已备份到" in out
    status, out, _ = run(capsys, "--archive", archive, "backup", "--list")
    assert ".sqlite3" in out
    assert run_json(capsys, "--archive", archive, "check")["healthy"] is True


def test_pack_without_a_selection_says_what_is_missing(capsys, archive, tmp_path):
    status, _, err = run(capsys, "--archive", archive, "pack", "--out", str(tmp_path / "x.zip"))
    assert status == 1 and "pack 需要案例编号" in err
    assert not (tmp_path / "x.zip").exists()


def test_the_archive_defaults_to_casearchive_home(capsys, private_archive_home, flood_file):
    run(capsys, "import", str(flood_file))
    assert (private_archive_home / "archive.sqlite3").is_file()


def test_main_py_runs_headless_with_a_subcommand(tmp_path, flood_file):
    env = {**os.environ, "CASEARCHIVE_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(flood_file),
                           "--json"], capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["imported"][0]["title"] == "叫应机制筑牢防汛第一道防线"
    listed = subprocess.run([sys.executable, str(ROOT / "main.py"), "list"], capture_output=True,
                            env=env, timeout=120, check=False)
    assert "叫应机制筑牢防汛第一道防线" in listed.stdout.decode("utf-8")


def test_a_second_process_gets_a_clear_message_while_the_first_writes(tmp_path, flood_file):
    from archive.library import Library

    with Library.open(tmp_path / "a"):
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--archive", str(tmp_path / "a"), "import",
             str(flood_file)], capture_output=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "正被另一个程序" in done.stderr.decode("utf-8")


def test_export_writes_the_cases_in_the_order_given(capsys, archive, flood_file, tmp_path):
    harvest = tmp_path / "夏收.md"
    harvest.write_text("# 夏收夏种气象服务\n\n开展小麦收获期天气会商，服务粮食安全。\n", encoding="utf-8")
    imported = run_json(capsys, "--archive", archive, "import", str(flood_file), str(harvest))["imported"]
    flood_id, harvest_id = (entry["id"] for entry in imported)
    out = tmp_path / "汇编.docx"
    status, text, err = run(capsys, "--archive", archive, "export", harvest_id[:8], flood_id,
                            "--out", str(out), "--title", "防灾减灾典型案例汇编", "--unit", "某市气象局")
    assert status == 0, err
    assert "已导出 2 个案例" in text
    import docx

    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "防灾减灾典型案例汇编" in text and "某市气象局" in text
    assert text.rfind("夏收夏种气象服务") < text.rfind("叫应机制筑牢防汛第一道防线")
    assert round(document.sections[-1].page_width.mm) == 210


def test_a_briefing_without_issue_takes_the_next_number_of_its_series(capsys, archive, flood_file, tmp_path):
    case_id = run_json(capsys, "--archive", archive, "import", str(flood_file))["imported"][0]["id"]

    def export(*extra: str) -> str:
        status, text, err = run(capsys, "--archive", archive, "export", case_id, "--layout", "briefing",
                                "--out", str(tmp_path / "简报.docx"), "--date", "2024-09-02", *extra)
        assert status == 0, err
        return text

    assert "第1期" in export("--title", "气象工作简报")
    assert "第7期" in export("--title", "气象工作简报", "--issue", "7")
    assert "第8期" in export("--title", "气象工作简报")
    assert "第1期" in export("--title", "党建工作简报")  # each title its own series
    import docx

    document = docx.Document(str(tmp_path / "简报.docx"))
    assert "第1期" in [p.text for p in document.paragraphs]


def test_export_of_an_unknown_case_writes_nothing(capsys, archive, flood_file, tmp_path):
    run_json(capsys, "--archive", archive, "import", str(flood_file))
    out = tmp_path / "汇编.docx"
    status, _, err = run(capsys, "--archive", archive, "export", "ffffffff", "--out", str(out))
    assert status == 1 and "找不到编号以 ffffffff 开头的案例" in err
    assert not out.exists()


def test_export_with_a_template_that_is_not_word_names_the_file(capsys, archive, flood_file, tmp_path):
    case_id = run_json(capsys, "--archive", archive, "import", str(flood_file))["imported"][0]["id"]
    template = tmp_path / "模板.docx"
    template.write_text("不是 Word 文件", encoding="utf-8")
    out = tmp_path / "汇编.docx"
    status, _, err = run(capsys, "--archive", archive, "export", case_id, "--out", str(out),
                         "--template", str(template))
    assert status == 1 and "模板.docx" in err
    assert not out.exists()


def test_an_edited_version_is_imported_and_flagged(capsys, archive, flood_file, tmp_path):
    first = run_json(capsys, "--archive", archive, "import", str(flood_file))["imported"][0]
    edited = tmp_path / "修改稿.md"
    edited.write_text(FLOOD + "\n二、取得成效\n\n全市未发生人员伤亡。\n", encoding="utf-8")
    second = run_json(capsys, "--archive", archive, "import", str(edited))["imported"][0]
    assert run_json(capsys, "--archive", archive, "show", second["id"])["similar_to"] == first["id"]


def test_search_orders_by_any_column(capsys, archive, flood_file, tmp_path):
    second = tmp_path / "台风.md"
    second.write_text("# 重庆台风防御中的叫应\n\n县气象局叫应到村。\n", encoding="utf-8")
    run_json(capsys, "--archive", archive, "import", str(flood_file), str(second))
    titles = [hit["title"] for hit in run_json(
        capsys, "--archive", archive, "search", "叫应", "--sort", "title:desc")["hits"]]
    # By pinyin, not code point: 叫 jiào after 重 chóng (重 U+91CD comes after 叫 U+53EB).
    assert titles == ["叫应机制筑牢防汛第一道防线", "重庆台风防御中的叫应"]
    with pytest.raises(SystemExit) as refused:
        main(["--archive", archive, "search", "叫应", "--sort", "colour:asc"])
    assert refused.value.code == 2 and "--sort" in capsys.readouterr().err
