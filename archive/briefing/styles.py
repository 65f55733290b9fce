"""The named paragraph styles of GB/T 9704-2012, a user's template over them, and the page.

Every style is declared in the document (so a user restyles it in Word) and its font, size and
colour are also written on each run: Word, WPS and LibreOffice then agree even where one of them
ignores the style's East Asian font. A template changes both, because runs are made from the
styles after the template has been applied.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from archive.briefing import ooxml
from archive.briefing.errors import BriefingError

log = logging.getLogger(__name__)

# The page: A4, margins 37/35/28/26 mm, so a 156 × 225 mm type area of 22 lines × 28 characters.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH_TWIPS = 8845          # 156 mm
TEXT_HEIGHT_TWIPS = 12756        # 225 mm
CHARS_PER_LINE = 28
LINE_PITCH_TWIPS = 579           # 28.95 pt: 22 lines fill the type area
BODY_SIZE = 16.0                 # 3号
# The grid's character pitch minus the body size, in 4096ths of a point (negative: slightly narrower).
CHAR_SPACE = round((TEXT_WIDTH_TWIPS / 20 / CHARS_PER_LINE - BODY_SIZE) * 4096)
FOOTER_DISTANCE = Mm(22)         # puts the page number about 7 mm below the type area
HEADER_DISTANCE = Mm(15)

# Faces: the GB faces a government machine has, and what Word should use where they are missing.
TITLE_FACE, BODY_FACE, KAI_FACE = "方正小标宋简体", "仿宋_GB2312", "楷体_GB2312"
HEI_FACE, SONG_FACE = "黑体", "宋体"
LATIN_FACE = "Times New Roman"
FONT_TABLE = (
    (TITLE_FACE, SONG_FACE, "roman", "variable"),
    (BODY_FACE, "仿宋", "modern", "fixed"),
    (KAI_FACE, "楷体", "modern", "fixed"),
    ("仿宋", "FangSong", "modern", "fixed"),
    ("楷体", "KaiTi", "modern", "fixed"),
    (HEI_FACE, "SimHei", "modern", "fixed"),
    (SONG_FACE, "SimSun", "auto", "variable"),
)
RED = "FF0000"
_STYLE, _STYLE_ID = qn("w:style"), qn("w:styleId")
# 3号 characters condensed by a quarter point: 28 of them (15.75 pt each) fit the 156 mm line.
CONDENSED = -5


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style: its Word name, and the properties written on it and on its runs."""

    name: str
    style_id: str
    east_asia: str = BODY_FACE
    latin: str = LATIN_FACE
    size: float = BODY_SIZE
    bold: bool = False
    italic: bool = False
    color: str | None = None
    align: str = "both"                       # left | center | right | both
    first_line_chars: int = 200               # hundredths of a character
    left_chars: int = 0
    line_twips: int | None = LINE_PITCH_TWIPS  # exact line height; None: single, grown to fit
    before_twips: int = 0
    after_twips: int = 0
    outline_level: int | None = None          # 0 = level 1 of the table of contents
    keep_next: bool = False
    character_spacing: int = 0                # twentieths of a point added after each character


