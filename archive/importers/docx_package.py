"""The .docx zip package: refused when hostile, trimmed before mammoth parses it.

mammoth reads every part with the pure-Python DOM, and `word/styles.xml` is often most of a short
document's XML (every built-in style with all its formatting). mammoth only needs each style's
type, id and name, so the rest is dropped first — with lxml, a C parser — which makes a typical
case several times faster to read.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from archive.errors import ImportFailure
from archive.importers import limits

_STYLES = "word/styles.xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# What mammoth reads of a style: its name, and a numbering style's list id.
_KEPT_STYLE_PARTS = {f"{{{_W}}}name", f"{{{_W}}}pPr"}


def checked_docx(name: str, data: bytes) -> bytes:
    """The package, checked against zip bombs before anything is unpacked, with slim styles."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ImportFailure(f"「{name}」已损坏：不是有效的 Word 文档（文件不完整或不是 .docx）") from None
    with package:
        members = package.infolist()
        total = sum(member.file_size for member in members)
        if (len(members) > limits.MAX_ZIP_MEMBERS or total > limits.MAX_UNZIPPED_BYTES
                or total > limits.MAX_COMPRESSION_RATIO * max(len(data), 1)):
            raise ImportFailure(f"「{name}」解压后过大（{total // 1024 // 1024} MB，{len(members)} 个部件），"
                                "疑似压缩炸弹，已拒绝")
        xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
        if xml > limits.MAX_DOCX_XML_BYTES:
            most = limits.MAX_DOCX_XML_BYTES // 1024 // 1024
            raise ImportFailure(f"「{name}」的文字部分解压后过大（{xml // 1024 // 1024} MB，"
                                f"最多 {most} MB），已拒绝：请拆分成几个文档")
        names = {member.filename for member in members}
        if "word/document.xml" not in names:
            raise ImportFailure(f"「{name}」已损坏：不是 Word 文档（缺少正文部分 word/document.xml）")
        if _STYLES not in names:
            return data
        try:
            slim = _slim_styles(package.read(_STYLES))
            if slim is None:
                return data
            return _replaced(package, _STYLES, slim)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError) as error:
            raise ImportFailure(f"「{name}」已损坏：{error}") from None


def _slim_styles(xml: bytes) -> bytes | None:
    """styles.xml with only what mammoth reads, or None to leave it to mammoth as it is."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return None  # mammoth will report the damage in its own words
    for child in list(root):
        if child.tag != f"{{{_W}}}style":
            root.remove(child)  # latent styles and document defaults: formatting only
            continue
        for part in list(child):
            if part.tag not in _KEPT_STYLE_PARTS:
                child.remove(part)
            elif part.tag == f"{{{_W}}}pPr":
                for setting in list(part):
                    if setting.tag != f"{{{_W}}}numPr":
                        part.remove(setting)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _replaced(package: zipfile.ZipFile, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    # Stored, not deflated: the copy lives only in memory for mammoth to read.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in package.infolist():
            copy.writestr(info.filename, content if info.filename == member else package.read(info))
    return out.getvalue()
