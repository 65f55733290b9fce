"""The store, on both backends (SQLite, and PostgreSQL where it is installed): cases, revisions,
trash, tags; and the SQLite migrations."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3

import pytest

from archive import migrations
from archive import store as store_module
from archive.errors import (
    AmbiguousIdError,
    CaseNotFoundError,
    ConflictError,
    ReadOnlyArchiveError,
    TagError,
)
from archive.model import CaseDraft
from archive.store import Store


@pytest.fixture
def sqlite_store(tmp_path):
    store = Store.open(tmp_path / "archive.sqlite3")
    store.migrate()
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_store")
        return
    from archive.backends.postgresql import SharedStore

    shared = SharedStore.open(request.getfixturevalue("bare_store_url"))
    yield shared
    shared.close()


def draft(title="汛期气象服务经验", **fields) -> CaseDraft:
    return CaseDraft(title=title, body=fields.pop("body", "一、主要做法\n\n提前预警。"), **fields)


def test_a_new_database_is_migrated_to_the_latest_schema(sqlite_store):
    assert sqlite_store.schema_version() == migrations.LATEST_VERSION
    assert sqlite_store.quick_check() == []


def test_what_every_opening_reads_comes_from_an_index_not_the_whole_cases_table(sqlite_store):
    # A scan of the table reads every body (80 ms at 20,000 cases, on each opening).
    sqlite_store.add_case(draft())
    statements: list[str] = []
    sqlite_store.connection.set_trace_callback(statements.append)
    try:
        sqlite_store.versions()
        sqlite_store.case_count()
    finally:
        sqlite_store.connection.set_trace_callback(None)
    plans = [" ".join(str(row[-1]) for row in sqlite_store.connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
             for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    assert len(plans) == 2
    assert all("COVERING INDEX" in plan for plan in plans), plans


def test_added_case_reads_back_with_all_fields(store):
    case_id = store.add_case(draft(unit="某省气象局", source="中国气象报", author="王婉",
                                   date=dt.date(2024, 10, 16), tags=("防汛", "防灾减灾")))
    case = store.get_case(case_id)
    assert (case.title, case.unit, case.source, case.author) == (
        "汛期气象服务经验", "某省气象局", "中国气象报", "王婉")
    assert case.date == dt.date(2024, 10, 16)
    assert sorted(case.tags) == ["防汛", "防灾减灾"]
    assert case.created_at is not None and case.updated_at is not None


def test_list_is_newest_first_with_undated_cases_last(store):
    old = store.add_case(draft("旧案例", date=dt.date(2020, 1, 1)))
    undated = store.add_case(draft("日期不详"))
    new = store.add_case(draft("新案例", date=dt.date(2024, 5, 1)))
    assert [c.id for c in store.list_cases()] == [new, old, undated]


def test_an_edit_keeps_the_previous_state_as_a_revision(store):
    case_id = store.add_case(draft("初稿", tags=("防汛",)))
    assert store.update_case(case_id, draft("修改稿", tags=("台风",)))
    revisions = store.list_revisions(case_id)
    assert [(r.number, r.title, r.tags) for r in revisions] == [(1, "初稿", ("防汛",))]
    assert store.get_case(case_id).title == "修改稿"


def test_saving_an_unchanged_case_makes_no_revision(store):
    case_id = store.add_case(draft(tags=("防汛",)))
    before = store.get_case(case_id).updated_at
    assert not store.update_case(case_id, draft(tags=("防汛",)))
    assert store.list_revisions(case_id) == []
    assert store.get_case(case_id).updated_at == before


def test_every_save_gets_a_new_version_stamp(store):
    case_id = store.add_case(draft())
    stamps = {store.get_case(case_id).updated_at}
    for number in range(3):
        store.update_case(case_id, draft(f"第{number}稿"))
        stamps.add(store.get_case(case_id).updated_at)
    assert len(stamps) == 4


def test_trash_hides_a_case_until_restored(store):
    case_id = store.add_case(draft())
    store.trash_case(case_id)
    assert store.list_cases() == []
    with pytest.raises(CaseNotFoundError):
        store.get_case(case_id)
    assert [t.id for t in store.list_trash()] == [case_id]
    store.restore_case(case_id)
    assert [c.id for c in store.list_cases()] == [case_id]


def test_purge_only_takes_cases_from_the_trash(store):
    case_id = store.add_case(draft())
    with pytest.raises(CaseNotFoundError):
        store.purge_case(case_id)
    store.trash_case(case_id)
    store.purge_case(case_id)
    assert store.list_trash() == []
    with pytest.raises(CaseNotFoundError):
        store.get_case(case_id, include_trashed=True)


def test_id_prefixes_resolve_only_when_unambiguous(store):
    first = store.add_case(draft(), case_id="aaaa1111-0000-0000-0000-000000000000")
    store.add_case(draft("另一个"), case_id="aaaa2222-0000-0000-0000-000000000000")
    assert store.resolve_id("AAAA1") == first
    with pytest.raises(AmbiguousIdError, match="多个案例"):
        store.resolve_id("aaaa")
    with pytest.raises(CaseNotFoundError, match="bbbb"):
        store.resolve_id("bbbb")


def test_renaming_a_tag_renames_it_on_every_case(store):
    ids = [store.add_case(draft(f"案例{n}", tags=("防汛",))) for n in range(3)]
    store.rename_tag("防汛", "防汛抗旱")
    assert all(store.get_case(i).tags == ["防汛抗旱"] for i in ids)
    with pytest.raises(TagError, match="合并"):
        store.add_tag("台风")
        store.rename_tag("防汛抗旱", "台风")


def test_merging_tags_keeps_each_case_tagged_once(store):
    both = store.add_case(draft("甲", tags=("防汛", "汛期")))
    only_source = store.add_case(draft("乙", tags=("汛期",)))
    store.merge_tags("汛期", "防汛")
    assert store.get_case(both).tags == ["防汛"]
    assert store.get_case(only_source).tags == ["防汛"]
    assert "汛期" not in {t.name for t in store.list_tags()}


def test_tag_changes_bump_the_cases_version(store):
    case_id = store.add_case(draft(tags=("防汛",)))
    before = store.versions()[case_id]
    store.rename_tag("防汛", "防汛抗旱")
    assert store.versions()[case_id] != before


def test_deleting_a_tag_reports_the_cases_affected(store):
    store.add_case(draft("甲", tags=("防汛",)))
    store.add_case(draft("乙", tags=("防汛", "台风")))
    assert store.delete_tag("防汛") == 2
    assert [t.name for t in store.list_tags()] == ["台风"]


def test_tag_counts_leave_out_trashed_cases(store):
    kept = store.add_case(draft("甲", tags=("防汛",)))
    gone = store.add_case(draft("乙", tags=("防汛",)))
    store.trash_case(gone)
    assert {t.name: t.case_count for t in store.list_tags()} == {"防汛": 1}
    assert store.tag_case_ids("防汛") == [kept]


def test_chosen_cases_come_in_a_column_order_those_without_a_value_last(store):
    late = store.add_case(draft("乙", unit="某市气象局", date=dt.date(2024, 5, 1), tags=("防汛",)))
    early = store.add_case(draft("甲", unit="某县气象局", date=dt.date(2020, 1, 1), tags=("台风",)))
    undated = store.add_case(draft("丙"))
    gone = store.add_case(draft("丁", date=dt.date(2022, 1, 1)))
    store.trash_case(gone)
    chosen = [late, early, undated, gone]
    assert store.ordered_ids(chosen, "date") == [early, late, undated]
    assert store.ordered_ids(chosen, "date", descending=True) == [late, early, undated]
    assert store.ordered_ids(chosen, "tags") == [early, late, undated]
    assert store.ordered_ids(chosen, "unit", limit=1, offset=1) == [late]  # 县 before 市
    assert {t.name: t.case_count for t in store.list_tags(counts=False)} == {"防汛": 0, "台风": 0}


PINYIN_ORDER = [
    "2023年工作总结", "阿里地区防灾", "安全生产检查", "北京冬奥保障", "長江防汛經驗", "長沙城市更新",
    "重庆山火扑救", "单位内部管理", "都江堰灌区", "防灾减灾宣传", "干部培训", "GDP核算",
    "“关于加强汛期服务”的通知", "行業協會調研", "會議保障", "叫应机制", "会计核算规范",
    "乐山大佛保护", "粮食安全", "气象服务", "首都功能", "厦门台风防御", "行政审批改革",
    "音乐节安保", "銀行網點", "重大活动保障",
]
"""Titles in both scripts as a reader orders them: by pinyin, polyphonic words by their phrase
(重庆 chóng, 重大 zhòng; 行业 háng, 行政 xíng), traditional ones by their simplified reading."""


def test_titles_order_by_pinyin_in_both_scripts(store):
    shuffled = random.Random(7).sample(PINYIN_ORDER, len(PINYIN_ORDER))
    id_of = {title: store.add_case(draft(title)) for title in shuffled}
    ids = list(id_of.values())

    def titles(**order) -> list[str]:
        return [store.get_case(i).title for i in store.ordered_ids(ids, "title", **order)]

    assert titles() == PINYIN_ORDER
    assert titles(descending=True) == PINYIN_ORDER[::-1]
    store.update_case(id_of["北京冬奥保障"], draft("朝阳区冬奥保障"))
    assert titles()[4:7] == ["長沙城市更新", "朝阳区冬奥保障", "重庆山火扑救"]  # cháng < cháo < chóng


def test_the_migration_gives_existing_titles_their_pinyin_order(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(db, target=6)
    for number, title in enumerate(("重庆山火扑救", "會議保障", "北京冬奥保障")):
        db.execute("INSERT INTO cases (id, title, created_at, updated_at) VALUES (?, ?, '2023-01-01',"
                   " '2023-01-01')", (f"c{number}", title))
    db.close()
    store = Store.open(path)
    try:
        assert store.migrate() == list(range(7, migrations.LATEST_VERSION + 1))
        assert store.ordered_ids(["c0", "c1", "c2"], "title") == ["c2", "c0", "c1"]
    finally:
        store.close()


def test_bad_tag_names_are_refused(store):
    with pytest.raises(TagError, match="不能为空"):
        store.add_tag("  ")
    with pytest.raises(TagError, match="太长"):
        store.add_tag("长" * 41)


def test_a_failed_transaction_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.add_case(draft("半途而废"))
        raise RuntimeError("disk full")
    assert store.list_cases() == []


def test_a_read_only_store_refuses_writes(tmp_path, sqlite_store):
    sqlite_store.add_case(draft())
    reader = Store.open(tmp_path / "archive.sqlite3", read_only=True)
    try:
        assert len(reader.list_cases()) == 1
        with pytest.raises(ReadOnlyArchiveError):
            reader.add_case(draft("不该写入"))
    finally:
        reader.close()


def test_briefing_series_keep_the_highest_issue_of_the_year(store):
    assert store.briefing_issue("气象工作简报") is None
    store.record_briefing_issue("气象工作简报", 2024, 5)
    store.record_briefing_issue("气象工作简报", 2024, 3)  # an old issue exported again
    assert store.briefing_issue("气象工作简报") == (2024, 5)
    store.record_briefing_issue("气象工作简报", 2025, 1)
    assert store.briefing_issue("气象工作简报") == (2025, 1)
    store.record_briefing_issue("气象工作简报", 2024, 9)  # a late issue of last year
    assert store.briefing_issue("气象工作简报") == (2025, 1)
    assert store.briefing_issue("党建工作简报") is None


@pytest.mark.parametrize("start", range(1, migrations.LATEST_VERSION))
def test_migrating_from_every_earlier_version_keeps_the_data(tmp_path, start):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(db, target=start)
    db.execute("INSERT INTO cases (id, title, body, created_at, updated_at)"
               " VALUES ('c1', '旧版本的案例', '正文', '2023-01-01T00:00:00', '2023-01-01T00:00:00')")
    db.execute("INSERT INTO tags (name, color) VALUES ('防汛', '#d9534f')")
    db.execute("INSERT INTO case_tags VALUES ('c1', 1)")
    db.close()

    store = Store.open(path)
    try:
        assert store.migrate() == list(range(start + 1, migrations.LATEST_VERSION + 1))
        case = store.get_case("c1")
        assert (case.title, case.body, case.tags) == ("旧版本的案例", "正文", ["防汛"])
        assert case.provenance == ""
        assert store.integrity_check() == []
    finally:
        store.close()


def test_a_failing_migration_step_leaves_the_previous_schema(tmp_path, monkeypatch):
    db = sqlite3.connect(tmp_path / "a.sqlite3", isolation_level=None)
    migrations.migrate(db, target=1)

    def broken(connection):
        connection.execute("ALTER TABLE cases ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setattr(migrations, "STEPS", (migrations.STEPS[0], broken))
    with pytest.raises(sqlite3.OperationalError):
        migrations.migrate(db, target=2)
    assert migrations.schema_version(db) == 1
    columns = {row[1] for row in db.execute("PRAGMA table_info(cases)")}
    assert "half_done" not in columns
    db.close()


def test_a_save_based_on_an_older_version_is_refused(store):
    case_id = store.add_case(draft("初稿"))
    assert store.case_version(case_id) == 1
    assert store.update_case(case_id, draft("甲的修改"), base_version=1)
    with pytest.raises(ConflictError, match="冲突：该案例已被.*修改（第 2 版）"):
        store.update_case(case_id, draft("乙的修改"), base_version=1)
    assert store.get_case(case_id).title == "甲的修改"
    assert store.case_version(case_id) == 2


def test_an_edit_that_keeps_the_title_keeps_its_reading_without_reading_it_again(store, monkeypatch):
    first, second = store.add_case(draft("重庆山火扑救")), store.add_case(draft("北京冬奥保障"))
    # Reading a title loads pypinyin's dictionaries (a second holding Python's lock): a batch edit of
    # tags, unit or date must not need it.
    monkeypatch.setattr(store_module, "title_sort_key", lambda title: pytest.fail(f"read again: {title}"))
    assert store.update_case(first, draft("重庆山火扑救", tags=("防灾减灾",), unit="某市应急局"))
    assert store.ordered_ids([first, second], "title") == [second, first]  # běi < chóng
    monkeypatch.undo()
    assert store.update_case(first, draft("安徽山火扑救"))
    assert store.ordered_ids([first, second], "title") == [first, second]  # ān < běi
