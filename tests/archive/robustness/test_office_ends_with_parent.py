"""LibreOffice ends with the process that started it. A PDF export, or an import converting a .doc,
killed with SIGKILL (that process alone, not its group) while LibreOffice converts leaves no
`soffice.bin`, no watcher and, once the archive is checked, no part file or working folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from archive import office, partfiles
from archive.library import CaseDraft, Library

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "tests" / "fixtures" / "corpus" / "dev" / "029-doc-supply.doc"
BODY = "一、基本情况\n\n" + "某市汛期降雨偏多四成，城区内涝风险高，市气象局与应急管理局建立叫应机制。" * 60 + "\n"

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="counts processes in /proc"),
    pytest.mark.skipif(office.find_office() is None, reason="LibreOffice is not installed"),
]


def marked(marker: str) -> dict[int, str]:
    """The living processes whose environment carries `marker` (children inherit it), by name."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    status = (entry / "status").read_text()
                    if "\nState:\tZ" not in status:  # a zombie has ended, its parent not told yet
                        found[int(entry.name)] = status.split("\n", 1)[0].split("\t")[1]
            except OSError:
                pass
    return found


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def run_killed(tmp_path: Path):
    """Run `main.py ARGS` with a marker, SIGKILL it alone once LibreOffice converts, and return
    what of LibreOffice still runs 2 s later and what else 10 s later; then `check --repair` as the
    next command would."""
    temporary = Path(tempfile.mkdtemp(prefix="office-kill-"))
    marker = uuid.uuid4().hex
    environment = {**os.environ, "CASEARCHIVE_OFFICE_TEST": marker, "TMPDIR": str(temporary)}
    archive = tmp_path / "archive"

    def run(*args: str) -> dict[int, str]:
        process = subprocess.Popen([sys.executable, "main.py", "--archive", str(archive), *args], cwd=ROOT,
                                   env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        converting = wait_for(lambda: "soffice.bin" in marked(marker).values(), 120)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert converting, "LibreOffice never started"
        # Its conversion would go on longer than this; the readers' processes end by themselves.
        wait_for(lambda: "soffice.bin" not in marked(marker).values(), 2)
        office_left = {pid: name for pid, name in marked(marker).items() if name.startswith("soffice")}
        wait_for(lambda: not marked(marker), 10)
        left = {**marked(marker), **office_left}
        time.sleep(partfiles.LOCKING_SECONDS)  # until then an empty lock may be a writer's not yet taken
        subprocess.run([sys.executable, "main.py", "--archive", str(archive), "check", "--repair"], cwd=ROOT,
                       env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        assert [p.name for p in temporary.iterdir() if p.is_dir()] == []
        return left

    try:
        yield archive, run
    finally:
        for pid in marked(marker):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(temporary)


def test_a_killed_pdf_export_leaves_no_libreoffice(run_killed, tmp_path: Path):
    archive, run = run_killed
    with Library.open(archive) as library:
        ids = [library.cases.add(CaseDraft(f"第{n}号叫应机制经验材料", BODY)).id for n in range(80)]
    out = tmp_path / "out"
    out.mkdir()
    assert run("export", *ids, "--out", str(out / "简报.pdf")) == {}
    assert list(out.iterdir()) == []


def test_a_killed_import_converting_a_doc_leaves_no_libreoffice(run_killed, tmp_path: Path):
    archive, run = run_killed
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(DOC, inbox / "旧文档.doc")
    assert run("import", str(inbox)) == {}
