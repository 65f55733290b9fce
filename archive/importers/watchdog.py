"""A thread in the importing process that ends a reader process once, on the file it was given, it
holds more memory than it held when it started that file plus a bound, or has spent longer than a
bound. It works the same on every OS (psutil reads the resident size); POSIX readers also carry an
address-space limit and a timer signal of their own as a second line."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass

import psutil

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05
"""How often each watched process is measured: between two looks a reader allocates some tens of MB."""

MEMORY = "memory"
TIME = "time"


@dataclass
class _Watch:
    process: psutil.Process
    baseline: int
    started: float


class Watchdog:
    """Watch processes one job at a time: `start(pid)` when a job is handed over, `stop(pid)` when
    its answer is back, which says why the watchdog killed the process (MEMORY, TIME) or None."""

    def __init__(self, memory_bytes: int, seconds: float) -> None:
        self.memory_bytes = memory_bytes
        self.seconds = seconds
        self._watched: dict[int, _Watch] = {}
        self._verdicts: dict[int, str] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reader-watchdog", daemon=True)
        self._thread.start()

    def start(self, pid: int) -> None:
        with self._lock:
            self._verdicts.pop(pid, None)
            with contextlib.suppress(psutil.Error):  # gone already: its pipe says so
                process = psutil.Process(pid)
                self._watched[pid] = _Watch(process, process.memory_info().rss, time.monotonic())

    def stop(self, pid: int) -> str | None:
        with self._lock:
            self._watched.pop(pid, None)
            return self._verdicts.pop(pid, None)

    def close(self) -> None:
        self._closed.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._closed.wait(POLL_SECONDS):
            with self._lock:
                for pid, watch in list(self._watched.items()):
                    verdict = self._verdict(watch)
                    if verdict:
                        self._kill(pid, watch, verdict)

    def _verdict(self, watch: _Watch) -> str | None:
        if time.monotonic() - watch.started > self.seconds:
            return TIME
        try:
            grown = watch.process.memory_info().rss - watch.baseline
        except psutil.Error:
            return None
        return MEMORY if grown > self.memory_bytes else None

    def _kill(self, pid: int, watch: _Watch, verdict: str) -> None:
        log.warning("reader process %d past its %s bound: killed", pid, verdict)
        with contextlib.suppress(psutil.Error):
            # What it started (LibreOffice, in a session of its own) goes first: it would outlive it.
            for child in watch.process.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    child.kill()
            watch.process.kill()
        del self._watched[pid]
        self._verdicts[pid] = verdict
