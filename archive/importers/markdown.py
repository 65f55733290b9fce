"""Markdown files (.md): kept as written, cleaned of furniture, title from the first heading."""

from __future__ import annotations

from pathlib import Path

from archive.importers.encoding import decode_text
from archive.importers.textual import TextualContent, from_lines


def read(path: Path, data: bytes) -> TextualContent:
    return from_lines(decode_text(data, path.name).splitlines(), fallback_title=path.stem,
                      markdown=True)
