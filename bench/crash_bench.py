"""Crash soak: many SIGKILLs during batch imports and edits, plus cold processes killed during
import, edit, reindex, backup, unpack and export.

    python -m bench.crash_bench [--trials 200] [--cold 20] [--kills 10]

Prints trials, saves reported and cases lost (must be 0) for each kind; for the cold commands also
the processes still running 10 s after the kill (the command's process alone is killed, never its
group; LibreOffice counts) and the files left behind once `check --repair` has run; exits 1 on any
loss or leftover. Import and unpack kills land once the first case is stored; `import .doc` and
`export .pdf` kills land while LibreOffice converts (rows left out when it is not installed).
The short version runs in the tests (tests/archive/robustness/test_crash.py).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
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


KILLED_COMMANDS = ("import", "edit", "reindex", "backup", "unpack", "export", "import .doc", "export .pdf")
_CONVERTING = ("import .doc", "export .pdf")
DOC = ROOT / "tests" / "fixtures" / "corpus" / "dev" / "029-doc-supply.doc"
# What an interrupted write may leave: index staging folders, partial backups, packages, Word files,
# the file store's temporary files, and folders in the command's own temporary folder (the readers'
# and exports' casearchive-*, or multiprocessing's own pymp-*).
LEFTOVER_PATTERNS = ("index.rebuild-*", "index.old-*", "index.not-a-folder-*", "backups/*.partial",
                     "*.restoring", "out/.*.part*", "files/.incoming-*", "tmp/pymp-*", "tmp/tmp*",
                     "tmp/casearchive-*", "tmp/lu*.tmp")
CASES = 40
EDIT_ROUNDS = 1000
# Seconds to the kill from the moment the command is at work: for import and unpack its first
# stored case, for edit its first save, for the conversions LibreOffice's start, else the start.
# An import of 24 files may also finish and report its saves.
_KILL_WINDOW = {"import": (0.0, 4.0), "unpack": (0.0, 3.0), "edit": (0.0, 3.0), "import .doc": (0.0, 2.0),
                "export .pdf": (0.0, 3.0)}


@dataclass
class KillResult:
    kind: str
    saves: int
    lost: int
    processes_left: int
    files_left: list[str]
    stored: int = 0
    """Import and unpack: cases stored before the kill (the command reports its saves only at its
    end): a kill landed while storing when it is above 0."""


def _prepared(temp: Path) -> Path:
    """An archive of CASES cases and a package of other cases, made once and copied per trial."""
    from archive.library import CaseDraft, Library

    base = temp / "prepared"
    with Library.open(base / "other") as other:
        ids = [other.cases.add(CaseDraft(f"交流案例{n}", "交流正文。" * 2000)).id for n in range(CASES)]
        other.packages.pack(ids, base / "package.zip")
    with Library.open(base / "archive") as library:
        for number in range(CASES):
            library.cases.add(CaseDraft(f"本地案例{number}", f"防汛叫应机制第{number}条。" * 3000))
    return base


def _processes_with(marker: str) -> dict[int, str]:
    """The living processes whose environment carries `marker`, by name."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes():
                status = (entry / "status").read_text()
                if "\nState:\tZ" not in status:
                    found[int(entry.name)] = status.split("\n", 1)[0].split("\t")[1]
        except OSError:
            pass
    return found


def _wait_until(process: subprocess.Popen, moment: Callable[[], bool]) -> None:
    """Until `moment()` is true or the command has ended."""
    deadline = time.monotonic() + 300
    while process.poll() is None and not moment() and time.monotonic() < deadline:
        time.sleep(0.02)


def _stored_cases(archive: Path) -> int:
    """The cases in the archive's database, read while the command writes it."""
    try:
        with contextlib.closing(sqlite3.connect(f"{(archive / 'archive.sqlite3').as_uri()}?mode=ro",
                                                uri=True, timeout=0.1)) as db:
            return db.execute("SELECT count(*) FROM cases").fetchone()[0]
    except sqlite3.Error:
        return 0


