"""Word files: .docx through mammoth to HTML, then Markdown; .doc and .wps through LibreOffice first.

Headings styled as headings become Markdown headings; bold, italic, lists and tables come through;
pictures become attachments referenced as `attachment:NAME`. Linked (external) pictures are never
opened.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import mammoth

from archive.errors import ImportFailure
from archive.importers.docx_package import checked_docx
from archive.importers.libreoffice import convert_to_docx
from archive.importers.textual import TextualContent, from_lines, html_to_markdown
from archive.model import NewFile

log = logging.getLogger(__name__)

_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/bmp": ".bmp",
               "image/tiff": ".tif", "image/x-emf": ".emf", "image/x-wmf": ".wmf", "image/svg+xml": ".svg"}
# The Word "Title" style is the document's title, not body text.
_STYLE_MAP = "p[style-name='Title'] => h1:fresh"


def read_docx(path: Path, data: bytes) -> TextualContent:
    package = checked_docx(path.name, data)
    pictures: list[NewFile] = []

    def keep_picture(image) -> dict[str, str]:
        content_type = image.content_type or "application/octet-stream"
        name = f"图{len(pictures) + 1}{_EXTENSIONS.get(content_type, '.bin')}"
        with image.open() as stream:
            pictures.append(NewFile(name, stream.read(), content_type))
        return {"src": f"attachment:{name}", "alt": image.alt_text or name}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(package), style_map=_STYLE_MAP,
            convert_image=mammoth.images.img_element(keep_picture), external_file_access=False)
    except ImportFailure:
        raise
    except Exception as error:  # mammoth raises whatever its XML and zip readers raise.
        raise ImportFailure(f"「{path.name}」已损坏：{type(error).__name__}: {error}"[:300]) from error
    for message in result.messages:
        log.debug("%s: %s", path.name, message.message)
    return from_lines(html_to_markdown(result.value).splitlines(), fallback_title=path.stem,
                      markdown=True, attachments=pictures)


def read_legacy(path: Path, data: bytes) -> TextualContent:
    """.doc / .wps: LibreOffice converts them to .docx, which is then read as above."""
    return read_docx(path, convert_to_docx(path.name, data))
