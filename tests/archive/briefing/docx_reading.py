"""Reading a written .docx back the way a reviewer would: page, runs, fonts, fields, footers."""

from __future__ import annotations

from collections.abc import Iterator

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def east_asian_font(run: Run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def text_runs(paragraph: Paragraph) -> list[Run]:
    return [run for run in paragraph.runs if run.text.strip()]


def paragraphs_with_style(document: Document, name: str) -> list[Paragraph]:
    return [p for p in document.paragraphs if p.style.name == name]


def paragraph_starting(document: Document, text: str) -> Paragraph:
    return next(p for p in document.paragraphs if p.text.startswith(text))


def all_text(document: Document) -> str:
    """Every w:t of the body, tables included, in order."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in document.element.body.iter(qn("w:p")))


def instructions(element) -> list[str]:
    return [node.text.strip() for node in element.iter(qn("w:instrText")) if node.text]


def field_results(paragraph_element) -> Iterator[str]:
    """Text shown between each field's separate and end marks."""
    depth, showing, shown = 0, False, []
    for node in paragraph_element.iter(qn("w:fldChar"), qn("w:t")):
        if node.tag == qn("w:fldChar"):
            kind = node.get(qn("w:fldCharType"))
            if kind == "begin":
                depth += 1
            elif kind == "separate":
                showing, shown = True, []
            elif kind == "end":
                depth -= 1
                if showing:
                    yield "".join(shown)
                showing = False
        elif showing:
            shown.append(node.text or "")
