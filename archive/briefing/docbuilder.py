"""Paragraphs, runs, pictures and tables written straight into the document's XML.

Blocks are made as XML text and parsed with lxml in batches (rather than built through python-docx's
proxies, or element by element), which keeps a 100-case compilation well inside its time budget;
python-docx still owns the package, parts and images.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from docx.document import Document
from docx.image.image import Image
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.shape import CT_Inline
from docx.shared import Mm
from lxml import etree

from archive.briefing import ooxml, styles, tables
from archive.briefing.pagination import Pager, line_count, line_height
from archive.briefing.spans import Span
from archive.briefing.styles import StyleSpec
from archive.briefing.tables import Cell

# Characters XML 1.0 cannot hold (lxml refuses them); they come in with pasted and converted text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile(r"(\n|\t)")
_W_DECLARATION = f'xmlns:w="{nsmap["w"]}"'
MAX_PICTURE_WIDTH = Mm(156)
MAX_PICTURE_HEIGHT = Mm(190)


class DocBuilder:
    """Appends to the body (before its final sectPr) or to a table cell, counting pages as it goes."""

    def __init__(self, document: Document, specs: dict[str, StyleSpec]) -> None:
        self.document = document
        self.specs = specs
        self.body = document.element.body
        self.sentinel = self.body.get_or_add_sectPr()
        self.pager = Pager()
        self._rpr = {key: styles.run_properties(spec) for key, spec in specs.items()}
        self._rpr_xml: dict[tuple[str, tuple], str] = {}
        self._tblpr_xml: dict[int, str] = {}
        self._queued: list[str] = []  # body blocks as XML text, not parsed yet: see `last_block`
        self._images: dict[Path, tuple[str, Image]] = {}
        self._bookmark_ids = itertools.count(1)
        self._shape_ids = itertools.count(1001)

    # -- paragraphs ------------------------------------------------------------------------

    def paragraph(self, style: str, spans: Iterable[Span] = (), *, parent: etree._Element | None = None,
                  align: str | None = None, first_line_chars: int | None = None,
                  left_chars: int | None = None, right_chars: int | None = None,
                  before_twips: int | None = None, after_twips: int | None = None,
                  page_break_before: bool = False, keep_next: bool = False,
                  counted: bool = True) -> etree._Element:
        """A paragraph placed now (at the end of the body, or of `parent`), for the caller to change."""
        xml = self._paragraph_block(style, list(spans), align=align, first_line_chars=first_line_chars,
                                    left_chars=left_chars, right_chars=right_chars,
                                    before_twips=before_twips, after_twips=after_twips,
                                    page_break_before=page_break_before, keep_next=keep_next,
                                    counted=counted and parent is None)
        if parent is not None:
            made = _parse([xml])[0]
            parent.append(made)
            return made
        self._queued.append(xml)
        return self.last_block()

    def add_paragraph(self, style: str, spans: Iterable[Span] = (), *, left_chars: int | None = None) -> None:
        """A body paragraph nothing changes later: queued, and parsed with the blocks around it."""
        self._queued.append(self._paragraph_block(style, list(spans), left_chars=left_chars))

    def last_block(self) -> etree._Element | None:
        """The body's last paragraph or table, the queued ones placed first. They are parsed
        together: 7,500 paragraphs parse in about two thirds of the CPU time they take one by one."""
        if self._queued:
            for block in _parse(self._queued):
                self.sentinel.addprevious(block)
            self._queued = []
        return self.sentinel.getprevious()

    def _paragraph_block(self, style: str, spans: list[Span], *, align: str | None = None,
                         first_line_chars: int | None = None, left_chars: int | None = None,
                         right_chars: int | None = None, before_twips: int | None = None,
                         after_twips: int | None = None, page_break_before: bool = False,
                         keep_next: bool = False, counted: bool = True) -> str:
        """A paragraph's XML, its properties included (building it element by element, or setting
        properties on the parsed paragraph, costs several times more); counted, it moves the pager."""
        spec = self.specs[style]
        properties = []
        if keep_next:
            properties.append("<w:keepNext/>")
        if page_break_before:
            properties.append("<w:pageBreakBefore/>")
        if before_twips is not None or after_twips is not None:
            properties.append(ooxml.empty_tag("w:spacing", ooxml.spacing_attributes(
                line_twips=spec.line_twips,
                before_twips=spec.before_twips if before_twips is None else before_twips,
                after_twips=spec.after_twips if after_twips is None else after_twips)))
        indents = {"first_line_chars": first_line_chars, "left_chars": left_chars, "right_chars": right_chars}
        if any(chars is not None for chars in indents.values()):
            properties.append(ooxml.empty_tag("w:ind", ooxml.indent_attributes(spec.size, **indents)))
        if counted:
            if page_break_before:
                self.pager.new_page()
            indent = ((spec.first_line_chars if first_line_chars is None else first_line_chars)
                      + (spec.left_chars if left_chars is None else left_chars)) / 100
            text = "".join(s.text for s in spans)
            self.pager.add_lines(line_count(text, size=spec.size, indent_cells=indent),
                                 line_height(spec.size, spec.line_twips),
                                 before=spec.before_twips if before_twips is None else before_twips,
                                 after=spec.after_twips if after_twips is None else after_twips,
                                 keep_next=keep_next or spec.keep_next)
        return self.paragraph_xml(style, spans, align, "".join(properties))

    def runs_xml(self, style: str, span: Span, *, always_preserve: bool = False) -> str:
        """The w:r elements of a span as XML text: its text, with w:br for line breaks and w:tab for
        tabs; xml:space="preserve" where spaces need it (on every w:t if `always_preserve`)."""
        rpr = self._rpr_text(style, span)
        made = []
        for piece in _BREAKS.split(NOT_XML.sub("", span.text)):
            if not piece:
                continue
            if piece == "\n":
                made.append(f"<w:r>{rpr}<w:br/></w:r>")
            elif piece == "\t":
                made.append(f"<w:r>{rpr}<w:tab/></w:r>")
            elif always_preserve:
                made.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
            else:
                made.append(f"<w:r>{rpr}{ooxml.text_xml(piece)}</w:r>")
        return "".join(made)

    def run_properties_xml(self, style: str) -> str:
        """The style's run properties as XML text (to put into runs made as text)."""
        return self._rpr_text(style, Span(""))

    def parse_runs(self, runs: str) -> list[etree._Element]:
        """Runs given as XML text, parsed (to add to a paragraph already placed)."""
        return list(_parse([f"<w:p>{runs}</w:p>"])[0])

    def insert_before(self, anchor: etree._Element, paragraphs: Sequence[str]) -> None:
        """Paragraphs given as XML text (see `paragraph_xml`), parsed together and put before `anchor`."""
        for paragraph in _parse(paragraphs):
            anchor.addprevious(paragraph)

    def paragraph_xml(self, style: str, spans: Sequence[Span] = (), align: str | None = None,
                      properties: str = "", runs: str = "") -> str:
        """A paragraph as XML text; `properties`: the pPr children between pStyle and jc, in schema
        order; `runs`: runs made as text, after those of `spans`."""
        jc = f'<w:jc w:val="{align}"/>' if align else ""
        text = "".join(self.runs_xml(style, span, always_preserve=True) for span in spans)
        return (f'<w:p><w:pPr><w:pStyle w:val="{self.specs[style].style_id}"/>{properties}'
                f"{jc}</w:pPr>{text}{runs}</w:p>")

    def _rpr_text(self, style: str, span: Span) -> str:
        """The run properties as XML text, serialised once per style and format."""
        key = (style, span.formatting)
        rpr = self._rpr_xml.get(key)
        if rpr is None:
            rpr = self._rpr_xml[key] = _xml_text(self.run_properties(style, span))
        return rpr

    def run_properties(self, style: str, span: Span | None = None) -> etree._Element:
        rpr = self._rpr[span.face if span is not None and span.face else style].__deepcopy__(None)
        if span is None:
            return rpr
        if span.bold:
            ooxml.set_child(rpr, "w:b")
            ooxml.set_child(rpr, "w:bCs")
        if span.italic:
            ooxml.set_child(rpr, "w:i")
            ooxml.set_child(rpr, "w:iCs")
        if span.strike:
            ooxml.set_child(rpr, "w:strike")
        if span.underline:
            ooxml.set_child(rpr, "w:u", {"w:val": "single"})
        if span.vertical:
            ooxml.set_child(rpr, "w:vertAlign", {"w:val": span.vertical})
        if span.color:
            ooxml.set_child(rpr, "w:color", {"w:val": span.color})
        if span.size:
            ooxml.set_size(rpr, span.size)
        if span.code:
            fonts = rpr.find(qn("w:rFonts"))
            for attr in ("w:ascii", "w:hAnsi"):
                fonts.set(qn(attr), "Courier New")
        return rpr

    # -- structure -------------------------------------------------------------------------

    def bookmark(self, paragraph: etree._Element) -> str:
        number = next(self._bookmark_ids)
        name = f"_Toc{100000 + number}"
        ooxml.bookmark(paragraph, name, number)
        return name

    def end_section(self, last_paragraph: etree._Element) -> etree._Element:
        """Everything so far becomes a section of its own; what follows starts on a new page."""
        self.pager.new_page()
        return ooxml.end_section_at(last_paragraph, self.sentinel)

    # -- pictures --------------------------------------------------------------------------

    def picture(self, path: Path, *, max_width: int = MAX_PICTURE_WIDTH) -> None:
        """A centred picture (queued like `add_paragraph`), scaled down (never up) to fit the type
        area. Raises on a file that is not a picture python-docx can read (PNG, JPEG, GIF, BMP, TIFF)."""
        if path not in self._images:  # python-docx reads and hashes the file on every call
            self._images[path] = self.document.part.get_or_add_image(str(path))
        rid, image = self._images[path]
        scale = min(1.0, max_width / max(image.width, 1), MAX_PICTURE_HEIGHT / max(image.height, 1))
        width, height = int(image.width * scale), int(image.height * scale)
        # Our own shape ids: python-docx's next_id searches the whole document for every picture.
        inline = _inline_picture_xml(next(self._shape_ids), rid, image.filename, width, height)
        run = f"<w:r>{self._rpr_text('picture', Span(''))}<w:drawing>{inline}</w:drawing></w:r>"
        self._queued.append(self.paragraph_xml("picture", runs=run))
        self.pager.add_lines(1, height / 635 + 120, splits=False)

    # -- tables ----------------------------------------------------------------------------

    def table(self, rows: Sequence[Sequence[Cell | Sequence[Span]]], *, header_rows: int = 0,
              aligns: Sequence[str | None] = (), width: int = styles.TEXT_WIDTH_TWIPS,
              size: float | None = None) -> etree._Element:
        """`add_table`, placed now for the caller to change."""
        self.add_table(rows, header_rows=header_rows, aligns=aligns, width=width, size=size)
        return self.last_block()

    def add_table(self, rows: Sequence[Sequence[Cell | Sequence[Span]]], *, header_rows: int = 0,
                  aligns: Sequence[str | None] = (), width: int = styles.TEXT_WIDTH_TWIPS,
                  size: float | None = None) -> None:
        """A table across the type area in single rules: header rows in 黑体 repeated on each page,
        cells in 仿宋 sized to fit (see `tables`), number columns right-aligned, merged cells kept.
        A row is a list of `Cell`s (or of span lists); ragged rows are padded. Queued like
        `add_paragraph`: the table is parsed whole from text, far quicker than element by element."""
        layout = tables.lay_out(rows, width, header_rows, size=size)
        grid = "".join(f'<w:gridCol w:w="{column_width}"/>' for column_width in layout.widths)
        made = []
        for r, slots in enumerate(layout.grid):
            header = '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' if r < header_rows else ""
            cells = "".join(self._cell_xml(slot, r < header_rows, layout, c,
                                           aligns[c] if c < len(aligns) else None)
                            for c, slot in enumerate(slots) if slot is not None)
            made.append(f"<w:tr>{header}{cells}</w:tr>")
        self._queued.append(f"<w:tbl>{self._table_properties_xml(width)}"
                            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(made)}</w:tbl>")
        for height in _row_heights(layout):
            self.pager.add_lines(1, height, splits=False)

    def _table_properties_xml(self, width: int) -> str:
        """The tblPr of a table `width` twips wide, made once through `ooxml` and kept as text."""
        made = self._tblpr_xml.get(width)
        if made is None:
            tblpr = ooxml.element("w:tblPr")
            ooxml.set_child(tblpr, "w:tblW", {"w:w": width, "w:type": "dxa"})
            ooxml.set_child(tblpr, "w:jc", {"w:val": "center"})
            ooxml.set_table_borders(tblpr, ("top", "left", "bottom", "right", "insideH", "insideV"))
            ooxml.set_child(tblpr, "w:tblLayout", {"w:type": "fixed"})
            ooxml.set_cell_margins(tblpr, top=30, left=85, bottom=30, right=85)
            made = self._tblpr_xml[width] = _xml_text(tblpr)
        return made

    def _cell_xml(self, slot: tables.Slot, header: bool, layout: tables.TableLayout, column: int,
                  align: str | None) -> str:
        width = sum(layout.widths[column:column + slot.colspan])
        span = f'<w:gridSpan w:val="{slot.colspan}"/>' if slot.colspan > 1 else ""
        merge = ""
        if slot.cell.rowspan > 1:
            merge = '<w:vMerge w:val="restart"/>' if slot.first_row else "<w:vMerge/>"
        spans = [s.but(size=layout.size) for s in slot.cell.spans] if slot.first_row else []
        if header:
            paragraph = self.paragraph_xml("table_header", spans)
        else:
            align = align or ("right" if layout.numeric[column] else None)
            paragraph = self.paragraph_xml("table", spans, align)
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/>'
                f"</w:tcPr>{paragraph}</w:tc>")


