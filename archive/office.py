"""LibreOffice, headless: the one way to read old Word/WPS files and to write PDF without Word."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import psutil

try:
    import resource
except ImportError:  # Windows
    resource = None

log = logging.getLogger(__name__)

# Where the Windows installer puts it; it does not add itself to PATH.
_WINDOWS_PLACES = ("LibreOffice/program/soffice.exe",)


class OfficeTimeout(Exception):
    """LibreOffice did not finish in time; it has been stopped."""


def find_office() -> str | None:
    """The `soffice` program, or None when LibreOffice is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or os.name != "nt":
        return found
    for root in filter(None, (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)"))):
        for place in _WINDOWS_PLACES:
            candidate = Path(root, place)
            if candidate.is_file():
                return str(candidate)
    return None


@contextlib.contextmanager
def _unlimited_memory() -> Iterator[None]:
    """A reader process limits its address space (archive.importers.parallel); LibreOffice, which
    it starts, maps far more and keeps its own bounds, so it starts without that limit."""
    if resource is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def convert(office: str, source: Path, target_format: str, outdir: Path, profile: Path,
            timeout: float) -> int:
    """Run one conversion in a private profile (a LibreOffice the user has open neither takes the
    job nor blocks it); returns the exit status, OfficeTimeout when it takes too long. LibreOffice
    ends with the conversion, and with this process however it ends (`_Watcher`)."""
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target_format, "--outdir", str(outdir), str(source)]
    # Its temporary files beside the profile: a killed LibreOffice's go with the caller's folder.
    temporary = profile.with_name(f"{profile.name}-tmp")
    temporary.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, **dict.fromkeys(("TMPDIR", "TMP", "TEMP"), str(temporary))}
    with _Watcher() as watcher:
        with _unlimited_memory():
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env=environment, **watcher.popen_arguments())
        try:
            _, errors = process.communicate(timeout=timeout)
        except BaseException as error:  # a timeout, or the reader's own deadline: soffice ends too
            watcher.end(process)
            process.communicate()
            if isinstance(error, subprocess.TimeoutExpired):
                raise OfficeTimeout from None
            raise
    if process.returncode:
        log.warning("LibreOffice failed on %s (%s): %s", source, process.returncode,
                    errors.decode(errors="replace")[-500:])
    return process.returncode


class _Watcher:
    """Ends LibreOffice with this process. `soffice` is a launcher (a script, then `oosplash`, then
    `soffice.bin`), so no signal given to the first process reaches the worker, and a killed
    process runs no clean-up of its own.

    POSIX: a forked watcher leads a new process group, in which LibreOffice starts; it blocks on a
    pipe of which only this process holds the writing end, and when that end closes — the
    conversion is over, or this process died however — it kills the whole group, itself included.
    Elsewhere LibreOffice is killed with what it started when the conversion fails."""

    def __init__(self) -> None:
        self._pid: int | None = None
        self._pipe: int | None = None

    def __enter__(self) -> _Watcher:
        if os.name != "posix":
            return self
        reading, self._pipe = os.pipe()
        highest = os.sysconf("SC_OPEN_MAX")
        pid = os.fork()
        if pid == 0:
            _watch(reading, highest)
        os.close(reading)
        with contextlib.suppress(OSError):  # whichever of the two runs first makes the group
            os.setpgid(pid, pid)
        self._pid = pid
        return self

    def popen_arguments(self) -> dict:
        """What puts a program started with `subprocess.Popen` in the watched group."""
        if self._pid is None:
            return {}
        if sys.version_info >= (3, 11):
            return {"process_group": self._pid}
        return {"preexec_fn": functools.partial(os.setpgid, 0, self._pid)}

    def end(self, process: subprocess.Popen) -> None:
        """Kill LibreOffice and what it started now."""
        if self._pid is None:
            _kill_tree(process.pid)
            return
        os.close(self._pipe)
        os.waitpid(self._pid, 0)
        self._pid = None

    def __exit__(self, *exc_info: object) -> None:
        if self._pid is not None:
            os.close(self._pipe)
            os.waitpid(self._pid, 0)  # it ends at once, with the group
            self._pid = None


def _watch(reading: int, highest: int) -> NoReturn:
    """The forked watcher: system calls only (the fork copied no other thread, and perhaps locks
    they held)."""
    try:
        os.setpgid(0, 0)
        os.closerange(3, reading)  # another writing end held here would keep the pipe open
        os.closerange(reading + 1, highest)
        while os.read(reading, 1):
            pass
        os.killpg(0, signal.SIGKILL)
    finally:
        os._exit(0)


def _kill_tree(pid: int) -> None:
    with contextlib.suppress(psutil.Error):
        process = psutil.Process(pid)
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
        process.kill()
