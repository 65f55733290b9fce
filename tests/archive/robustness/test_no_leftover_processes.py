"""Killing an import (SIGKILL to the importing process alone, not its group) leaves no process
behind: the readers watch a pipe from it, the fork server and resource tracker follow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="counts processes in /proc")

TRIALS = 3


def marked(marker: str) -> set[int]:
    """Processes whose environment carries `marker` (children inherit it)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    status = (entry / "status").read_text()
                    if "\nState:\tZ" not in status:  # a zombie has ended, its parent not told yet
                        found.add(int(entry.name))
            except OSError:
                pass
    return found


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.parametrize("trial", range(TRIALS))
def test_killing_an_import_leaves_no_process_behind(tmp_path, trial):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(60):
        (inbox / f"{number}.txt").write_text(f"第{number}号案例\n\n" + "防汛叫应机制。" * 3000, encoding="utf-8")
    marker = f"CASEARCHIVE_KILL_TEST={uuid.uuid4().hex}"
    name, value = marker.split("=")
    command = [sys.executable, "-c", "import sys; from archive.cli import main; sys.exit(main())",
               "--archive", str(tmp_path / "archive"), "import", str(inbox)]
    process = subprocess.Popen(command, env={**os.environ, name: value},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # The importing process, the fork server, the resource tracker and two readers.
        assert wait_for(lambda: len(marked(marker)) >= 4, 60), marked(marker)
        time.sleep(0.2 * trial)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert wait_for(lambda: not marked(marker), 10), f"left running: {sorted(marked(marker))}"
    finally:
        for pid in marked(marker):
            os.kill(pid, signal.SIGKILL)
