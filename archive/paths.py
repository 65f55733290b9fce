"""Where an archive lives on disk, and what sits inside its folder."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "CaseArchive"
HOME_ENV = "CASEARCHIVE_HOME"


# Characters Windows forbids in file names (path separators are dealt with before).
_FORBIDDEN = re.compile(r'[<>:"|?*]')
_INVISIBLE = {"Cc", "Cf", "Cs"}  # controls, format characters (bidi overrides), lone surrogates
MAX_FILE_NAME = 120


def safe_file_name(name: str, fallback: str = "file") -> str:
    """`name` made into a plain file name that stays in whatever folder it is put: its last path
    component, without control, format (bidi overrides) or surrogate characters, without the
    characters Windows forbids, at most MAX_FILE_NAME characters with its suffix kept."""
    last = re.split(r"[/\\]", name)[-1]
    clean = "".join(c for c in last if unicodedata.category(c) not in _INVISIBLE)
    clean = _FORBIDDEN.sub("_", clean).strip(" .")
    if len(clean) > MAX_FILE_NAME:
        stem, dot, suffix = clean.rpartition(".")
        suffix = suffix[:20] if dot else ""
        clean = (stem if dot else clean)[:MAX_FILE_NAME - len(suffix) - 1].rstrip(" .") + dot + suffix
    return clean or fallback


def unique_file_names(names: Sequence[str], fallback: str = "file") -> list[str]:
    """`safe_file_name` of each name, with `-2`, `-3` … added where two would become the same."""
    used: set[str] = set()
    result = []
    for name in names:
        safe = safe_file_name(name, fallback)
        stem, dot, suffix = safe.rpartition(".") if "." in safe else (safe, "", "")
        candidate, number = safe, 1
        while candidate.lower() in used:  # Windows folders are case-insensitive
            number += 1
            candidate = f"{stem}-{number}{dot}{suffix}"
        used.add(candidate.lower())
        result.append(candidate)
    return result


def default_archive_folder() -> Path:
    """`CASEARCHIVE_HOME` when set, else the per-user data folder of this platform."""
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def user_cache_folder() -> Path:
    """This user's folder for what can be made again (jieba's word table)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


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

    @property
    def export_folders(self) -> Path:
        """The folders exports were written to, where `check` looks for unfinished ones."""
        return self.root / "export-folders.txt"
