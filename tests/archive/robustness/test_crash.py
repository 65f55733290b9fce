"""SIGKILL during a batch import and during edits: nothing reported saved is lost (issue 7).

50+ trials in about half a minute; `python -m bench.crash_bench` runs the long soak, including
cold `main.py import` processes.
"""

from __future__ import annotations

import logging
import random
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from crash_harness import TrialResult, Zygote, run_trial

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")

log = logging.getLogger(__name__)

TRIALS = {"import": 25, "edit": 25}
# Kill moments spread over the whole run (an import is killed after a random number of its saves,
# then this much later at most); the per-trial save counts printed show where they landed.
MAX_DELAY = {"import": 0.05, "edit": 0.8}


def test_killing_the_process_never_loses_a_reported_save(tmp_path: Path, capsys):
    rng = random.Random(20261123)
    zygote = Zygote()
    try:
        plan = [(kind, number) for kind, count in TRIALS.items() for number in range(count)]
        rng.shuffle(plan)
        seeds = [random.Random(rng.randrange(1 << 30)) for _ in plan]
        with ThreadPoolExecutor(max_workers=2) as pool:
            results: list[TrialResult] = list(pool.map(
                lambda item: run_trial(zygote, item[0][0], tmp_path / f"{item[0][0]}-{item[0][1]}",
                                       item[1], MAX_DELAY[item[0][0]]),
                zip(plan, seeds, strict=True)))
    finally:
        zygote.close()
    for kind in TRIALS:
        mine = [r for r in results if r.kind == kind]
        with capsys.disabled():
            print(f"\ncrash test, {kind}: {len(mine)} trials, "
                  f"{sum(r.reported_saved for r in mine)} saves reported "
                  f"(per trial: {sorted(r.reported_saved for r in mine)}), "
                  f"{sum(len(r.lost) for r in mine)} lost, "
                  f"{sum(r.index_out_of_step for r in mine)} left the index out of step (reconciled), "
                  f"{sum(r.orphan_files_removed for r in mine)} left orphan files (repaired), "
                  f"{sum(bool(r.problems) for r in mine)} with problems")
    assert [r.lost for r in results if r.lost] == []
    assert [r.problems for r in results if r.problems] == []
