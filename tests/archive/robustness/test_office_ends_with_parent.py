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
from processes import marked, wait_for

from archive import office, partfiles
from archive.library import CaseDraft, Library

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "tests" / "fixtures" / "corpus" / "dev" / "029-doc-supply.doc"
BODY = "一、基本情况\n\n" + "某市汛期降雨偏多四成，城区内涝风险高，市气象局与应急管理局建立叫应机制。" * 60 + "\n"

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="counts processes in /proc")
needs_office = pytest.mark.skipif(office.find_office() is None, reason="LibreOffice is not installed")

# A stand-in for soffice: a launcher whose worker is a grandchild, as soffice.bin is.
_LAUNCHER = "#!/bin/sh\nsh -c 'sleep 600' &\nwait\n"
_CONVERTING = """
import sys
from pathlib import Path
from archive import office
folder = Path(sys.argv[2])
office.convert(sys.argv[1], folder / "in.docx", "pdf", folder, folder / "profile", float(sys.argv[3]))
"""


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


@pytest.fixture
def launcher(tmp_path: Path) -> Path:
    path = tmp_path / "soffice"
    path.write_text(_LAUNCHER)
    path.chmod(0o755)
    return path


def test_what_the_launcher_started_ends_when_the_converting_process_is_killed(launcher, tmp_path):
    marker = uuid.uuid4().hex
    process = subprocess.Popen([sys.executable, "-c", _CONVERTING, str(launcher), str(tmp_path), "600"],
                               cwd=ROOT, env={**os.environ, "CASEARCHIVE_OFFICE_TEST": marker})
    try:
        assert wait_for(lambda: "sleep" in marked(marker).values(), 60), marked(marker)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert wait_for(lambda: not marked(marker), 2), marked(marker)
    finally:
        for pid in marked(marker):
            os.kill(pid, signal.SIGKILL)


def test_a_conversion_past_its_time_ends_what_the_launcher_started(launcher, tmp_path, monkeypatch):
    marker = uuid.uuid4().hex
    monkeypatch.setenv("CASEARCHIVE_OFFICE_TEST", marker)
    with pytest.raises(office.OfficeTimeout):
        office.convert(str(launcher), tmp_path / "in.docx", "pdf", tmp_path, tmp_path / "profile", 1)
    assert marked(marker) == {}


@needs_office
def test_a_killed_pdf_export_leaves_no_libreoffice(run_killed, tmp_path: Path):
    archive, run = run_killed
    with Library.open(archive) as library:
        ids = [library.cases.add(CaseDraft(f"第{n}号叫应机制经验材料", BODY)).id for n in range(80)]
    out = tmp_path / "out"
    out.mkdir()
    assert run("export", *ids, "--out", str(out / "简报.pdf")) == {}
    assert list(out.iterdir()) == []


@needs_office
def test_a_killed_import_converting_a_doc_leaves_no_libreoffice(run_killed, tmp_path: Path):
    archive, run = run_killed
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(DOC, inbox / "旧文档.doc")
    assert run("import", str(inbox)) == {}
