"""A desktop's local search index of a shared archive, kept up to date from the server's change feed.

The index lives in the user's cache folder with the number of the last change it holds beside it
(`index.change`). Opening catches up from that number (a desktop that was offline replays what it
missed); only a missing or unusable index is built in full, once. While the archive is open a
`Follower` thread applies other clients' changes as they commit (PostgreSQL LISTEN/NOTIFY wakes
it); searches only read the index.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from archive import indexing
from archive.errors import ArchiveError, OpenCancelled
from archive.indexing import position_file, read_position, write_position
from archive.model import Case
from archive.progress import Cancelled, Progress
from archive.state import ArchiveState, ChangeEvent
from search.analysis import segmenter
from search.errors import IndexNeedsRebuild
from search.index import SearchIndex
from search.records import IndexRecord

log = logging.getLogger(__name__)

_BATCH = 2_000
NOTIFY_CHANNEL = "casearchive_changes"
_WAKE_CHECK_S = 0.5  # how soon the follower notices it is asked to stop
_LOAD_WORDS_AFTER_S = 2.0
_RETRY_FIRST_S, _RETRY_LAST_S = 0.5, 15.0  # pauses between attempts to reconnect
# Merging the index's small segments takes most of a batch's processor time (a second every few
# batches at 1,000 cases): the follower merges when no change came for `_WAKE_CHECK_S`, or after
# this many unmerged batches, so that segments cannot pile up under a steady stream.
_UNMERGED_BATCHES = 24


_CANCELLED = ("已取消同步共享案例库：本机的搜索索引没有建完，下次打开时会继续同步；"
              "服务器上的案例库没有任何改动。")


def open_index(state: ArchiveState, progress: Progress | None,
               is_cancelled: Cancelled | None = None) -> SearchIndex:
    """The local index, caught up with the server; built in full when missing or unusable.
    OpenCancelled when `is_cancelled` turns true meanwhile: a full build leaves no change number
    (the next opening builds again), a catch-up keeps the batches it committed (the next one goes
    on from there). The server is only read."""
    position = read_position(state)
    if position is not None:
        try:
            state.index = SearchIndex.open(state.layout.index)
            if not indexing.unreadable(state, sample=3):
                catch_up(state, progress, is_cancelled=is_cancelled)
                return state.index
            state.index.close()
        except (IndexNeedsRebuild, OSError) as reason:
            log.info("rebuilding the shared archive's local index: %s", reason)
    rebuild(state, progress, is_cancelled)
    return state.index


def rebuild(state: ArchiveState, progress: Progress | None, is_cancelled: Cancelled | None = None) -> None:
    """Build the local index in full (the first sync): everything up to the change number read
    first, then the changes made meanwhile (replaying a change is harmless). The change number is
    written only once the index holds everything up to it."""
    position_file(state).unlink(missing_ok=True)
    start = state.store.last_change()
    state.index = SearchIndex.create(state.layout.index)
    first_sync = (lambda done, total, _what: progress(done, total, "首次同步：建立本机搜索索引")) \
        if progress else None
    indexing.rebuild_while_opening(state, first_sync, is_cancelled, cancelled_message=_CANCELLED)
    write_position(state, start)
    catch_up(state, progress, is_cancelled=is_cancelled)


def catch_up(state: ArchiveState, progress: Progress | None = None,
             store: ChangeSource | None = None, *, own_changes: set[int] | None = None,
             woken: float | None = None, merge: bool = True, is_cancelled: Cancelled | None = None) -> int:
    """Apply the changes made since the index's last one, reading them from `store` (the state's by
    default); returns how many cases were updated. Listeners hear of them on this thread.

    Changes numbered in `own_changes` (this desktop's saves, indexed as they were saved) are
    skipped and taken out of the set. Each batch reads from the server and prepares its records
    before taking the guard, and holds it only for one index commit. `woken`: when a notification
    woke the caller (time.time()), for the stage timings logged at DEBUG (`BatchTimings`);
    `merge=False`: leave the index's small segments unmerged (`merge_small_segments`);
    `is_cancelled`: checked before each batch, OpenCancelled once it is true."""
    store = store or state.store
    own = own_changes if own_changes is not None else set()
    position = read_position(state) or 0
    updated = 0
    while True:
        if is_cancelled is not None and is_cancelled():
            raise OpenCancelled(_CANCELLED)
        asked, cpu = time.time(), time.thread_time()
        changes = store.changes_since(position, limit=_BATCH)
        if not changes:
            return updated
        last = changes[-1][0]
        theirs = [(case_id, kind) for number, case_id, kind in changes if number not in own]
        own.difference_update([number for number in tuple(own) if number <= last])
        case_ids = list(dict.fromkeys(case_id for case_id, _ in theirs if case_id))
        records = _records(store, case_ids)
        fetched, fetch_cpu = time.time(), time.thread_time() - cpu
        with state.guard:
            guarded, guard_cpu = time.time(), time.thread_time()
            if state.index is None:  # closed meanwhile
                return updated
            if any(number > last for number in own):
                # This desktop saved meanwhile and indexed its save: what was read may be older.
                records = _records(store, case_ids)
            if records:
                state.index.upsert(records, merge=merge)
            gone = set(case_ids) - {record.id for record in records}
            if gone:
                state.index.delete(list(gone))
            write_position(state, last)
        position = last
        timings = BatchTimings(woken or asked, fetched, guarded, time.time(), time.thread_time() - cpu,
                               fetch_cpu, time.thread_time() - guard_cpu, tuple(case_ids),
                               len(changes) - len(theirs))
        log.debug("changes up to %d applied: %s", last, timings, extra={"timings": timings})
        woken = None
        updated += len(case_ids)
        if progress:
            progress(updated, updated, "同步共享案例库的更新")
        if case_ids:
            state.notify(ChangeEvent("cases", tuple(case_ids)))
        if any(kind == "tags" for _, kind in theirs):
            state.notify(ChangeEvent("tags"))


def _records(store: ChangeSource, case_ids: list[str]) -> list[IndexRecord]:
    return [indexing.record(case) for case in store.get_cases(case_ids)] if case_ids else []


@dataclass(frozen=True)
class BatchTimings:
    """When one batch of changes passed each stage (time.time()), to see where the seconds go."""

    woken: float  # the notification arrived (or the feed was read, when nothing woke the follower)
    fetched: float  # the changed cases read from the server and made into index records
    guarded: float  # the archive's guard taken
    indexed: float  # committed to the index: searchable from here on
    cpu: float  # seconds of this thread's processor time the batch took: the rest was waiting
    fetch_cpu: float  # of which reading the server and making the records
    index_cpu: float  # of which the index commit, once the guard was taken
    case_ids: tuple[str, ...]
    own_skipped: int

    def __str__(self) -> str:
        return (f"{len(self.case_ids)} cases, {self.own_skipped} own changes skipped; fetched "
                f"{self.fetched - self.woken:.3f} s, guard {self.guarded - self.fetched:.3f} s, "
                f"indexed {self.indexed - self.guarded:.3f} s; processor time {self.cpu:.3f} s (fetching "
                f"{self.fetch_cpu:.3f} s, indexing {self.index_cpu:.3f} s)")


class ChangeSource(Protocol):
    """What catching up reads: the change feed and the cases it names."""

    def changes_since(self, number: int, limit: int = ...) -> list[tuple[int, str | None, str]]: ...
    def get_cases(self, case_ids: Sequence[str]) -> list[Case]: ...


class Follower:
    """Keeps an open shared archive's local index in step with the server, on a thread of its own.

    PostgreSQL's LISTEN/NOTIFY wakes it when any client commits; it then applies every change since
    the index's last one in batches (`catch_up`) through `store`, its own connection to the server,
    so that searches only read the index and never wait for the network. When its connection
    drops it reconnects, with growing pauses, and catches up on what it missed meanwhile.
    """

    def __init__(self, state: ArchiveState, store: ChangeSource, listen_url: str,
                 own_changes: set[int] | None = None) -> None:
        """`listen_url`: a libpq connection URL (postgresql://…) for the LISTEN connection;
        `own_changes`: the numbers of this desktop's own changes, to skip (see `catch_up`)."""
        self._state, self._store, self._url = state, store, listen_url
        self._own = own_changes if own_changes is not None else set()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._follow, name="shared-archive-follower", daemon=True)
        self._thread.start()
        # Indexing cuts words with jieba, whose dictionary takes seconds to load: loaded ahead, not
        # by the first change to apply or the first save, whose text would wait for it. Not at once
        # nor waited for: a command that opens the archive and closes it never needs it.
        self._loading_words = threading.Timer(_LOAD_WORDS_AFTER_S, segmenter)
        self._loading_words.name, self._loading_words.daemon = "jieba-loading", True
        self._loading_words.start()

    def stop(self) -> None:
        """Stop following (within `_WAKE_CHECK_S`) and wait for the thread to end."""
        self._stopping.set()
        self._loading_words.cancel()
        self._thread.join()

    def _follow(self) -> None:
        import psycopg

        connection: psycopg.Connection | None = None
        pause = _RETRY_FIRST_S
        unmerged = 0
        try:
            while not self._stopping.is_set():
                try:
                    if connection is None:
                        connection = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
                        connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
                        self._catch_up()  # what was missed while not listening
                        pause = _RETRY_FIRST_S
                    # Every notification that arrived meanwhile is covered by one catch_up.
                    if any(True for _ in connection.notifies(timeout=_WAKE_CHECK_S, stop_after=1)):
                        self._catch_up(woken=time.time())
                        unmerged += 1
                        if unmerged < _UNMERGED_BATCHES:
                            continue
                    # A quiet moment (or a long stream): also what this desktop's own saves left.
                    merge_small_segments(self._state)
                    unmerged = 0
                except (psycopg.Error, ArchiveError, OSError) as error:
                    log.warning("following the shared archive paused (%s); retrying in %.1f s",
                                error, pause)
                    if connection is not None:
                        connection.close()
                        connection = None
                    self._stopping.wait(pause)
                    pause = min(pause * 2, _RETRY_LAST_S)
        finally:
            if connection is not None:
                connection.close()

    def _catch_up(self, woken: float | None = None) -> None:
        catch_up(self._state, store=self._store, own_changes=self._own, woken=woken, merge=False)


def merge_small_segments(state: ArchiveState) -> None:
    """Merge the small index segments that the follower's batches left, in the background. The
    guard only to pick the index up: the merge lists its segment under the index's own lock, beside
    the searches and the batches applied meanwhile (closing stops the follower before the index)."""
    with state.guard:
        index = state.index
    if index is not None:
        index.merge_small_segments()
