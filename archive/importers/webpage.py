"""Saved web pages (.html, .htm, .mhtml): the article, not the page, via trafilatura.

Nothing is fetched: trafilatura only parses the string it is given, and pictures stay links.
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import trafilatura
from trafilatura.xml import xmltotxt

from archive.errors import ImportFailure
from archive.importers.encoding import decode_html
from archive.importers.metadata import dates_in, is_byline, parse_date
from archive.importers.textual import TextualContent, from_lines

_HTML = re.compile(r"<\s*(html|body|p|div|article|h1)\b", re.IGNORECASE)
# " - 中国气象局", "_新华网", "｜人民网": a separator, then the site's or the column's name. A bare
# hyphen ("2024-2025年") and the Chinese subtitle dash "——" are parts of titles, not separators.
_SITE_SUFFIX = re.compile(r"^(?P<title>.{4,}?)(?:\s+-\s+|\s*_\s*|\s*[|｜]\s*|\s+[—–]\s+)[^_|｜]{2,20}$")
# "标题-某省气象网": a hyphen without spaces, when what follows is a site's name.
_SITE_NAME = re.compile(r"^(?P<title>.{4,}?)\s*-\s*[^\d\s-][^_|｜-]{1,18}(?:网|网站|门户|政府|局|厅)$")
_SPACE = re.compile(r"\s+")
_INFO_BAR_MAX = 150
_NOT_INFO_BARS = {"html", "head", "body", "title", "script", "style"}
# A table whose cells hold paragraphs or other blocks lays out the page; it is not data.
_BLOCKS = ("p", "div", "table", "h1", "h2", "h3", "h4", "ul", "ol", "article", "section")


def read(path: Path, data: bytes) -> TextualContent:
    html = _mhtml_html(path, data) if path.suffix.lower() in {".mhtml", ".mht"} else decode_html(
        data, path.name)
    if not _HTML.search(html):
        raise ImportFailure(f"「{path.name}」不是网页文件（没有 HTML 内容）")
    tree = trafilatura.load_html(html)
    if tree is None:
        raise ImportFailure(f"「{path.name}」不是网页文件（无法解析 HTML）")
    # Read before extraction, which prunes the tree.
    page_title = _text(tree.find(".//title"))
    headings = [_text(h1) for h1 in tree.iter("h1")]
    info_bar = _info_bar(tree)
    # Dates the page shows, or states in its <meta> tags (article:published_time and the like).
    page_dates = dates_in(" ".join([tree.text_content(), *tree.xpath("//meta/@content")]))
    _unwrap_layout_tables(tree)
    document = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True, include_images=True,
        include_links=False, include_formatting=True, favor_precision=True)
    text = xmltotxt(document.body, include_formatting=True) if document is not None else ""
    if not text.strip():
        # trafilatura refuses pages it finds too short to be an article; take their paragraphs.
        text = trafilatura.baseline(tree)[1]
    if not text.strip():
        raise ImportFailure(f"「{path.name}」中没有找到正文")
    title = article_title(page_title or (getattr(document, "title", None) or ""), headings)
    lines = [title, info_bar, "", *text.splitlines()] if title else [info_bar, *text.splitlines()]
    content = from_lines(lines, fallback_title=title or path.stem, markdown=True)
    if document is not None:
        content.author = content.author or (document.author or "")
        # trafilatura guesses a date from anything (a copyright year): only one the page shows.
        guessed = parse_date(document.date) if document.date else None
        if content.date is None and guessed in page_dates:
            content.date = guessed
    return content


def _info_bar(tree) -> str:
    """The page's info bar (发布时间、来源、作者 …) as one line: portals put it beside the article,
    where extraction leaves it behind."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_INFO_BARS:
            continue
        text = " ".join(part.strip() for part in element.itertext() if part.strip())
        if len(text) <= _INFO_BAR_MAX and is_byline(text):
            return text
    return ""


def _unwrap_layout_tables(tree) -> None:
    """Old portals lay pages out in tables; their cells become plain blocks so the article in them
    is found as text, while data tables stay tables."""
    for table in list(tree.iter("table")):
        if any(cell.find(f".//{block}") is not None for cell in table.iter("td", "th") for block in _BLOCKS):
            for element in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
                element.tag = "div"
                element.attrib.clear()


def article_title(page_title: str, headings: list[str]) -> str:
    """The article's heading when the page title contains it, else the page title without the
    site's name."""
    page_title = _SPACE.sub(" ", page_title).strip()
    compact = _SPACE.sub("", page_title)
    # The longest: a site's logo is often an <h1> too, and its name is in the title as well.
    inside = [h for h in headings if len(h) >= 4 and _SPACE.sub("", h) in compact]
    if inside:
        return max(inside, key=len)
    while match := _SITE_SUFFIX.match(page_title) or _SITE_NAME.match(page_title):
        page_title = match.group("title").strip()
    return page_title or next((h for h in headings if len(h) >= 4), "")


def warm_up() -> None:
    """trafilatura builds its parsers and date patterns on first use; do it before timing matters."""
    page = "<html><head><title>预热</title></head><body><article><p>{}</p></article></body></html>"
    trafilatura.bare_extraction(page.format("气象服务保障。" * 40), with_metadata=True)


def _text(element) -> str:
    return _SPACE.sub(" ", element.text_content()).strip() if element is not None else ""


def _mhtml_html(path: Path, data: bytes) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            try:
                return part.get_content()
            except (LookupError, ValueError) as error:
                raise ImportFailure(f"「{path.name}」的网页部分无法解码：{error}") from error
    raise ImportFailure(f"「{path.name}」不是有效的 MHTML 网页存档（没有 HTML 部分）")
