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
import warnings
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
    ends with the conversion, and with this process however it ends (`_ending_with_this_process`)."""
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target_format, "--outdir", str(outdir), str(source)]
    # Its temporary files beside the profile: a killed LibreOffice's go with the caller's folder.
    temporary = profile.with_name(f"{profile.name}-tmp")
    temporary.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, **dict.fromkeys(("TMPDIR", "TMP", "TEMP"), str(temporary))}
    with _ending_with_this_process() as ending:
        with _unlimited_memory():
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env=environment, **ending.popen_arguments())
        ending.started(process)
        try:
            _, errors = process.communicate(timeout=timeout)
        except BaseException as error:  # a timeout, or the reader's own deadline: soffice ends too
            ending.end()
            process.communicate()
            if isinstance(error, subprocess.TimeoutExpired):
                raise OfficeTimeout from None
            raise
    if process.returncode:
        log.warning("LibreOffice failed on %s (%s): %s", source, process.returncode,
                    errors.decode(errors="replace")[-500:])
    return process.returncode


def _ending_with_this_process() -> _GroupWatcher | _KillOnCloseJob:
    """What ends LibreOffice with the conversion, and with this process however it ends: a killed
    process runs no clean-up of its own, and `soffice` is a launcher (a script, then `oosplash`,
    then `soffice.bin`), so no signal given to the first process alone reaches the worker."""
    return _GroupWatcher() if os.name == "posix" else _KillOnCloseJob()


class _GroupWatcher:
    """POSIX: a forked watcher leads a new process group, in which LibreOffice starts; it blocks on
    a pipe of which only this process holds the writing end, and when that end closes — the
    conversion is over, or this process died — it kills the whole group, itself included."""

    def __init__(self) -> None:
        self._pid: int | None = None
        self._pipe = -1

    def __enter__(self) -> _GroupWatcher:
        reading, self._pipe = os.pipe()
        highest = os.sysconf("SC_OPEN_MAX")
        with warnings.catch_warnings():
            # Python 3.12 warns of forking a process with threads: the child makes system calls only.
            warnings.simplefilter("ignore", DeprecationWarning)
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
        if sys.version_info >= (3, 11):
            return {"process_group": self._pid}
        return {"preexec_fn": functools.partial(os.setpgid, 0, self._pid)}

    def started(self, process: subprocess.Popen) -> None:
        """It is in the group from its first instruction: nothing to do."""

    def end(self) -> None:
        """Kill the group now."""
        if self._pid is not None:
            os.close(self._pipe)
            with contextlib.suppress(ChildProcessError):  # already reaped where SIGCHLD is ignored
                os.waitpid(self._pid, 0)  # it ends at once, with the group
            self._pid = None

    def __exit__(self, *exc_info: object) -> None:
        self.end()


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


class _KillOnCloseJob:
    """Windows: LibreOffice starts suspended, joins a job object that kills every process in it when
    its one handle, this process's, closes — the conversion is over, or this process died — and is
    then resumed; what it starts joins the job with it. Where Windows refuses the job, a failed
    conversion still kills what LibreOffice started (a killed caller leaves it running)."""

    _CREATE_SUSPENDED = 0x4

    def __init__(self) -> None:
        self._job: int | None = None
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> _KillOnCloseJob:
        self._job = _kill_on_close_job()
        return self

    def popen_arguments(self) -> dict:
        return {"creationflags": self._CREATE_SUSPENDED} if self._job else {}

    def started(self, process: subprocess.Popen) -> None:
        self._process = process
        if self._job:
            try:
                _assign_to_job(self._job, process.pid)
            finally:
                psutil.Process(process.pid).resume()

    def end(self) -> None:
        if self._job:
            _kernel32().CloseHandle(self._job)
            self._job = None
        elif self._process is not None:
            _kill_tree(self._process.pid)

    def __exit__(self, *exc_info: object) -> None:
        if self._job:
            self.end()


def _kill_tree(pid: int) -> None:
    with contextlib.suppress(psutil.Error):
        process = psutil.Process(pid)
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
        process.kill()


# Windows job objects, through ctypes (no dependency). Constants and layouts from the Win32 docs.
_JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
_JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
_PROCESS_SET_QUOTA_AND_TERMINATE = 0x0100 | 0x0001


@functools.cache
def _kernel32():  # a ctypes library: Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.CreateJobObjectW.argtypes = (wintypes.LPVOID, wintypes.LPCWSTR)
    kernel32.SetInformationJobObject.argtypes = (wintypes.HANDLE, ctypes.c_int, wintypes.LPVOID,
                                                 wintypes.DWORD)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.AssignProcessToJobObject.argtypes = (wintypes.HANDLE, wintypes.HANDLE)
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    return kernel32


def _kill_on_close_job() -> int | None:
    """A new job object that kills its processes when its last handle closes; None if refused."""
    import ctypes

    class BasicLimits(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", ctypes.c_uint32), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", ctypes.c_uint32),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", ctypes.c_uint32),
                    ("SchedulingClass", ctypes.c_uint32)]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", ctypes.c_uint64 * 6),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

    kernel32 = _kernel32()
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        log.warning("no job object for LibreOffice (error %d)", ctypes.get_last_error())
        return None
    limits = ExtendedLimits()
    limits.BasicLimitInformation.LimitFlags = _JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    if not kernel32.SetInformationJobObject(job, _JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                            ctypes.byref(limits), ctypes.sizeof(limits)):
        log.warning("job object for LibreOffice refused its limit (error %d)", ctypes.get_last_error())
        kernel32.CloseHandle(job)
        return None
    return job


def _assign_to_job(job: int, pid: int) -> None:
    import ctypes

    kernel32 = _kernel32()
    process = kernel32.OpenProcess(_PROCESS_SET_QUOTA_AND_TERMINATE, False, pid)
    if not process or not kernel32.AssignProcessToJobObject(job, process):
        log.warning("LibreOffice (%d) not in its job object (error %d): it may outlive a killed caller",
                    pid, ctypes.get_last_error())
    if process:
        kernel32.CloseHandle(process)
