"""Peak memory of the window after 300 searches typed into it, at 100,000 cases (issue 17: ≤ 600 MB).

    python -m bench.memory_bench                        # an archive of 100,000 generated cases
    python -m bench.memory_bench --cases 20000          # a smaller one
    python -m bench.memory_bench --archive DIR --cases N  # an archive of N cases made before (kept)

Each measure runs in a fresh process (offscreen). The window opens the archive, then each query
is typed into its search box and the results shown before the next; the queries are the search
benchmark's, drawn from the same generated cases (`bench.speed_queries`). Beside it, the same
searches through `Library.search` in a process without Qt: what the window adds to the library.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import generate
from bench.speed_queries import draw
from bench.startup_bench import make_archive

ROOT = Path(__file__).resolve().parents[1]
QUERIES = 300
TARGET_MB = 600


def _memory_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak (VmHWM: not getrusage, whose maximum a
    forked process inherits from its parent)."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return {name: int(re.search(rf"{name}:\s+(\d+) kB", status).group(1)) / 1024
            for name in ("VmRSS", "VmHWM")}


def serve_window(archive: Path, queries: list[str]) -> dict:
    from bench.stall_bench import wait_until, window_on

    with tempfile.TemporaryDirectory() as scratch, window_on(archive, Path(scratch)) as window:
        idle = lambda: not window.searching._search_timer.isActive() and not window.runner.is_busy()  # noqa: E731
        wait_until(idle)
        opened = _memory_mb()
        shown = 0
        for query in queries:
            window.search_bar.search_box.setText(query)
            wait_until(idle)
            shown += window.searching.results.rowCount() > 0
        return {"opened": opened, "searched": _memory_mb(), "with results": shown}


def serve_library(archive: Path, queries: list[str]) -> dict:
    from archive.library import Library

    with Library.open(archive) as library:
        opened = _memory_mb()
        shown = sum(library.search(query).total > 0 for query in queries)
        return {"opened": opened, "searched": _memory_mb(), "with results": shown}


def _in_fresh_process(kind: str, archive: Path, query_file: Path) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.memory_bench", "--serve", kind, str(archive),
                             str(query_file)], check=True, capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return json.loads(output.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--archive", type=Path,
                        help="an archive of --cases generated cases made before (kept)")
    parser.add_argument("--serve", nargs=3, metavar=("KIND", "ARCHIVE", "QUERIES"),
                        help=argparse.SUPPRESS)  # the fresh process that measures one kind
    args = parser.parse_args()
    if args.serve:
        kind, archive, query_file = args.serve
        queries = json.loads(Path(query_file).read_text(encoding="utf-8"))
        serve = serve_window if kind == "window" else serve_library
        print(json.dumps(serve(Path(archive), queries)))
        return
    work = Path(tempfile.mkdtemp(prefix="casearchive-memory-"))
    try:
        records = generate(args.cases, seed=3)
        archive = args.archive
        if archive is None:
            archive = work / "archive"
            start = time.perf_counter()
            make_archive(archive, args.cases)
            print(f"archive of {args.cases:,} generated cases made in {time.perf_counter() - start:.0f} s")
        queries = [query for _, query in draw(records)][:QUERIES]
        query_file = work / "queries.json"
        query_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        del records
        runs = {kind: _in_fresh_process(kind, archive, query_file) for kind in ("window", "library")}
        print(f"Memory at {args.cases:,} cases, {len(queries)} searches (resident, MB; target for the window "
              f"≤ {TARGET_MB} MB at its peak)")
        print(f"{'process':<34}{'opened':>10}{'after the searches':>20}{'peak':>10}"
              f"{'searches with hits':>20}")
        labels = {"window": "the window (typed into its box)", "library": "Library.search, no Qt"}
        for kind, label in labels.items():
            run = runs[kind]
            print(f"{label:<34}{run['opened']['VmRSS']:>10.0f}{run['searched']['VmRSS']:>20.0f}"
                  f"{run['searched']['VmHWM']:>10.0f}{run['with results']:>20}")
        peak = runs["window"]["searched"]["VmHWM"]
        print(f"the window's peak: {peak:.0f} MB — {'within' if peak <= TARGET_MB else 'OVER'} the target")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
