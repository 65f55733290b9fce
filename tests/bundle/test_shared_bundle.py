"""The frozen bundle opens a shared archive: Alembic's scripts, SQLAlchemy's PostgreSQL dialect and
psycopg's libpq wrapper ship in it (`make dist` builds dist/casearchive; skipped without one)."""

from __future__ import annotations

import json
import sys

import pytest
from bundle_harness import BUNDLE, Program, relocate

pytestmark = [
    pytest.mark.skipif(not (BUNDLE / "casearchive").is_file(),
                       reason="no bundle: `make dist` builds dist/casearchive"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle harness watches Linux processes"),
]


def test_the_bundle_initialises_migrates_fills_and_searches_a_shared_archive(tmp_path, empty_database_url):
    app = Program.frozen(relocate(BUNDLE, tmp_path), tmp_path / "home")
    url = empty_database_url()
    initialised = app.cli(url, "server", "init", url)
    assert initialised.returncode == 0, initialised.stderr
    assert "casearchive_edit" in initialised.stdout
    migrated = app.cli(url, "server", "migrate", url)
    assert migrated.returncode == 0 and migrated.stdout.startswith("共享案例库已是最新版本"), migrated.stderr
    note = tmp_path / "叫应.md"
    note.write_text("# 叫应机制筑牢防汛第一道防线\n\n暴雨预警直达基层责任人。\n", encoding="utf-8")
    imported = app.cli(url, "import", str(note), "--json")
    assert imported.returncode == 0, imported.stderr
    found = app.cli(url, "search", "叫应", "--json")
    assert found.returncode == 0, found.stderr
    assert [hit["title"] for hit in json.loads(found.stdout)["hits"]] == ["叫应机制筑牢防汛第一道防线"]
