"""Import speed: 1,000 mixed files (text in UTF-8 and GBK, Markdown, web pages, Word, PDF).

    python -m bench.import_bench [--files 1000]

Prints files per second reading with one process (the baseline) and with two, and the whole
`Library.import_paths` run (reading in two processes, storing and indexing in the parent).
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import tempfile
import time
from pathlib import Path

from docx import Document

from archive.importers import read_documents_parallel
from archive.library import Library
from bench.corpus import generate

KINDS = ("txt-utf8", "txt-gbk", "md", "html", "docx", "pdf")


def write_files(folder: Path, count: int) -> list[Path]:
    rng = random.Random(5)
    paths = []
    for number, record in enumerate(generate(count, seed=21, traditional_share=0.1)):
        kind = KINDS[number % len(KINDS)]
        body = record.body.replace("## ", "")
        date_line = record.date.strftime("%Y年%m月%d日")
        text = f"{record.title}\n{date_line}\n\n{body}\n\n来源：{record.unit}\n"
        path = folder / f"{number:04d}-{kind}"
        if kind == "txt-utf8":
            path = path.with_suffix(".txt")
            path.write_text(text, encoding="utf-8")
        elif kind == "txt-gbk":
            path = path.with_suffix(".txt")
            path.write_bytes(text.encode("gb18030"))
        elif kind == "md":
            path = path.with_suffix(".md")
            path.write_text(f"# {record.title}\n\n{record.body}\n", encoding="utf-8")
        elif kind == "html":
            paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
            path = path.with_suffix(".html")
            path.write_text(f"<html><head><title>{record.title} - 某某网</title></head><body>"
                            f"<div>首页 | 新闻 | 政务 | 服务 | 互动 | 专题</div><article>"
                            f"<h1>{record.title}</h1>{paragraphs}</article></body></html>",
                            encoding="utf-8")
        elif kind == "docx":
            document = Document()
            document.add_heading(record.title, 1)
            for paragraph in body.split("\n\n"):
                document.add_paragraph(paragraph)
            buffer = io.BytesIO()
            document.save(buffer)
            path = path.with_suffix(".docx")
            path.write_bytes(buffer.getvalue())
        else:
            path = path.with_suffix(".pdf")
            path.write_bytes(_pdf(f"Report {number} {rng.random():.6f} " * 40))
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
    failures = sum(1 for _, outcome in read_documents_parallel(paths, workers=workers)
                   if isinstance(outcome, Exception))
    return len(paths) / (time.perf_counter() - start), failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="casearchive-import-bench-"))
    try:
        folder = work / "files"
        folder.mkdir()
        paths = write_files(folder, args.files)
        one, failed_one = rate(paths, 1)
        two, failed_two = rate(paths, 2)
        with Library.open(work / "archive") as library:
            start = time.perf_counter()
            report = library.import_paths([folder])
            whole = len(paths) / (time.perf_counter() - start)
        print(f"\nImport of {len(paths)} mixed files ({', '.join(KINDS)})")
        print(f"{'run':<52} {'files/s':>9}")
        print(f"{'read only, 1 process (baseline)':<52} {one:>9.1f}")
        print(f"{'read only, 2 processes':<52} {two:>9.1f}")
        print(f"{'Library.import_paths (read, store, index)':<52} {whole:>9.1f}")
        print(f"failures: {failed_one} / {failed_two}; imported {len(report.imported)},"
              f" skipped {len(report.skipped)}, failed {len(report.failed)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
