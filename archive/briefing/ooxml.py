"""The WordprocessingML that python-docx has no API for, set by hand in one place.

Children of pPr, rPr, sectPr, tblPr and settings must appear in schema order or Word reports the
file as damaged, so every child goes in through `set_child`, which knows the order.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from copy import deepcopy
from xml.sax.saxutils import escape

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser, parse_xml
from lxml import etree

# Schema order (ECMA-376 part 1) of the children we set; unknown tags go last.
_ORDER = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
              "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
              "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
              "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
              "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:sectPr": ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
                 "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols",
                 "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                 "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
               "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
    "w:tblBorders": ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"),
    "w:tcBorders": ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"),
    "w:tblCellMar": ("w:top", "w:left", "w:bottom", "w:right"),
    "w:settings": ("w:zoom", "w:proofState", "w:defaultTabStop", "w:evenAndOddHeaders",
                   "w:characterSpacingControl", "w:updateFields", "w:compat", "w:rsids", "m:mathPr",
                   "w:themeFontLang", "w:clrSchemeMapping", "w:doNotAutoCompressPictures",
                   "w:shapeDefaults", "w:decimalSymbol", "w:listSeparator"),
}
_QUOTE = {'"': "&quot;"}
_PREFIXED = {qn(tag): tag for tag in {*_ORDER, *(t for order in _ORDER.values() for t in order)}}


@functools.cache
def _clark(tag: str) -> tuple[str, dict[str, str]]:
    """`w:p` -> its Clark name and the namespace it declares: python-docx works these out anew for
    every element, which a hundred-case export does tens of thousands of times."""
    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


@functools.cache
def _attribute(name: str) -> str:
    return qn(name)


def element(tag: str, attrs: dict[str, str | int] | None = None, text: str | None = None) -> etree._Element:
    """A new element (of python-docx's class for its tag); attribute names are prefixed (`w:val`)."""
    name, nsmap = _clark(tag)
    made = oxml_parser.makeelement(name, {_attribute(k): str(v) for k, v in (attrs or {}).items()}, nsmap)
    if text is not None:
        made.text = text
        if keeps_space(text):
            made.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return made


def keeps_space(text: str) -> bool:
    """Whether `text` needs xml:space="preserve" to keep its spaces."""
    return text != text.strip() or "  " in text


def text_xml(text: str) -> str:
    """`<w:t>` holding `text`, as `element("w:t", text=text)` serialises."""
    space = ' xml:space="preserve"' if keeps_space(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def insert_child(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Put `child` into `parent` before the first sibling the schema orders after it."""
    order = _ORDER.get(_PREFIXED.get(parent.tag, ""), ())
    tag = _PREFIXED.get(child.tag, "")
    later = order[order.index(tag) + 1:] if tag in order else ()
    successor = next((c for c in parent if _PREFIXED.get(c.tag) in later), None)
    if successor is not None:
        successor.addprevious(child)
    else:
        parent.append(child)
    return child


def set_child(parent: etree._Element, tag: str, attrs: dict[str, str | int] | None = None) -> etree._Element:
    """The child `tag` of `parent` (made and put in schema order if missing) with `attrs` set on it."""
    child = parent.find(_clark(tag)[0])
    if child is None:
        child = insert_child(parent, element(tag))
    for key, value in (attrs or {}).items():
        child.set(_attribute(key), str(value))
    return child


# -- runs and paragraphs -----------------------------------------------------------------------

def set_fonts(rpr: etree._Element, east_asia: str, latin: str) -> None:
    """East Asian face for Chinese, Latin face for letters and digits; the eastAsia hint makes Word
    draw the characters both scripts share (“” — … ·) full-width, in the Chinese face."""
    set_child(rpr, "w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asia,
                                "w:cs": latin, "w:hint": "eastAsia"})


def set_character_spacing(rpr: etree._Element, twentieths: int) -> None:
    set_child(rpr, "w:spacing", {"w:val": twentieths})


def set_size(rpr: etree._Element, points: float) -> None:
    half_points = round(points * 2)
    set_child(rpr, "w:sz", {"w:val": half_points})
    set_child(rpr, "w:szCs", {"w:val": half_points})


def set_chinese(rpr: etree._Element) -> None:
    """Chinese text: LibreOffice and fontconfig pick Chinese (not Japanese) fallback faces by it."""
    set_child(rpr, "w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})


def indent_attributes(size: float, *, first_line_chars: int | None = None, left_chars: int | None = None,
                      right_chars: int | None = None) -> dict[str, str | int]:
    """Indents in hundredths of a character (200 = two characters) for Word, which follows the
    font size, and the same in twips for LibreOffice, which reads only those."""
    attrs: dict[str, str | int] = {}
    for name, chars in (("firstLine", first_line_chars), ("left", left_chars), ("right", right_chars)):
        if chars is not None:
            attrs.update({f"w:{name}Chars": chars, f"w:{name}": round(chars / 100 * size * 20)})
    return attrs


def set_indent(ppr: etree._Element, size: float, *, first_line_chars: int | None = None,
               left_chars: int | None = None, right_chars: int | None = None) -> None:
    set_child(ppr, "w:ind", indent_attributes(size, first_line_chars=first_line_chars, left_chars=left_chars,
                                              right_chars=right_chars))


def spacing_attributes(*, line_twips: int | None = None, before_twips: int = 0,
                       after_twips: int = 0) -> dict[str, str | int]:
    """An exact line height (single spacing when None) and the space before and after."""
    attrs: dict[str, str | int] = {"w:before": before_twips, "w:after": after_twips,
                                   "w:beforeLines": 0, "w:afterLines": 0}
    if line_twips is None:
        attrs.update({"w:line": 240, "w:lineRule": "auto"})
    else:
        attrs.update({"w:line": line_twips, "w:lineRule": "exact"})
    return attrs


def set_spacing(ppr: etree._Element, *, line_twips: int | None = None, before_twips: int = 0,
                after_twips: int = 0) -> None:
    set_child(ppr, "w:spacing", spacing_attributes(line_twips=line_twips, before_twips=before_twips,
                                                   after_twips=after_twips))


def empty_tag(tag: str, attrs: dict[str, str | int] | None = None) -> str:
    """`<tag a="v"/>` as text, for elements parsed whole: what `element(tag, attrs)` serialises to."""
    values = "".join(f' {name}="{attribute_text(value)}"' for name, value in (attrs or {}).items())
    return f"<{tag}{values}/>"


def attribute_text(value: str | int) -> str:
    """A value escaped for a double-quoted attribute in XML text."""
    return escape(str(value), _QUOTE)


def set_border(ppr: etree._Element, side: str, *, color: str = "000000", eighths: int = 4,
               space_points: int = 1) -> None:
    """A rule along one side of a paragraph (`eighths` of a point thick)."""
    borders = set_child(ppr, "w:pBdr")
    set_child(borders, f"w:{side}", {"w:val": "single", "w:sz": eighths, "w:space": space_points,
                                     "w:color": color})


def add_tab_stop(ppr: etree._Element, position_twips: int, alignment: str = "right") -> None:
    tabs = set_child(ppr, "w:tabs")
    tabs.append(element("w:tab", {"w:val": alignment, "w:pos": position_twips}))


def field_runs_xml(instruction: str, result: str, rpr: str = "") -> list[str]:
    """A complex field as XML text, a run each (with run properties `rpr`): begin, instruction,
    separate, the result shown until it is updated, end."""
    return [f"<w:r>{rpr}{inner}</w:r>" for inner in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        text_xml(result),
        '<w:fldChar w:fldCharType="end"/>')]


def bookmark(paragraph: etree._Element, name: str, number: int) -> None:
    """Mark the whole paragraph (after its pPr) so a TOC entry and PAGEREF can point at it."""
    start = element("w:bookmarkStart", {"w:id": number, "w:name": name})
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(element("w:bookmarkEnd", {"w:id": number}))


def internal_link_xml(anchor: str, runs: str) -> str:
    return f'<w:hyperlink w:anchor="{attribute_text(anchor)}" w:history="1">{runs}</w:hyperlink>'


# -- sections ----------------------------------------------------------------------------------

def set_doc_grid(sectpr: etree._Element, *, line_pitch_twips: int, char_space: int) -> None:
    """The document grid: a fixed line pitch and a character pitch. `char_space` is the difference
    between the wanted character pitch and the Normal font size, in 4096ths of a point."""
    set_child(sectpr, "w:docGrid", {"w:type": "linesAndChars", "w:linePitch": line_pitch_twips,
                                    "w:charSpace": char_space})


def restart_page_numbers(sectpr: etree._Element, start: int = 1) -> None:
    set_child(sectpr, "w:pgNumType", {"w:fmt": "decimal", "w:start": start})


def end_section_at(paragraph: etree._Element, sentinel: etree._Element) -> etree._Element:
    """Close a section after `paragraph` with a copy of the document's last sectPr (without its
    footers), instead of the empty paragraph python-docx adds, which can spill onto a blank page."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = element("w:pPr")
        paragraph.insert(0, ppr)
    for old in ppr.findall(qn("w:sectPr")):
        ppr.remove(old)
    copy = deepcopy(sentinel)
    for reference in copy.findall(qn("w:headerReference")) + copy.findall(qn("w:footerReference")):
        copy.remove(reference)
    copy.attrib.clear()
    return insert_child(ppr, copy)


# -- tables ------------------------------------------------------------------------------------

def set_table_borders(tblpr: etree._Element, sides: Sequence[str], *, eighths: int = 4,
                      color: str = "000000") -> None:
    borders = set_child(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        attrs = ({"w:val": "single", "w:sz": eighths, "w:space": 0, "w:color": color} if side in sides
                 else {"w:val": "nil"})
        set_child(borders, f"w:{side}", attrs)


def float_at_page_bottom(tblpr: etree._Element, left_twips: int) -> None:
    """Anchor a table at the foot of the type area (the briefing's closing block), text kept clear.
    Placed from the page edge (at the left margin) because LibreOffice floats a full-width table
    only when it is positioned relative to the page."""
    set_child(tblpr, "w:tblpPr", {"w:leftFromText": 0, "w:rightFromText": 0, "w:topFromText": 0,
                                  "w:bottomFromText": 0, "w:vertAnchor": "margin", "w:horzAnchor": "page",
                                  "w:tblpX": left_twips, "w:tblpYSpec": "bottom"})
    set_child(tblpr, "w:tblOverlap", {"w:val": "never"})


def set_cell_margins(tblpr: etree._Element, *, top: int = 0, left: int = 0, bottom: int = 0,
                     right: int = 0) -> None:
    margins = set_child(tblpr, "w:tblCellMar")
    for side, twips in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        set_child(margins, f"w:{side}", {"w:w": twips, "w:type": "dxa"})


# -- document-wide parts -----------------------------------------------------------------------

def ask_to_update_fields(document: Document) -> None:
    """Word offers to refresh the TOC and page references when the file opens."""
    set_child(document.settings.element, "w:updateFields", {"w:val": "true"})


def set_chinese_document(document: Document) -> None:
    """Theme fonts and the proofing language say Chinese, not the template's Japanese."""
    settings = document.settings.element
    set_child(settings, "w:themeFontLang", {"w:val": "en-US", "w:eastAsia": "zh-CN"})
    # Compress punctuation at line ends the way Chinese typesetting does.
    set_child(settings, "w:characterSpacingControl", {"w:val": "compressPunctuation"})


def drop_stale_parts(document: Document) -> None:
    """Leave out what python-docx's template carries but would mislead: the styles-with-effects
    copy (without our styles, which a Word that prefers it would not find) and the thumbnail of an
    empty page shown in file browsers."""
    for owner, suffix in ((document.part, "/stylesWithEffects"), (document.part.package, "/thumbnail")):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.endswith(suffix):
                owner.rels.pop(rid)


def declare_fonts(document: Document, fonts: Iterable[tuple[str, str, str, str]]) -> None:
    """Declare faces in the font table: (name, alternative name, family, pitch). Word substitutes
    the alternative when the face is missing; charset 86 is GB2312."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    for position, (name, alternative, family, pitch) in enumerate(fonts):
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                table.remove(old)
        font = element("w:font", {"w:name": name})
        if alternative:
            font.append(element("w:altName", {"w:val": alternative}))
        font.append(element("w:charset", {"w:val": "86" if alternative else "00"}))
        font.append(element("w:family", {"w:val": family}))
        font.append(element("w:pitch", {"w:val": pitch}))
        table.insert(position, font)
    # The font table is a plain (blob) part in python-docx: its bytes are replaced wholesale.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
