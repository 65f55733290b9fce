"""LibreOffice, headless: the one way to read old Word/WPS files and to write PDF without Word."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

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
    job nor blocks it); returns the exit status, OfficeTimeout when it takes too long."""
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target_format, "--outdir", str(outdir), str(source)]
    # Its own process group: soffice is a launcher, and on a timeout the real worker must end too.
    posix = os.name == "posix"
    with _unlimited_memory():
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=posix)
    try:
        _, errors = process.communicate(timeout=timeout)
    except BaseException as error:  # a timeout, or the reader's own deadline: soffice ends too
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        if isinstance(error, subprocess.TimeoutExpired):
            raise OfficeTimeout from None
        raise
    if process.returncode:
        log.warning("LibreOffice failed on %s (%s): %s", source, process.returncode,
                    errors.decode(errors="replace")[-500:])
    return process.returncode
