"""Read files in reader processes, handing results back in input order.

Every file is read in a reader process, one file at a time per process, under the same bounds
(`ReaderBounds`): a watchdog in this process ends a reader that holds too much memory or takes too
long (every OS), and on POSIX the reader also limits its own address space and time. A reader that
dies fails its file alone; a fresh one takes the next. Reading is CPU-bound Python (XML,
segmentation), so threads would not help; storing stays in the caller's process.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from archive import partfiles
from archive.errors import ImportFailure
from archive.importers import limits
from archive.importers.document import ImportedDocument
from archive.importers.tagging import TagVocabulary
from archive.importers.watchdog import MEMORY, TIME, Watchdog
from archive.progress import Cancelled, Progress

try:
    import resource
except ImportError:  # Windows: the watchdog alone bounds memory
    resource = None

log = logging.getLogger(__name__)

Outcome = ImportedDocument | ImportFailure
TagKeywords = TagVocabulary | Mapping[str, Sequence[str]]

_READ_AHEAD_PER_READER = 4
"""Results kept ahead of the one the caller waits for: enough to keep readers busy, few enough to
cancel quickly."""

_POLL_SECONDS = 0.1
"""How often a wait for a reader looks at the cancel flag: cancel stops well within a second."""

_GRACE_SECONDS = 2
"""The watchdog's deadline is this much later than the reader's own signal (POSIX), which fails the
file more cleanly: the reader lives on."""

_STOP_SECONDS = 2
"""How long a dead reader's exit is waited for, to read its exit code."""

_SOCKET_PATH_BYTES = 104
"""The longest path of a Unix socket on macOS (108 on Linux)."""


@dataclass(frozen=True)
class ReaderBounds:
    """What a reader may take for one file: resident memory beyond what it held when given the
    file, and seconds. `in_reader` adds the reader's own address-space limit and timer (POSIX)."""

    memory_bytes: int
    seconds: float
    in_reader: bool = True

    @classmethod
    def default(cls) -> ReaderBounds:
        return cls(limits.READER_MEMORY_BYTES, limits.READER_SECONDS)


def read_documents_parallel(
    paths: Sequence[Path], workers: int = 2, progress: Progress | None = None,
    is_cancelled: Cancelled | None = None, *,
    tag_keywords: TagKeywords | None = None, bounds: ReaderBounds | None = None,
) -> Iterator[tuple[Path, Outcome]]:
    """Read `paths` with up to `workers` reader processes, yielding (path, document or failure) in
    input order.

    `progress(done, total, file name)` is called as each result is handed back. Once
    `is_cancelled()` is true no new file is started and the files being read are abandoned.
    """
    paths = list(paths)
    if not paths:
        return
    readers = _Readers(max(1, min(workers, len(paths))), tag_keywords, bounds or ReaderBounds.default())
    try:
        for done, (path, outcome) in enumerate(readers.read(paths, is_cancelled), 1):
            if progress:
                progress(done, len(paths), path.name)
            yield path, outcome
    finally:
        readers.close()


class _Reader:
    """One reader process, the pipe to it, and the input position it is reading (None: idle)."""

    def __init__(self, context: multiprocessing.context.BaseContext, setup: tuple) -> None:
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, *setup), daemon=True)
        self.process.start()
        child_end.close()
        self.position: int | None = None


