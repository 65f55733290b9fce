"""The table of contents (a real TOC field with its entries written in) and the page numbers."""

from __future__ import annotations

import pytest
from briefing_helpers import east_asian_font, field_results, instructions
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from archive.briefing import BriefingOptions, write_briefing


@pytest.fixture
def compilation(tmp_path, demo):
    return Document(write_briefing(demo, BriefingOptions(unit="某市气象局办公室"), tmp_path / "汇编.docx"))


def test_contents_is_a_toc_field_with_the_entries_written_in(compilation, demo):
    body = compilation.element.body
    assert 'TOC \\o "1-3" \\h \\z \\u' in instructions(body)
    entries = [p for p in compilation.paragraphs if p.style.name == "toc 1" and p.text.strip()]
    assert [e.text.split("\t")[0] for e in entries] == [c.title for c in demo]
    # Each case starts a page; the demo cases take two pages each.
    assert [e.text.split("\t")[1] for e in entries] == ["1", "3", "5"]
    # Entries link to bookmarks on the case titles, with PAGEREF fields Word refreshes.
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    refs = [i.split()[1] for i in instructions(body) if i.startswith("PAGEREF")]
    assert len(refs) == 3 and set(refs) <= bookmarks
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert anchors == refs
    # The field begins in the first entry and ends after the last one.
    kinds = [f.get(qn("w:fldCharType")) for p in entries for f in p._p.iter(qn("w:fldChar"))]
    assert kinds[:1] == ["begin"]


def test_word_is_asked_to_update_fields(compilation):
    update = compilation.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_page_numbers_in_odd_and_even_footers(compilation):
    assert compilation.settings.odd_and_even_pages_header_footer
    cases = compilation.sections[-1]
    for footer, alignment, side in ((cases.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                    (cases.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        assert not footer.is_linked_to_previous
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == alignment
        # One character in from the edge.
        assert paragraph._p.pPr.find(qn("w:ind")).get(qn(f"w:{side}Chars")) == "100"
        assert instructions(paragraph._p) == ["PAGE"]
        assert paragraph.text == "— 1 —"
        assert list(field_results(paragraph._p)) == ["1"]
        for run in paragraph.runs:
            if run.text.strip():
                assert east_asian_font(run) == "宋体" and run.font.size == Pt(14)


def test_cover_and_contents_have_no_page_number_and_the_cases_start_at_one(compilation):
    cover, contents, cases = compilation.sections
    for section in (cover, contents):
        assert section._sectPr.findall(qn("w:footerReference")) == []
    assert cases._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    types = {r.get(qn("w:type")) for r in cases._sectPr.findall(qn("w:footerReference"))}
    assert types == {"default", "even"}


def test_cover_shows_title_unit_and_date(tmp_path, demo):
    import datetime as dt

    options = BriefingOptions(title="2024年防汛典型案例汇编", unit="某市气象局", date=dt.date(2024, 9, 1))
    document = Document(write_briefing(demo, options, tmp_path / "c.docx"))
    cover = [p.text for p in document.paragraphs[:3]]
    assert cover == ["2024年防汛典型案例汇编", "某市气象局", "2024年9月1日"]
    assert document.core_properties.title == "2024年防汛典型案例汇编"


def test_no_toc_and_no_cover_when_not_wanted(tmp_path, demo):
    options = BriefingOptions(cover=False, toc=False)
    document = Document(write_briefing(demo, options, tmp_path / "plain.docx"))
    assert len(document.sections) == 1
    assert not any(i.startswith("TOC") for i in instructions(document.element.body))
    # A long title breaks at its space rather than leaving a word alone on the second line.
    assert document.paragraphs[0].text == demo[0].title.replace(" ", "\n")
