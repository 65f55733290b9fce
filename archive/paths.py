"""Where an archive lives on disk, and what sits inside its folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "CaseArchive"
HOME_ENV = "CASEARCHIVE_HOME"


def default_archive_folder() -> Path:
    """`CASEARCHIVE_HOME` when set, else the per-user data folder of this platform."""
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


@dataclass(frozen=True)
class ArchiveLayout:
    """The fixed layout of one archive folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "archive.sqlite3"

    @property
    def lock_file(self) -> Path:
        return self.root / "archive.lock"

    @property
    def blobs(self) -> Path:
        return self.root / "files"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def backups(self) -> Path:
        return self.root / "backups"
