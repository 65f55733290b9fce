"""The same document as PDF without Word: LibreOffice, headless, in a private profile."""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from archive import office, partfiles
from archive.briefing import pagerefs
from archive.briefing.errors import BriefingError

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 180

# What LibreOffice should draw in place of a face this machine lacks, best first. Without it,
# fontconfig gives every missing Chinese face the same sans-serif; these keep 仿宋/宋体 serif
# and 黑体 sans, as the page intends.
_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN")
_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
         "WenQuanYi Micro Hei", "Droid Sans Fallback")
STAND_INS = {
    "方正小标宋简体": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun",
                       *_SERIF),
    "仿宋_GB2312": ("仿宋", "FangSong", "华文仿宋", "STFangsong", *_SERIF),
    "楷体_GB2312": ("楷体", "KaiTi", "华文楷体", "STKaiti", "AR PL UKai CN", "AR PL KaitiM GB", *_SERIF),
    "仿宋": ("FangSong", "华文仿宋", "STFangsong", *_SERIF),
    "楷体": ("KaiTi", "华文楷体", "STKaiti", "AR PL UKai CN", *_SERIF),
    "黑体": ("SimHei", *_SANS),
    "宋体": ("SimSun", "NSimSun", *_SERIF),
    "Times New Roman": ("Liberation Serif", "Tinos", "DejaVu Serif"),
}


def convert_to_pdf(docx: Path, pdf: Path, *, timeout: float = TIMEOUT_SECONDS,
                   check_contents: bool = True) -> Path:
    """Convert `docx` to `pdf` with LibreOffice; the PDF appears whole or not at all.

    LibreOffice does not update the contents' page numbers; with `check_contents` they are checked
    against the PDF and, if any is off, corrected and the document converted once more."""
    docx, pdf = Path(docx), Path(pdf)
    if not docx.is_file():
        raise BriefingError(f"无法生成 PDF：Word 文档「{docx}」不存在。")
    if not pdf.parent.is_dir():
        raise BriefingError(f"无法写入「{pdf}」：文件夹「{pdf.parent}」不存在。")
    program = office.find_office()
    if program is None:
        raise BriefingError("未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice，"
                            "或导出为 Word 文档后在 Word/WPS 中另存为 PDF。")
    with partfiles.working_folder("pdf") as work:  # a killed conversion's is removed later
        # An ASCII name: LibreOffice mishandles some characters in paths on some platforms.
        source = Path(work, "document.docx")
        shutil.copyfile(docx, source)
        profile = Path(work, "profile")
        _write_font_replacements(profile, installed_families())
        convert = functools.partial(_convert, program, source, docx, profile, timeout)
        produced = convert()
        if check_contents:
            try:
                fixed = pagerefs.corrected(source.read_bytes(), produced)
            except Exception as error:  # a check that fails must not cost the user the PDF
                log.warning("could not check the contents' page numbers of %s: %s", docx, error)
                fixed = None
            if fixed is not None:
                source.write_bytes(fixed)
                produced = convert()
        _place(produced, pdf)
    return pdf


def _convert(program: str, source: Path, docx: Path, profile: Path, timeout: float) -> Path:
    produced = source.with_suffix(".pdf")
    produced.unlink(missing_ok=True)
    try:
        status = office.convert(program, source, "pdf", source.parent, profile, timeout)
    except office.OfficeTimeout:
        raise BriefingError(f"转换「{docx.name}」为 PDF 超时（超过 {timeout:g} 秒）。") from None
    if status:
        raise BriefingError(f"LibreOffice 转换「{docx.name}」为 PDF 失败（退出码 {status}）。")
    if not produced.is_file() or produced.stat().st_size == 0:
        raise BriefingError(f"LibreOffice 未能把「{docx.name}」转换为 PDF。")
    return produced


def _place(produced: Path, pdf: Path) -> None:
    """Copy beside the destination under a locked temporary name (partfiles: one a killed export
    leaves is removed later), then rename over it."""
    try:
        with partfiles.replacing(pdf, partfiles.PDF_SUFFIX) as stream, produced.open("rb") as source:
            shutil.copyfileobj(source, stream)
    except PermissionError as error:
        raise BriefingError(f"无法写入「{pdf}」：没有权限，或文件正在其他程序中打开。") from error
    except OSError as error:
        raise BriefingError(f"无法写入「{pdf}」：{error.strerror or error}") from error


@functools.cache
def installed_families() -> frozenset[str] | None:
    """Font families fontconfig knows, or None where there is no fc-list (Windows)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30,
                                check=True).stdout
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("fc-list failed: %s", error)
        return None
    return frozenset(name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip())


def font_replacements(installed: frozenset[str] | None) -> dict[str, str]:
    """Missing face -> the first installed stand-in."""
    if not installed:
        return {}
    chosen = {}
    for face, candidates in STAND_INS.items():
        if face in installed:
            continue
        stand_in = next((name for name in candidates if name in installed), None)
        if stand_in:
            chosen[face] = stand_in
    return chosen


def fontconfig_aliases() -> str:
    """A fontconfig file giving each GB face its stand-ins (the first installed one is drawn), for
    a machine's own LibreOffice, which reads no font list from the .docx: only fontconfig decides
    there, and it gives every Chinese name but SimSun the default sans (docs/briefing-layout.md)."""
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(face)}</family><accept>'
        + "".join(f"<family>{escape(name)}</family>" for name in stand_ins)
        + "</accept></alias>\n"
        for face, stand_ins in STAND_INS.items())
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            "<!-- 典型案例库: GB/T 9704 faces drawn with what this machine has, serif body, sans 黑体 -->\n"
            f"<fontconfig>\n{aliases}</fontconfig>\n")


def _write_font_replacements(profile: Path, installed: frozenset[str] | None) -> None:
    """LibreOffice's replacement table (Tools > Options > Fonts) in the private profile."""
    pairs = font_replacements(installed)
    if not pairs:
        return
    items = ['<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
             '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>']
    for number, (face, stand_in) in enumerate(pairs.items()):
        props = {"Always": "true", "OnScreenOnly": "false", "ReplaceFont": escape(face),
                 "SubstituteFont": escape(stand_in)}
        items.append('<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
                     f'<node oor:name="_{number}" oor:op="replace">'
                     + "".join(f'<prop oor:name="{k}" oor:op="fuse"><value>{v}</value></prop>'
                               for k, v in props.items())
                     + "</node></item>")
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items) + "\n</oor:items>\n", encoding="utf-8")