def builtin_styles() -> dict[str, StyleSpec]:
    """Our handle -> style. The names are what a user sees (and restyles) in Word."""
    heading = dict(keep_next=True)
    centred = dict(align="center", first_line_chars=0)
    specs = {
        "body": StyleSpec("公文正文", "GBBody"),
        "case_title": StyleSpec("案例标题", "GBCaseTitle", TITLE_FACE, size=22, outline_level=0,
                                keep_next=True, line_twips=round(22 * 1.5 * 20), **centred),
        "case_meta": StyleSpec("案例信息", "GBCaseMeta", KAI_FACE, keep_next=True, **centred),
        "heading1": StyleSpec("一级标题", "GBHeading1", HEI_FACE, **heading),
        "heading2": StyleSpec("二级标题", "GBHeading2", KAI_FACE, **heading),
        "heading3": StyleSpec("三级标题", "GBHeading3", BODY_FACE, bold=True, **heading),
        "heading4": StyleSpec("四级标题", "GBHeading4", BODY_FACE, **heading),
        "quote": StyleSpec("引文", "GBQuote", KAI_FACE, left_chars=200),
        "code": StyleSpec("代码", "GBCode", BODY_FACE, latin="Courier New", size=12, first_line_chars=0,
                          align="left", line_twips=None),
        "table": StyleSpec("表格文字", "GBTableText", BODY_FACE, size=14, first_line_chars=0, line_twips=None,
                           align="left"),
        "table_header": StyleSpec("表头", "GBTableHeader", HEI_FACE, size=14, first_line_chars=0,
                                  line_twips=None, align="center"),
        # The case's 落款: its unit and date, right-aligned under the body.
        "signature": StyleSpec("落款", "GBSignature", BODY_FACE, first_line_chars=0, align="right"),
        "picture": StyleSpec("图片", "GBPicture", line_twips=None, **centred),
        "caption": StyleSpec("图注", "GBCaption", KAI_FACE, size=14, line_twips=None, after_twips=120,
                             **centred),
        "rule": StyleSpec("分隔线", "GBRule", size=8, line_twips=None, before_twips=120, after_twips=240,
                          **centred),
        "cover_title": StyleSpec("封面标题", "GBCoverTitle", TITLE_FACE, size=36,
                                 line_twips=round(36 * 1.6 * 20), **centred),
        "cover_meta": StyleSpec("封面信息", "GBCoverMeta", KAI_FACE, size=18, **centred),
        "toc_heading": StyleSpec("目录标题", "GBTocHeading", TITLE_FACE, size=22,
                                 after_twips=LINE_PITCH_TWIPS, **centred),
        # Word's own name: it restyles the entries with "toc 1" when it updates the field.
        "toc1": StyleSpec("toc 1", "TOC1", first_line_chars=0, align="left"),
        "masthead_name": StyleSpec("简报名称", "GBMastheadName", TITLE_FACE, size=48, color=RED, bold=True,
                                   line_twips=None, after_twips=120, **centred),
        "masthead_issue": StyleSpec("简报期号", "GBMastheadIssue", BODY_FACE, **centred),
        "masthead_line": StyleSpec("简报编印", "GBMastheadLine", BODY_FACE, first_line_chars=0, align="left",
                                   after_twips=LINE_PITCH_TWIPS),
        "closing": StyleSpec("版记", "GBClosing", BODY_FACE, size=14, first_line_chars=0, align="left"),
        "page_number": StyleSpec("页码", "GBPageNumber", SONG_FACE, latin=SONG_FACE, size=14,
                                 first_line_chars=0, line_twips=None, align="right"),
    }
    return {key: dataclasses.replace(spec, character_spacing=CONDENSED) if spec.size == BODY_SIZE else spec
            for key, spec in specs.items()}


# -- the page ----------------------------------------------------------------------------------

