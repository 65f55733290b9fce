"""A case body (Markdown) into GB-styled Word paragraphs.

Python-Markdown (tables, fenced code) parses the body into an element tree, which is walked here. A body
with raw HTML is converted to HTML and parsed back (Python-Markdown keeps raw HTML out of its tree), so
its text is kept and known tags keep their meaning; nothing of the Markdown or HTML syntax itself
reaches the document.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import markdown
from docx.oxml.ns import qn
from lxml import etree

from archive.briefing import headings, ooxml
from archive.briefing.docbuilder import NOT_XML, DocBuilder
from archive.briefing.gfm import element_tree
from archive.briefing.spans import Span
from archive.briefing.tables import Cell

log = logging.getLogger(__name__)
# Python-Markdown's tree of a body, or lxml.html's of its HTML when the body holds raw HTML.
Node = ET.Element | etree._Element

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table", "hr", "pre",
           "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure",
           "figcaption", "dl", "dt", "dd", "address", "details", "summary", "center", "form", "fieldset",
           "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "body", "html"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_HARD_BREAK = "\u2028"   # a <br> while whitespace is being collapsed
_COLLAPSIBLE = re.compile("[ \t\r\n\f\v\u3000\u2028]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ATTACHMENT = "attachment:"


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str


Inline = Span | Picture


@dataclass(frozen=True)
class _Context:
    style: str = "body"
    list_depth: int = 0
    left_chars: int = 0


class BodyWriter:
    """Writes one case body through `builder`; pictures come from `attachments` (NAME -> file)."""

    def __init__(self, builder: DocBuilder, md: markdown.Markdown, attachments: Mapping[str, Path],
                 title: str = "") -> None:
        self.builder = builder
        self.md = md
        self.attachments = attachments
        self.title = _plain(title)
        self._heading_rank: dict[str, int] = {}
        self._first_block = True

    def write(self, body: str) -> None:
        source = NOT_XML.sub("", body or "")
        root = element_tree(self.md, source)
        if root is None:
            self.md.reset()
            html = self.md.convert(source)
            if not html.strip():
                return
            root = lxml.html.fragment_fromstring(html, create_parent="div")
        present = sorted({int(h.tag[1]) for h in root.iter() if _tag(h) in _HEADINGS})
        self._heading_rank = {f"h{level}": rank for rank, level in enumerate(present, start=1)}
        self._container(root, _Context())

    # -- blocks ----------------------------------------------------------------------------

    def _container(self, element: Node, ctx: _Context, prefix: str | None = None) -> None:
        """Inline content gathers into paragraphs; block children flush it and go their own way."""
        pending: list[Inline] = []
        first = [prefix]

        def flush() -> None:
            if pending:
                self._paragraph(list(pending), ctx, first[0])
                if _has_text(pending):
                    first[0] = None
                pending.clear()

        if element.text:
            pending.append(Span(element.text))
        for child in element:
            tag = _tag(child)
            if tag is None:  # comments and processing instructions are not shown
                pass
            elif tag in _BLOCKS:
                flush()
                if first[0] is not None and tag not in ("ul", "ol"):
                    self._block(child, ctx, first[0])
                    first[0] = None
                else:
                    self._block(child, ctx)
            else:
                pending.extend(self._inline(child, Span("")))
            if child.tail:
                pending.append(Span(child.tail))
        flush()

    def _block(self, element: Node, ctx: _Context, prefix: str | None = None) -> None:
        tag = _tag(element)
        if tag == "p":
            self._container(element, ctx, prefix)
        elif tag in _HEADINGS:
            self._heading(element, ctx)
        elif tag in ("ul", "ol"):
            self._list(element, ctx, ordered=tag == "ol")
        elif tag == "blockquote":
            self._container(element, replace(ctx, style="quote"), prefix)
        elif tag == "table":
            self._table(element)
        elif tag == "hr":
            rule = self.builder.paragraph("rule")
            ooxml.set_border(rule.find(qn("w:pPr")), "bottom", eighths=6)
        elif tag == "pre":
            self._preformatted(element, ctx)
        elif tag == "dt":
            self._paragraph([s.but(bold=True) if isinstance(s, Span) else s
                             for s in self._inline_children(element)], ctx, prefix)
        else:
            self._container(element, ctx, prefix)
        self._first_block = False

    def _heading(self, element: Node, ctx: _Context) -> None:
        spans = _collapse_whitespace(self._inline_children(element))
        text = "".join(s.text for s in spans if isinstance(s, Span))
        if self._first_block and _plain(text) == self.title:
            return  # the body repeats the case title, which the layout has already set
        level = headings.marker_level(text) or self._heading_rank.get(_tag(element), 1)
        self._paragraph(spans, replace(ctx, style=f"heading{min(level, 4)}"), collapsed=True)

    def _list(self, element: Node, ctx: _Context, *, ordered: bool) -> None:
        number = _int(element.get("start"), 1)
        inner = replace(ctx, list_depth=ctx.list_depth + 1,
                        left_chars=ctx.left_chars + (200 if ctx.list_depth else 0))
        for item in element:
            if _tag(item) != "li":
                if _tag(item) is not None:
                    self._block(item, inner)
                continue
            self._container(item, inner, _marker(ordered, ctx.list_depth, number))
            number += 1

    def _preformatted(self, element: Node, ctx: _Context) -> None:
        text = "".join(element.itertext()).strip("\n")
        wide = sum(1 for c in text if _wide(c))
        if wide > len(text.strip()) * 0.3:
            # Chinese prose indented with spaces (pasted text), not code: paragraphs as usual.
            for block in re.split(r"\n\s*\n", text):
                self._paragraph([Span(block)], ctx)
            return
        for line in text.split("\n"):
            self.builder.add_paragraph("code", [Span(line.rstrip(), code=True)])

    # -- paragraphs ------------------------------------------------------------------------

    def _paragraph(self, items: list[Inline], ctx: _Context, prefix: str | None = None, *,
                   collapsed: bool = False) -> None:
        """One paragraph per run of text; each picture in between gets its own."""
        group: list[Span] = []
        for item in [*items, None]:
            if isinstance(item, Span):
                group.append(item)
                continue
            parts = [group] if collapsed or prefix or ctx.style != "body" else _split_heading_lines(group)
            for part in parts:
                spans = part if collapsed else _collapse_whitespace(part)
                if _has_text(spans):
                    if prefix:
                        spans = [Span(prefix), *spans]
                        prefix = None
                    self._text_paragraph(spans, ctx)
            group = []
            if isinstance(item, Picture):
                self._picture(item)

    def _text_paragraph(self, spans: list[Span], ctx: _Context) -> None:
        style = ctx.style
        left = ctx.left_chars or None
        if style == "quote":
            left = 200 + ctx.left_chars
        elif style == "body":
            found = headings.classify("".join(s.text for s in spans))
            if found and found.whole:
                style = f"heading{found.level}"
            elif found:
                spans = _face_prefix(spans, found.length, f"heading{found.level}")
        self.builder.add_paragraph(style, _merged(spans), left_chars=left)

    def _picture(self, picture: Picture) -> None:
        name = picture.src[len(ATTACHMENT):] if picture.src.startswith(ATTACHMENT) else None
        path = None
        if name is not None:
            path = self.attachments.get(name) or self.attachments.get(unquote(name))
        label = picture.alt or (name or picture.src)
        if path is None:
            log.warning("picture %r is not among the case's attachments", picture.src)
            self.builder.add_paragraph("caption", [Span(f"［图片：{label}］")])
            return
        try:
            self.builder.picture(Path(path))
        except Exception as error:  # an unreadable picture must not lose the rest of the document
            log.warning("picture %s could not be placed: %s", path, error)
            self.builder.add_paragraph("caption", [Span(f"［图片：{label}（无法读取）］")])
            return
        if picture.alt and picture.alt not in (name, Path(name or "").stem):
            self.builder.add_paragraph("caption", [Span(picture.alt)])

    # -- tables ----------------------------------------------------------------------------

    def _table(self, element: Node) -> None:
        rows: list[list[Cell]] = []
        aligns: list[str | None] = []
        header_rows = 0
        counting_header = True
        for row, in_thead in _rows(element):
            cells = [c for c in row if _tag(c) in ("td", "th")]
            if not cells:
                continue
            in_head = in_thead or all(_tag(c) == "th" for c in cells)
            if counting_header and in_head:
                header_rows += 1
            else:
                counting_header = False
            rows.append([Cell(tuple(_collapse_whitespace([
                                  i if isinstance(i, Span) else Span(f"［图片：{i.alt or i.src}］")
                                  for i in self._inline_children(c)])),
                              colspan=_int(c.get("colspan"), 1), rowspan=_int(c.get("rowspan"), 1))
                         for c in cells])
            for index, cell in enumerate(cells):
                while len(aligns) <= index:
                    aligns.append(None)
                aligns[index] = aligns[index] or _alignment(cell)
        if rows:
            self.builder.add_table(rows, header_rows=header_rows, aligns=aligns)
        caption = element.find("caption")
        if caption is not None and _text_content(caption).strip():
            self.builder.add_paragraph("caption", [Span(_text_content(caption).strip())])

    # -- inline ----------------------------------------------------------------------------

    def _inline_children(self, element: Node) -> list[Inline]:
        items: list[Inline] = [Span(element.text)] if element.text else []
        for child in element:
            if _tag(child) is not None:
                items.extend(self._inline(child, Span("")))
            if child.tail:
                items.append(Span(child.tail))
        return items

    def _inline(self, element: Node, style: Span) -> Iterator[Inline]:
        tag = _tag(element)
        if tag == "img":
            yield Picture(element.get("src", ""), (element.get("alt") or "").strip())
            return
        if tag == "br":
            yield style.but(text=_HARD_BREAK)
            return
        style = _INLINE_STYLES.get(tag, lambda s: s)(style)
        if tag == "a" and not _text_content(element).strip():
            yield style.but(text=element.get("href", ""))
            return
        if element.text:
            yield style.but(text=element.text)
        for child in element:
            if _tag(child) is not None:
                if _tag(child) in _BLOCKS:  # a block inside inline content: keep its text
                    yield style.but(text=" ")
                yield from self._inline(child, style)
            if child.tail:
                yield style.but(text=child.tail)


_INLINE_STYLES: dict[str | None, Callable[[Span], Span]] = {
    "strong": lambda s: s.but(bold=True), "b": lambda s: s.but(bold=True),
    "em": lambda s: s.but(italic=True), "i": lambda s: s.but(italic=True),
    "cite": lambda s: s.but(italic=True), "var": lambda s: s.but(italic=True),
    "u": lambda s: s.but(underline=True), "ins": lambda s: s.but(underline=True),
    "del": lambda s: s.but(strike=True), "s": lambda s: s.but(strike=True),
    "strike": lambda s: s.but(strike=True),
    "sup": lambda s: s.but(vertical="superscript"), "sub": lambda s: s.but(vertical="subscript"),
    "code": lambda s: s.but(code=True), "kbd": lambda s: s.but(code=True), "tt": lambda s: s.but(code=True),
}


# -- helpers -------------------------------------------------------------------------------------

def _tag(element: Node) -> str | None:
    return element.tag.lower() if isinstance(element.tag, str) else None


def _rows(table: Node) -> Iterator[tuple[Node, bool]]:
    """Each row of `table`, and whether it is in the table's <thead>."""
    for child in table:
        if _tag(child) == "tr":
            yield child, False
        elif _tag(child) in ("thead", "tbody", "tfoot"):
            yield from ((row, _tag(child) == "thead") for row in child if _tag(row) == "tr")


