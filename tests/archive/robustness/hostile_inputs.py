"""Builders of hostile documents, each inside the documented limits: the gallery
(test_hostile_gallery.py) and the reader-bounds tests read them."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

_LINE = "某市气象局与应急管理局建立暴雨预警叫应机制，直达基层责任人。2024年7月2日，\n"


def pdf_with_streams(path: Path, streams: list[bytes], pages_per_stream: int = 1) -> Path:
    """A PDF whose pages draw `streams` (Flate-packed), each stream shared by `pages_per_stream` pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    stream_numbers = []
    for content in streams:
        packed = zlib.compress(content, 9)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed
                       + b"\nendstream")
        stream_numbers.append(len(objects))
    kids = []
    for number in stream_numbers:
        for _ in range(pages_per_stream):
            objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                           b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % number)
            kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def text_stream(size: int, words: bytes = b"flood warning drill") -> bytes:
    operator = b"BT /F1 12 Tf 72 712 Td (" + words + b") Tj ET\n"
    return operator * (size // len(operator))


def shared_stream_pdf(path: Path) -> Path:
    """One 5 MB content stream behind 50 pages: 23 KB on disk, minutes when read page by page."""
    return pdf_with_streams(path, [text_stream(5 << 20)], pages_per_stream=50)


def long_text(path: Path, megabytes: int = 45) -> Path:
    """A text file under the 50 MB file limit, far past the body limit."""
    path.write_bytes((_LINE * (megabytes * 1_000_000 // len(_LINE.encode()))).encode())
    return path


def text_near_the_body_limit(path: Path, characters: int = 900_000) -> Path:
    path.write_text(_LINE * (characters // len(_LINE)), encoding="utf-8")
    return path


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
    'document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')

# Damaged table cells: text straight in a cell, spans that are not numbers or absurd, nesting past
# any parser's recursion, characters XML forbids.
DAMAGED_CELLS = {
    "text-outside-a-paragraph": "<w:tc><w:t>直接文字</w:t></w:tc>",
    "empty": "<w:tc/>",
    "span-not-a-number": '<w:tc><w:tcPr><w:gridSpan w:val="abc"/></w:tcPr><w:p><w:r><w:t>跨</w:t></w:r></w:p></w:tc>',
    "span-of-a-billion": '<w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr><w:p><w:r><w:t>跨</w:t></w:r></w:p></w:tc>',
    "nested-300-deep": "<w:tc>" + "<w:tbl><w:tr><w:tc>" * 300 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 300
    + "<w:p/></w:tc>",
    "forbidden-characters": "<w:tc><w:p><w:r><w:t>&#xFFFF;坏字符&#xD800;</w:t></w:r></w:p></w:tc>",
    "text-in-a-row": "<w:t>行里的文字</w:t>",
}


def docx_with_cell(path: Path, cell: str) -> Path:
    body = ("<w:p><w:r><w:t>防汛叫应机制案例</w:t></w:r></w:p><w:p><w:r><w:t>市气象局与应急管理局建立暴雨"
            "预警叫应机制，直达基层责任人。</w:t></w:r></w:p>"
            f"<w:tbl><w:tr>{cell}<w:tc><w:p><w:r><w:t>正常</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                         f"<w:document {_W}><w:body>{body}</w:body></w:document>")
    return path
