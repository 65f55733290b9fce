"""Older Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice when it is installed."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from archive.errors import ImportFailure
from archive.importers import limits

log = logging.getLogger(__name__)


def find_office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(name: str, data: bytes) -> bytes:
    """The .docx LibreOffice makes of `data`; ImportFailure when it is missing or gives up."""
    office = find_office()
    if office is None:
        raise ImportFailure(f"「{name}」是旧版 Word/WPS 文档，需要 LibreOffice 才能导入，但本机未安装。"
                            "请安装 LibreOffice，或在 Word/WPS 中另存为 .docx 后再导入。")
    with tempfile.TemporaryDirectory(prefix="casearchive-convert-") as work:
        # A fixed ASCII name: LibreOffice mishandles some characters in paths on some platforms.
        source = Path(work, "input" + Path(name).suffix.lower())
        source.write_bytes(data)
        # A private profile, so a LibreOffice the user has open does not take the job (or block it).
        profile = Path(work, "profile").as_uri()
        command = [office, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", work, str(source)]
        _run(name, command)
        converted = source.with_suffix(".docx")
        if not converted.is_file():
            raise ImportFailure(f"「{name}」已损坏或不是 Word/WPS 文档：LibreOffice 无法转换")
        return converted.read_bytes()


def _run(name: str, command: list[str]) -> None:
    # Its own process group: `soffice` is a launcher, and on a timeout the real worker must die too.
    posix = os.name == "posix"
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=posix)
    try:
        _, errors = process.communicate(timeout=limits.CONVERSION_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise ImportFailure(f"「{name}」转换超时（超过 {limits.CONVERSION_TIMEOUT_SECONDS} 秒），"
                            "文件可能已损坏") from None
    if process.returncode:
        log.warning("LibreOffice failed on %s (%s): %s", name, process.returncode,
                    errors.decode(errors="replace")[-500:])
