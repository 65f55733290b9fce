"""Content-addressed file storage: attachments and originals are kept once per distinct content."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from archive import partfiles
from archive.errors import ArchiveError
from archive.paths import safe_file_name

INCOMING_PREFIX = ".incoming-"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Files named by their SHA-256 under `root/ab/abcdef…`, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store `data`; returns its hash and whether this call created the file."""
        digest = sha256_of(data)
        if self.path(digest).is_file():
            return digest, False
        return self.put_chunks(iter((data,)))

    def put_chunks(self, chunks: Iterator[bytes]) -> tuple[str, bool]:
        """Store the bytes `chunks` yields, hashing while copying, so a file of any size takes
        one chunk of memory; returns its hash and whether this call created the file. If `chunks`
        raises, nothing is kept; a killed writer's file is removed by `check --repair`."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with partfiles.held(self.root, INCOMING_PREFIX) as (handle, temporary):
            for chunk in chunks:
                digest.update(chunk)
                handle.write(chunk)
            target = self.path(digest.hexdigest())
            if target.is_file():
                return digest.hexdigest(), False
            handle.flush()
            os.fsync(handle.fileno())
            target.parent.mkdir(exist_ok=True)
            partfiles.place(handle, temporary, target)
        return digest.hexdigest(), True

    def remove_unfinished(self) -> int:
        """Remove what killed writers left; returns how many."""
        return len(partfiles.remove_stale(self.root, f"{INCOMING_PREFIX}*")) if self.root.is_dir() else 0

    def unfinished(self) -> list[Path]:
        return list(partfiles.stale_in(self.root, f"{INCOMING_PREFIX}*")) if self.root.is_dir() else []

    def remove(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def verify(self, sha256: str) -> bool:
        """True when the file is present and its content still has this hash."""
        path = self.path(sha256)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest() == sha256

    def all_hashes(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.name for p in self.root.glob("??/*") if not p.name.startswith(".")}


def copy_to_open(stored: Path, sha256: str, name: str) -> Path:
    """A copy of a stored file under its own name, for the system's program to open, always inside
    `<tempdir>/casearchive-open/<hash>/` whatever name is stored."""
    folder = Path(tempfile.gettempdir()) / "casearchive-open" / sha256[:12]
    copy = folder / safe_file_name(name)
    if copy.parent != folder:
        raise ArchiveError(f"文件名称「{name}」无效。")
    folder.mkdir(parents=True, exist_ok=True)
    if not copy.is_file() or copy.is_symlink():
        copy.unlink(missing_ok=True)
        shutil.copyfile(stored, copy)
    return copy
