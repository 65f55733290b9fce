"""The hostile gallery: every hostile document, package, query and case inside the documented limits,
handled within 10 s and 1 GB as measured in the process handling it, with a clear outcome and no
traceback. One warm process (hostile_child.py) handles the cases one after another, so that a
case's time is its own, not Python's start-up and imports; a case that overruns its deadline or
kills that process fails, and a fresh one takes the next case. A table of each case's seconds and
peak memory is printed at the end of the run."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hostile_child import CASES

HERE = Path(__file__).resolve().parent
MAX_SECONDS = 10
MAX_MEGABYTES = 1024
DEADLINE_SECONDS = 60
"""Past this a case is stopped: it has failed whatever it would have said."""
START_SECONDS = 300
_FIGURES: dict[str, dict] = {}

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /proc are POSIX")


class WarmProcess:
    """hostile_child.py, started (and warmed) on first use and again after a case that broke it."""

    def __init__(self, errors: Path) -> None:
        self._errors = errors
        self._process: subprocess.Popen | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()

    def run(self, case: str, folder: Path) -> dict:
        if self._process is None:
            self._start()
        self._process.stdin.write(f"{case}\t{folder}\n")
        self._process.stdin.flush()
        line = self._next_line(DEADLINE_SECONDS)
        if line is None:
            self.stop()
            pytest.fail(f"{case}: no answer within {DEADLINE_SECONDS} s or the process died:\n{self._stderr()}")
        return json.loads(line)

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process.stdin.close()
            self._process.stdout.close()
            self._process = None

    def _start(self) -> None:
        self._lines = queue.Queue()
        with self._errors.open("a") as errors:
            self._process = subprocess.Popen(
                [sys.executable, str(HERE / "hostile_child.py")], cwd=HERE, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=errors, text=True)
        threading.Thread(target=self._pump, args=(self._process.stdout, self._lines), daemon=True).start()
        if self._next_line(START_SECONDS) != "ready":
            self.stop()
            pytest.fail(f"the gallery's process did not start:\n{self._stderr()}")

    def _next_line(self, seconds: float) -> str | None:
        try:
            return self._lines.get(timeout=seconds)
        except queue.Empty:
            return None

    @staticmethod
    def _pump(stream, lines: queue.Queue) -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    def _stderr(self) -> str:
        return self._errors.read_text(errors="replace")[-2000:] if self._errors.exists() else ""


@pytest.fixture(scope="module")
def warm(tmp_path_factory, request):
    process = WarmProcess(tmp_path_factory.mktemp("gallery") / "stderr.txt")
    started = time.monotonic()
    yield process
    process.stop()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or not _FIGURES:
        return
    with capture.global_and_fixture_disabled():  # a module's teardown output is captured otherwise
        reporter.write_line(f"\nhostile gallery: {'case':<46} {'seconds':>7} {'cpu s':>6} {'peak MB':>8}")
        for case, figures in _FIGURES.items():
            reporter.write_line(f"{'':17}{case:<46} {figures['seconds']:>7.2f} {figures['cpu_seconds']:>6.2f} "
                                f"{figures['peak_mb']:>8.0f}")
        reporter.write_line(f"{len(_FIGURES)} cases, {sum(f['seconds'] for f in _FIGURES.values()):.1f} s "
                            f"handling them, {time.monotonic() - started:.1f} s with start-up")

@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_is_handled_within_bounds(case: str, tmp_path: Path, warm: WarmProcess):
    figures = warm.run(case, tmp_path)
    assert "error" not in figures, figures.get("error")
    _FIGURES[case] = figures
    assert figures["outcome"] and "Traceback" not in figures["outcome"]
    assert figures["seconds"] <= MAX_SECONDS, figures
    assert figures["peak_mb"] <= MAX_MEGABYTES, figures
