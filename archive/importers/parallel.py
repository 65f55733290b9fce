"""Read many files in worker processes, handing results back in input order.

Reading is CPU-bound Python (XML, segmentation), so threads would not help; storing stays in the
caller's process, one transaction per file.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from pathlib import Path

from archive.errors import ImportFailure
from archive.importers import limits
from archive.importers.document import ImportedDocument
from archive.importers.tagging import TagVocabulary
from archive.progress import Cancelled, Progress

try:
    import resource
except ImportError:  # Windows: no address-space limit
    resource = None

log = logging.getLogger(__name__)

Outcome = ImportedDocument | ImportFailure
TagKeywords = TagVocabulary | Mapping[str, Sequence[str]]

_IN_FLIGHT_PER_WORKER = 4
"""Files queued ahead per worker: enough to keep workers busy, few enough to cancel quickly."""

_CANCEL_POLL_SECONDS = 0.1
"""How often a wait for a reader looks at the cancel flag: cancel stops well within a second."""

_worker_keywords: TagKeywords | None = None
_worker_seconds: float = limits.READER_SECONDS


def read_documents_parallel(
    paths: Sequence[Path], workers: int = 2, progress: Progress | None = None,
    is_cancelled: Cancelled | None = None, *,
    tag_keywords: TagKeywords | None = None,
) -> Iterator[tuple[Path, Outcome]]:
    """Read `paths` with `workers` processes, yielding (path, document or failure) in input order.

    `progress(done, total, file name)` is called as each result is handed back. Once
    `is_cancelled()` is true no new file is started; files already being read are still yielded.
    """
    paths = list(paths)
    outcomes = (_serial(paths, tag_keywords, is_cancelled) if workers <= 1 or len(paths) <= 1
                else _pooled(paths, workers, tag_keywords, is_cancelled))
    for done, (path, outcome) in enumerate(outcomes, 1):
        if progress:
            progress(done, len(paths), path.name)
        yield path, outcome


def _serial(paths: list[Path], tag_keywords: TagKeywords | None,
            is_cancelled: Cancelled | None) -> Iterator[tuple[Path, Outcome]]:
    for path in paths:
        if is_cancelled and is_cancelled():
            return
        yield path, _read_or_failure(path, tag_keywords)


def _pooled(paths: list[Path], workers: int, tag_keywords: TagKeywords | None,
            is_cancelled: Cancelled | None) -> Iterator[tuple[Path, Outcome]]:
    context = _context()
    # Workers watch this pipe: when this process dies, however, its end closes and they exit.
    parent_alive, keep_alive = context.Pipe(duplex=False)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(tag_keywords, parent_alive,
                                         (limits.READER_MEMORY_BYTES, limits.READER_SECONDS)))
    stopped = False
    try:
        pending: deque[tuple[Path, Future]] = deque()
        queue = iter(paths)
        while True:
            while len(pending) < workers * _IN_FLIGHT_PER_WORKER and not (is_cancelled and is_cancelled()):
                path = next(queue, None)
                if path is None:
                    break
                try:
                    pending.append((path, pool.submit(_read_in_worker, path)))
                except BrokenProcessPool:
                    # A worker died (a crash in a C parser): report this and the unread rest.
                    yield from _unread([path, *queue], pending)
                    return
            if not pending:
                return
            path, future = pending[0]
            if not _finished_unless_cancelled(future, is_cancelled):
                # Cancelled while a file is being read: stop now, not when the reader is done; the
                # files in flight are left unread and the worker ends on its own.
                stopped = True
                return
            pending.popleft()
            yield path, _result(path, future)
    finally:
        pool.shutdown(wait=not stopped, cancel_futures=True)
        keep_alive.close()  # a reader still busy after a cancel exits now, not when it is done
        parent_alive.close()


def _finished_unless_cancelled(future: Future, is_cancelled: Cancelled | None) -> bool:
    """Wait for `future`, looking at the cancel flag every tenth of a second; False once cancelled."""
    while not future.done():
        if is_cancelled and is_cancelled():
            return False
        wait([future], timeout=_CANCEL_POLL_SECONDS)
    return True


def _unread(rest: list[Path], pending: deque[tuple[Path, Future]]) -> Iterator[tuple[Path, Outcome]]:
    for path, future in pending:
        yield path, _result(path, future)
    for path in rest:
        yield path, ImportFailure(f"「{path.name}」未读取：读取进程意外退出")


def _result(path: Path, future: Future) -> Outcome:
    try:
        return future.result()
    except Exception as error:  # BrokenProcessPool: a worker died (out of memory, a crash in C).
        log.error("worker failed on %s: %r", path, error)
        return ImportFailure(f"「{path.name}」读取时读取进程意外退出（{type(error).__name__}）")


def _context() -> multiprocessing.context.BaseContext:
    # Never plain "fork": the caller may run Qt or other threads, and forking those can deadlock.
    # A fork server (POSIX) is started once, single-threaded, with the readers loaded and warm, so
    # later batches start in milliseconds; elsewhere (Windows) workers are spawned.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archive.importers.preload"])
        return context
    return multiprocessing.get_context("spawn")


def _start_worker(tag_keywords: TagKeywords | None, parent_alive: Connection,
                  bounds: tuple[int, float]) -> None:
    global _worker_keywords, _worker_seconds
    threading.Thread(target=_exit_with_parent, args=(parent_alive,), daemon=True).start()
    import archive.importers.preload  # noqa: F401  (already loaded when forked from the server)
    from archive.importers.reading import load_default_keywords

    _worker_keywords = load_default_keywords() if tag_keywords is None else tag_keywords
    memory, _worker_seconds = bounds
    _limit_memory(memory)


def _limit_memory(extra: int) -> None:
    """Past `extra` bytes more than the warm worker maps, a reader gets MemoryError, which fails its
    file: a hostile file never exhausts the machine (POSIX; Linux tells what is mapped)."""
    if resource is None:
        return
    statm = Path("/proc/self/statm")
    mapped = int(statm.read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE") if statm.exists() else 0
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (mapped + extra, hard))


def _exit_with_parent(parent_alive: Connection) -> None:
    """Nothing is ever sent: the read returns only when the importing process has gone."""
    with contextlib.suppress(EOFError, OSError):
        parent_alive.recv()
    os._exit(1)


def _read_in_worker(path: Path) -> Outcome:
    try:
        with _deadline(path, _worker_seconds):
            return _read_or_failure(path, _worker_keywords)
    except ImportFailure as failure:  # the deadline passed just as the reader finished
        return failure


@contextlib.contextmanager
def _deadline(path: Path, seconds: float) -> Iterator[None]:
    """Fail the file when reading it takes longer than `seconds` (POSIX: a timer signal). The
    signal repeats each second, in case a parser swallows the first exception."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame) -> None:
        raise ImportFailure(f"「{path.name}」读取超时（超过 {seconds:g} 秒），文件可能已损坏或是恶意构造的")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _read_or_failure(path: Path, tag_keywords: TagKeywords | None) -> Outcome:
    from archive.importers.reading import read_document

    try:
        return read_document(path, tag_keywords)
    except ImportFailure as failure:
        return failure
