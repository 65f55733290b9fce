"""Run the frozen bundle (dist/casearchive, built by `make dist`) the way a user's machine would.

The bundle is copied to a fresh folder and started with an almost empty environment (`env -i` plus
PATH, HOME and QT_QPA_PLATFORM), so nothing can come from the source tree, the project's .venv or
the build machine's settings. Used by tests/test_bundle.py and bench/bundle_bench.py; Linux only.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "casearchive"

QUIET_SECONDS, QUIET_TICKS = 0.3, 2
"""The window has settled once its process has used at most 2 clock ticks (20 ms) of processor time
in 0.3 s: it only waits for input."""


def relocate(bundle: Path, folder: Path) -> Path:
    """A copy of the bundle in `folder`; its symbolic links stay links, as in the tar.gz."""
    return Path(shutil.copytree(bundle, folder / bundle.name, symlinks=True))


def clean_environment(home: Path, **extra: str) -> dict[str, str]:
    """What `env -i` leaves, plus a home folder and the headless Qt platform."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}


class Program:
    """One way of starting the app (the bundle's executable, or `python main.py`), with a home
    folder of its own."""

    def __init__(self, command: list[str], home: Path) -> None:
        self.command = command
        self.home = home
        home.mkdir(parents=True, exist_ok=True)

    @classmethod
    def frozen(cls, bundle: Path, home: Path) -> Program:
        return cls([str(bundle / "casearchive")], home)

    @property
    def settings_file(self) -> Path:
        """Where the window keeps its preferences (QSettings, INI, user scope) on Linux."""
        return self.home / ".config" / "CaseArchive" / "CaseArchive.ini"

    def cli(self, archive: Path, *args: str, timeout: float = 120,
            **environment: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.command, "--archive", str(archive), *args],
                              env=clean_environment(self.home, **environment), capture_output=True,
                              text=True, encoding="utf-8", timeout=timeout, check=False)

    def start_window(self, archive: Path, **environment: str) -> RunningWindow:
        self.settings_file.unlink(missing_ok=True)
        return RunningWindow(self.command, clean_environment(self.home, CASEARCHIVE_HOME=str(archive),
                                                             **environment),
                             self.settings_file, self.home / "window.log")


class RunningWindow:
    """The window as a process, observed from outside.

    It has opened its archive and handed it to the window when it records the folder as its last
    archive (`archive/last` in its settings file), which it does as it starts showing the cases.
    """

    def __init__(self, command: list[str], environment: dict[str, str], settings: Path, log: Path) -> None:
        self.settings = settings
        self.log = log
        with log.open("w") as output:
            self.started = time.perf_counter()
            self.process = subprocess.Popen(command, env=environment, stdout=output, stderr=output)

    def wait_until_opened(self, timeout: float = 60) -> float:
        """Seconds from start until the archive was handed to the window."""
        while not self._archive_recorded():
            self._check_running(timeout)
            time.sleep(0.005)
        return time.perf_counter() - self.started

    def wait_until_settled(self, timeout: float = 60) -> float:
        """Seconds from start until the process went quiet after opening: the first results,
        tag counts and facets are shown and the window only waits for input."""
        self.wait_until_opened(timeout)
        samples = deque([(time.perf_counter(), self._cpu_ticks())])
        while True:
            time.sleep(0.02)
            self._check_running(timeout)
            now, ticks = time.perf_counter(), self._cpu_ticks()
            samples.append((now, ticks))
            while len(samples) > 2 and samples[1][0] <= now - QUIET_SECONDS:
                samples.popleft()
            since, ticks_then = samples[0]
            if now - since >= QUIET_SECONDS and ticks - ticks_then <= QUIET_TICKS:
                return since - self.started

    def is_running(self) -> bool:
        return self.process.poll() is None

    def close(self) -> str:
        """Stop the window; returns what it printed."""
        if self.is_running():
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def _archive_recorded(self) -> bool:
        try:
            return "last=" in self.settings.read_text(encoding="utf-8")
        except FileNotFoundError:
            return False

    def _check_running(self, timeout: float) -> None:
        if not self.is_running():
            raise RuntimeError(f"the window exited with status {self.process.returncode}:\n{self.close()}")
        if time.perf_counter() - self.started > timeout:
            raise TimeoutError(f"the window did not settle within {timeout} s:\n{self.close()}")

    def _cpu_ticks(self) -> int:
        """Processor time of all the process's threads so far, in clock ticks (proc(5): utime, stime)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
