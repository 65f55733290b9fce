"""Kill a process with SIGKILL in the middle of a batch import or an edit, then check the archive.

A warm "zygote" process (modules loaded, jieba's tables read) forks one child per trial, so a
trial costs a fork instead of five seconds of start-up. Each child is a real process working on
its own archive through `Library`; it writes "saved …" to its log only after a save returned.
The killer waits for "ready", sleeps a random moment and kills the child's whole process group.
Then the archive is reopened: every case reported saved must be there (with at least the reported
content), the database must pass its integrity check, and the index must reconcile with the store.

Used by tests/archive/robustness/test_crash.py (short) and bench/crash_bench.py (long soak).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_VERSION = re.compile(r"版本号：(\d+)")


@dataclass
class TrialResult:
    kind: str
    reported_saved: int = 0
    present: int = 0
    lost: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    index_out_of_step: bool = False
    orphan_files_removed: bool = False
    seconds: float = 0.0


# -- the child's work ------------------------------------------------------------------------------

def _log_line(handle: int, text: str) -> None:
    # One write() per line: what reached the kernel survives the SIGKILL.
    os.write(handle, (text + "\n").encode("utf-8"))


def _import_job(job: dict, log: int) -> None:
    from archive.library import Library

    with Library.open(Path(job["archive"])) as library:
        _log_line(log, "ready")
        library.import_paths([Path(p) for p in job["files"]],
                             progress=lambda done, total, name: _log_line(log, f"saved {name}"))
    _log_line(log, "done")


def _edit_job(job: dict, log: int) -> None:
    from archive.library import Library
    from archive.model import CaseDraft, NewFile

    rng = random.Random(job["seed"])
    with Library.open(Path(job["archive"])) as library:
        _log_line(log, "ready")
        ids: list[str] = []
        for version in range(1, 100_000):
            body = f"防汛抗旱经验做法。\n\n版本号：{version}\n"
            when = dt.date(2024, 1 + version % 12, 1)
            if version % 7 == 1:
                case = library.cases.add(
                    CaseDraft(f"编辑测试案例 {len(ids)}", body, tags=("防汛",), date=when),
                    attachments=[NewFile(f"附件{version}.bin", os.urandom(2048))])
                ids.append(case.id)
            else:
                case_id = rng.choice(ids)
                case = library.cases.update(case_id, CaseDraft(
                    f"编辑测试案例 {case_id[:8]}", body, tags=("防汛", f"第{version % 3}组"), date=when))
            _log_line(log, f"saved {case.id} {version}")


def _zygote() -> None:
    """Read jobs (JSON lines) on stdin; fork a child per job; answer with the child's pid."""
    import archive.importers as importers
    import archive.library
    from archive.importers import tagging

    with tempfile.TemporaryDirectory() as warm:
        sample = Path(warm, "warm.txt")
        sample.write_text("预热\n\n防汛抗旱经验做法，粮食安全。\n", encoding="utf-8")
        importers.read_document(sample)
        tagging.keywords("防汛抗旱")
        # The first save also loads the index's analysis tables: do it once, here. Not by importing:
        # that starts multiprocessing's fork server, which a forked child cannot use (not its child).
        with archive.library.Library.open(Path(warm, "archive")) as library:
            library.cases.add(archive.library.CaseDraft("预热", sample.read_text(encoding="utf-8")))
            library.search("防汛")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    sys.stdout.write("warm\n")
    sys.stdout.flush()
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.setpgrp()  # the killer kills the group: the child and any reader processes it starts
            try:
                log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                {"import": _import_job, "edit": _edit_job}[job["kind"]](job, log)
            except BaseException as error:  # noqa: BLE001 - reported to the killer, who fails the trial
                _log_line(log, f"error {type(error).__name__}: {error}")
            finally:
                os._exit(0)
        sys.stdout.write(json.dumps({"pid": pid}) + "\n")
        sys.stdout.flush()


class Zygote:
    """The warm parent of the trial processes."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, __file__, "zygote"], cwd=ROOT, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        self._lock = threading.Lock()
        if self._process.stdout.readline().strip() != "warm":
            raise RuntimeError("the crash-test zygote did not start")

    def start(self, job: dict) -> int:
        with self._lock:
            self._process.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
            self._process.stdin.flush()
            return json.loads(self._process.stdout.readline())["pid"]

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait(timeout=30)
        self._process.stdout.close()


# -- one trial -------------------------------------------------------------------------------------

def write_inputs(folder: Path, count: int, tag: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"case-{number:02d}.txt"
        path.write_text(f"{tag}第{number}号典型案例\n\n2024年3月{number + 1}日\n\n"
                        f"一、基本情况\n\n{tag}在防汛抗旱工作中探索出第{number}种做法，"
                        f"建立预警叫应机制，编号{number * 7919}。\n", encoding="utf-8")
        paths.append(path)
    return paths


def run_trial(zygote: Zygote, kind: str, folder: Path, rng: random.Random, max_delay: float) -> TrialResult:
    """Start a child doing `kind` ("import" or "edit"), kill it at a random moment, check the archive."""
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    archive, log = folder / "archive", folder / "log.txt"
    job = {"kind": kind, "archive": str(archive), "log": str(log), "seed": rng.randrange(1 << 30)}
    titles: dict[str, str] = {}
    if kind == "import":
        files = write_inputs(folder / "in", 12, f"试验{folder.name}")
        job["files"] = [str(p) for p in files]
        titles = {p.name: p.read_text(encoding="utf-8").split("\n", 1)[0] for p in files}
    pid = zygote.start(job)
    _wait_for_line(log, "ready", timeout=60)
    if kind == "import":
        # Reader processes start first and take a while: kill after a random number of saves,
        # so that the kills land all through the batch, not only before its first file.
        _wait_for_saves(log, rng.randrange(len(titles)), timeout=60)
    time.sleep(rng.uniform(0, max_delay))
    kill_group(pid)
    result = check_archive(archive, kind, _read_log(log), titles)
    result.seconds = time.monotonic() - started
    return result


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return  # it had already finished its work
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    raise RuntimeError(f"process {pid} did not die")


def _wait_for_line(log: Path, line: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = _read_log(log)
        if line in lines:
            return
        if any(entry.startswith("error ") for entry in lines):
            raise RuntimeError(f"the trial process failed: {lines[-1]}")
        time.sleep(0.005)
    raise RuntimeError(f"no '{line}' in {log} after {timeout} s")


def _wait_for_saves(log: Path, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while sum(line.startswith("saved ") for line in _read_log(log)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"fewer than {count} saves in {log} after {timeout} s")
        time.sleep(0.002)


def _read_log(log: Path) -> list[str]:
    # The last line may be cut short by the kill: only whole lines count as reported.
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return [line for line in text.split("\n")[:-1] if line]


def check_archive(archive: Path, kind: str, lines: list[str], titles: dict[str, str]) -> TrialResult:
    """Reopen the archive after the kill and check the three promises."""
    from archive.errors import ArchiveError
    from archive.library import Library

    result = TrialResult(kind)
    result.index_out_of_step = _index_out_of_step(archive)
    with Library.open(archive) as library:
        if library.damage:
            result.problems.append(library.damage)
            return result
        report = library.maintenance.check(repair=True)
        result.orphan_files_removed = any("无主文件" in line for line in report.repaired)
        result.problems += [p.what for p in report.problems]
        if not library.maintenance.check().healthy:
            result.problems.append("check still reports problems after --repair")
        saved = [line.split(" ", 1)[1] for line in lines if line.startswith("saved ")]
        if kind == "import":
            present = {case.title for case in library.iter_cases()}
            result.reported_saved = len(saved)
            result.present = len(present)
            result.lost = [name for name in saved if titles[name] not in present]
            if len(present) != library.case_count() or not present <= set(titles.values()):
                result.problems.append("unexpected or duplicated cases after the import")
        else:
            latest: dict[str, int] = {}
            for entry in saved:
                case_id, version = entry.split(" ")
                latest[case_id] = max(latest.get(case_id, 0), int(version))
            result.reported_saved = len(latest)
            for case_id, version in latest.items():
                try:
                    case = library.get_case(case_id)
                except ArchiveError:
                    result.lost.append(case_id)
                    continue
                stored = int(_VERSION.search(case.body).group(1))
                # One save may have landed after the last line was written, never one fewer.
                if stored < version:
                    result.lost.append(f"{case_id} v{version} (found v{stored})")
                result.present += 1
    return result


def _index_out_of_step(archive: Path) -> bool:
    """Whether the index differed from the store right after the kill (before any repair)."""
    from search.errors import IndexNeedsRebuild
    from search.index import SearchIndex

    if not (archive / "archive.sqlite3").exists():
        return False  # killed before the archive was made: nothing saved, nothing to index
    db = sqlite3.connect(f"{(archive / 'archive.sqlite3').as_uri()}?mode=ro", uri=True)
    try:
        wanted = dict(db.execute("SELECT id, updated_at FROM cases WHERE deleted_at IS NULL"))
    except sqlite3.DatabaseError:
        return True
    finally:
        db.close()
    try:
        index = SearchIndex.open(archive / "index")
    except IndexNeedsRebuild:
        return True
    try:
        return index.versions() != wanted
    finally:
        index.close()


if __name__ == "__main__" and sys.argv[1:] == ["zygote"]:
    _zygote()
