"""Opening a shared archive (`Library.open("postgresql://…")`): the server's store, files fetched from
the database into the user's cache when opened, and a local search index in that cache that follows
the server's change feed."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

import filelock
import platformdirs
import sqlalchemy as sa

from archive import changefeed
from archive.backends.postgresql import SharedStore
from archive.backends.upgrades import head_revision
from archive.errors import ArchiveError
from archive.paths import APP_NAME, ArchiveLayout
from archive.progress import Cancelled, Progress
from archive.state import READ_ROLE, ArchiveState, take_lock

log = logging.getLogger(__name__)


def cache_folder(url: str) -> Path:
    """This desktop's folder for one shared archive: keyed by server and database, not by user
    (every role reads every case)."""
    parsed = sa.engine.make_url(url)
    key = f"{parsed.host or 'local'}:{parsed.port or 5432}/{parsed.database or ''}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    name = f"{parsed.host or 'local'}-{parsed.database or 'db'}-{digest}"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "shared" / name


class DatabaseBlobs:
    """The `BlobStore` methods over the files table: a file is copied into the cache when opened."""

    def __init__(self, store: SharedStore, cache: Path) -> None:
        self._store, self.root = store, cache

    def put(self, data: bytes) -> tuple[str, bool]:
        return self._store.put_blob((data,))

    def put_chunks(self, chunks: Iterator[bytes]) -> tuple[str, bool]:
        return self._store.put_blob(chunks)

    def unfinished(self) -> list[Path]:
        """Nothing: a file is written in one server transaction, which a kill rolls back."""
        return []

    def remove_unfinished(self) -> int:
        return 0

    def path(self, sha256: str) -> Path:
        target = self.root / sha256[:2] / sha256
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            self._store.write_blob_to(sha256, target)
        return target

    def exists(self, sha256: str) -> bool:
        return self._store.has_blob(sha256)

    def verify(self, sha256: str) -> bool:
        return self._store.verify_blob(sha256)

    def remove(self, sha256: str) -> None:
        self._store.remove_blob(sha256)
        (self.root / sha256[:2] / sha256).unlink(missing_ok=True)

    def all_hashes(self) -> set[str]:
        return self._store.blob_hashes()


class SharedArchiveState(ArchiveState):
    """An open shared archive: the lock is this desktop's hold on its cache folder."""

    merges_index_when_idle = True  # the follower does (`changefeed.Follower`)

    def __init__(self, layout: ArchiveLayout, store: SharedStore, lock: filelock.BaseFileLock | None,
                 url: str) -> None:
        super().__init__(layout, store, None, lock, None)
        self.url = url
        self.role: str = store.current_role()
        """只读, 编辑 or 管理, as the server granted it when the archive was opened."""
        self._follower: tuple[changefeed.Follower, SharedStore] | None = None

    @property
    def blobs(self) -> DatabaseBlobs:
        return DatabaseBlobs(self.store, self.layout.blobs)

    @property
    def read_only(self) -> bool:
        return super().read_only or self.store.read_only or self.role == READ_ROLE

    def restore_advice(self) -> str:
        return "请管理员用 pg_dump 的备份恢复共享案例库（见 docs/shared-archive.md）"

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """A server transaction, outside the guard: the store is never replaced here and keeps its
        own transaction apart, so searches and the follower do not wait for the server."""
        with self.store.transaction():
            yield

    @contextlib.contextmanager
    def reading_store(self) -> Iterator[None]:
        """Without the guard: the store is never replaced here and reads from any thread, so the
        follower does not wait for a search's round trip to the server."""
        yield

    def follow(self) -> None:
        """Apply other clients' changes to the local index as they commit, on a thread with its own
        connections to the server (see `changefeed.Follower`)."""
        store = SharedStore.open(self.url, read_only=True)
        listen_url = sa.engine.make_url(self.url).set(drivername="postgresql")
        self._follower = (changefeed.Follower(self, store, listen_url.render_as_string(hide_password=False),
                                              own_changes=self.store.own_changes), store)

    def stop_background_work(self) -> None:
        if self._follower is not None:
            follower, store = self._follower
            self._follower = None
            follower.stop()
            store.close()


def open_shared(url: str, *, allow_read_only: bool, progress: Progress | None,
                is_cancelled: Cancelled | None = None) -> SharedArchiveState:
    layout = ArchiveLayout(cache_folder(url))
    layout.root.mkdir(parents=True, exist_ok=True)
    lock = take_lock(layout, f"本机的另一个程序正在使用共享案例库 {_shown(url)}，请先关闭它。",
                     allow_read_only=allow_read_only)
    try:
        store = SharedStore.open(url)
        try:
            _require_current_schema(store, url)
            state = SharedArchiveState(layout, store, lock, url)
        except BaseException:
            store.close()
            raise
        try:
            if lock is not None:
                changefeed.open_index(state, progress, is_cancelled)
                state.follow()
            return state
        except BaseException:
            state.close_unfinished()
            raise
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def probe(url: str) -> str:
    """Connect to the shared archive at `url` and check its schema, touching nothing; returns
    the role the user has there (只读, 编辑 or 管理)."""
    store = SharedStore.open(url)
    try:
        _require_current_schema(store, url)
        return store.current_role()
    finally:
        store.close()


def _require_current_schema(store: SharedStore, url: str) -> None:
    version, newest = store.schema_version(), head_revision()
    if version == 0:
        raise ArchiveError(f"{_shown(url)} 还不是共享案例库："
                           f"请管理员先运行「casearchive server init {_shown(url)}」。")
    if version > newest:
        raise ArchiveError(
            f"共享案例库 {_shown(url)} 由更新版本的程序升级过（版本 {version}），请升级本程序。")
    if version < newest:
        raise ArchiveError(f"共享案例库 {_shown(url)} 需要升级（版本 {version}，本程序需要 {newest}）："
                           "请管理员运行「casearchive server migrate」。")


def _shown(url: str) -> str:
    return sa.engine.make_url(url).render_as_string(hide_password=True)
