"""Size and start-up time of the frozen bundle, against the same program run from source.

    python -m bench.bundle_bench                   # after `make dist`; `make dist-check` runs it
    python -m bench.bundle_bench --cases 5000 --runs 5

Prints the size of dist/casearchive and of its tar.gz, the command line's start, and how long the
window takes on an archive of generated cases until it has opened it and until it has settled
(first results, tags and facets shown: usable). Target: usable in at most 2 s with 20,000 cases.
Each window start gets a fresh copy of the archive, so each takes that day's automatic backup; the
first start is cold (jieba builds its dictionary cache, in a fresh TMPDIR), the others warm.
The archive is built once through `Library.add_cases` (about 15 minutes) and kept in bench/out/.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from archive.library import Library
from archive.migrations import LATEST_VERSION
from archive.model import CaseDraft
from bench.corpus import generate
from search.analysis import ANALYSIS_VERSION

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bundle_harness", ROOT / "tests" / "bundle_harness.py")
harness = sys.modules["bundle_harness"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

TARGET_SECONDS = 2.0
MB = 1024 * 1024


def case_archive(count: int) -> Path:
    """An archive of `count` generated cases, kept in bench/out/ under a key of what shapes it."""
    key = hashlib.sha256(b"|".join([
        (ROOT / "bench" / "corpus.py").read_bytes(), str(LATEST_VERSION).encode(),
        ANALYSIS_VERSION.encode(), str(count).encode()])).hexdigest()[:12]
    folder = ROOT / "bench" / "out" / f"archive-{count}-{key}"
    if not (folder / "complete").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"building an archive of {count:,} cases in {folder} (once) …", flush=True)
        with Library.open(folder / "archive") as library:
            library.cases.add_many(
                CaseDraft(title=r.title, body=r.body, unit=r.unit, tags=r.tags, date=r.date)
                for r in generate(count))
        (folder / "complete").touch()
    return folder / "archive"


def size_on_disk(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def cli_seconds(program: harness.Program, archive: Path, *args: str, runs: int) -> float:
    """Median wall time of a command-line run."""
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        result = program.cli(archive, *args)
        durations.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {result.stderr}")
    return statistics.median(durations)


def window_seconds(program: harness.Program, archive: Path, work: Path,
                   runs: int) -> list[tuple[float, float]]:
    """(opened, settled) for each start; the first in a fresh TMPDIR, the others sharing one."""
    times = []
    for run in range(runs):
        copy = work / f"archive-{run}"
        shutil.copytree(archive, copy, ignore=shutil.ignore_patterns("*.lock"))
        temp = work / ("tmp-cold" if run == 0 else "tmp-warm")
        temp.mkdir(exist_ok=True)
        window = program.start_window(copy, TMPDIR=str(temp))
        try:
            times.append((window.wait_until_opened(), window.wait_until_settled()))
        finally:
            window.close()
        shutil.rmtree(copy)
    return times


def measure(program: harness.Program, archive: Path, work: Path, cases: int, runs: int) -> dict[str, float]:
    """Label → seconds."""
    windows = window_seconds(program, archive, work, runs)
    figures = {
        "command line: --help": cli_seconds(program, work / "unused", "--help", runs=runs),
        f"command line: search, {cases:,} cases": cli_seconds(program, archive, "search", "防汛 预警",
                                                             "--json", runs=runs),
        f"window opened, {cases:,} cases, cold": windows[0][0],
        f"window usable, {cases:,} cases, cold": windows[0][1],
    }
    if runs > 1:
        figures[f"window opened, {cases:,} cases, warm"] = statistics.median(t[0] for t in windows[1:])
        figures[f"window usable, {cases:,} cases, warm"] = statistics.median(t[1] for t in windows[1:])
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=4, help="window starts of each kind; the first is cold")
    args = parser.parse_args(argv)
    if not harness.BUNDLE.is_dir():
        print(f"no bundle at {harness.BUNDLE}: run `make dist` first", file=sys.stderr)
        return 2
    archive = case_archive(args.cases)
    with tempfile.TemporaryDirectory(prefix="casearchive-bundle-bench-") as temp:
        work = Path(temp)
        frozen = harness.Program.frozen(harness.relocate(harness.BUNDLE, work), work / "home-frozen")
        source = harness.Program([sys.executable, str(ROOT / "main.py")], work / "home-source")
        results = {"frozen": measure(frozen, archive, work, args.cases, args.runs),
                   "source": measure(source, archive, work, args.cases, args.runs)}

    print(f"\n{harness.BUNDLE.relative_to(ROOT)}: {size_on_disk(harness.BUNDLE) / MB:.0f} MB")
    for tarball in sorted(harness.BUNDLE.parent.glob("casearchive-*.tar.gz")):
        print(f"{tarball.relative_to(ROOT)}: {tarball.stat().st_size / MB:.0f} MB")
    print(f"\n{'':40} {'frozen':>8} {'source':>8}")
    for label, seconds in results["frozen"].items():
        print(f"{label:40} {seconds:>6.2f} s {results['source'][label]:>6.2f} s")
    usable = max(seconds for label, seconds in results["frozen"].items() if label.startswith("window usable"))
    verdict = "met" if usable <= TARGET_SECONDS else "MISSED"
    print(f"\ntarget: window usable in ≤ {TARGET_SECONDS:.0f} s with the bundle ({usable:.2f} s): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
