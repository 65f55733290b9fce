"""Each desktop's local index of a shared archive follows the server's change feed."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from archive import changefeed, indexing
from archive.backends import schema as t
from archive.backends.postgresql import SharedStore
from archive.library import CaseDraft, ChangeEvent, Library
from archive.title_order import title_sort_key

FOLLOWER = "shared-archive-follower"


@pytest.fixture
def desktop(tmp_path, monkeypatch):
    """Open the shared archive as desktop `name` (its own cache folder, its own connections)."""
    def open_as(name: str, url: str) -> Library:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / f"cache-{name}"))
        return Library.open(url)
    return open_as


def eventually(check: Callable[[], bool], seconds: float = 10) -> bool:
    """Whether `check()` holds within `seconds`: another desktop's change arrives in the background."""
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def test_a_save_on_one_desktop_is_found_on_another(desktop, shared_url):
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        assert second.search("叫应").total == 0
        saved = first.cases.add(CaseDraft("暴雨叫应机制", "预警直达基层责任人。"))
        assert eventually(lambda: [h.id for h in second.search("叫应").hits] == [saved.id])


def test_searches_never_read_the_change_feed(desktop, shared_url):
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        def refused(*_args, **_kwargs):
            raise AssertionError("a search caught up with the server")

        second._state.store.changes_since = refused
        saved = first.cases.add(CaseDraft("智慧粮库", "物联网监测粮温。"))
        assert eventually(lambda: second.search("粮温").total == 1)
        assert second.search("粮温").hits[0].id == saved.id


def test_other_desktops_changes_reach_subscribers_on_the_follower_thread(desktop, shared_url):
    heard: list[tuple[ChangeEvent, str]] = []
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        second.subscribe(lambda event: heard.append((event, threading.current_thread().name)))
        saved = first.cases.add(CaseDraft("秸秆禁烧", "网格化巡查。", tags=("生态环保",)))
        assert eventually(lambda: any(saved.id in event.ids for event, _ in heard))
        assert {thread for _, thread in heard} == {FOLLOWER}
        first.tags.rename("生态环保", "生态环境保护")
        assert eventually(lambda: any(event.kind == "tags" for event, _ in heard))
        assert eventually(lambda: second.search("标签:生态环境保护").total == 1)


def test_a_desktops_follower_skips_its_own_saves(desktop, shared_url, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG, logger="archive.changefeed")
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        follower_store = first._state._follower[1]
        fetched: list[str] = []
        read = follower_store.get_cases
        monkeypatch.setattr(follower_store, "get_cases", lambda ids: fetched.extend(ids) or read(ids))
        own = first.cases.add(CaseDraft("本机保存的案例", "保存时已编入索引。"))
        theirs = second.cases.add(CaseDraft("他人保存的案例", "由跟随线程编入索引。"))
        assert eventually(lambda: first.search("跟随线程").total == 1)
        assert first.search("保存时").hits[0].id == own.id
    assert theirs.id in fetched and own.id not in fetched
    batches = [record.timings for record in caplog.records if hasattr(record, "timings")]
    assert any(batch.own_skipped for batch in batches)
    assert all(batch.woken <= batch.fetched <= batch.guarded <= batch.indexed for batch in batches)


def test_searches_run_while_the_follower_applies_changes(desktop, shared_url):
    writer = SharedStore.open(shared_url)
    with desktop("乙", shared_url) as reader:
        failures: list[BaseException] = []

        def write() -> None:
            try:
                for batch in range(20):
                    with writer.transaction():
                        for n in range(10):
                            writer.add_case(CaseDraft(f"并发案例{batch}-{n}", "汛期值守，防汛演练。"))
            except BaseException as error:  # reported by the assertion below
                failures.append(error)

        thread = threading.Thread(target=write)
        thread.start()
        while thread.is_alive():
            reader.search("防汛")
            reader.search("并发案例", sort="title:asc")
        thread.join()
        assert not failures
        assert eventually(lambda: reader.search("防汛").total == 200)
        assert reader._state.index.versions() == reader._state.store.versions()
    writer.close()


