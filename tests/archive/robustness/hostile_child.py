"""The hostile gallery's warm process: `python hostile_child.py` loads and warms once what the cases
need (the readers, their fork server, the index, packing), prints `ready`, then for each line
`CASE<TAB>FOLDER` it reads builds the input (not timed), does what a user would do with it, and
prints one JSON line: seconds, peak resident MB of this process (VmHWM, restarted for the case)
and the outcome. Start-up and imports are paid once, not by each case."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path

import hostile_inputs as inputs
import psutil

from archive.errors import ArchiveError
from archive.library import CaseDraft, Library, NewFile

FLOOD = CaseDraft("叫应机制筑牢防汛第一道防线", "一、主要做法\n\n暴雨预警直达基层责任人。\n", unit="某市气象局")


def _import(build: Callable[[Path], Path]) -> Callable[[Library, Path], Callable[[], str]]:
    def prepare(library: Library, folder: Path) -> Callable[[], str]:
        path = build(folder)

        def run() -> str:
            report = library.import_paths([path])
            return json.dumps({"imported": len(report.imported), "failed": [f["error"] for f in report.failed]},
                              ensure_ascii=False)
        return run
    return prepare


def _docx_inflating(folder: Path) -> Path:
    from archive.importers import limits

    words = "flood warning drill " * (1 << 16)
    paragraph = f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>"
    path = folder / "膨胀.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         'wordprocessingml/2006/main"><w:body>'
                         + paragraph * (limits.MAX_DOCX_XML_BYTES // len(paragraph) + 2)
                         + "</w:body></w:document>")
    return path


def _fifo_folder(folder: Path) -> Path:
    inbox = folder / "inbox"
    inbox.mkdir()
    os.mkfifo(inbox / "a.txt")
    (inbox / "b.txt").write_text("防汛案例\n\n市气象局建立叫应机制。", encoding="utf-8")
    return inbox


def _package(library: Library, folder: Path, edit: Callable[[dict, dict, dict], None] | None) -> Path:
    """A real package of one case, its members edited by `edit(manifest, case_json, members)`
    (a member may be a callable making its bytes, so large ones are made one at a time) and its
    checksums recomputed, so that only the intended defect remains."""
    with Library.open(folder / "source") as source:
        case = source.cases.add(FLOOD, attachments=[NewFile("现场照片.png", b"\x89PNG picture")])
        source.packages.pack([case.id], folder / "real.zip")
    with zipfile.ZipFile(folder / "real.zip") as real:
        members = {i.filename: real.read(i) for i in real.infolist()}
    manifest = json.loads(members.pop("manifest.json"))
    name = f"{manifest['cases'][0]['path']}/case.json"
    meta = json.loads(members[name])
    if edit:
        edit(manifest, meta, members)
    members[name] = json.dumps(meta).encode()
    manifest["files"] = {}
    out = folder / "交流包.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for member, content in members.items():
            data = content() if callable(content) else content
            manifest["files"][member] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            package.writestr(member, data)
        package.writestr("manifest.json", json.dumps(manifest))
    return out


_ALMOST_A_MEBIBYTE = bytes((1 << 20) - 1)


def _many_members(manifest: dict, meta: dict, members: dict) -> None:
    """600 attachments of just under 1 MiB (the ratio rule starts at 1 MiB): 600 MiB from a small zip."""
    folder = manifest["cases"][0]["path"]
    digest = hashlib.sha256(_ALMOST_A_MEBIBYTE).hexdigest()
    for number in range(600):
        path = f"attachments/big-{number:03}.bin"
        members[f"{folder}/{path}"] = lambda: _ALMOST_A_MEBIBYTE
        meta["attachments"].append({"name": f"数据{number:03}.bin", "path": path, "size": len(_ALMOST_A_MEBIBYTE),
                                    "sha256": digest, "mime": ""})


def _lone_surrogate(manifest: dict, meta: dict, members: dict) -> None:
    meta["title"] = "防汛\ud800案例"


def _escaping_path(manifest: dict, meta: dict, members: dict) -> None:
    members["../../escaped.txt"] = b"outside"


def _unpack(edit: Callable[[dict, dict, dict], None] | None) -> Callable[[Library, Path], Callable[[], str]]:
    def prepare(library: Library, folder: Path) -> Callable[[], str]:
        package = _package(library, folder, edit)
        return lambda: _outcome(lambda: library.packages.unpack(package).to_json())
    return prepare


def _fifo_package(library: Library, folder: Path) -> Callable[[], str]:
    os.mkfifo(folder / "p.zip")
    return lambda: _outcome(lambda: library.packages.unpack(folder / "p.zip").to_json())


def _outcome(action: Callable[[], object]) -> str:
    try:
        return json.dumps(action(), ensure_ascii=False, default=str)[:300]
    except ArchiveError as error:
        return f"refused: {error}"


def _search(query: str) -> Callable[[Library, Path], Callable[[], str]]:
    def prepare(library: Library, folder: Path) -> Callable[[], str]:
        library.cases.add(FLOOD)
        return lambda: _outcome(lambda: library.search(query).total)
    return prepare


def _add(draft: CaseDraft) -> Callable[[Library, Path], Callable[[], str]]:
    return lambda library, folder: lambda: _outcome(lambda: library.cases.add(draft).id)


CASES: dict[str, Callable[[Library, Path], Callable[[], str]]] = {
    "pdf: 50 pages share a 5 MB stream": _import(lambda f: inputs.shared_stream_pdf(f / "共享.pdf")),
    "text: 45 MB": _import(lambda f: inputs.long_text(f / "超长.txt")),
    "text: 200,000 characters": _import(lambda f: inputs.text_near_the_body_limit(f / "长文.txt", 200_000)),
    "docx: text XML inflates past 16 MB": _import(_docx_inflating),
    **{f"docx: damaged cell, {name}": _import(lambda f, cell=cell: inputs.docx_with_cell(f / "表格.docx", cell))
       for name, cell in inputs.DAMAGED_CELLS.items()},
    "folder: a FIFO named a.txt": _import(_fifo_folder),
    "package: 600 members just under 1 MiB": _unpack(_many_members),
    "package: a lone surrogate": _unpack(_lone_surrogate),
    "package: a path out of the folder": _unpack(_escaping_path),
    "package: a FIFO": _fifo_package,
    "query: 10,000 characters": _search("防汛演练" * 2500),
    "query: byte 0xFF": _search(os.fsdecode(b"\xff\xe9\x98\xb2\xe6\xb1\x9b")),
    "case: 50,000 tags": _add(CaseDraft("标签很多", "正文", tags=tuple(f"标签{n}" for n in range(50_000)))),
    "case: body past the limit": _add(CaseDraft("很长", "防汛" * 600_000)),
}


def _forget_peak() -> None:
    """Linux: restart the peak resident size, so the figure is the case's, not the set-up's."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_megabytes() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource  # not Linux: the same figure, from the kernel's accounting

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 1 << 20)


