"""Fixtures shared by every test: no test touches the real per-user archive or needs a screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pg_logins import new_login  # noqa: F401  (fixture)
from pg_server import bare_store_url, empty_database_url, postgres_server, shared_url  # noqa: F401  (fixtures)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "samples"


@pytest.fixture(autouse=True)
def private_archive_home(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default archive folder at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("default-archive")
    monkeypatch.setenv("CASEARCHIVE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def private_log_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Unexpected errors are logged to a temporary folder, not the user's log folder."""
    folder = tmp_path_factory.mktemp("logs")
    monkeypatch.setenv("CASEARCHIVE_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def samples() -> Path:
    """The real user documents in ../shared/samples (tests that need them skip without)."""
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside this checkout")
    return SAMPLES.resolve()
