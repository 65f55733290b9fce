"""PDF files with a text layer, read with pypdf. A scanned PDF has no text and is refused."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

from archive.errors import ImportFailure
from archive.importers import limits
from archive.importers.textual import TextualContent, from_lines, refuse_if_too_long

log = logging.getLogger(__name__)

# Fewer visible characters than this on all pages together: a scan with at most a stray page number.
_MIN_TEXT_CHARACTERS = 20
# pypdf puts a space after a run of digits set in a Latin font: "2024 年9 月28 日", "72 小时".
_DIGIT_SPACE = re.compile(r"(?<=[0-9%])[ \t]+(?=[\u4e00-\u9fff])")


def read(path: Path, data: bytes) -> TextualContent:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailure(f"「{path.name}」有密码保护，无法读取。请先在 PDF 阅读器中去除密码")
        if len(reader.pages) > limits.MAX_PDF_PAGES:
            raise ImportFailure(f"「{path.name}」页数过多（{len(reader.pages)} 页，"
                                f"最多 {limits.MAX_PDF_PAGES} 页）")
        pages, oversized = _page_texts(reader)
    except (ImportFailure, MemoryError):
        raise
    except Exception as error:  # pypdf raises many kinds of error on damaged files
        reason = type(error).__name__
        raise ImportFailure(f"「{path.name}」已损坏：不是有效的 PDF 文件（{reason}）") from error
    text = refuse_if_too_long("\n".join(pages), path.name)
    if oversized and not text.strip():
        number, size = oversized[0]
        raise ImportFailure(f"「{path.name}」的页面内容过大（第 {number} 页 {size / (1 << 20):.1f} MB，"
                            f"每页最多读取 {limits.MAX_PDF_PAGE_CONTENT_BYTES >> 10} KB），无法提取文字")
    if sum(1 for c in text if not c.isspace()) < _MIN_TEXT_CHARACTERS:
        raise ImportFailure(f"「{path.name}」是扫描件，没有可提取的文字层（需要先做文字识别）")
    return from_lines(_join_wrapped(text.splitlines()), fallback_title=path.stem)


def _page_texts(reader: PdfReader) -> tuple[list[str], list[tuple[int, int]]]:
    """Each page's text, and the (page number, bytes) of pages whose content is past the limit and
    left unread (a map or drawing; a hostile file). Pages that share their content are read once:
    one 5 MB stream behind 50 pages took minutes."""
    texts: dict[tuple, str] = {}
    pages, oversized = [], []
    for number, page in enumerate(reader.pages, 1):
        contents = page.get("/Contents")
        references = contents if isinstance(contents, ArrayObject) else [contents]
        shared = all(isinstance(r, IndirectObject) for r in references) and contents is not None
        key = tuple((r.idnum, r.generation) for r in references) if shared else ("page", number)
        if key not in texts:
            size = sum(len(r.get_object().get_data()) for r in references if r is not None)
            if size > limits.MAX_PDF_PAGE_CONTENT_BYTES:
                log.warning("page %d: %d bytes of content, not read", number, size)
                oversized.append((number, size))
                texts[key] = ""
            else:
                texts[key] = page.extract_text() or ""
        pages.append(texts[key])
    return pages, oversized


def _join_wrapped(lines: list[str]) -> list[str]:
    """PDF text breaks lines at the page edge: a line as wide as the widest ones runs on into the
    next unless it ends a sentence; a narrower line (a title, a heading, a date) ends its paragraph."""
    lines = [_DIGIT_SPACE.sub("", raw).strip() for raw in lines]
    full = 0.8 * max((_width(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        current += line
        if line[-1] in "。！？!?：:；;" or _width(line) < full:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _width(line: str) -> int:
    """Width in half-width cells: hanzi and full-width signs take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