def _warm_up() -> None:
    """One harmless run of each kind of case, untimed: what any case loads on first use is loaded."""
    Library.load_importers()
    Library.load_keyword_tables()
    folder = Path(tempfile.mkdtemp(prefix="hostile-warm-"))
    try:
        with Library.open(folder / "archive") as library:
            for prepare in (_import(lambda f: inputs.text_near_the_body_limit(f / "正常.txt", 2000)),
                            _unpack(None), _search("防汛"), _add(FLOOD)):
                prepare(library, folder)()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _CpuMeter:
    """CPU seconds of this process and of every process under it (readers, LibreOffice) while a
    case runs: on a busy machine, the seconds the case would take on a quiet one. Processes under
    it are looked at every 20 ms (a reader may end as soon as it has answered), so a few
    milliseconds at each one's end may be missed."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._before = self._look() | {"self": time.process_time()}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def seconds(self) -> float:
        self._stop.set()
        self._thread.join()
        after = self._look() | {"self": time.process_time()}
        return sum(spent - self._before.get(key, 0.0) for key, spent in {**self._seen, **after}.items())

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self._seen.update(self._look())

    @staticmethod
    def _look() -> dict:
        spent = {}
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                times = child.cpu_times()
                spent[child.pid, child.create_time()] = times.user + times.system
        return spent


def _wait_for_earlier_readers(seconds: float = 10) -> None:
    """Until the readers of earlier cases (the fork server's children, which end by themselves once
    their import is over) have gone: they would take this case's CPU."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(psutil.Error):
            if all(p.ppid() == os.getpid() for p in psutil.Process().children(recursive=True)):
                return
        time.sleep(0.05)


def run_case(case: str, folder: Path) -> dict:
    _wait_for_earlier_readers()
    with Library.open(folder / "archive") as library:
        run = CASES[case](library, folder)
        _forget_peak()
        started, meter = time.monotonic(), _CpuMeter()
        outcome = run()
        seconds, cpu = time.monotonic() - started, meter.seconds()
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": _peak_megabytes(), "outcome": outcome}


def main() -> None:
    _warm_up()
    print("ready", flush=True)
    for line in sys.stdin:
        case, folder = line.rstrip("\n").split("\t")
        try:
            figures = run_case(case, Path(folder))
        except Exception:  # the test fails on it, with the trace to read
            figures = {"error": traceback.format_exc()}
        print(json.dumps(figures, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
