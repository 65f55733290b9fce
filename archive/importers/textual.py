"""From lines of text to cleaned Markdown with metadata: shared by every format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
    if markdown:
        body = "\n".join(meta.body_lines)
    else:
        body = "\n\n".join(line for line in meta.body_lines if line)
    return TextualContent(meta.title, body.strip() + "\n" if body.strip() else "", meta.date,
                          meta.unit, meta.source, meta.author, attachments or [])
