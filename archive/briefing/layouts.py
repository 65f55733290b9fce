"""The three layouts: 材料汇编 (cover, contents, a case a page), 简报 (masthead, cases running on,
closing block) and a single case; and the parts they share (case heading, page-number footers).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from archive.briefing import ooxml, styles
from archive.briefing.docbuilder import DocBuilder
from archive.briefing.errors import BriefingCancelled, BriefingError
from archive.briefing.gfm import Converters
from archive.briefing.markdown_to_docx import BodyWriter
from archive.briefing.options import BriefingCase, BriefingOptions
from archive.briefing.pagination import line_count, line_height, text_cells
from archive.briefing.spans import Span
from archive.briefing.titles import break_title
from archive.progress import Cancelled, Progress

log = logging.getLogger(__name__)

LINE = styles.LINE_PITCH_TWIPS
_DIGIT_BOUNDARY = re.compile(r"(?<=\d)(?=[^\d\s.])|(?<=[^\d\s.])(?=\d)")
HEAVY_RULE = 8  # eighths of a point: the 版记’s first and last rules (thin ones are 4)


@dataclass(frozen=True)
class TocEntry:
    title: str
    bookmark: str
    page: int


def chinese_date(day: dt.date) -> str:
    """GB/T 9704-2012 writes dates with Arabic numerals: 2024年7月18日."""
    return f"{day.year}年{day.month}月{day.day}日"


def balanced_title(title: str, size: float) -> str:
    """The title with line breaks where GB/T 9704 would break it (see `titles`)."""
    return "\n".join(break_title(title, math.floor(styles.TEXT_WIDTH_TWIPS / 20 / size)))


def write_layout(builder: DocBuilder, cases: Sequence[BriefingCase], options: BriefingOptions,
                 progress: Progress | None, cancelled: Cancelled | None) -> None:
    if options.layout == "compilation":
        _compilation(builder, cases, options, progress, cancelled)
    elif options.layout == "briefing":
        _briefing(builder, cases, options, progress, cancelled)
    else:
        _cases(builder, cases, options, progress, cancelled)
        _page_numbers(builder)
    builder.last_block()  # what is still queued goes into the body


# -- 材料汇编 -------------------------------------------------------------------------------------

def _compilation(builder: DocBuilder, cases: Sequence[BriefingCase], options: BriefingOptions,
                 progress: Progress | None, cancelled: Cancelled | None) -> None:
    if options.cover:
        builder.end_section(_cover(builder, options))
    toc_end = None
    if options.toc:
        builder.paragraph("toc_heading", [Span("目　　录")])
        toc_end = builder.paragraph("toc1", counted=False)
        builder.end_section(toc_end)
    builder.pager.restart()
    entries = _cases(builder, cases, options, progress, cancelled)
    _closing(builder, options)
    if toc_end is not None:
        _fill_toc(builder, toc_end, entries)
    _page_numbers(builder, restart=options.cover or options.toc)


def _cover(builder: DocBuilder, options: BriefingOptions) -> etree._Element:
    """Title a third of the way down; compiling unit and date towards the foot of the page."""
    title = options.display_title
    title_spec = builder.specs["cover_title"]
    shown = balanced_title(title, title_spec.size)
    title_height = (shown.count("\n") + 1) * (title_spec.line_twips or round(title_spec.size * 26))
    top = 5 * LINE
    meta = [line for line in (options.unit, chinese_date(options.issue_date())) if line]
    meta_height = len(meta) * (builder.specs["cover_meta"].line_twips or LINE)
    gap = max(LINE, styles.TEXT_HEIGHT_TWIPS - top - title_height - meta_height - 3 * LINE)
    last = builder.paragraph("cover_title", [Span(shown)], before_twips=top)
    for index, line in enumerate(meta):
        last = builder.paragraph("cover_meta", [Span(line)], before_twips=gap if index == 0 else 0)
    return last


def _fill_toc(builder: DocBuilder, end: etree._Element, entries: Sequence[TocEntry]) -> None:
    """Entries written in (title, dot leader, page) inside a real TOC field, so the contents read
    right before Word updates the field; each links to its case and carries a PAGEREF. Made as XML
    text and parsed together, like the body."""
    rpr = builder.run_properties_xml("toc1")
    tabs = "<w:tabs>{}</w:tabs>".format(ooxml.empty_tag(
        "w:tab", {"w:val": "right", "w:pos": styles.TEXT_WIDTH_TWIPS, "w:leader": "dot"}))
    paragraphs = []
    for index, entry in enumerate(entries):
        begin = "".join(ooxml.field_runs_xml('TOC \\o "1-3" \\h \\z \\u', "", rpr)[:3]) if index == 0 else ""
        runs = (builder.runs_xml("toc1", Span(entry.title)) + builder.runs_xml("toc1", Span("\t"))
                + "".join(ooxml.field_runs_xml(f"PAGEREF {entry.bookmark} \\h", str(entry.page), rpr)))
        paragraphs.append(builder.paragraph_xml("toc1", properties=tabs,
                                                runs=begin + ooxml.internal_link_xml(entry.bookmark, runs)))
    builder.insert_before(end, paragraphs)
    end.extend(builder.parse_runs(ooxml.field_runs_xml("", "", rpr)[4]))


# -- 简报 ----------------------------------------------------------------------------------------

def _briefing(builder: DocBuilder, cases: Sequence[BriefingCase], options: BriefingOptions,
              progress: Progress | None, cancelled: Cancelled | None) -> None:
    _masthead(builder, options)
    _cases(builder, cases, options, progress, cancelled)
    _closing(builder, options)
    _page_numbers(builder)


def _masthead(builder: DocBuilder, options: BriefingOptions) -> None:
    """The name large in red, 第N期, the compiling unit left and the date right over a red rule."""
    name = options.display_title
    spec = builder.specs["masthead_name"]
    # As large as the style says, but never wider than the type area.
    size = min(spec.size, math.floor(styles.TEXT_WIDTH_TWIPS / 20 / max(text_cells(name), 1) / 1.08))
    builder.paragraph("masthead_name", [Span(name, size=size)], before_twips=LINE)
    if options.issue_number:
        builder.paragraph("masthead_issue", [Span(f"第{options.issue_number}期")])
    line = builder.paragraph("masthead_line", [Span(options.unit), Span("\t"),
                                               Span(chinese_date(options.issue_date()))])
    ppr = line.find(qn("w:pPr"))
    ooxml.add_tab_stop(ppr, styles.TEXT_WIDTH_TWIPS, "right")
    ooxml.set_border(ppr, "bottom", color=styles.RED, eighths=12, space_points=4)


def _closing(builder: DocBuilder, options: BriefingOptions) -> None:
    """The closing block (版记) floated to the foot of the last page: 报/送/发/抄送, then the 印发
    line (unit left, date right), between rules, the first and last heavier; then 共印N份."""
    recipients = (("报", options.report_to), ("送", options.send_to), ("发", options.distribute_to),
                  ("抄送", options.cc))
    rows = [[[Span(f"{label}：{value.strip()}")]] for label, value in recipients if value.strip()]
    issued = len(rows)
    rows.append([[Span(options.unit.strip()), Span("\t"),
                  Span(f"{chinese_date(options.issue_date())}印发")]])
    if options.copies:
        rows.append([[Span(f"（共印{options.copies}份）")]])
    table = builder.table(rows)
    tblpr = table.find(qn("w:tblPr"))
    ooxml.float_at_page_bottom(tblpr, styles.MARGIN_LEFT.twips)
    # No cell padding: LibreOffice floats a table only when it (padding included) is no wider
    # than the text area; the paragraphs inside carry their own indents.
    ooxml.set_cell_margins(tblpr)
    ooxml.set_table_borders(tblpr, ["insideH", "top", "bottom"], eighths=4)
    borders = tblpr.find(qn("w:tblBorders"))
    for side in ("top", "bottom"):  # GB/T 9704: the first and last rules are heavier
        ooxml.set_child(borders, f"w:{side}", {"w:sz": HEAVY_RULE})
    spec = builder.specs["closing"]
    rows_xml = table.findall(qn("w:tr"))
    for index, tr in enumerate(rows_xml):
        p = tr.find(f"{qn('w:tc')}/{qn('w:p')}")
        ppr = p.find(qn("w:pPr"))
        ppr.find(qn("w:pStyle")).set(qn("w:val"), spec.style_id)
        ooxml.set_indent(ppr, spec.size, left_chars=100, right_chars=100, first_line_chars=0)
        ooxml.set_child(ppr, "w:jc", {"w:val": "right" if index > issued else "left"})
        if index == issued:
            ooxml.add_tab_stop(ppr, styles.TEXT_WIDTH_TWIPS - round(spec.size * 20), "right")
        for run in p.findall(qn("w:r")):
            run.replace(run.find(qn("w:rPr")), builder.run_properties("closing"))
    if options.copies:
        # The copies line sits under the last (heavy) rule, with no rule of its own below.
        for row, attrs in ((rows_xml[-1], {"w:val": "nil"}),
                           (rows_xml[-2], {"w:val": "single", "w:sz": HEAVY_RULE, "w:space": 0,
                                           "w:color": "000000"})):
            cell_borders = ooxml.set_child(row.find(qn("w:tc")).find(qn("w:tcPr")), "w:tcBorders")
            ooxml.set_child(cell_borders, "w:bottom", attrs)
    # Word wants a paragraph after a table; it also anchors the floating block.
    builder.paragraph("closing", counted=False)


# -- the cases -----------------------------------------------------------------------------------

def _cases(builder: DocBuilder, cases: Sequence[BriefingCase], options: BriefingOptions,
           progress: Progress | None, cancelled: Cancelled | None) -> list[TocEntry]:
    converters = Converters()
    entries = []
    new_pages = options.new_page_per_case if options.layout != "single" else True
    for index, case in enumerate(cases):
        if cancelled is not None and cancelled():
            raise BriefingCancelled("已取消导出，未写入任何文件。")
        title = " ".join((case.title or "").split()) or "（无标题）"
        if progress is not None:
            progress(index, len(cases), title)
        page_break = index > 0 and new_pages
        meta = case.excerpt_source or _metadata_line(case, options.metadata)
        shown = balanced_title(title, builder.specs["case_title"].size)
        if page_break:
            builder.pager.new_page()
        elif builder.pager.room < _heading_height(builder, shown, meta):
            builder.pager.new_page(explicit=False)  # title, its line and a first line keep together
        page = builder.pager.page
        heading = builder.paragraph("case_title", [Span(shown)], page_break_before=page_break,
                                    before_twips=LINE if index > 0 and not new_pages else None,
                                    after_twips=None if meta else LINE)
        entries.append(TocEntry(title, builder.bookmark(heading), page))
        if meta:
            builder.paragraph("case_meta", [Span(meta)], after_twips=LINE)
        try:
            md = converters.for_body(case.body or "")
            BodyWriter(builder, md, case.attachments, title).write(case.body)
        except Exception as error:  # a bug met on one body: say which case, keep the traceback
            log.exception("case %r could not be written", title)
            raise BriefingError(f"案例「{title}」无法写入 Word 文档：{error}") from error
        if not case.excerpt_source:
            _signature(builder, case, options.metadata)
    return entries


def _signature(builder: DocBuilder, case: BriefingCase, fields: Sequence[str]) -> None:
    """The case's 落款 under its body, as GB/T 9704 sets a signature: a blank line, the unit two
    characters in from the right, the date under it starting two characters further right."""
    unit = case.unit.strip() if "unit" in fields else ""
    day = chinese_date(case.date) if case.date and "date" in fields else ""
    if not unit and not day:
        return
    unit_cells, day_cells = _set_width(unit), _set_width(day)
    unit_right = max(2.0, day_cells + 2 - unit_cells) if unit else 0.0
    day_right = unit_right + unit_cells - day_cells - 2 if unit else 2.0
    lines = [(text, right) for text, right in ((unit, unit_right), (day, day_right)) if text]
    # The 落款 never starts a page alone: the end of the body (a paragraph, or a table's last row)
    # keeps with it.
    end = builder.last_block()
    if end is not None and end.tag == qn("w:tbl"):
        end = end.findall(qn("w:tr"))[-1]
    for paragraph in end.iter(qn("w:p")) if end is not None else ():  # iter() includes `end` itself
        ooxml.set_child(paragraph.find(qn("w:pPr")), "w:keepNext")
    for index, (text, right) in enumerate(lines):
        builder.paragraph("signature", [Span(text)], before_twips=LINE if index == 0 else None,
                          keep_next=index < len(lines) - 1, first_line_chars=0,
                          right_chars=round(right * 100))


def _set_width(text: str) -> float:
    """Cells `text` takes as Word and LibreOffice set it: each change between digits and Chinese
    gets a quarter character of space (autoSpaceDN), so 2023年7月21日 takes 7.75 cells, not 6.5."""
    return text_cells(text) + 0.25 * len(_DIGIT_BOUNDARY.findall(text))


def _heading_height(builder: DocBuilder, title: str, meta: str) -> float:
    """Twips a case heading needs at the foot of a page: space, title, metadata line, blank line
    and the first line of the body (they are kept together)."""
    spec = builder.specs["case_title"]
    title_lines = line_count(title, size=spec.size)
    meta_lines = line_count(meta) if meta else 0
    return LINE + title_lines * line_height(spec.size, spec.line_twips) + (meta_lines + 2) * LINE


def _metadata_line(case: BriefingCase, fields: Sequence[str]) -> str:
    # Unit and date are the case's 落款, printed at its foot (see _signature).
    values = {
        "tags": "、".join(t.strip() for t in case.tags if t.strip()),
        "source": f"来源：{case.source.strip()}" if case.source.strip() else "",
        "author": f"作者：{case.author.strip()}" if case.author.strip() else "",
    }
    return " · ".join(values[name] for name in fields if values.get(name))


# -- page numbers --------------------------------------------------------------------------------

def _page_numbers(builder: DocBuilder, *, restart: bool = False) -> None:
    """"— 1 —" in 4号 宋体 under the type area: odd pages on the right, even on the left, each
    one character in from the edge. Only the last section has footers: a cover and contents
    before it have none."""
    document: Document = builder.document
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[-1]
    if restart:
        ooxml.restart_page_numbers(section._sectPr)
    for footer, align, indent in ((section.footer, "right", "right"),
                                  (section.even_page_footer, "left", "left")):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        p = builder.paragraph("page_number", parent=element, align=align, counted=False, first_line_chars=0,
                              **{f"{indent}_chars": 100})
        page = ooxml.field_runs_xml("PAGE", "1", builder.run_properties_xml("page_number"))
        p.extend(builder.parse_runs(builder.runs_xml("page_number", Span("— ")) + "".join(page)
                                    + builder.runs_xml("page_number", Span(" —"))))
