"""Files written under a temporary name and renamed into place, held under an OS lock while they
are written (on Windows an open file cannot be deleted), so a temporary file nobody holds is what
a killed writer left, and is removed. Exports write `.NAME-XXXX.docx.part` beside their
destination: the next export to that folder and `check` remove stale ones there (the archive notes
the folders it exported to); the file store's `.incoming-*` are removed by `check`. Working
folders in the system's temporary folder (`casearchive-*`, e.g. the reader processes') hold a lock
file the same way: opening an archive and `check --repair` remove those whose process has gone.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

SUFFIX = ".docx.part"
PDF_SUFFIX = ".pdf.part"
_PATTERNS = (f".*{SUFFIX}", f".*{PDF_SUFFIX}")
TEMPORARY_PREFIX = "casearchive-"
_FOLDER_LOCK = ".held"
_REMEMBERED_FOLDERS = 20
LOCKING_SECONDS = 2
"""An empty part or lock file younger than this may be one a writer has just made and not yet
locked: it is never taken for stale."""

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted, which is the lock
    fcntl = None


@contextlib.contextmanager
def replacing(out: Path, suffix: str = SUFFIX) -> Iterator[BinaryIO]:
    """A new locked part file beside `out`, open for writing, that replaces `out` when the block
    ends normally and is removed when it raises. Stale parts in the folder go first."""
    remove_stale(out.parent)
    with held(out.parent, f".{out.stem}-", suffix) as (stream, part):
        yield stream
        place(stream, part, out)


@contextlib.contextmanager
def held(folder: Path, prefix: str, suffix: str = "") -> Iterator[tuple[BinaryIO, Path]]:
    """A new temporary file in `folder`, open for writing under an OS lock for as long as the block
    runs, and removed at its end unless `place` renamed it."""
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    part = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            if fcntl is not None:
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
            yield stream, part
    finally:
        part.unlink(missing_ok=True)


def place(stream: BinaryIO, part: Path, target: Path) -> None:
    """Rename a `held` file to `target`: while still held on POSIX, so no check takes it for stale;
    closed first on Windows, which renames only a closed file."""
    stream.flush()
    if fcntl is None:
        stream.close()
    os.replace(part, target)


def remove_stale(folder: Path, *patterns: str) -> list[Path]:
    """Remove the files matching `patterns` (the export parts by default) in `folder` that no living
    writer holds; returns them."""
    removed = []
    for part in stale_in(folder, *patterns):
        with contextlib.suppress(OSError):
            part.unlink()
            removed.append(part)
    if removed:
        log.info("removed %d unfinished files in %s", len(removed), folder)
    return removed


def stale_in(folder: Path, *patterns: str) -> Iterator[Path]:
    """The files matching `patterns` (the export parts by default) in `folder` that no living
    writer holds."""
    for part in (p for pattern in patterns or _PATTERNS for p in folder.glob(pattern)):
        if _stale(part, stat.S_ISREG):
            yield part


def temporary_folder(what: str) -> Path:
    """A new folder `casearchive-WHAT-XXXX` in the system's temporary folder, held until this process
    ends (then removed); if the process is killed, `remove_stale_folders` removes it later."""
    folder, lock = _held_folder(what)
    atexit.register(_release_folder, lock, folder)
    return folder


@contextlib.contextmanager
def working_folder(what: str) -> Iterator[Path]:
    """Like `temporary_folder`, held and removed when the block ends."""
    folder, lock = _held_folder(what)
    try:
        yield folder
    finally:
        _release_folder(lock, folder)


def _held_folder(what: str) -> tuple[Path, BinaryIO]:
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}{what}-"))
    lock = (folder / _FOLDER_LOCK).open("wb")
    if fcntl is not None:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
    return folder, lock


def _release_folder(lock: BinaryIO, folder: Path) -> None:
    lock.close()
    shutil.rmtree(folder, ignore_errors=True)


def remove_stale_folders(parent: Path | None = None) -> int:
    """Remove the `temporary_folder`s in `parent` (the system's temporary folder) whose process has
    gone; returns how many."""
    parent = Path(tempfile.gettempdir()) if parent is None else parent
    removed = 0
    for folder in parent.glob(f"{TEMPORARY_PREFIX}*"):
        lock = folder / _FOLDER_LOCK
        if _stale(folder, stat.S_ISDIR) and _stale(lock, stat.S_ISREG):
            with contextlib.suppress(OSError):
                lock.unlink()  # on Windows this fails while its process has it open
                shutil.rmtree(folder)
                removed += 1
    if removed:
        log.info("removed %d working folders left by ended processes in %s", removed, parent)
    return removed


def _stale(path: Path, kind: Callable[[int], bool]) -> bool:
    try:
        status = path.lstat()
    except OSError:
        return False
    young = status.st_size == 0 and time.time() - status.st_mtime < LOCKING_SECONDS
    return kind(status.st_mode) and not young and (not stat.S_ISREG(status.st_mode) or _unheld(path))


def _unheld(part: Path) -> bool:
    if fcntl is None:
        return True  # deleting it fails while its writer has it open
    try:
        with part.open("rb") as probe:
            fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remember_folder(record: Path, folder: Path) -> None:
    """Note in `record` (a text file in the archive) a folder an export writes to."""
    folders = [str(folder.resolve()), *(str(f) for f in remembered_folders(record))]
    try:
        record.write_text("\n".join(list(dict.fromkeys(folders))[:_REMEMBERED_FOLDERS]) + "\n",
                          encoding="utf-8")
    except OSError as error:  # a full archive still exports
        log.info("could not note the export folder %s: %s", folder, error)


def remembered_folders(record: Path) -> list[Path]:
    try:
        lines = record.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [Path(line) for line in lines if line.strip()]


def stale_parts(record: Path) -> list[Path]:
    """The unheld part files in the folders `record` names (for `check` to report)."""
    return [part for folder in remembered_folders(record) if folder.is_dir()
            for part in stale_in(folder)]