def set_page(document: Document) -> None:
    """A4 with the GB margins and the 22 × 28 document grid on the (only, so far) section."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    section.gutter = 0
    ooxml.set_doc_grid(section._sectPr, line_pitch_twips=LINE_PITCH_TWIPS, char_space=CHAR_SPACE)


# -- styles into the document ------------------------------------------------------------------

def run_properties(spec: StyleSpec) -> etree._Element:
    """The rPr every run of this style carries: faces, size, weight, colour, Chinese language."""
    return _run_properties(spec).__deepcopy__(None)


def paragraph_properties(spec: StyleSpec) -> etree._Element:
    return _paragraph_properties(spec).__deepcopy__(None)


# Made once per style (a single-case export would otherwise build every style's properties anew).
@functools.lru_cache(maxsize=256)
def _run_properties(spec: StyleSpec) -> etree._Element:
    rpr = ooxml.element("w:rPr")
    ooxml.set_fonts(rpr, spec.east_asia, spec.latin)
    if spec.bold:
        ooxml.set_child(rpr, "w:b")
        ooxml.set_child(rpr, "w:bCs")
    if spec.italic:
        ooxml.set_child(rpr, "w:i")
    if spec.color:
        ooxml.set_child(rpr, "w:color", {"w:val": spec.color})
    if spec.character_spacing:
        ooxml.set_character_spacing(rpr, spec.character_spacing)
    ooxml.set_size(rpr, spec.size)
    ooxml.set_chinese(rpr)
    return rpr


@functools.lru_cache(maxsize=256)
def _paragraph_properties(spec: StyleSpec) -> etree._Element:
    ppr = ooxml.element("w:pPr")
    if spec.keep_next:
        ooxml.set_child(ppr, "w:keepNext")
    # Widow control moves lines between pages and breaks the fixed 22-line page.
    ooxml.set_child(ppr, "w:widowControl", {"w:val": "0"})
    # Text keeps off the character grid: LibreOffice gives a 16 pt character two cells of the
    # 15.8 pt grid where Word squeezes it into one. The runs are condensed instead (see CONDENSED),
    # and the fixed line height keeps the 22 lines.
    ooxml.set_child(ppr, "w:snapToGrid", {"w:val": "0"})
    ooxml.set_spacing(ppr, line_twips=spec.line_twips, before_twips=spec.before_twips,
                      after_twips=spec.after_twips)
    ooxml.set_indent(ppr, spec.size, first_line_chars=spec.first_line_chars, left_chars=spec.left_chars)
    ooxml.set_child(ppr, "w:jc", {"w:val": spec.align})
    if spec.outline_level is not None:
        ooxml.set_child(ppr, "w:outlineLvl", {"w:val": spec.outline_level})
    return ppr


def install_styles(document: Document, specs: Mapping[str, StyleSpec]) -> None:
    """Our styles into styles.xml (replacing any of the same id), and defaults that say Chinese."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            for fonts in rpr.findall(qn("w:rFonts")):
                rpr.remove(fonts)
            body = specs["body"]
            ooxml.set_fonts(rpr, body.east_asia, body.latin)
            ooxml.set_size(rpr, body.size)
            ooxml.set_chinese(rpr)
        ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        if ppr is not None:
            ooxml.set_spacing(ppr, line_twips=None)
    _restyle_normal(styles, specs["body"])
    ours = {spec.style_id for spec in specs.values()}
    for old in styles.findall(_STYLE):  # one pass: the template holds a few hundred styles
        if old.get(_STYLE_ID) in ours:
            styles.remove(old)
    for spec in specs.values():
        style = ooxml.element("w:style", {"w:type": "paragraph", "w:customStyle": 1,
                                          "w:styleId": spec.style_id})
        if spec.style_id.startswith("TOC"):
            del style.attrib[qn("w:customStyle")]
        style.append(ooxml.element("w:name", {"w:val": spec.name}))
        style.append(ooxml.element("w:qFormat"))
        style.append(paragraph_properties(spec))
        style.append(run_properties(spec))
        styles.append(style)


def _restyle_normal(styles: etree._Element, body: StyleSpec) -> None:
    """Normal carries the body font and size: Word sizes the character grid from it, and
    LibreOffice assumes 12 pt when Normal names no size, which would double every character cell."""
    for style in styles.findall(_STYLE):
        if style.get(_STYLE_ID) != "Normal":
            continue
        for old in style.findall(qn("w:pPr")) + style.findall(qn("w:rPr")):
            style.remove(old)
        ppr = ooxml.element("w:pPr")
        ooxml.set_child(ppr, "w:widowControl", {"w:val": "0"})
        ooxml.set_child(ppr, "w:snapToGrid", {"w:val": "0"})
        ooxml.set_child(ppr, "w:jc", {"w:val": "both"})
        style.append(ppr)
        style.append(run_properties(dataclasses.replace(body, bold=False, italic=False, color=None)))


# -- a user's template -------------------------------------------------------------------------

def apply_template(specs: dict[str, StyleSpec], template: Path) -> dict[str, StyleSpec]:
    """The styles with those a template names the same (e.g. 公文正文) taking the template's font,
    size, weight, colour, alignment, indent and spacing."""
    found = {_style_name(style): style for style in _template_styles(template)}
    by_id = {style.get(qn("w:styleId")): style for style in found.values()}
    changed = dict(specs)
    for key, spec in specs.items():
        style = found.get(spec.name)
        if style is None:
            continue
        values = _inherited_values(style, by_id)
        if values:
            changed[key] = dataclasses.replace(spec, **values)
            log.info("template %s restyles %s: %s", template.name, spec.name, values)
    return changed


