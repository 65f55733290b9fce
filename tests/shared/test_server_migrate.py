"""`casearchive server migrate` on a real server: an archive made by the program of revision 0001
is upgraded in place, its cases kept and their pinyin title keys filled."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import command
from cli_run import run, run_json

from archive.backends import server_admin, upgrades
from archive.backends.connection import engine_for
from archive.title_order import title_sort_key

# Titles whose pinyin order (an, bai, cheng, zhang) is not their code-point order (城, 安, 张, 白).
TITLES = ("张家港河道保洁", "安全生产月", "城市内涝预警", "白蚁防治进社区")


def archive_at_revision_0001(url: str) -> None:
    """The schema as `server init` made it at revision 0001 (without `title_key`, which revision
    0001 now creates from today's tables) and a few cases written as that program wrote them."""
    engine = engine_for(url)
    try:
        server_admin._create_roles(engine)
        with engine.begin() as connection:
            command.upgrade(upgrades._config(upgrades.SHARED_REVISIONS, connection), "0001")
            connection.execute(sa.text("ALTER TABLE cases DROP COLUMN title_key"))
            moment = dt.datetime(2024, 5, 1, tzinfo=dt.UTC).isoformat()
            for number, title in enumerate(TITLES):
                connection.execute(sa.text(
                    "INSERT INTO cases (id, title, body, unit, date, created_at, updated_at, fingerprint,"
                    " similarity) VALUES (:id, :title, :body, '', NULL, :at, :at, :fingerprint, 0)"),
                    {"id": str(uuid.uuid4()), "title": title, "body": f"防汛值守第{number}例。",
                     "at": moment, "fingerprint": f"f{number}"})
    finally:
        engine.dispose()


def test_server_migrate_upgrades_a_revision_0001_archive(capsys, tmp_path, monkeypatch,
                                                        empty_database_url):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    url = empty_database_url()
    archive_at_revision_0001(url)
    status, _, err = run(capsys, "--archive", url, "list")
    assert status == 1 and "需要升级" in err and "server migrate" in err

    status, out, err = run(capsys, "server", "migrate", url)
    assert status == 0, err
    assert out.startswith("已升级到版本 2")
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            keys = dict(connection.execute(sa.text("SELECT title, title_key FROM cases")).all())
    finally:
        engine.dispose()
    assert keys == {title: title_sort_key(title) for title in TITLES}

    ordered = run_json(capsys, "--archive", url, "search", "防汛", "--sort", "title:asc")["hits"]
    assert [hit["title"] for hit in ordered] == ["安全生产月", "白蚁防治进社区", "城市内涝预警", "张家港河道保洁"]
    assert run(capsys, "server", "migrate", url)[1].startswith("共享案例库已是最新版本")
