"""LibreOffice, headless: the one way to read old Word/WPS files and to write PDF without Word."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
from pathlib import Path

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


def convert(office: str, source: Path, target_format: str, outdir: Path, profile: Path,
            timeout: float) -> int:
    """Run one conversion in a private profile (a LibreOffice the user has open neither takes the
    job nor blocks it); returns the exit status, OfficeTimeout when it takes too long."""
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target_format, "--outdir", str(outdir), str(source)]
    # Its own process group: soffice is a launcher, and on a timeout the real worker must end too.
    posix = os.name == "posix"
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=posix)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise OfficeTimeout from None
    if process.returncode:
        log.warning("LibreOffice failed on %s (%s): %s", source, process.returncode,
                    errors.decode(errors="replace")[-500:])
    return process.returncode
