"""Through LibreOffice to PDF: a 简报 runs short cases on, a compilation keeps one a page, tables stay
inside the margins, titles break between words, the faces keep serif body and sans headings.
Skipped (with the reason) where LibreOffice or poppler's tools are missing."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess

import pytest
from test_rendering import flat, needs_tools, page_text, pdf_pages

from archive.briefing import BriefingCase, BriefingOptions, convert_to_pdf, write_briefing
from archive.briefing.pdf import fontconfig_aliases

A4_WIDTH_POINTS = 595.3
RIGHT_MARGIN_POINTS = 26 / 25.4 * 72

TABLE_CASE = BriefingCase(
    title="某县气象局创新叫应机制筑牢防汛第一道防线经验材料",
    body=("今年汛期，县气象局发布预警信号后逐级叫应，做到预警到户、责任到人。\n\n"
          "| 乡镇 | 预警（次） | 叫应人数 | 到达率 | 备注 |\n| --- | --- | --- | --- | --- |\n"
          "| 城关镇 | 12 | 1,204 | 100% | 全部叫应到村组 |\n| 河口乡 | 9 | 866 | 98.5% |\n"
          "| 山前镇 | 7 | 530 | 99% | 另有三个自然村通过大喇叭 | 补充 |"),
    unit="某县气象局", date=dt.date(2023, 7, 21))
HEADINGS_CASE = BriefingCase(
    title="夏收夏种气象服务经验",
    body=("一、主要做法\n\n（一）强化组织领导。成立工作专班，每日会商研判。\n\n"
          "（二）加强部门联动。与农业农村部门共享墒情信息。\n\n二、取得成效\n\n"
          "1.服务到位。小麦抢收期间未发生因天气造成的损失。"),
    unit="某市气象局", date=dt.date(2024, 6, 18))
SHORT_CASE = BriefingCase(title="林区防火巡护经验", body="坚持每日巡护，发现火情及时处置。",
                          unit="某林场", date=dt.date(2024, 3, 2))
CASES = [TABLE_CASE, HEADINGS_CASE, SHORT_CASE]


def render(tmp_path, options: BriefingOptions, name: str):
    docx = write_briefing(CASES, options, tmp_path / f"{name}.docx")
    return convert_to_pdf(docx, tmp_path / f"{name}.pdf")


@needs_tools
def test_a_briefing_runs_three_short_cases_on_one_page_and_closes_complete(tmp_path):
    options = BriefingOptions(layout="briefing", title="气象工作简报", unit="某市气象局办公室",
                              date=dt.date(2024, 9, 2), issue_number=12, cc="市应急管理局")
    pdf = render(tmp_path, options, "简报")
    pages = pdf_pages(pdf)
    assert pages <= 2  # a page each (the issue's report) would be four
    assert "第12期" in flat(page_text(pdf, 1))
    text = "".join(flat(page_text(pdf, page)) for page in range(1, pages + 1))
    for case in CASES:
        assert flat(case.title) in text
    # The 落款 of each case and the complete 版记.
    assert "某县气象局2023年7月21日" in text
    assert "抄送：市应急管理局" in text and "2024年9月2日印发" in text


@needs_tools
def test_a_compilation_keeps_one_case_a_page(tmp_path):
    pdf = render(tmp_path, BriefingOptions(unit="某市气象局办公室", date=dt.date(2024, 9, 2)), "汇编")
    assert pdf_pages(pdf) == 2 + len(CASES)  # cover, contents, a page each
    assert "印发" in flat(page_text(pdf, pdf_pages(pdf)))


@needs_tools
def test_title_breaks_between_words_and_the_table_stays_inside_the_margins(tmp_path):
    pdf = render(tmp_path, BriefingOptions(layout="single"), "单篇")
    lines = [flat(line) for line in page_text(pdf, 1, "-layout").splitlines() if line.strip()]
    assert any(line.endswith("经验材料") for line in lines[:3])
    assert not any(line == "料" for line in lines)
    boxes = page_text(pdf, 1, "-bbox")
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert max(right_edges) <= A4_WIDTH_POINTS - RIGHT_MARGIN_POINTS + 2
    text = flat(page_text(pdf, 1))
    assert "另有三个自然村通过大喇叭" in text and "补充" in text  # the ragged row keeps its cells


@needs_tools
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs pdffonts to list the faces used")
def test_serif_body_and_sans_headings_without_the_gb_faces(tmp_path):
    pdf = render(tmp_path, BriefingOptions(layout="single"), "字体")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    families = {name.split("+")[-1].split("-")[0] for name in re.findall(r"^(\S+)", fonts, re.M)[2:]}
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    if "Noto Serif CJK SC" not in installed or "仿宋" in installed:
        pytest.skip("needs Noto Serif CJK (fonts-noto-cjk) and no GB faces to check the stand-ins")
    assert any(f.startswith("NotoSerifCJK") for f in families)  # 仿宋/宋体 body
    assert any(f.startswith("NotoSansCJK") for f in families)   # 黑体 headings


def faces_in(pdf) -> set[str]:
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {name.split("+")[-1].split("-")[0] for name in re.findall(r"^(\S+)", fonts, re.M)[2:]}


@needs_tools
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs pdffonts to list the faces used")
def test_the_users_own_libreoffice_keeps_serif_body_and_sans_headings_with_the_fontconfig_file(tmp_path):
    """Plain soffice, as a user opens the .docx (no replacement table of ours): without the GB
    faces everything falls back to one sans face; with the fontconfig file of tools.gb_fontconfig,
    the 仿宋 body is serif and the 黑体 headings sans."""
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    if "Noto Serif CJK SC" not in installed or "Noto Sans CJK SC" not in installed or "仿宋" in installed:
        pytest.skip("needs Noto Serif/Sans CJK SC (fonts-noto-cjk) and no GB faces")
    docx = write_briefing(CASES, BriefingOptions(layout="single"), tmp_path / "用户.docx")
    config = tmp_path / "fonts.conf"
    config.write_text(fontconfig_aliases().replace(
        "<fontconfig>\n", '<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'),
        encoding="utf-8")

    def own_libreoffice(name: str, environment: dict[str, str]) -> set[str]:
        out = tmp_path / name
        out.mkdir()
        subprocess.run([shutil.which("soffice") or "libreoffice", f"-env:UserInstallation=file://{tmp_path}/p-{name}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                       env={**os.environ, **environment}, capture_output=True, timeout=240, check=True)
        return faces_in(out / "用户.pdf")

    plain = own_libreoffice("plain", {})
    assert not any(f.startswith("NotoSerifCJK") for f in plain)  # the problem, as measured
    fixed = own_libreoffice("fixed", {"FONTCONFIG_FILE": str(config)})
    assert any(f.startswith("NotoSerifCJK") for f in fixed)  # 仿宋 body
    assert any(f.startswith("NotoSansCJK") for f in fixed)   # 黑体 headings
