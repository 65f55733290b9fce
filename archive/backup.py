"""Database backups through SQLite's online backup API (consistent while the archive is open)."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10
_SUFFIX = ".sqlite3"


def backup_database(db: sqlite3.Connection, folder: Path, reason: str = "manual") -> Path:
    """Write a consistent copy of `db` into `folder`; older automatic copies rotate out."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"archive-{stamp}-{reason}{_SUFFIX}"
    partial = target.with_suffix(".partial")
    _remove_interrupted(folder)
    try:
        copy = sqlite3.connect(partial)
        try:
            db.backup(copy)
        finally:
            copy.close()
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)  # a half-written copy only takes the space a retry needs
        raise
    _rotate(folder)
    log.info("backup written to %s", target)
    return target


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"archive-*{_SUFFIX}"), reverse=True)


def latest_backup_age(folder: Path) -> dt.timedelta | None:
    backups = list_backups(folder)
    if not backups:
        return None
    return dt.datetime.now() - dt.datetime.fromtimestamp(backups[0].stat().st_mtime)


def restore_database(backup: Path, target: Path) -> None:
    """Replace the database file `target` (closed by the caller) with a checked copy of `backup`.

    The replaced file and its WAL are moved aside, never deleted: nothing a user had is lost.
    """
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    partial = target.with_name(target.name + ".restoring")
    try:
        problems = [r[0] for r in source.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(f"备份文件 {backup.name} 本身已损坏：{problems[0]}")
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    # Microseconds, so that two restores in one second never overwrite the first set-aside copy.
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    for suffix in ("", "-wal", "-shm"):
        current = target.with_name(target.name + suffix)
        if current.exists():
            current.replace(target.with_name(f"{target.name}.replaced-{stamp}{suffix}"))
    partial.replace(target)


def hashes_in(databases: Iterable[Path]) -> set[str]:
    """The files (by SHA-256) that these backup or set-aside databases refer to, so that files a
    restore would need are kept. A database that cannot be read is passed over with a warning."""
    needed: set[str] = set()
    for database in databases:
        try:
            connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
            try:
                needed.update(r[0] for r in connection.execute("SELECT DISTINCT sha256 FROM attachments"))
                if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'briefings'").fetchone():
                    needed.update(r[0] for r in connection.execute("SELECT sha256 FROM briefings"))
            finally:
                connection.close()
        except sqlite3.Error as error:
            log.warning("cannot read the attachments of %s: %s", database, error)
    return needed


def _remove_interrupted(folder: Path) -> None:
    # A backup killed half-way leaves its .partial file; it is never a usable backup.
    for partial in folder.glob("archive-*.partial"):
        partial.unlink(missing_ok=True)


def _rotate(folder: Path) -> None:
    for old in list_backups(folder)[KEEP_BACKUPS:]:
        old.unlink(missing_ok=True)
