"""Each desktop's local index of a shared archive follows the server's change feed."""

from __future__ import annotations

import threading

import pytest

from archive import changefeed
from archive.backends.postgresql import SharedStore
from archive.library import CaseDraft, Library


@pytest.fixture
def desktop(tmp_path, monkeypatch):
    """Open the shared archive as desktop `name` (its own cache folder, its own connections)."""
    def open_as(name: str, url: str) -> Library:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / f"cache-{name}"))
        return Library.open(url)
    return open_as


def test_a_save_on_one_desktop_is_found_on_another(desktop, shared_url):
    with desktop("甲", shared_url) as first, desktop("乙", shared_url) as second:
        assert second.search("叫应").total == 0
        first.cases.add(CaseDraft("暴雨叫应机制", "预警直达基层责任人。"))
        assert [h.id for h in second.search("叫应").hits] == [c.id for c in first.list_cases()]


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
        assert changefeed.read_position(back._state) == last
        assert back._state.index.versions() == back._state.store.versions()
        assert back.search("新增案例599").hits[0].id == ids[599]
        assert ids[0] not in {h.id for h in back.search("新增案例0", limit=100).hits}  # trashed
        assert kept.id in {h.id for h in back.search("留存案例").hits}


def test_a_lost_index_is_built_once_then_followed(desktop, shared_url):
    with desktop("甲", shared_url) as first:
        first.cases.add(CaseDraft("智慧粮库", "物联网监测粮温。"))
        folder = first._state.layout.index
    changefeed.position_file(first._state).unlink()
    with desktop("甲", shared_url) as again:
        assert again.search("粮温").total == 1
        assert folder.is_dir() and changefeed.read_position(again._state) == again._state.store.last_change()


def test_a_commit_wakes_the_listeners_of_other_clients(shared_url):
    woken = threading.Event()
    numbers: list[int] = []
    listener = changefeed.ChangeListener(shared_url, lambda n: (numbers.append(n), woken.set()))
    try:
        writer = SharedStore.open(shared_url)
        writer.add_case(CaseDraft("新案例"))
        assert woken.wait(5)
        assert numbers == [writer.last_change()]
        writer.close()
    finally:
        listener.stop()


def test_reads_go_on_after_the_server_dropped_the_connection(postgres_server, shared_url):
    store = SharedStore.open(shared_url)
    store.add_case(CaseDraft("断线前的案例"))
    database = shared_url.rsplit("/", 1)[1]
    postgres_server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            f" WHERE datname = '{database}' AND pid <> pg_backend_pid()")
    assert [c.title for c in store.list_cases()] == ["断线前的案例"]
    store.close()
