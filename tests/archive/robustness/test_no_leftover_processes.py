"""Killing an import (SIGKILL to the importing process alone, not its group) leaves no process
behind: the readers watch a pipe from it, the fork server and resource tracker follow. Nor a
folder for good: multiprocessing's temporary folder is a held `casearchive-mp-*` (never a
`pymp-*`), which the next opening of an archive removes."""

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

from archive.partfiles import LOCKING_SECONDS

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="counts processes in /proc")

TRIALS = 3


def folders(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.is_dir())


@pytest.mark.parametrize("trial", range(TRIALS))
def test_killing_an_import_leaves_no_process_behind(tmp_path, trial):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(60):
        (inbox / f"{number}.txt").write_text(f"第{number}号案例\n\n" + "防汛叫应机制。" * 3000, encoding="utf-8")
    # A short path: the fork server's socket is made in it.
    temporary = Path(tempfile.mkdtemp(prefix="kill-"))
    cache = Path(tempfile.gettempdir(), "jieba.cache")  # jieba's dictionary cache: not rebuilt here
    if cache.is_file():
        shutil.copy(cache, temporary)
    marker = f"CASEARCHIVE_KILL_TEST={uuid.uuid4().hex}"
    name, value = marker.split("=")
    environment = {**os.environ, name: value, "TMPDIR": str(temporary)}
    command = [sys.executable, "-c", "import sys; from archive.cli import main; sys.exit(main())",
               "--archive", str(tmp_path / "archive"), "import", str(inbox)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # The importing process, the fork server, the resource tracker and two readers.
        assert wait_for(lambda: len(marked(marker)) >= 4, 180), marked(marker)
        time.sleep(0.2 * trial)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert wait_for(lambda: not marked(marker), 10), f"left running: {sorted(marked(marker))}"
        [folder] = folders(temporary)  # jieba's dictionary cache, a file, may be there too
        assert folder.startswith("casearchive-mp-")
        # The next opening comes later: a lock file younger than LOCKING_SECONDS (the import may be
        # killed within them) is taken for one its process has just made, never for stale.
        aged = time.time() - LOCKING_SECONDS - 1
        for held in (temporary / folder).iterdir():
            os.utime(held, (aged, aged))
        subprocess.run(command[:5] + ["list"], env=environment, stdout=subprocess.DEVNULL, check=True)
        assert folders(temporary) == []
    finally:
        for pid in marked(marker):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(temporary)
