"""A case body as the reader pane shows it, with headings found by the rule the Word export uses.

Markdown headings keep their depth unless their numbering says otherwise; plain paragraphs numbered
一、 （一） 1. （1） become headings of those levels, and a run-in heading (（一）强化组织领导。成立…)
shows its heading sentence in bold, so what the user reads is what prints.
"""

from __future__ import annotations

import html
import re
import threading
from urllib.parse import unquote

import lxml.html
from lxml import etree

from archive.briefing import headings
from archive.briefing.gfm import new_markdown

_MARKDOWN_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
FIRST_LEVEL_TAG = 3  # level 1 shows as <h3>: the reader's case title is an <h2>
_ATTACHMENT_SRC = re.compile(r'src="attachment:([^"]*)"')
_local = threading.local()


def body_html(body: str) -> str:
    """HTML (one <div>) for a Markdown body; raw HTML in it is shown as text, as the reader always has."""
    md = getattr(_local, "markdown", None)
    if md is None:  # one converter per thread: building one costs more than converting a body
        md = _local.markdown = new_markdown()
    md.reset()
    converted = md.convert(html.escape(body or "", quote=False))
    if not converted.strip():
        return ""
    root = lxml.html.fragment_fromstring(converted, create_parent="div")
    present = sorted({int(h.tag[1]) for h in root.iter(*_MARKDOWN_HEADINGS)})
    rank = {f"h{level}": number for number, level in enumerate(present, start=1)}
    for element in list(root.iter(*_MARKDOWN_HEADINGS)):
        level = headings.marker_level(element.text_content()) or rank[element.tag]
        element.tag = _heading_tag(level)
    for paragraph in list(root.iter("p")):
        if len(paragraph) == 0 and paragraph.text:
            _outline(paragraph)
    # The HTML serialiser percent-encodes URLs; the reader finds pictures by their names as written.
    return _ATTACHMENT_SRC.sub(lambda m: f'src="attachment:{unquote(m.group(1))}"',
                               lxml.html.tostring(root, encoding="unicode"))


def _heading_tag(level: int) -> str:
    return f"h{min(level, 4) + FIRST_LEVEL_TAG - 1}"


def _outline(paragraph: etree._Element) -> None:
    """Replace a plain-text paragraph by its heading lines and paragraphs."""
    made: list[etree._Element] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            made.append(_run_in("\n".join(pending)))
            pending.clear()

    for line in paragraph.text.split("\n"):
        found = headings.classify(line.strip())
        if found is not None and found.whole:
            flush()
            heading = etree.Element(_heading_tag(found.level))
            heading.text = line.strip()
            made.append(heading)
        else:
            pending.append(line)
    flush()
    for element in made:
        paragraph.addprevious(element)
    tail = paragraph.tail
    paragraph.getparent().remove(paragraph)
    if made and tail:
        made[-1].tail = tail


def _run_in(text: str) -> etree._Element:
    paragraph = etree.Element("p")
    found = headings.classify(text)
    if found is None:
        paragraph.text = text
        return paragraph
    lead = etree.SubElement(paragraph, "b")
    lead.text = text[:found.length]
    lead.tail = text[found.length:]
    return paragraph
