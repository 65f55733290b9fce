"""PDF files with a text layer, read with pypdf. A scanned PDF has no text and is refused."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from archive.errors import ImportFailure
from archive.importers import limits
from archive.importers.textual import TextualContent, from_lines

log = logging.getLogger(__name__)


def read(path: Path, data: bytes) -> TextualContent:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailure(f"「{path.name}」有密码保护，无法读取")
        if len(reader.pages) > limits.MAX_PDF_PAGES:
            raise ImportFailure(f"「{path.name}」页数过多（{len(reader.pages)} 页）")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportFailure:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise ImportFailure(f"「{path.name}」不是有效的 PDF 文件或已损坏：{error}") from error
    text = "\n".join(pages)
    if sum(1 for c in text if not c.isspace()) < 20:
        raise ImportFailure(f"「{path.name}」是扫描件或图片 PDF，没有可提取的文字层")
    return from_lines(_join_wrapped(text.splitlines()), fallback_title=path.stem)


def _join_wrapped(lines: list[str]) -> list[str]:
    """PDF text breaks lines at the page edge: join a line to the next unless it ends a sentence."""
    paragraphs: list[str] = []
    current = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        current += line
        if line[-1] in "。！？!?：:；;" or len(line) < 20:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs
