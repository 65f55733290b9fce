"""From lines of text to cleaned Markdown with metadata: shared by every format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markdownify import markdownify

from archive.importers import cleanup, metadata
from archive.model import NewFile


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


def html_to_markdown(html: str) -> str:
    """HTML (a Word body, a pasted web page) as Markdown: ATX headings, `-` bullets, `**` bold."""
    return markdownify(html, heading_style="ATX", bullets="-", strong_em_symbol="*",
                       table_infer_header=True, escape_underscores=False, escape_asterisks=False)


def clean_paste(html: str | None, text: str) -> str:
    """What the editor inserts for a paste: furniture removed, structure kept as Markdown."""
    if html:
        return "\n".join(cleanup.clean_lines(html_to_markdown(html).splitlines(), keep_indent=True))
    return "\n\n".join(line for line in cleanup.clean_lines(text.splitlines()) if line)