def test_closing_stops_the_follower(desktop, shared_url):
    with desktop("乙", shared_url):
        assert any(thread.name == FOLLOWER for thread in threading.enumerate())
    assert not any(thread.name == FOLLOWER for thread in threading.enumerate())


def test_a_change_arrives_after_the_server_dropped_the_followers_connections(
        desktop, postgres_server, shared_url):
    database = shared_url.rsplit("/", 1)[1]
    with desktop("乙", shared_url) as reader:
        postgres_server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                f" WHERE datname = '{database}' AND pid <> pg_backend_pid()")
        writer = SharedStore.open(shared_url)
        case_id = writer.add_case(CaseDraft("断线后的案例", "重新连接以后仍能检索。"))
        writer.close()
        assert eventually(lambda: [h.id for h in reader.search("断线后").hits] == [case_id], seconds=20)




def test_a_desktop_offline_for_a_thousand_changes_catches_up_without_a_rebuild(
        desktop, shared_url, monkeypatch):
    with desktop("甲", shared_url) as absent:
        kept = absent.cases.add(CaseDraft("留存案例", "不会改动的正文。"))
    with desktop("乙", shared_url) as busy:
        ids = busy.cases.add_many(CaseDraft(f"新增案例{n}", f"第{n}个案例的正文，防汛演练。") for n in range(600))
        busy.cases.edit_many(ids[:400], add_tags=["防汛"])
        busy.trash(ids[:5])
        last = busy._state.store.last_change()
    assert last >= 1_000

    def no_rebuild(*_args):
        raise AssertionError("a full rebuild where catching up was enough")

    monkeypatch.setattr(changefeed, "rebuild", no_rebuild)
    with desktop("甲", shared_url) as back:
        assert indexing.read_position(back._state) == last
        assert back._state.index.versions() == back._state.store.versions()
        assert back.search("新增案例599").hits[0].id == ids[599]
        assert ids[0] not in {h.id for h in back.search("新增案例0", limit=100).hits}  # trashed
        assert kept.id in {h.id for h in back.search("留存案例").hits}


def test_a_lost_index_is_built_once_then_followed(desktop, shared_url):
    with desktop("甲", shared_url) as first:
        first.cases.add(CaseDraft("智慧粮库", "物联网监测粮温。"))
        folder = first._state.layout.index
    indexing.position_file(first._state).unlink()
    with desktop("甲", shared_url) as again:
        assert again.search("粮温").total == 1
        assert folder.is_dir() and indexing.read_position(again._state) == again._state.store.last_change()


def test_reads_go_on_after_the_server_dropped_the_connection(postgres_server, shared_url):
    store = SharedStore.open(shared_url)
    store.add_case(CaseDraft("断线前的案例"))
    database = shared_url.rsplit("/", 1)[1]
    postgres_server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            f" WHERE datname = '{database}' AND pid <> pg_backend_pid()")
    assert [c.title for c in store.list_cases()] == ["断线前的案例"]
    store.close()


def test_a_save_keeps_neither_the_guard_nor_other_threads_reads_waiting_for_the_server(
        desktop, shared_url, monkeypatch):
    with desktop("甲", shared_url) as first:
        case = first.cases.add(CaseDraft("原稿", "汛期值守。"))
        store, state = first._state.store, first._state
        locked, release = threading.Event(), threading.Event()
        write = store._write_case

        def held_open(*args, **kwargs):  # the row is locked and the transaction open meanwhile
            locked.set()
            release.wait(20)
            return write(*args, **kwargs)

        monkeypatch.setattr(store, "_write_case", held_open)
        saving = threading.Thread(target=first.cases.update, args=(case.id, CaseDraft("改稿", "汛期值守，新增。")))
        saving.start()
        try:
            assert locked.wait(20)
            assert state.guard.acquire(timeout=1)
            state.guard.release()
            assert first.search("汛期").total == 1
            assert first.get_case(case.id).title == "原稿"  # what is committed, on the reading connection
        finally:
            release.set()
            saving.join()
        assert first.get_case(case.id).title == "改稿"
        assert first.search("新增").total == 1


