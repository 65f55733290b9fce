"""Compiled materials as records: excerpts, kept briefings, 已用于 / 未用于, the stored basket."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from docx import Document

from archive.cli import main
from archive.library import ArchiveError, BriefingItem, CaseDraft, Library
from archive.migrations import LATEST_VERSION
from tests.archive.exchange.exchange_helpers import forge, snapshot

FLOOD_BODY = """## 一、基本情况

某市汛期降雨偏多四成，城区内涝风险高。

## 二、主要做法

市气象局与应急管理局建立暴雨预警叫应机制，直达基层责任人。

| 指标 | 数值 |
| --- | --- |
| 转移群众 | 3200 人 |
| 预警提前量 | 45 分钟 |

## 三、成效

全汛期未发生因灾死亡。
"""

FARM_BODY = """大棚蔬菜种植户通过手机直通式服务提前加固棚膜。

直通式服务覆盖全县种植大户一千二百户。

```
服务短信模板：寒潮蓝色预警
```
"""


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "archive") as opened:
        yield opened


@pytest.fixture
def cases(library):
    flood = library.cases.add(CaseDraft("叫应机制筑牢防汛第一道防线", FLOOD_BODY, unit="某市气象局",
                                       date=dt.date(2024, 7, 18)))
    farm = library.cases.add(CaseDraft("直通式服务护航设施农业", FARM_BODY, unit="某县气象局",
                                      date=dt.date(2024, 1, 9)))
    third = library.cases.add(CaseDraft("人工增雨缓解旱情", "组织人工增雨作业十二次。\n", unit="某省气象局"))
    return flood, farm, third


def test_blocks_count_headings_tables_and_fences_as_one_each(library, cases):
    flood, farm, _ = cases
    blocks = library.markdown_blocks(flood.body)
    starts = ["## 一、基本", "某市汛期降雨", "## 二、主要", "市气象局与应", "| 指标 |", "## 三、成效", "全汛期未发生"]
    assert [b.splitlines()[0][:6] for b in blocks] == [start[:6] for start in starts]
    assert len(library.markdown_blocks(farm.body)) == 3
    assert library.markdown_blocks("```\na\n\nb\n```\n\nc") == ["```\na\n\nb\n```", "c"]


def test_a_reader_selection_and_its_section_map_to_blocks(library, cases):
    flood, _, _ = cases
    # As QTextEdit hands a selection over: paragraph separators, a paragraph's tail, a cell's head.
    selected = "应急管理局建立暴雨预警叫应机制，直达基层责任人。\u2029指标\t数值\u2029转移"
    assert library.selection_blocks(flood.body, selected) == (4, 5)
    assert library.section_blocks(flood.body, "直达基层") == (3, 5)
    assert library.section_blocks(flood.body, "全汛期未发生") == (6, 7)
    with pytest.raises(ArchiveError, match="不在案例正文中"):
        library.selection_blocks(flood.body, "别处的文字")


def test_excerpt_round_trip_prints_the_words_once_with_the_source_line(library, cases, tmp_path):
    flood, farm, third = cases
    practice = library.excerpt(flood.id, 3, 5, "叫应机制的做法")
    assert practice.text.startswith("## 二、主要做法") and "| 转移群众 | 3200 人 |" in practice.text
    coverage = library.excerpt(farm.id, 2, 2)
    out = library.word.export([practice, third.id, coverage], tmp_path / "汇编.docx",
                         _options(layout="compilation"))
    text = docx_text(out)
    assert text.count("直达基层责任人") == 1 and text.count("覆盖全县种植大户") == 1
    assert "城区内涝风险高" not in text and "提前加固棚膜" not in text  # outside the ranges
    assert "3200 人" in text  # the table came along
    assert "摘自《叫应机制筑牢防汛第一道防线》（某市气象局，2024年7月18日）" in text
    assert "摘自《直通式服务护航设施农业》（某县气象局，2024年1月9日）" in text
    assert text.index("叫应机制的做法") < text.index("组织人工增雨作业") < text.index("覆盖全县种植大户")


def test_every_export_is_kept_with_its_file_once_per_content(library, cases, tmp_path):
    flood, _, third = cases
    out = library.word.export([flood.id, third.id], tmp_path / "a.docx",
                         _options(layout="briefing", title="气象工作简报"))
    [record] = library.briefings.list()
    assert (record.layout, record.series, record.issue, record.file_name) == ("briefing", "气象工作简报", 1, "a.docx")
    assert record.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert library.briefings.file_path(record).read_bytes() == out.read_bytes()
    assert [i.case_id for i in record.items] == [flood.id, third.id]
    assert not any(i.is_excerpt for i in record.items)
    assert record.options["title"] == "气象工作简报" and record.options["issue_number"] == 1
    shutil.copy(out, tmp_path / "b.docx")
    assert library.maintenance.check().healthy  # the kept file is no orphan


def test_a_case_edited_after_excerpting_exports_as_taken_and_is_marked(library, cases, tmp_path):
    flood, _, _ = cases
    taken = library.excerpt(flood.id, 4, 4)
    library.briefings.set_basket([taken])
    library.cases.update(flood.id, CaseDraft(flood.title, FLOOD_BODY.replace("直达基层责任人", "直达村组"),
                                            unit=flood.unit, date=flood.date))
    [kept] = library.briefings.basket()
    assert library.briefings.is_stale(kept)
    text = docx_text(library.word.export([kept], tmp_path / "x.docx", _options()))
    assert "直达基层责任人" in text and "直达村组" not in text
    fresh = library.briefings.refreshed(kept, library.get_case(flood.id))
    assert "直达村组" in fresh.text and not library.briefings.is_stale(fresh)
    assert fresh.revision == kept.revision + 1


def test_used_in_and_the_not_yet_reported_filter(library, cases, tmp_path):
    flood, farm, third = cases
    library.word.export([library.excerpt(flood.id, 2, 2)], tmp_path / "1.docx",
                   _options(layout="briefing", title="气象工作简报"))
    library.word.export([farm.id], tmp_path / "2.docx", _options(layout="briefing", title="党建工作简报"))
    assert [r.series for r in library.briefings.list(case_id=flood.id)] == ["气象工作简报"]
    assert library.briefings.list(case_id=third.id) == []

    def found(query: str) -> set[str]:
        return {hit.id for hit in library.search(query, limit=50).hits}

    assert found("未用于:气象工作简报") == {farm.id, third.id}
    assert found("已用于:气象工作简报") == {flood.id}
    assert found("已用于：党建工作简报") == {farm.id}
    assert found("气象 未用于:气象工作简报 未用于:党建工作简报") <= {third.id}
    assert found('未用于:"不存在的简报"') == {flood.id, farm.id, third.id}
    # A briefing in the trash no longer counts; restored, it does again.
    record = library.briefings.list(case_id=flood.id)[0]
    library.briefings.delete(record.id[:8])
    assert found("已用于:气象工作简报") == set()
    assert [r.id for r in library.briefings.list(deleted=True)] == [record.id]
    library.briefings.restore(record.id)
    assert found("已用于:气象工作简报") == {flood.id}


def test_a_record_in_the_trash_is_purged_with_its_file(library, cases, tmp_path):
    flood, farm, _ = cases
    library.word.export([flood.id], tmp_path / "1.docx", _options(layout="briefing", title="气象工作简报"))
    library.word.export([farm.id], tmp_path / "2.docx", _options(layout="briefing", title="党建工作简报"))
    purged, kept = library.briefings.list(case_id=flood.id)[0], library.briefings.list(case_id=farm.id)[0]
    with pytest.raises(ArchiveError, match="不在回收站中"):
        library.briefings.purge(purged.id)
    library.briefings.delete(purged.id)
    library.briefings.purge(purged.id[:8])
    assert library.briefings.list(deleted=True) == [] and library.briefings.list() == [kept]
    assert not library.briefings.file_path(purged).exists()
    assert library.briefings.file_path(kept).exists()
    assert {hit.id for hit in library.search("已用于:气象工作简报").hits} == set()
    assert library.maintenance.check().healthy


def test_reexport_uses_the_kept_revision_and_options(library, cases, tmp_path):
    flood, _, _ = cases
    library.word.export([flood.id], tmp_path / "1.docx", _options(layout="briefing", title="气象工作简报"))
    library.cases.update(flood.id, CaseDraft("改过的标题", "全新的正文。\n"))
    [record] = library.briefings.list()
    again = library.word.reexport(record.id, tmp_path / "again.docx")
    text = docx_text(again)
    assert "直达基层责任人" in text and "全新的正文" not in text and "第1期" in text
    assert len(library.briefings.list()) == 2


def test_the_basket_follows_the_archive(tmp_path, cases, library):
    flood, _, third = cases
    items = [library.excerpt(flood.id, 1, 2, "概况"), library.briefings.whole(third)]
    library.briefings.set_basket(items)
    library.close()
    with Library.open(tmp_path / "archive") as reopened:
        assert reopened.briefings.basket() == items


def test_records_survive_backup_restore(library, cases, tmp_path):
    flood, _, _ = cases
    library.word.export([flood.id], tmp_path / "1.docx", _options())
    backup = library.maintenance.backup()
    library.briefings.delete(library.briefings.list()[0].id)
    library.maintenance.restore_backup(backup)
    [record] = library.briefings.list()
    assert record.items[0].case_id == flood.id
    assert library.briefings.file_path(record).is_file()


def test_records_survive_unpacking_a_package(library, cases, tmp_path):
    flood, farm, _ = cases
    library.word.export([library.excerpt(farm.id, 1, 1)], tmp_path / "1.docx", _options())
    library.packages.pack([flood.id, farm.id], tmp_path / "p.zip")
    library.packages.unpack(tmp_path / "p.zip")
    [record] = library.briefings.list(case_id=farm.id)
    assert record.items[0].is_excerpt and library.maintenance.check().healthy


def test_check_finds_a_kept_file_gone(library, cases, tmp_path):
    flood, _, _ = cases
    library.word.export([flood.id], tmp_path / "1.docx", _options())
    [record] = library.briefings.list()
    library.briefings.file_path(record).unlink()
    [problem] = library.maintenance.check().problems
    assert record.id[:8] in problem.what and "1.docx" in problem.what
    library.briefings.file_path(record).write_bytes((tmp_path / "1.docx").read_bytes())
    assert library.maintenance.check(repair=True).healthy


def test_bad_excerpt_ranges_are_refused_clearly(library, cases):
    flood, _, _ = cases
    with pytest.raises(ArchiveError, match="只有 7 段"):
        library.excerpt(flood.id, 6, 9)
    with pytest.raises(ArchiveError, match="只有 7 段"):
        library.excerpt(flood.id, 0, 1)


def test_the_records_migration_keeps_an_older_archive(tmp_path):
    with Library.open(tmp_path / "a") as library:
        library.cases.add(CaseDraft("旧案例", "正文。"))
    db = sqlite3.connect(tmp_path / "a" / "archive.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    db.close()


# -- the command line ----------------------------------------------------------------------------

def test_cli_exports_excerpts_in_place_and_lists_shows_reexports_deletes(capsys, library, cases, tmp_path):
    flood, farm, third = cases
    folder = str(library.folder)
    library.close()
    out = tmp_path / "mixed.docx"
    status = main(["--archive", folder, "export", flood.id[:8], "--excerpt", f"{farm.id[:8]}:2-3",
                   third.id[:8], "--out", str(out)])
    said, err = capsys.readouterr()
    assert status == 0, err
    assert "1 段摘录" in said
    text = docx_text(out)
    assert text.index("直达基层责任人") < text.index("覆盖全县种植大户") < text.index("组织人工增雨作业")

    assert main(["--archive", folder, "briefings", "list", "--json"]) == 0
    [summary] = json.loads(capsys.readouterr()[0])["briefings"]
    assert summary["items"] == 3 and summary["layout"] == "compilation" and not summary["deleted"]
    assert main(["--archive", folder, "briefings", "show", summary["id"][:8], "--json"]) == 0
    shown = json.loads(capsys.readouterr()[0])
    assert [i["kind"] for i in shown["items"]] == ["case", "excerpt", "case"]
    assert shown["items"][1]["blocks"] == [2, 3] and shown["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()

    assert main(["--archive", folder, "briefings", "list", "--case", third.id[:8], "--json"]) == 0
    assert len(json.loads(capsys.readouterr()[0])["briefings"]) == 1
    again = tmp_path / "again.docx"
    assert main(["--archive", folder, "briefings", "reexport", summary["id"][:8], "--out", str(again)]) == 0
    assert again.is_file()
    capsys.readouterr()
    assert main(["--archive", folder, "briefings", "delete", summary["id"][:8]]) == 0
    assert "briefings restore" in capsys.readouterr()[0]
    assert main(["--archive", folder, "briefings", "trash", "--json"]) == 0
    assert [b["id"] for b in json.loads(capsys.readouterr()[0])["briefings"]] == [summary["id"]]
    assert main(["--archive", folder, "briefings", "purge", summary["id"][:8]]) == 0
    assert "已彻底删除简报记录" in capsys.readouterr()[0]
    assert main(["--archive", folder, "briefings", "trash", "--json"]) == 0
    assert json.loads(capsys.readouterr()[0])["briefings"] == []


@pytest.mark.parametrize("args, message", [
    (["export", "0123", "--excerpt", "abc", "--out", "x.docx"], "格式不对"),
    (["briefings", "show"], "需要一个简报记录编号"),
    (["briefings", "show", "ffff"], "没有编号为「ffff」的简报记录"),
    (["briefings", "reexport", "ffff"], "需要 --out"),
    (["briefings", "purge"], "需要一个简报记录编号"),
])
def test_cli_bad_input_says_why(capsys, tmp_path, args, message):
    assert main(["--archive", str(tmp_path / "a"), *args]) == 1
    assert message in capsys.readouterr()[1]


def _options(**values):
    from archive.library import BriefingOptions

    return BriefingOptions(**{"date": dt.date(2024, 9, 20), **values})


def test_items_round_trip_through_json():
    item = BriefingItem("abc", 2, 1, 3, "题", "正文", "摘自《甲》")
    assert BriefingItem.from_json(item.to_json()) == item
    assert BriefingItem.from_json(BriefingItem("abc", 1).to_json()) == BriefingItem("abc", 1)


def test_records_travel_in_a_package_with_their_file_and_links(library, cases, tmp_path, capsys):
    flood, farm, third = cases
    library.word.export([library.excerpt(farm.id, 1, 1), flood.id], tmp_path / "1.docx",
                   _options(layout="briefing", title="气象工作简报"))
    library.word.export([third.id], tmp_path / "2.docx", _options())  # uses no packed case: stays home
    assert main(["--archive", str(tmp_path / "archive"), "pack", flood.id, farm.id, "--with-briefings",
                 "--out", str(tmp_path / "p.zip")]) == 0
    assert "1 份简报记录" in capsys.readouterr().out
    without = library.packages.pack([flood.id], tmp_path / "plain.zip")
    assert without.briefings == []
    sent = library.briefings.list(case_id=flood.id)[0]

    with Library.open(tmp_path / "elsewhere") as other:
        # The same farm case already here under another id: the record links to this one.
        local_farm = other.cases.add(CaseDraft(farm.title, farm.body, unit=farm.unit, date=farm.date))
        summary = other.packages.unpack(tmp_path / "p.zip")
        assert summary.to_json()["briefings"] == {"added": [{"id": sent.id, "title": "气象工作简报"}],
                                                  "skipped": []}
        [record] = other.briefings.list()
        assert (record.id, record.series, record.issue, record.sha256) == (sent.id, "气象工作简报", 1, sent.sha256)
        assert [i.case_id for i in record.items] == [local_farm.id, flood.id]
        assert record.items[0].text == sent.items[0].text
        assert other.briefings.file_path(record).read_bytes() == (tmp_path / "1.docx").read_bytes()
        assert {hit.id for hit in other.search("未用于:气象工作简报", limit=10).hits} == set()
        assert other.maintenance.check().healthy
        again = other.packages.unpack(tmp_path / "p.zip")  # twice: nothing new
        assert again.briefings_skipped and len(other.briefings.list()) == 1


@pytest.mark.parametrize("edit, reason", [
    (lambda r: {**r, "id": "../x"}, "记录编号"),
    (lambda r: {**r, "issue_date": "昨天"}, "日期"),
    (lambda r: {**r, "items": [{"case_id": "nope", "revision": 1}]}, "案例编号"),
    (lambda r: {**r, "items": [{**r["items"][0], "blocks": [3, 1]}]}, "段落范围"),
    (lambda r: {**r, "file": "cases/x"}, "不在包内或校验值不符"),
])
def test_a_forged_briefing_record_refuses_the_package(library, cases, tmp_path, edit, reason):
    flood, _, _ = cases
    library.word.export([library.excerpt(flood.id, 2, 2)], tmp_path / "1.docx", _options())
    library.packages.pack([flood.id], tmp_path / "p.zip", with_briefings=True)
    [record] = library.briefings.list()
    member = f"briefings/{record.id}.json"
    with zipfile.ZipFile(tmp_path / "p.zip") as package:
        shape = json.loads(package.read(member))
    forged = forge(tmp_path / "p.zip", tmp_path / "f.zip",
                   replace={member: json.dumps(edit(shape), ensure_ascii=False).encode()})
    with Library.open(tmp_path / "elsewhere") as other:
        before = snapshot(other)
        with pytest.raises(ArchiveError, match=reason):
            other.packages.unpack(forged)
        assert snapshot(other) == before and other.briefings.list() == []
