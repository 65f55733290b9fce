"""Markdown files (.md): kept as written, cleaned of furniture, title from the first heading."""

from __future__ import annotations

from pathlib import Path

from archive.importers.encoding import decode_text
from archive.importers.textual import TextualContent, from_lines, refuse_if_too_long


def read(path: Path, data: bytes) -> TextualContent:
    text = refuse_if_too_long(decode_text(data, path.name), path.name)
    return from_lines(text.splitlines(), fallback_title=path.stem, markdown=True)
