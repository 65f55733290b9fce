"""From lines of text to cleaned Markdown with metadata: shared by every format."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

import lxml.html
from markdownify import markdownify

from archive.errors import ImportFailure
from archive.importers import cleanup, metadata
from archive.model import MAX_BODY_CHARS, NewFile


@dataclass
class TextualContent:
    title: str
    body: str
    date: dt.date | None = None
    unit: str = ""
    source: str = ""
    author: str = ""
    attachments: list[NewFile] = field(default_factory=list)


def from_lines(lines: list[str], *, fallback_title: str, markdown: bool = False,
               attachments: list[NewFile] | None = None) -> TextualContent:
    """Clean `lines`, take the metadata out, and join the rest as Markdown paragraphs.

    With `markdown`, lines are kept as written (blank lines already separate paragraphs);
    otherwise each line of text is a paragraph.
    """
    meta = metadata.extract(cleanup.clean_lines(lines, keep_indent=markdown), fallback_title)
    separator = "\n" if markdown else "\n\n"
    body = separator.join(line for line in meta.body_lines if line or markdown)
    return TextualContent(meta.title, body.strip() + "\n" if body.strip() else "", meta.date,
                          meta.unit, meta.source, meta.author, attachments or [])


def refuse_if_too_long(text: str, name: str) -> str:
    """`text`, unless its characters alone pass the case limit: then it is refused before the
    clean-up and the metadata rules read it line by line (a 45 MB file took minutes)."""
    characters = len(text) - sum(text.count(space) for space in " \t\r\n\u3000")
    if characters > MAX_BODY_CHARS:
        raise ImportFailure(f"「{name}」的正文过长（{characters:,} 字），一个案例最多 {MAX_BODY_CHARS:,} 字："
                            "请分成几个文件")
    return text


# More than this many columns or rows from one merged cell is a damaged or hostile file.
_MAX_SPAN = 64


def html_to_markdown(html: str) -> str:
    """HTML (a Word body, a pasted web page) as Markdown: ATX headings, `-` bullets, `**` bold,
    tables as GFM tables (the first row the header when none is marked)."""
    return markdownify(_spans_repeated(html), heading_style="ATX", bullets="-", strong_em_symbol="*",
                       table_infer_header=True, escape_underscores=False, escape_asterisks=False)


def clean_paste(html: str | None, text: str) -> str:
    """What the editor inserts for a paste: furniture removed, structure kept as Markdown."""
    if html:
        return "\n".join(cleanup.clean_lines(html_to_markdown(html).splitlines(), keep_indent=True))
    return "\n\n".join(line for line in cleanup.clean_lines(text.splitlines()) if line)


def _spans_repeated(html: str) -> str:
    """Merged table cells written out once per row and column they cover: a Markdown table has no
    spans, and a cell left empty would lose what the merged cell said for that row or column."""
    if "colspan" not in html and "rowspan" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for table in root.iter("table"):
        carried: dict[int, tuple[lxml.html.HtmlElement, int]] = {}  # column → cell, rows still to cover
        for row in table.xpath("./tr | ./*/tr"):
            cells = [cell for cell in row if cell.tag in {"td", "th"}]
            for cell in cells:
                row.remove(cell)
            column = 0
            while cells or column in carried:
                if column in carried:
                    cell, rows_left = carried.pop(column)
                    row.append(copy.deepcopy(cell))
                    if rows_left > 1:
                        carried[column] = (cell, rows_left - 1)
                    column += 1
                    continue
                cell = cells.pop(0)
                across, down = (_span(cell, "colspan"), _span(cell, "rowspan"))
                for offset in range(across):
                    placed = cell if offset == 0 else copy.deepcopy(cell)
                    row.append(placed)
                    if down > 1:
                        carried[column] = (copy.deepcopy(cell), down - 1)
                    column += 1
    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return (root.text or "") + inner


def _span(cell, attribute: str) -> int:
    value = cell.attrib.pop(attribute, "1").strip()
    return min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1