def _text_content(element: Node) -> str:
    """All the text inside `element` (comments left out), from lxml.html's tree or Markdown's."""
    return "".join(element.itertext())


def _alignment(cell: Node) -> str | None:
    declared = (cell.get("align") or "").lower()
    match = re.search(r"text-align:\s*(left|center|right)", cell.get("style") or "")
    value = match.group(1) if match else declared
    return value if value in ("left", "center", "right") else None


def _marker(ordered: bool, depth: int, number: int) -> str:
    if not ordered:
        return "• " if depth == 0 else "◦ "
    if depth == 0:
        return f"{number}."
    if depth == 1:
        return f"（{number}）"
    return _CIRCLED[number - 1] if 0 < number <= len(_CIRCLED) else f"{number})"


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _collapse_whitespace(items: Sequence[Inline]) -> list[Span]:
    """HTML whitespace rules, with Chinese in mind: a line break between Chinese characters
    vanishes (a space there would show), other runs of spaces become one; the paragraph is trimmed,
    including the full-width spaces people type for indentation, which the style now gives."""
    spans = [s for s in items if isinstance(s, Span) and s.text]
    full = "".join(s.text for s in spans)
    if not full:
        return []
    if len(spans) == 1 and not _COLLAPSIBLE.search(full):
        return spans  # the usual paragraph: one piece of text with nothing to collapse or trim

    def space(match: re.Match[str]) -> str:
        before = full[match.start() - 1] if match.start() else ""
        after = full[match.end()] if match.end() < len(full) else ""
        joined = "\n" in match.group() and (_wide(before or " ") or _wide(after or " "))
        return " " if before and after and not joined and _HARD_BREAK not in (before, after) else ""

    if len(spans) == 1:  # the usual paragraph: one piece of plain text
        collapsed = [spans[0].but(text=_SPACE.sub(space, full).replace(_HARD_BREAK, "\n"))]
    else:
        collapsed = _collapse_pieces(spans, full, space)
    collapsed = [s for s in collapsed if s.text]
    while collapsed and not collapsed[0].text.lstrip(" \u3000\n"):
        collapsed.pop(0)
    while collapsed and not collapsed[-1].text.rstrip(" \u3000\n"):
        collapsed.pop()
    if collapsed:
        collapsed[0] = collapsed[0].but(text=collapsed[0].text.lstrip(" \u3000\n"))
        collapsed[-1] = collapsed[-1].but(text=collapsed[-1].text.rstrip(" \u3000\n"))
    return collapsed


