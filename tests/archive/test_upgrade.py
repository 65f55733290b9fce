"""An archive made by the first release, 0.1.0, opens in this version with nothing lost (issue 8).

tests/fixtures/archive-0.1.0.zip holds an archive written by 0.1.0's own code, its search index as
that version left it, and `expected.json`: what that code had stored. tools/make_upgrade_fixture.py
makes it again (the commands are in its docstring).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from archive.library import Library
from archive.migrations import LATEST_VERSION
from search.analysis import ANALYSIS_VERSION

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "archive-0.1.0.zip"


@pytest.fixture
def old_archive(tmp_path) -> Path:
    with zipfile.ZipFile(FIXTURE) as package:
        package.extractall(tmp_path)
    return tmp_path / "archive"


@pytest.fixture
def expected(old_archive) -> dict:
    return json.loads((old_archive.parent / "expected.json").read_text(encoding="utf-8"))


def schema_version(database: Path) -> int:
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


def test_the_fixture_is_older_than_this_version(old_archive, expected):
    assert expected["schema_version"] <= LATEST_VERSION
    assert (old_archive / "index" / "analysis-version").read_text().strip() != ANALYSIS_VERSION


def test_every_case_tag_revision_and_file_is_kept(old_archive, expected):
    with Library.open(old_archive) as library:
        assert library.damage is None
        for old in expected["cases"]:
            case = library.get_case(old["id"]).to_json()
            assert {key: case[key] for key in old} == old
            assert [r.title for r in library.revisions(old["id"])] == expected["revisions"][old["id"]]
            for attachment in library.get_case(old["id"]).attachments:
                assert hashlib.sha256(library.file_path(attachment).read_bytes()).hexdigest() == attachment.sha256
        assert library.case_count() == len(expected["cases"])
        assert [{"id": t.id, "title": t.title} for t in library.trash.list()] == expected["trash"]
        tags = {t.name: {"name": t.name, "color": t.color, "parent": t.parent} for t in library.tags()}
        assert all(tags[old["name"]] == old for old in expected["tags"])


def test_a_backup_of_the_old_database_is_taken_before_anything_changes(old_archive, expected):
    with Library.open(old_archive) as library:
        backups = library.maintenance.list_backups()
    assert backups, "opening an archive of an older version took no backup"
    assert schema_version(backups[-1]) == expected["schema_version"]
    assert schema_version(old_archive / "archive.sqlite3") == LATEST_VERSION


def test_the_index_is_rebuilt_for_this_version_and_finds_old_cases(old_archive, expected):
    titles = {case["id"]: case["title"] for case in expected["cases"]}
    with Library.open(old_archive) as library:
        assert (old_archive / "index" / "analysis-version").read_text().strip() == ANALYSIS_VERSION
        found = {query: [titles[hit.id] for hit in library.search(query).hits]
                 for query in ("叫应", "墒情", "台风", "开幕式", "县级经验")}
        assert library.maintenance.check().healthy
    assert found == {"叫应": ["叫应机制筑牢防汛第一道防线"], "墒情": ["墒情监测服务夏粮丰收"],
                     "台风": ["颱風「海葵」防禦經驗"], "开幕式": ["重大活动气象保障经验"],
                     "县级经验": ["颱風「海葵」防禦經驗"]}
