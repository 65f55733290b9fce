"""Plain text files (.txt): any Chinese encoding, cleaned, with metadata from head and foot."""

from __future__ import annotations

from pathlib import Path

from archive.importers.encoding import decode_text
from archive.importers.textual import TextualContent, from_lines


def read(path: Path, data: bytes) -> TextualContent:
    return from_lines(decode_text(data, path.name).splitlines(), fallback_title=path.stem)
