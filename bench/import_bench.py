"""Import speed: 1,000 mixed files (text in UTF-8 and GBK, Markdown, web pages, Word, PDF).

    python -m bench.import_bench [--files 1000] [--library]

Reads the files with `read_documents_parallel` in one worker (the baseline) and in two, and
prints files per second. Worker start-up is counted: the first batch of a session also starts the
fork server, which loads the parsers and dictionaries once; later batches fork from it.
`--library` also times `Library.import_paths` (reading, storing and indexing).
"""

from __future__ import annotations

import argparse
import io
import logging
import random
import shutil
import tempfile
import time
from pathlib import Path

from docx import Document

from archive.errors import ImportFailure
from archive.importers import read_documents_parallel

KINDS = ("txt-utf8", "txt-gbk", "md", "html", "docx", "pdf")
TARGET_FILES_PER_SECOND = 20
_TOPICS = ("防汛", "暴雨预警", "夏收", "粮食生产", "冬奥会", "全运会", "党支部联学", "为群众办实事")
_SENTENCES = (
    "{unit}围绕{topic}工作，提前研判，分级预警，确保各项措施落实到位。",
    "今年以来，{unit}坚持人民至上、生命至上，{topic}服务取得明显成效。",
    "一是强化组织领导，成立{topic}工作专班，每日会商，滚动更新预报。",
    "二是加强部门联动，与应急、农业农村等部门共享信息，{topic}信息直达基层。",
    "三是做好宣传引导，通过短信、大喇叭和微信群发布{topic}提示，群众满意度持续提升。",
)


def _case(number: int, rng: random.Random) -> tuple[str, list[str], str]:
    unit = f"{rng.choice('东南西北')}{rng.choice('山川河湖')}县气象局"
    topic = rng.choice(_TOPICS)
    title = f"{unit}{topic}工作经验做法（第{number}号）"
    paragraphs = [rng.choice(_SENTENCES).format(unit=unit, topic=topic) * rng.randint(2, 5)
                  for _ in range(rng.randint(4, 9))]
    return title, paragraphs, unit


def write_files(folder: Path, count: int) -> list[Path]:
    rng = random.Random(5)
    paths = []
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        title, paragraphs, unit = _case(number, rng)
        date_line = f"2024年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        text = "\n\n".join([title, date_line, *paragraphs, f"报送单位：{unit}"]) + "\n"
        path = folder / f"{number:04d}-{kind}"
        if kind == "txt-utf8":
            path = path.with_suffix(".txt")
            path.write_text(text, encoding="utf-8")
        elif kind == "txt-gbk":
            path = path.with_suffix(".txt")
            path.write_bytes(text.encode("gbk"))
        elif kind == "md":
            path = path.with_suffix(".md")
            path.write_text(f"# {title}\n\n" + "\n\n".join(f"## {p}" if i == 2 else p
                                                          for i, p in enumerate(paragraphs)) + "\n",
                            encoding="utf-8")
        elif kind == "html":
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            path = path.with_suffix(".html")
            path.write_text(f"<html><head><title>{title} - 某某网</title></head><body>"
                            f"<div>首页 | 新闻 | 政务 | 服务 | 互动 | 专题</div><article>"
                            f"<h1>{title}</h1><p>{date_line}</p>{body}</article>"
                            f"<div>版权所有：某某网</div></body></html>", encoding="utf-8")
        elif kind == "docx":
            document = Document()
            document.add_heading(title, 1)
            document.add_paragraph(date_line)
            for paragraph in paragraphs:
                document.add_paragraph(paragraph)
            path = path.with_suffix(".docx")
            document.save(path)
        else:
            path = path.with_suffix(".pdf")
            path.write_bytes(_pdf(f"Report {number}: " + " ".join(
                f"county weather office issued warning {rng.randint(1, 999)}" for _ in range(12))))
        paths.append(path)
    return paths


def _pdf(text: str) -> bytes:
    stream = f"BT /F1 10 Tf 40 780 Td ({text[:900]}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
               b" /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def rate(paths: list[Path], workers: int) -> tuple[float, int]:
    start = time.perf_counter()
    failures = sum(1 for _, outcome in read_documents_parallel(paths, workers)
                   if isinstance(outcome, ImportFailure))
    return len(paths) / (time.perf_counter() - start), failures


def library_rate(work: Path, folder: Path, count: int) -> float:
    from archive.library import Library

    with Library.open(work / "archive") as library:
        start = time.perf_counter()
        library.import_paths([folder])
        return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--library", action="store_true", help="also time Library.import_paths")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="casearchive-import-bench-"))
    try:
        folder = work / "files"
        folder.mkdir()
        paths = write_files(folder, args.files)
        rows = []
        for label, workers in (("1 worker, in process (baseline)", 1),
                               ("2 workers, first batch (starts the fork server)", 2),
                               ("2 workers, later batch", 2)):
            files_per_second, failed = rate(paths, workers)
            rows.append((label, files_per_second, failed))
        if args.library:
            rows.append(("Library.import_paths (read, store, index)",
                         library_rate(work, folder, len(paths)), 0))
        print(f"\nImport of {len(paths)} mixed files ({', '.join(KINDS)}); target ≥ "
              f"{TARGET_FILES_PER_SECOND} files/s with 2 workers")
        print(f"{'run':<52} {'files/s':>9} {'vs 1':>6} {'failed':>7}")
        for label, files_per_second, failed in rows:
            print(f"{label:<52} {files_per_second:>9.1f} {files_per_second / rows[0][1]:>5.2f}x {failed:>7}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
