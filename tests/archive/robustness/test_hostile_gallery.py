"""The hostile gallery: every hostile document, package, query and case inside the documented limits,
each in its own process, handled within 10 s and 1 GB as measured in that process, with a clear
outcome and no traceback. The total time is printed at the end of the run."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_child import CASES

HERE = Path(__file__).resolve().parent
MAX_SECONDS = 10
MAX_MEGABYTES = 1024
_TOTALS: dict[str, float] = {}

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /proc are POSIX")


@pytest.fixture(scope="module", autouse=True)
def total_time(request):
    started = time.monotonic()
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and _TOTALS:
        reporter.write_line(
            f"\nhostile gallery: {len(_TOTALS)} cases, {sum(_TOTALS.values()):.1f} s handling them, "
            f"{time.monotonic() - started:.1f} s with process start-up; slowest "
            f"{max(_TOTALS, key=_TOTALS.get)} ({max(_TOTALS.values()):.1f} s)")


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_is_handled_within_bounds(case: str, tmp_path: Path):
    done = subprocess.run([sys.executable, str(HERE / "hostile_child.py"), case, str(tmp_path)], cwd=HERE,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stdout
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    _TOTALS[case] = figures["seconds"]
    assert figures["outcome"]
    assert figures["seconds"] <= MAX_SECONDS, figures
    assert figures["peak_mb"] <= MAX_MEGABYTES, figures
