"""The page numbers written into the contents, checked against a rendered PDF and corrected.

The writer estimates them (Word refreshes the fields when the file opens, LibreOffice does not);
after a conversion the PDF says where each case really begins, and `corrected` rewrites the
numbers that were off so a second conversion gets them right.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

log = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"
_PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
_SPACE = re.compile(r"\s+")


@dataclass
class Entry:
    bookmark: str
    title: str                 # whitespace removed, as it is matched in the PDF's text
    shown: etree._Element      # the w:t holding the page number shown in the contents


def entries(root: etree._Element) -> list[Entry]:
    """The contents' entries: each hyperlink to a bookmark with a PAGEREF field inside."""
    titles = {}
    for start in root.iter(f"{W}bookmarkStart"):
        paragraph = start.getparent()
        titles[start.get(f"{W}name")] = _SPACE.sub("", "".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    found = []
    for link in root.iter(f"{W}hyperlink"):
        anchor = link.get(f"{W}anchor")
        if anchor not in titles or not any((i.text or "").strip().startswith("PAGEREF")
                                           for i in link.iter(f"{W}instrText")):
            continue
        result = _field_result(link)
        if result is not None and titles[anchor]:
            found.append(Entry(anchor, titles[anchor], result))
    return found


def _field_result(link: etree._Element) -> etree._Element | None:
    showing, result = False, None
    for node in link.iter(f"{W}fldChar", f"{W}t"):
        if node.tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            showing = kind == "separate"
        elif showing and result is None:
            result = node
    return result


def page_texts(pdf: Path) -> list[str]:
    """Text of each page: poppler's pdftotext where installed (fast), else pypdf."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        try:
            text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                  check=True, timeout=120).stdout.decode("utf-8", "replace")
            return text.split("\f")
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("pdftotext failed on %s: %s", pdf, error)
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def actual_pages(found: list[Entry], texts: list[str]) -> dict[str, int]:
    """Bookmark -> the printed number of the first numbered page showing its title. The cover and
    contents carry no number, so the contents' own mention of a title is never taken."""
    pages = {}
    for text in texts:
        numbers = _PAGE_NUMBER.findall(text)
        if not numbers:
            continue
        flat = _SPACE.sub("", text)
        for entry in found:
            if entry.bookmark not in pages and entry.title in flat:
                pages[entry.bookmark] = int(numbers[-1])
    return pages


def corrected(docx: bytes, pdf: Path) -> bytes | None:
    """`docx` with the contents' page numbers set to what `pdf` shows, or None if they are right."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read(DOCUMENT))
        found = entries(root)
        if not found:
            return None
        pages = actual_pages(found, page_texts(pdf))
        changed = 0
        for entry in found:
            page = pages.get(entry.bookmark)
            if page is not None and entry.shown.text != str(page):
                entry.shown.text = str(page)
                changed += 1
        if not changed:
            return None
        log.info("contents: %d of %d page numbers corrected from the PDF", changed, len(found))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rewritten:
            for item in package.infolist():
                data = (etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                        if item.filename == DOCUMENT else package.read(item))
                rewritten.writestr(item, data)
        return out.getvalue()
