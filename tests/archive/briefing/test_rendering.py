"""Through LibreOffice to PDF: page count, the title, "— 2 —" page numbers, 22 lines on a full page.
Skipped (with the reason) where LibreOffice or poppler's tools are missing."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from archive.briefing import BriefingError, BriefingOptions, convert_to_pdf, write_briefing
from archive.briefing import pdf as pdf_module

TOOLS = ("soffice", "pdfinfo", "pdftotext")
missing = [tool for tool in TOOLS if shutil.which(tool) is None]
needs_tools = pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} to render the PDF")


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_text(path, page: int, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *extra, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    """pdftotext puts spaces between Chinese and digits; compare without them."""
    return re.sub(r"\s", "", text)


def page_number_x(path, page: int) -> float:
    """Left edge of the page number, which sits below the type area (A4 is 842 pt high)."""
    boxes = page_text(path, page, "-bbox")
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', boxes)
    return min(float(x) for x, y, word in words if float(y) > 742 and re.search(r"\d", word))


@needs_tools
def test_three_case_compilation_renders(tmp_path, demo):
    docx = write_briefing(demo, BriefingOptions(unit="某市气象局办公室"), tmp_path / "汇编.docx")
    pdf = convert_to_pdf(docx, tmp_path / "汇编.pdf")
    # Cover, contents, and two pages for each demo case.
    assert pdf_pages(pdf) == 8
    assert "典型案例材料汇编" in page_text(pdf, 1)
    contents = page_text(pdf, 2)
    assert "目" in contents and flat(demo[1].title) in flat(contents)
    # No number on the cover or contents; the cases count from 1, odd right and even left.
    assert not re.search(r"—\s*\d+\s*—", page_text(pdf, 1) + contents)
    assert re.search(r"—\s*1\s*—", page_text(pdf, 3))
    assert re.search(r"—\s*2\s*—", page_text(pdf, 4))
    # Odd pages on the right, even on the left, each about a character in from the type area's edge.
    assert page_number_x(pdf, 4) < 28 / 25.4 * 72 + 40
    assert page_number_x(pdf, 5) > 595 - 26 / 25.4 * 72 - 100


@needs_tools
def test_a_full_page_holds_22_lines(tmp_path, sample_case):
    docx = write_briefing([sample_case], BriefingOptions(layout="single"), tmp_path / "一篇.docx")
    pdf = convert_to_pdf(docx, tmp_path / "一篇.pdf")
    assert pdf_pages(pdf) >= 3
    # Page 2 is all body text: count its text lines by their vertical positions.
    boxes = page_text(pdf, 2, "-bbox")
    tops = sorted({round(float(y)) for y in re.findall(r'yMin="([\d.]+)"', boxes)})
    rows = [y for y in tops if y < 750]  # the page number is below the type area
    merged = [y for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] > 5]
    assert len(merged) == 22
    assert all(28 <= b - a <= 30 for a, b in zip(merged, merged[1:], strict=False))  # 28.95 pt apart


@needs_tools
def test_briefing_renders_with_the_closing_block_on_the_last_page(tmp_path, demo):
    options = BriefingOptions(layout="briefing", title="防汛工作简报", unit="某市气象局办公室", issue_number=12,
                              report_to="省气象局", distribute_to="各县（区）气象局", copies=30)
    pdf = convert_to_pdf(write_briefing(demo, options, tmp_path / "简报.docx"), tmp_path / "简报.pdf")
    pages = pdf_pages(pdf)
    first = page_text(pdf, 1)
    assert "防汛工作简报" in flat(first) and "第12期" in flat(first)
    last = page_text(pdf, pages, "-layout")
    assert "报：省气象局" in flat(last) and "（共印30份）" in flat(last)
    # The block sits at the foot of the page: after it only the page number.
    tail = [line for line in last.splitlines() if line.strip()][-2:]
    assert "共印30份" in flat(tail[0]) and re.search(r"—\s*\d+\s*—", tail[1])


def test_pdf_without_libreoffice_says_so(tmp_path, demo, monkeypatch):
    docx = write_briefing(demo[:1], BriefingOptions(layout="single"), tmp_path / "一篇.docx")
    monkeypatch.setattr("archive.office.find_office", lambda: None)
    with pytest.raises(BriefingError, match="未找到 LibreOffice"):
        convert_to_pdf(docx, tmp_path / "一篇.pdf")
    assert not (tmp_path / "一篇.pdf").exists()


def test_pdf_of_a_missing_document(tmp_path):
    with pytest.raises(BriefingError, match="Word 文档「.*没有.docx」不存在"):
        convert_to_pdf(tmp_path / "没有.docx", tmp_path / "没有.pdf")


def test_font_stand_ins_only_for_missing_faces():
    installed = frozenset({"仿宋", "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun"})
    chosen = pdf_module.font_replacements(installed)
    assert chosen["仿宋_GB2312"] == "仿宋"
    assert chosen["方正小标宋简体"] == "SimSun"
    assert chosen["黑体"] == "Noto Sans CJK SC"
    assert "仿宋" not in chosen  # installed: left alone
    assert pdf_module.font_replacements(None) == {}


def test_contents_page_numbers_are_corrected_from_the_pdf(tmp_path, demo, monkeypatch):
    """Without LibreOffice: the PDF's text says where each case begins; wrong numbers are rewritten."""
    from docx import Document

    from archive.briefing import pagerefs

    docx = write_briefing(demo, BriefingOptions(page_break_between_cases=False), tmp_path / "汇编.docx")
    texts = ["典型案例材料汇编", "目录 " + " ".join(c.title for c in demo),  # no page numbers
             f"{demo[0].title[:12]}\n{demo[0].title[12:]} 正文 — 1 —", "正文 — 2 —",
             f"正文 {demo[1].title} 正文 — 3 —", f"{demo[2].title.replace(' ', chr(10))} — 4 —"]
    monkeypatch.setattr(pagerefs, "page_texts", lambda pdf: texts)
    fixed = pagerefs.corrected(docx.read_bytes(), tmp_path / "unused.pdf")
    (tmp_path / "fixed.docx").write_bytes(fixed)
    entries = [p.text for p in Document(tmp_path / "fixed.docx").paragraphs if p.style.name == "toc 1" and p.text]
    assert [e.split("\t")[1] for e in entries] == ["1", "3", "4"]
    # Right already: nothing to rewrite.
    monkeypatch.setattr(pagerefs, "page_texts", lambda pdf: texts[:2] + [f"{c.title} — {n} —" for c, n in
                                                                        zip(demo, (1, 3, 4), strict=True)])
    assert pagerefs.corrected(fixed, tmp_path / "unused.pdf") is None


@needs_tools
def test_run_on_compilation_pdf_has_true_contents_page_numbers(tmp_path, demo, rich_case, sample_case):
    cases = [rich_case, *demo, sample_case]
    docx = write_briefing(cases, BriefingOptions(page_break_between_cases=False), tmp_path / "汇编.docx")
    pdf = convert_to_pdf(docx, tmp_path / "汇编.pdf")
    contents = flat(page_text(pdf, 2))
    starts = {}
    for page in range(3, pdf_pages(pdf) + 1):
        text = page_text(pdf, page)
        number = int(re.findall(r"—\s*(\d+)\s*—", text)[-1])
        for case in cases:
            if flat(case.title) in flat(text):
                starts.setdefault(case.title, number)
    for case in cases:
        assert re.search(re.escape(flat(case.title)) + r"\.+" + str(starts[case.title]) + r"(\D|$)", contents)