# Stand-ins for a picture's values in python-docx's inline picture, made once and filled in as text.
_SHAPE_ID, _RID, _NAME, _CX, _CY = "999999991", "rId999999992", "\u2063name\u2063", "999999993", "999999994"


@functools.cache
def _inline_picture_template() -> str:
    inline = CT_Inline.new_pic_inline(int(_SHAPE_ID), _RID, _NAME, int(_CX), int(_CY))
    return etree.tostring(inline, encoding="unicode")


def _inline_picture_xml(shape_id: int, rid: str, filename: str, cx: int, cy: int) -> str:
    """python-docx's wp:inline for a picture, as text: building it anew costs two parses and a
    dozen lookups per picture."""
    text = _inline_picture_template()
    for stand_in, value in ((_SHAPE_ID, str(shape_id)), (_RID, rid), (_NAME, ooxml.attribute_text(filename)),
                            (_CX, str(cx)), (_CY, str(cy))):
        text = text.replace(stand_in, value)
    return text


def _parse(blocks: Sequence[str]) -> list[etree._Element]:
    """Paragraphs and tables as XML text, parsed in one go (into python-docx's element classes)."""
    return list(etree.fromstring(f"<w:body {_W_DECLARATION}>{''.join(blocks)}</w:body>", oxml_parser))


def _xml_text(element: etree._Element) -> str:
    """An element as text to be parsed inside a larger fragment, which declares the namespace."""
    return etree.tostring(element, encoding="unicode").replace(f" {_W_DECLARATION}", "")


def _row_heights(layout: tables.TableLayout) -> list[float]:
    """Twips each row takes: its tallest cell at the table's type size, plus the cell padding."""
    heights = []
    for row in layout.grid:
        lines = 1
        for c, slot in enumerate(row):
            if slot is None or not slot.first_row:
                continue
            width = sum(layout.widths[c:c + slot.colspan]) - tables.CELL_PADDING_TWIPS
            lines = max(lines, line_count(slot.cell.text, size=layout.size,
                                          width_cells=max(1.0, width / 20 / styles.BODY_SIZE)))
        heights.append(lines * line_height(layout.size, None) + 80)
    return heights