def killed_command_trial(kind: str, base: Path, folder: Path, rng: random.Random) -> KillResult:
    shutil.copytree(base, folder)
    archive, out = folder / "archive", folder / "out"
    out.mkdir()
    from archive.library import Library

    with Library.open(archive) as library:
        ids = [c.id for c in library.list_cases()]
    harness.write_inputs(folder / "in", 24, f"中断{folder.name}")
    (folder / "tmp").mkdir()
    cache = Path(tempfile.gettempdir(), "jieba.cache")  # jieba's own dictionary cache is no leftover
    if cache.is_file():
        shutil.copy(cache, folder / "tmp")
    if kind == "import .doc":
        for number in range(4):  # identical content: the first converted is stored, the rest skipped
            shutil.copy(DOC, folder / "in" / f"旧文档{number}.doc")
    command = [sys.executable, "main.py", "--archive", str(archive), *{
        "import": ["import", str(folder / "in"), "--json"],
        "import .doc": ["import", str(folder / "in"), "--json"],
        "reindex": ["reindex"], "backup": ["backup"],
        "unpack": ["unpack", str(folder / "package.zip"), "--json"],
        "export": ["export", *ids, "--out", str(out / "汇编.docx")],
        "export .pdf": ["export", *ids, "--out", str(out / "汇编.pdf")]}.get(kind, [])]
    if kind == "edit":
        command = [sys.executable, "-m", "bench.crash_bench", "--edit-archive", str(archive)]
    marker = uuid.uuid4().hex
    # The command's temporary folder is the trial's: what it leaves there is counted, and the
    # `check --repair` below opens the archive with the same one, as the user's next command would.
    environment = {**os.environ, "TMPDIR": str(folder / "tmp")}
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          env={**environment, "CASEARCHIVE_CRASH_BENCH": marker}) as process:
        first = b""
        if kind == "edit":
            first = process.stdout.readline()  # its first save: the kill lands among the edits
        elif kind in _CONVERTING:
            _wait_until(process, lambda: "soffice.bin" in _processes_with(marker).values())
        elif kind in ("import", "unpack"):
            _wait_until(process, lambda: _stored_cases(archive) > CASES)
        try:
            output, _ = process.communicate(timeout=rng.uniform(*_KILL_WINDOW.get(kind, (0.3, 6.0))))
        except subprocess.TimeoutExpired:
            process.kill()  # this process alone: what it started must end by itself
            output, _ = process.communicate()
        output = first + output
    deadline = time.monotonic() + 10
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    stray = _processes_with(marker)
    for pid in stray:
        os.kill(pid, signal.SIGKILL)
    finished = json.loads(output) if process.returncode == 0 and kind.startswith(("import", "unpack")) else {}
    saves = len(finished.get("added" if kind == "unpack" else "imported", []))
    edits = _reported_edits(output.decode()) if kind == "edit" else {}
    subprocess.run([sys.executable, "main.py", "--archive", str(archive), "check", "--repair"], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment, check=False)
    with Library.open(archive) as library:
        present = library.case_count()
        lost = sum(_edit_round(library.get_case(case_id).body) < round_ for case_id, round_ in edits.items())
    files = [str(p.relative_to(folder)) for pattern in LEFTOVER_PATTERNS
             for p in [*archive.glob(pattern), *folder.glob(pattern)]]
    if kind == "edit":
        return KillResult(kind, sum(edits.values()), lost, len(stray), files)
    return KillResult(kind, saves, max(0, CASES + saves - present), len(stray), files, present - CASES)


def _edit_forever(archive: Path) -> None:
    """The killed `edit` command: edit every case in turn, printing each save once it returns."""
    from archive.library import CaseDraft, Library

    with Library.open(archive) as library:
        ids = [c.id for c in library.list_cases()]
        for round_ in range(1, EDIT_ROUNDS):
            for case_id in ids:
                case = library.get_case(case_id)
                body = f"修改第{round_}版\n\n{case.body}"[:20_000]
                library.cases.update(case_id, CaseDraft(case.title, body, tags=(f"第{round_}轮",)))
                print(f"saved {case_id} {round_}", flush=True)


def _reported_edits(output: str) -> dict[str, int]:
    """The last round each case's save was reported for."""
    reported: dict[str, int] = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "saved":
            reported[parts[1]] = int(parts[2])
    return reported


def _edit_round(body: str) -> int:
    first = body.split("\n", 1)[0]
    return int(first[3:-1]) if first.startswith("修改第") and first.endswith("版") else 0


def _kill_rows(results: list[KillResult]) -> int:
    print(f"\n{'killed during':<13} {'trials':>6} {'saves':>6} {'stored':>6} {'lost':>5} "
          f"{'processes left':>14} {'files left':>10}")
    for kind in dict.fromkeys(r.kind for r in results):
        mine = [r for r in results if r.kind == kind]
        stored = sum(r.stored for r in mine) if kind.startswith(("import", "unpack")) else "-"
        print(f"{kind:<13} {len(mine):>6} {sum(r.saves for r in mine):>6} {stored:>6} "
              f"{sum(r.lost for r in mine):>5} {sum(r.processes_left for r in mine):>14} "
              f"{sum(len(r.files_left) for r in mine):>10}")
    bad = [r for r in results if r.lost or r.processes_left or r.files_left]
    for result in bad:
        print(f"FAILED {result.kind}: lost {result.lost}, processes left {result.processes_left}, "
              f"files left {result.files_left}")
    return len(bad)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200, help="warm trials (half imports, half edits)")
    parser.add_argument("--cold", type=int, default=20, help="cold main.py import trials")
    parser.add_argument("--kills", type=int, default=10,
                        help="cold import, edit, reindex, backup, unpack and export trials each")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--minutes", type=float, default=None,
                        help="start no further round of cold kills after this long (a busy machine)")
    parser.add_argument("--edit-archive", type=Path, help=argparse.SUPPRESS)  # the killed edit command
    args = parser.parse_args()
    if args.edit_archive:
        _edit_forever(args.edit_archive)
        return 0
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
        if args.kills:
            base = _prepared(Path(temp))
            killed = []
            from archive import office

            kinds = [k for k in KILLED_COMMANDS if k not in _CONVERTING or office.find_office()]
            stop = time.monotonic() + args.minutes * 60 if args.minutes else None
            for number in range(args.kills):
                if stop and time.monotonic() > stop:
                    print(f"time is up after {number} rounds of cold kills", file=sys.stderr)
                    break
                for kind in kinds:
                    result = killed_command_trial(kind, base, Path(temp, f"{kind}-killed-{number}"), rng)
                    killed.append(result)
                    print(f"killed {kind} #{number + 1}: {result}", file=sys.stderr, flush=True)
    if results:
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
    bad_kills = _kill_rows(killed) if args.kills else 0
    return 1 if failed or bad_kills else 0


if __name__ == "__main__":
    sys.exit(main())
