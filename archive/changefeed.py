"""A desktop's local search index of a shared archive, kept up to date from the server's change feed.

The index lives in the user's cache folder with the number of the last change it holds beside it
(`index.change`). Opening catches up from that number (a desktop that was offline replays what it
missed); only a missing or unusable index is built in full, once. `ChangeListener` wakes a client
when another desktop commits (PostgreSQL LISTEN/NOTIFY).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from archive import indexing
from archive.progress import Progress
from archive.state import ArchiveState, ChangeEvent
from search.errors import IndexNeedsRebuild
from search.index import SearchIndex

log = logging.getLogger(__name__)

_BATCH = 2_000


def position_file(state: ArchiveState) -> Path:
    return state.layout.root / "index.change"


def read_position(state: ArchiveState) -> int | None:
    """The last change the local index holds, or None when it is unknown (index to be built)."""
    try:
        return int(json.loads(position_file(state).read_text(encoding="utf-8"))["change"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_position(state: ArchiveState, number: int) -> None:
    target = position_file(state)
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps({"change": number}), encoding="utf-8")
    partial.replace(target)


def open_index(state: ArchiveState, progress: Progress | None) -> SearchIndex:
    """The local index, caught up with the server; built in full when missing or unusable."""
    position = read_position(state)
    if position is not None:
        try:
            state.index = SearchIndex.open(state.layout.index)
            if not indexing.unreadable(state, sample=3):
                catch_up(state, progress)
                return state.index
            state.index.close()
        except (IndexNeedsRebuild, OSError) as reason:
            log.info("rebuilding the shared archive's local index: %s", reason)
    rebuild(state, progress)
    return state.index


def rebuild(state: ArchiveState, progress: Progress | None) -> None:
    """Build the local index in full: everything up to the change number read first, then the
    changes made meanwhile (replaying a change is harmless)."""
    position_file(state).unlink(missing_ok=True)
    start = state.store.last_change()
    state.index = SearchIndex.create(state.layout.index)
    indexing.rebuild(state, progress, None)
    _write_position(state, start)
    catch_up(state, progress)


def catch_up(state: ArchiveState, progress: Progress | None = None) -> int:
    """Apply the changes made since the index's last one; returns how many cases were updated."""
    position = read_position(state) or 0
    updated = 0
    while True:
        changes = state.store.changes_since(position, limit=_BATCH)
        if not changes:
            return updated
        case_ids = list(dict.fromkeys(case_id for _, case_id, _ in changes if case_id))
        with state.guard:
            live = state.store.get_cases(case_ids)
            state.index.upsert(indexing.record(case) for case in live)
            gone = set(case_ids) - {case.id for case in live}
            if gone:
                state.index.delete(list(gone))
            position = changes[-1][0]
            _write_position(state, position)
        updated += len(case_ids)
        if progress:
            progress(updated, updated, "同步共享案例库的更新")
        if case_ids:
            state.notify(ChangeEvent("cases", tuple(case_ids)))
        if any(kind == "tags" for _, _, kind in changes):
            state.notify(ChangeEvent("tags"))


class ChangeListener:
    """Calls `on_change(number)` on its own thread whenever another client commits a change."""

    def __init__(self, url: str, on_change: Callable[[int], None]) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        from archive.backends.postgresql import NOTIFY_CHANNEL

        plain = make_url(url).set(drivername="postgresql")
        self._connection = psycopg.connect(plain.render_as_string(hide_password=False), autocommit=True)
        self._connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
        self._on_change = on_change
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="shared-archive-changes", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        import psycopg

        try:
            while not self._stopping.is_set():
                for notice in self._connection.notifies(timeout=0.5):
                    self._on_change(int(notice.payload))
        except psycopg.Error as error:
            if not self._stopping.is_set():
                log.warning("change notifications stopped: %s", error)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        self._connection.close()