def test_a_new_titles_key_is_read_before_the_case_is_locked(shared_url, monkeypatch):
    from archive.backends import postgresql

    store, other = SharedStore.open(shared_url), SharedStore.open(shared_url)
    case_id = store.add_case(CaseDraft("原来的标题", "正文"))
    keyed: list[str] = []

    def key_while_unlocked(title: str) -> str:
        with other.transaction():  # NOWAIT: refused at once if the saving store held the row
            other._run(sa.select(t.cases.c.id).where(t.cases.c.id == case_id).with_for_update(nowait=True))
        keyed.append(title)
        return title_sort_key(title)

    monkeypatch.setattr(postgresql, "title_sort_key", key_while_unlocked)
    store.update_case(case_id, CaseDraft("新的标题", "正文"))
    store.update_case(case_id, CaseDraft("新的标题", "正文，改过"))  # the title kept: no new key
    assert keyed == ["新的标题"]
    assert store._rows(sa.select(t.cases.c.title_key).where(t.cases.c.id == case_id))[0][0] \
        == title_sort_key("新的标题")
    store.close()
    other.close()


def test_a_save_made_while_the_follower_read_an_older_version_stays_indexed(desktop, shared_url, monkeypatch):
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        case = first.cases.add(CaseDraft("值班制度", "原来的正文。"))
        follower_store = first._state._follower[1]
        read = follower_store.get_cases

        def read_then_save_here(ids):  # 甲 saves after its follower read 乙's version, before it indexes
            older = read(ids)
            if case.id in ids and first.get_case(case.id).body.startswith("乙"):
                first.cases.update(case.id, CaseDraft("值班制度", "甲的正文，后保存。"))
            return older

        monkeypatch.setattr(follower_store, "get_cases", read_then_save_here)
        second.cases.update(case.id, CaseDraft("值班制度", "乙的正文，先保存。"))
        assert eventually(lambda: first.get_case(case.id).body.startswith("甲"))
        assert eventually(lambda: first.search("后保存").total == 1)
        time.sleep(1)  # the follower's batch, if it were to index 乙's older text, is done by now
        assert first.search("后保存").total == 1 and first.search("先保存").total == 0


def test_index_segments_are_merged_in_a_quiet_moment_not_by_each_save(desktop, shared_url, monkeypatch):
    monkeypatch.setattr(changefeed, "_WAKE_CHECK_S", 5.0)  # quiet: no change for this long
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        saved = []
        for n in range(14):
            saved.append(first.cases.add(CaseDraft(f"逐条保存的案例{n}", f"第{n}条，值守记录。")).id)
            assert eventually(lambda: second.search("值守记录").total == len(saved))
        indexes = (first._state.index, second._state.index)  # the saving desktop's and another's
        assert all(len(index._matcher.segments) >= 14 for index in indexes)  # a segment a save
        assert all(eventually(lambda index=index: len(index._matcher.segments) < 12) for index in indexes)
        assert {h.id for h in second.search("值守记录", limit=20).hits} == set(saved)
        assert {h.id for h in first.search("值守记录", limit=20).hits} == set(saved)


def test_a_save_reads_its_case_from_the_server_before_taking_the_guard(desktop, shared_url, monkeypatch):
    with desktop("甲", shared_url) as first:
        case = first.cases.add(CaseDraft("防汛值守", "原来的正文。"))
        state = first._state
        held, read_meanwhile = threading.Event(), threading.Event()
        read = state.store.get_cases

        def watched(ids):
            if case.id in ids and held.is_set():
                read_meanwhile.set()
            return read(ids)

        def hold_the_guard():  # as a long search would: until the save has read, at most 10 s
            with state.guard:
                held.set()
                read_meanwhile.wait(10)
                held.clear()

        monkeypatch.setattr(state.store, "get_cases", watched)
        holder = threading.Thread(target=hold_the_guard)
        holder.start()
        assert held.wait(10)
        first.cases.update(case.id, CaseDraft("防汛值守", "改过的正文。"))
        holder.join()
        assert read_meanwhile.is_set()
        assert first.search("改过").total == 1 and first.search("原来").total == 0