def _template_styles(template: Path) -> list[etree._Element]:
    name = template.name
    if not template.is_file():
        raise BriefingError(f"模板「{template}」不存在或不是文件。")
    if template.suffix.lower() not in (".docx", ".dotx", ".docm", ".dotm"):
        raise BriefingError(f"模板「{name}」不是 Word 文档（.docx/.dotx），无法使用其样式。")
    try:
        with zipfile.ZipFile(template) as package:
            part = _styles_part_name(package)
            if part is None:
                raise BriefingError(f"模板「{name}」中没有样式（styles.xml），无法使用。")
            root = etree.fromstring(package.read(part), parser=etree.XMLParser(resolve_entities=False))
    except (zipfile.BadZipFile, OSError, KeyError, etree.XMLSyntaxError) as error:
        raise BriefingError(f"模板「{name}」不是有效的 Word 文档（.docx）或已损坏：{error}") from error
    return root.findall(qn("w:style"))


def _styles_part_name(package: zipfile.ZipFile) -> str | None:
    """word/styles.xml, or wherever the main part's relationships put it."""
    names = set(package.namelist())
    try:
        rels = etree.fromstring(package.read("_rels/.rels"))
        main = next(r.get("Target") for r in rels if r.get("Type", "").endswith("/officeDocument"))
    except (KeyError, StopIteration, etree.XMLSyntaxError):
        return "word/styles.xml" if "word/styles.xml" in names else None
    main_path = PurePosixPath(main.lstrip("/"))
    rels_name = str(main_path.parent / "_rels" / f"{main_path.name}.rels")
    if rels_name in names:
        for rel in etree.fromstring(package.read(rels_name)):
            if rel.get("Type", "").endswith("/styles"):
                candidate = str(main_path.parent / rel.get("Target", ""))
                if candidate in names:
                    return candidate
    return "word/styles.xml" if "word/styles.xml" in names else None


def _style_name(style: etree._Element) -> str:
    name = style.find(qn("w:name"))
    return name.get(qn("w:val"), "") if name is not None else ""


def _inherited_values(style: etree._Element, by_id: Mapping[str, etree._Element]) -> dict[str, object]:
    """The properties the style sets, its own over those of the styles it is based on."""
    chain, seen = [], set()
    while style is not None and style.get(qn("w:styleId")) not in seen:
        seen.add(style.get(qn("w:styleId")))
        chain.append(style)
        based = style.find(qn("w:basedOn"))
        style = by_id.get(based.get(qn("w:val"))) if based is not None else None
    values: dict[str, object] = {}
    for ancestor in reversed(chain):
        values.update(_style_values(ancestor))
    return values


def _style_values(style: etree._Element) -> dict[str, object]:
    values: dict[str, object] = {}
    rpr, ppr = style.find(qn("w:rPr")), style.find(qn("w:pPr"))
    if rpr is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            if fonts.get(qn("w:eastAsia")):
                values["east_asia"] = fonts.get(qn("w:eastAsia"))
            if fonts.get(qn("w:ascii")):
                values["latin"] = fonts.get(qn("w:ascii"))
        size = rpr.find(qn("w:sz"))
        if size is not None and (size.get(qn("w:val")) or "").isdigit():
            values["size"] = int(size.get(qn("w:val"))) / 2
        for tag, key in (("w:b", "bold"), ("w:i", "italic")):
            flag = rpr.find(qn(tag))
            if flag is not None:
                values[key] = flag.get(qn("w:val"), "true") not in ("0", "false", "off")
        color = rpr.find(qn("w:color"))
        if color is not None and color.get(qn("w:val")):
            value = color.get(qn("w:val"))
            values["color"] = None if value == "auto" else value
    if ppr is not None:
        jc = ppr.find(qn("w:jc"))
        if jc is not None and jc.get(qn("w:val")) in ("left", "center", "right", "both", "start", "end"):
            values["align"] = {"start": "left", "end": "right"}.get(jc.get(qn("w:val")), jc.get(qn("w:val")))
        ind = ppr.find(qn("w:ind"))
        if ind is not None and (ind.get(qn("w:firstLineChars")) or "").isdigit():
            values["first_line_chars"] = int(ind.get(qn("w:firstLineChars")))
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            line, rule = spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))
            if line and line.isdigit():
                values["line_twips"] = int(line) if rule in ("exact", "atLeast") else None
            for attr, key in (("w:before", "before_twips"), ("w:after", "after_twips")):
                if (spacing.get(qn(attr)) or "").isdigit():
                    values[key] = int(spacing.get(qn(attr)))
    return values