def _collapse_pieces(spans: list[Span], full: str, space: Callable[[re.Match[str]], str]) -> list[Span]:
    """`_collapse_whitespace` over several spans: each keeps its own formatting, a collapsed space
    goes to the span where the run of whitespace began."""
    owner: list[int] = []
    for index, span in enumerate(spans):
        owner.extend([index] * len(span.text))
    pieces: list[list[str]] = [[] for _ in spans]
    position = 0
    for match in _SPACE.finditer(full):
        for offset in range(position, match.start()):
            pieces[owner[offset]].append(full[offset])
        pieces[owner[match.start()]].append(space(match))
        position = match.end()
    for offset in range(position, len(full)):
        pieces[owner[offset]].append(full[offset])
    return [span.but(text="".join(chars).replace(_HARD_BREAK, "\n"))
            for span, chars in zip(spans, pieces, strict=True)]


def _split_heading_lines(spans: list[Span]) -> list[list[Span]]:
    """A heading line set off by single line breaks (一、主要做法⏎今年以来…) is a paragraph of its
    own, not a run-in heading swallowing the text after it."""
    text = "".join(s.text for s in spans)
    if "\n" not in text.strip():
        return [spans]
    cuts, start = set(), 0
    for line in text.split("\n"):
        end = start + len(line)
        found = headings.classify(line.strip()) if line.strip() else None
        if found and found.whole:
            cuts.update((start, end))
        start = end + 1
    parts, done = [], 0
    for cut in sorted(c for c in cuts if 0 < c < len(text)):
        head, spans = _split_spans(spans, cut - done)
        parts.append(head)
        done = cut
    parts.append(spans)
    return parts