def test_a_newer_save_the_follower_applied_meanwhile_is_not_replaced_by_an_older_read(
        desktop, shared_url, monkeypatch):
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        case = first.cases.add(CaseDraft("值班制度", "最初的正文。"))
        state = first._state
        read = state.store.get_cases

        def then_another_saves(ids):  # 甲 read its own save; 乙 saves after, 甲's follower applies it
            ours = read(ids)
            if case.id in ids and ours[0].body.startswith("甲"):
                monkeypatch.setattr(state.store, "get_cases", read)
                second.cases.update(case.id, CaseDraft("值班制度", "乙的正文，后保存。"))
                assert eventually(lambda: first.search("后保存").total == 1)
            return ours

        monkeypatch.setattr(state.store, "get_cases", then_another_saves)
        first.cases.update(case.id, CaseDraft("值班制度", "甲的正文，先保存。"))
        assert first.search("后保存").total == 1 and first.search("先保存").total == 0


def test_jieba_loads_ahead_while_open_and_closing_at_once_never_waits_for_it(desktop, shared_url, monkeypatch):
    loaded = threading.Event()
    monkeypatch.setattr(changefeed, "segmenter", loaded.set)
    with desktop("甲", shared_url):
        pass  # a command: opened, used, closed
    time.sleep(changefeed._LOAD_WORDS_AFTER_S + 0.5)
    assert not loaded.is_set()
    with desktop("乙", shared_url):
        assert loaded.wait(10)


def _held(monkeypatch, owner, name: str) -> tuple[threading.Event, threading.Event]:
    """`owner.name` (a method) stops on its first call until the second event is set; the first
    tells that it was called."""
    inside, release = threading.Event(), threading.Event()
    real = getattr(owner, name)

    def held(*args, **kwargs):
        if not inside.is_set():
            inside.set()
            release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return inside, release


@pytest.mark.parametrize("sort", ["relevance", "title:asc"])
def test_the_follower_applies_changes_while_a_search_runs(desktop, shared_url, monkeypatch, sort):
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        state = second._state
        # The relevance search stops as it starts on the index, the title-ordered one as it asks
        # the server for the order.
        held_in = (state.index, "search") if sort == "relevance" else (state.store, "ordered_ids")
        inside, release = _held(monkeypatch, *held_in)
        outcome: list[object] = []
        searching = threading.Thread(target=lambda: outcome.append(second.search("防汛", sort=sort)))
        searching.start()
        try:
            assert inside.wait(10)
            saved = first.cases.add(CaseDraft("防汛演练", "汛前组织应急演练。"))
            assert eventually(lambda: saved.id in state.index.versions())
        finally:
            release.set()
            searching.join()
        assert outcome and outcome[0].total in (0, 1)  # taken before or after the save's commit


def test_searches_and_changes_go_on_while_the_follower_merges(desktop, shared_url, monkeypatch):
    from search import index as search_index

    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        folder = second._state.layout.index
        inside, release = threading.Event(), threading.Event()
        merge = search_index.merge_saved_segments

        def held(where, *args, **kwargs):  # 乙's merge only: 甲 merges what its own saves left
            if where == folder and not inside.is_set():
                inside.set()
                release.wait(20)
            return merge(where, *args, **kwargs)

        monkeypatch.setattr(search_index, "merge_saved_segments", held)
        try:
            for n in range(8):  # a segment each in 乙's index: enough to merge in a quiet moment
                first.cases.add(CaseDraft(f"逐条保存的案例{n}", "值守记录。"))
                assert eventually(lambda n=n: second.search("值守记录").total == n + 1)
            assert inside.wait(10)
            answered: list[int] = []
            searching = threading.Thread(target=lambda: answered.append(second.search("值守记录").total),
                                         daemon=True)
            searching.start()
            searching.join(10)
            assert answered == [8]
            saved = first.cases.add(CaseDraft("合并时保存的案例", "值守记录。"))
            assert eventually(lambda: saved.id in second._state.index.versions())
        finally:
            release.set()
        assert eventually(lambda: len(second._state.index._matcher.segments) < 8)
        assert second.search("值守记录").total == 9
