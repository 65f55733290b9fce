"""Saved web pages (.html, .htm, .mhtml): the article, not the page, via trafilatura."""

from __future__ import annotations

import email
import email.policy
import logging
import re
from pathlib import Path

import trafilatura

from archive.errors import ImportFailure
from archive.importers.encoding import decode_text
from archive.importers.textual import TextualContent, from_lines

log = logging.getLogger(__name__)

# " - 中国气象局", "_新华网", "｜人民网" …: the site's name after the article's title.
_SITE_SUFFIX = re.compile(r"\s*[-_|｜—–]+\s*[^-_|｜—–]{2,20}$")


def read(path: Path, data: bytes) -> TextualContent:
    html = _mhtml_html(path, data) if path.suffix.lower() == ".mhtml" else decode_text(data, path.name)
    if not re.search(r"<\s*(html|body|p|div|article)\b", html, re.IGNORECASE):
        raise ImportFailure(f"「{path.name}」不是网页文件（没有 HTML 内容）")
    document = trafilatura.bare_extraction(
        html, output_format="python", include_tables=True, include_images=False,
        include_links=False, with_metadata=True, favor_precision=True)
    text = trafilatura.extract(html, output_format="markdown", include_tables=True,
                               include_images=False, include_links=False, favor_precision=True)
    if not text or not text.strip():
        raise ImportFailure(f"「{path.name}」中没有找到正文")
    lines = text.splitlines()
    title = _page_title(document)
    if title:
        lines.insert(0, title)
    content = from_lines(lines, fallback_title=title or path.stem, markdown=True)
    if document is not None:
        content.author = content.author or (getattr(document, "author", None) or "")
        if content.date is None and getattr(document, "date", None):
            from archive.importers.metadata import parse_date

            content.date = parse_date(document.date)
    return content


def _page_title(document) -> str:
    title = (getattr(document, "title", None) or "").strip() if document is not None else ""
    return _SITE_SUFFIX.sub("", title) if len(title) > 8 else title


def _mhtml_html(path: Path, data: bytes) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            try:
                return part.get_content()
            except (LookupError, ValueError) as error:
                raise ImportFailure(f"「{path.name}」的网页部分无法解码：{error}") from error
    raise ImportFailure(f"「{path.name}」不是有效的 MHTML 网页存档（没有 HTML 部分）")