class _Readers:
    def __init__(self, count: int, tag_keywords: TagKeywords | None, bounds: ReaderBounds) -> None:
        self._context = _context()
        # Readers watch this pipe: when this process dies, however, its end closes and they exit.
        self._parent_alive, self._keep_alive = self._context.Pipe(duplex=False)
        self._setup = (tag_keywords, self._parent_alive, bounds)
        self._bounds = bounds
        self._watchdog = Watchdog(bounds.memory_bytes,
                                  bounds.seconds + (_GRACE_SECONDS if bounds.in_reader else 0))
        self._readers = [_Reader(self._context, self._setup) for _ in range(count)]

    def read(self, paths: list[Path], is_cancelled: Cancelled | None) -> Iterator[tuple[Path, Outcome]]:
        outcomes: dict[int, Outcome] = {}
        started = handed = 0
        ahead = len(self._readers) * _READ_AHEAD_PER_READER
        while handed < len(paths):
            if handed in outcomes:
                yield paths[handed], outcomes.pop(handed)
                handed += 1
                continue
            if is_cancelled and is_cancelled():
                return  # the files being read are abandoned: `close` ends their readers
            for reader in self._readers:
                if started == len(paths) or started - handed >= ahead:
                    break
                if reader.position is None:
                    self._give(reader, started, paths[started], outcomes)
                    started += 1
            self._collect(paths, outcomes)

    def _give(self, reader: _Reader, position: int, path: Path, outcomes: dict[int, Outcome]) -> None:
        try:
            self._watchdog.start(reader.process.pid)
            reader.connection.send(path)
        except (OSError, ValueError):  # the reader died while idle
            self._watchdog.stop(reader.process.pid)
            outcomes[position] = self._replace(reader, path, None)
            return
        reader.position = position

    def _collect(self, paths: list[Path], outcomes: dict[int, Outcome]) -> None:
        """Wait a moment for answers; note those that came and the files whose reader died."""
        busy = [r for r in self._readers if r.position is not None]
        ready = set(wait([r.connection for r in busy], timeout=_POLL_SECONDS)) if busy else set()
        for reader in busy:
            if reader.connection not in ready:
                continue
            position, path = reader.position, paths[reader.position]
            reader.position = None
            try:
                outcome = reader.connection.recv()
            except (EOFError, OSError):
                outcome = self._replace(reader, path, self._watchdog.stop(reader.process.pid))
            else:
                self._watchdog.stop(reader.process.pid)
            outcomes[position] = outcome

    def _replace(self, reader: _Reader, path: Path, verdict: str | None) -> ImportFailure:
        """The failure of the file a dead reader was given; a fresh reader takes its place."""
        reader.process.join(_STOP_SECONDS)
        log.error("reader process for %s ended (exit code %s, watchdog: %s)",
                  path, reader.process.exitcode, verdict)
        reader.connection.close()
        self._readers[self._readers.index(reader)] = _Reader(self._context, self._setup)
        if verdict == TIME:
            return _timed_out(path, self._bounds.seconds)
        if verdict == MEMORY:
            return _too_large(path)
        return ImportFailure(f"「{path.name}」读取时读取进程意外退出（退出码 {reader.process.exitcode}）")

    def close(self) -> None:
        """Idle readers exit by themselves when their pipe closes (not waited for: a process's exit
        takes a moment, and multiprocessing reaps it later); busy ones (a cancel) are ended now."""
        for reader in self._readers:
            reader.connection.close()
            if reader.position is not None:
                reader.process.kill()
        self._watchdog.close()
        self._keep_alive.close()
        self._parent_alive.close()


def _timed_out(path: Path, seconds: float) -> ImportFailure:
    return ImportFailure(f"「{path.name}」读取超时（超过 {seconds:g} 秒），文件可能已损坏或是恶意构造的")


def _too_large(path: Path) -> ImportFailure:
    return ImportFailure(f"「{path.name}」内容过大，内存不足以读取")


def _context() -> multiprocessing.context.BaseContext:
    # Never plain "fork": the caller may run Qt or other threads, and forking those can deadlock.
    # A fork server (POSIX) is started once, single-threaded, with the readers loaded and warm, so
    # later readers start in milliseconds; elsewhere (Windows) readers are spawned.
    _hold_multiprocessing_folder()
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archive.importers.preload"])
        return context
    return multiprocessing.get_context("spawn")


def _hold_multiprocessing_folder() -> None:
    """multiprocessing's own temporary folder (the fork server's socket) as a held
    `casearchive-mp-*` folder, removed later if this process is killed: its own `pymp-*` would stay
    for good. multiprocessing keeps the folder in the process's `_config` (`util.get_temp_dir()`).
    Where the temporary folder's path is so long that the socket's would not fit, multiprocessing
    keeps its own."""
    config = multiprocessing.current_process()._config
    socket = Path(tempfile.gettempdir(), "casearchive-mp-xxxxxxxx", "listener-xxxxxxxx")
    if config.get("tempdir") is None and len(os.fsencode(socket)) < _SOCKET_PATH_BYTES:
        config["tempdir"] = str(partfiles.temporary_folder("mp"))


def _serve(connection: Connection, tag_keywords: TagKeywords | None, parent_alive: Connection,
           bounds: ReaderBounds) -> None:
    """A reader process: read each path sent, send back its outcome, until the pipe closes."""
    threading.Thread(target=_exit_with_parent, args=(parent_alive,), daemon=True).start()
    import archive.importers.preload  # noqa: F401  (already loaded when forked from the server)
    from archive.importers.reading import load_default_keywords

    keywords = load_default_keywords() if tag_keywords is None else tag_keywords
    if bounds.in_reader:
        _limit_memory(bounds.memory_bytes)
    while True:
        try:
            path = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(_read_in_reader(path, keywords, bounds))


def _limit_memory(extra: int) -> None:
    """Past `extra` bytes more than the warm reader maps, a reader gets MemoryError, which fails its
    file (POSIX; Linux tells what is mapped)."""
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


def _read_in_reader(path: Path, keywords: TagKeywords, bounds: ReaderBounds) -> Outcome:
    from archive.importers.reading import read_document

    try:
        with _deadline(path, bounds.seconds if bounds.in_reader else None):
            return read_document(path, keywords)
    except ImportFailure as failure:  # also the deadline passing just as the reader finished
        return failure


@contextlib.contextmanager
def _deadline(path: Path, seconds: float | None) -> Iterator[None]:
    """Fail the file when reading it takes longer than `seconds` (POSIX: a timer signal). The
    signal repeats each second, in case a parser swallows the first exception."""
    if seconds is None or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame) -> None:
        raise _timed_out(path, seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