def _split_spans(spans: list[Span], at: int) -> tuple[list[Span], list[Span]]:
    head: list[Span] = []
    tail: list[Span] = []
    for span in spans:
        if at <= 0:
            tail.append(span)
        elif len(span.text) <= at:
            head.append(span)
        else:
            head.append(span.but(text=span.text[:at]))
            tail.append(span.but(text=span.text[at:]))
        at -= len(span.text)
    return head, tail


def _face_prefix(spans: list[Span], length: int, face: str) -> list[Span]:
    """The first `length` characters in another style's face (a run-in heading)."""
    out: list[Span] = []
    left = length
    for span in spans:
        if left <= 0:
            out.append(span)
        elif len(span.text) <= left:
            out.append(span.but(face=face))
            left -= len(span.text)
        else:
            out.extend([span.but(text=span.text[:left], face=face), span.but(text=span.text[left:])])
            left = 0
    return out


def _merged(spans: list[Span]) -> list[Span]:
    """Neighbours formatted alike become one run."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1].formatting == span.formatting:
            out[-1] = out[-1].but(text=out[-1].text + span.text)
        else:
            out.append(span)
    return out


def _has_text(items: Sequence[Inline]) -> bool:
    return any(isinstance(i, Span) and i.text.strip(" \t\r\n\u3000" + _HARD_BREAK) for i in items)


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text or "")
