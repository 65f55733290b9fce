"""Crash soak: many SIGKILLs during batch imports and edits, plus cold `main.py import` processes.

    python -m bench.crash_bench [--trials 200] [--cold 20]

Prints trials, saves reported and cases lost (must be 0) for each kind; exits 1 on any loss.
The short version runs in the tests (tests/archive/robustness/test_crash.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "crash_harness", ROOT / "tests" / "archive" / "robustness" / "crash_harness.py")
harness = sys.modules["crash_harness"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)


def cold_import_trial(folder: Path, rng: random.Random) -> harness.TrialResult:
    """`python main.py --archive DIR import IN --json`, killed at a random moment of its whole run."""
    started = time.monotonic()
    files = harness.write_inputs(folder / "in", 24, f"冷启动{folder.name}")
    titles = {p.name: p.read_text(encoding="utf-8").split("\n", 1)[0] for p in files}
    with subprocess.Popen([sys.executable, "main.py", "--archive", str(folder / "archive"), "import",
                           str(folder / "in"), "--json"], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, start_new_session=True) as process:
        try:
            out, _ = process.communicate(timeout=rng.uniform(0.5, 12.0))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, _ = process.communicate()
    lines = []
    if process.returncode == 0 and out:
        paths = {e["path"] for e in json.loads(out)["imported"]}
        lines = [f"saved {Path(p).name}" for p in paths]
    result = harness.check_archive(folder / "archive", "import", lines, titles)
    result.kind = "cold import"
    result.seconds = time.monotonic() - started
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200, help="warm trials (half imports, half edits)")
    parser.add_argument("--cold", type=int, default=20, help="cold main.py import trials")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results = []
    with tempfile.TemporaryDirectory() as temp:
        zygote = harness.Zygote()
        try:
            for number in range(args.trials):
                kind = ("import", "edit")[number % 2]
                delay = {"import": 0.6, "edit": 1.5}[kind]
                results.append(harness.run_trial(zygote, kind, Path(temp, f"{kind}-{number}"), rng, delay))
        finally:
            zygote.close()
        for number in range(args.cold):
            results.append(cold_import_trial(Path(temp, f"cold-{number}"), rng))
    print(f"{'kind':<12} {'trials':>6} {'saves':>7} {'lost':>5} {'index off':>9} {'orphans':>7} "
          f"{'problems':>8} {'s/trial':>7}")
    for kind in ("import", "edit", "cold import"):
        mine = [r for r in results if r.kind == kind]
        if mine:
            print(f"{kind:<12} {len(mine):>6} {sum(r.reported_saved for r in mine):>7} "
                  f"{sum(len(r.lost) for r in mine):>5} {sum(r.index_out_of_step for r in mine):>9} "
                  f"{sum(r.orphan_files_removed for r in mine):>7} {sum(bool(r.problems) for r in mine):>8} "
                  f"{sum(r.seconds for r in mine) / len(mine):>7.2f}")
    failed = [r for r in results if r.lost or r.problems]
    for result in failed:
        print(f"FAILED {result.kind}: lost {result.lost} problems {result.problems}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
