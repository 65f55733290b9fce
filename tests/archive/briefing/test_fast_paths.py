"""The export's quick paths write the same XML as the slower ways they replace: a paragraph's
properties parsed with it (not set one by one through `ooxml`), a table's properties made once, a
plain paragraph's whitespace left alone, Markdown without its readable line breaks, Markdown's own
tree walked instead of its HTML parsed back, a picture's XML filled in as text."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

from briefing_helpers import RICH_BODY, demo_cases
from docx import Document
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from docx.oxml.shape import CT_Inline
from lxml import etree
from test_converters import bodies as converter_bodies

from archive.briefing import markdown_to_docx, ooxml, styles
from archive.briefing.docbuilder import DocBuilder, _inline_picture_xml
from archive.briefing.gfm import Converters, element_tree, new_markdown
from archive.briefing.markdown_to_docx import BodyWriter, _collapse_whitespace
from archive.briefing.spans import Span
from bench.briefing_bench import SAMPLE_CASES

DATA = Path(__file__).parent / "data"


def builder() -> DocBuilder:
    specs = styles.builtin_styles()
    return DocBuilder(Document(), specs)


def by_setters(made: DocBuilder, style: str, **options) -> bytes:
    """The paragraph with its properties set one by one through `ooxml`, as the export did before."""
    spec = made.specs[style]
    p = made.paragraph(style, [Span("正文")], align=options.get("align"), counted=False)
    ppr = p.find(qn("w:pPr"))
    if options.get("keep_next"):
        ooxml.set_child(ppr, "w:keepNext")
    if options.get("page_break_before"):
        ooxml.set_child(ppr, "w:pageBreakBefore")
    before, after = options.get("before_twips"), options.get("after_twips")
    if before is not None or after is not None:
        ooxml.set_spacing(ppr, line_twips=spec.line_twips,
                          before_twips=spec.before_twips if before is None else before,
                          after_twips=spec.after_twips if after is None else after)
    indents = {key: options.get(key) for key in ("first_line_chars", "left_chars", "right_chars")}
    if any(value is not None for value in indents.values()):
        ooxml.set_indent(ppr, spec.size, **indents)
    return etree.tostring(p)


def test_paragraph_properties_parsed_whole_match_the_setters():
    made = builder()
    choices = {"keep_next": (False, True), "page_break_before": (False, True), "before_twips": (None, 0, 579),
               "after_twips": (None, 120), "first_line_chars": (None, 0), "left_chars": (None, 200),
               "right_chars": (None, 350), "align": (None, "right")}
    for style in ("body", "signature", "table", "case_title"):
        for values in itertools.product(*choices.values()):
            options = dict(zip(choices, values, strict=True))
            quick = etree.tostring(made.paragraph(style, [Span("正文")], counted=False, **options))
            assert quick == by_setters(made, style, **options), (style, options)


def test_a_table_carries_full_width_single_rules_and_fixed_layout():
    made = builder()
    tblpr = made.table([[[Span("甲")], [Span("1")]]]).find(qn("w:tblPr"))
    expected = ooxml.element("w:tblPr")
    ooxml.set_child(expected, "w:tblW", {"w:w": styles.TEXT_WIDTH_TWIPS, "w:type": "dxa"})
    ooxml.set_child(expected, "w:jc", {"w:val": "center"})
    ooxml.set_table_borders(expected, ("top", "left", "bottom", "right", "insideH", "insideV"))
    ooxml.set_child(expected, "w:tblLayout", {"w:type": "fixed"})
    ooxml.set_cell_margins(expected, top=30, left=85, bottom=30, right=85)
    assert without_declarations(tblpr) == without_declarations(expected)


def without_declarations(element: etree._Element) -> bytes:
    return re.sub(rb' xmlns:\w+="[^"]*"', b"", etree.tostring(element))


def test_whitespace_is_collapsed_only_where_there_is_some():
    plain = Span("今年以来，某县气象局围绕防汛抗旱中心工作。", bold=True)
    assert _collapse_whitespace([plain]) == [plain]
    for text, expected in (("\u3000\u3000首行缩进", "首行缩进"), ("中文\n换行", "中文换行"),
                           ("a  b", "a b"), ("硬\u2028换行", "硬\n换行")):
        assert _collapse_whitespace([Span(text)]) == [Span(text=expected)]


def test_bodies_without_the_readable_line_breaks_write_the_same_paragraphs(picture):
    bodies = [RICH_BODY, *[case.body for case in demo_cases()], *[case.body for case in SAMPLE_CASES],
              "```\ncode  \n\n  more\t\n```\n\n<pre>\u3000\u3000缩进的中文段落。\n\n第二段。</pre>",
              "<table><tr><td colspan=2>合并</td></tr>\n<tr><td>甲</td><td>乙</td></tr></table>",
              "- 甲\n\n- 乙\n    1. 丙\n\n> 引用\n> 第二行\n\n<dl><dt>术语</dt><dd>定义</dd></dl>"]
    written = []
    for readable in (True, False):
        made = builder()
        for body in bodies:
            BodyWriter(made, new_markdown(readable=readable), {"flow.png": picture}).write(body)
        made.last_block()
        written.append(etree.tostring(made.body))
    assert written[0] == written[1]


def test_a_picture_filled_in_as_text_is_python_docxs_inline():
    made = _inline_picture_xml(1007, "rId12", '流程图 A&B "q" <x>.png', 5616000, 2808000)
    expected = CT_Inline.new_pic_inline(1007, "rId12", '流程图 A&B "q" <x>.png', 5616000, 2808000)
    assert etree.tostring(etree.fromstring(made)) == etree.tostring(expected)


def markdown_bodies() -> list[str]:
    """Bodies of every kind, and ordinary text with Markdown's marks dropped in at random."""
    rng = random.Random(13)
    marks = ["正文，", "*", "_", "`", ">", "> ", "[", "](x)", "![图](attachment:flow.png)", "\\", "  \n",
             "\t", "\n", "\n\n", "    ", "- ", "1. ", "## ", "| ", " |", "\n| --- | ---: |\n", "---",
             "\u3000", "\x85", "一、", "（一）", "\r\n"]
    mixed = ["".join(rng.choice(marks) for _ in range(rng.randint(1, 12))) for _ in range(400)]
    code = ["`a > b` 与 `>>` 行内代码", "    缩进代码 x > y\n    第二行 >>\n\n正文", "    code\tx\n",
            "1. 列表\n\n        列表里的代码 > 1\n", "```\nfenced > y\n```"]
    labelled = [line.split("\t")[2] for line in (DATA / "headings.tsv").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
    plain = ["\n\n".join(rng.sample(labelled, 8)) for _ in range(20)]
    return [*converter_bodies(), RICH_BODY.replace("<", "").replace("&", ""), *code, *plain, *mixed]


def test_markdowns_own_tree_writes_what_its_html_parsed_back_would(picture, monkeypatch):
    bodies = markdown_bodies()
    converters = Converters()
    walked = sum(element_tree(converters.for_body(body), body) is not None for body in bodies)
    assert walked > len(bodies) * 0.7  # the quick path is taken for most; the others are HTML already
    written = []
    for via_html in (False, True):
        if via_html:
            monkeypatch.setattr(markdown_to_docx, "element_tree", lambda md, source: None)
        made, each = builder(), []
        for body in bodies:
            before = len(made.body)
            BodyWriter(made, converters.for_body(body), {"flow.png": picture}).write(body)
            made.last_block()
            each.append(b"".join(etree.tostring(e) for e in made.body[before - 1:len(made.body) - 1]))
        written.append(each)
    different = [body[:40] for body, tree, html in zip(bodies, *written, strict=True) if tree != html]
    assert different == []


class OneByOne(DocBuilder):
    """Each block parsed on its own as it is added, as the export did before it queued them."""

    def add_paragraph(self, *args, **kwargs) -> None:
        super().add_paragraph(*args, **kwargs)
        self.last_block()

    def add_table(self, *args, **kwargs) -> None:
        super().add_table(*args, **kwargs)
        self.last_block()

    def picture(self, *args, **kwargs) -> None:
        super().picture(*args, **kwargs)
        self.last_block()

    def last_block(self):
        declaration = f'xmlns:w="{qn("w:p")[1:].split("}")[0]}"'
        for xml in self._queued:
            declared = re.sub(r"^<(w:\w+)", rf"<\1 {declaration}", xml, count=1)
            self.sentinel.addprevious(etree.fromstring(declared, oxml_parser))
        self._queued = []
        return self.sentinel.getprevious()


def test_blocks_parsed_together_are_the_blocks_parsed_one_by_one(picture):
    bodies = [RICH_BODY, *[case.body for case in demo_cases()], *[case.body for case in SAMPLE_CASES],
              *markdown_bodies()[::7],
              *(f"第{n}表\n\n| 单位 | 数量 |\n| --- | ---: |\n| 甲 | {n} |\n| 乙 | 2 | 另 |" for n in range(6))]
    written = []
    for kind in (DocBuilder, OneByOne):
        made = kind(Document(), styles.builtin_styles())
        for body in bodies:
            BodyWriter(made, new_markdown(), {"flow.png": picture}).write(body)
            made.paragraph("signature", [Span("某县气象局")], right_chars=200)
        made.last_block()
        written.append(etree.tostring(made.body))
    assert written[0].count(b"<w:drawing>") > 5 and written[0].count(b"<w:tbl>") > 5
    assert written[0] == written[1]


def test_runs_and_fields_made_as_text_are_the_elements_they_replace():
    """The contents' entries and the page numbers are written as text, as the body is; they were
    built element by element through `ooxml`."""
    made = builder()
    rpr = made.run_properties("toc1")

    def run(child: etree._Element) -> etree._Element:
        element = ooxml.element("w:r")
        element.extend([rpr.__deepcopy__(None), child])
        return element

    def as_text(runs: list[etree._Element]) -> list[bytes]:
        return [without_declarations(r) for r in runs]

    for instruction, result in (("PAGE", "1"), ('TOC \\o "1-3" \\h \\z \\u', "目录"), ("PAGEREF _Toc1 \\h", " 12  "),
                                ("A&B <c>", "x&y")):
        expected = [run(ooxml.element("w:fldChar", {"w:fldCharType": "begin"})),
                    run(ooxml.element("w:instrText", text=f" {instruction} ")),
                    run(ooxml.element("w:fldChar", {"w:fldCharType": "separate"})),
                    run(ooxml.element("w:t", text=result)),
                    run(ooxml.element("w:fldChar", {"w:fldCharType": "end"}))]
        fields = made.parse_runs("".join(ooxml.field_runs_xml(instruction, result, made.run_properties_xml("toc1"))))
        assert as_text(fields) == as_text(expected)
    for text in ("标题", " 前后空格 ", "两个  空格", "甲\t乙\n丙", "A&B <x>", ""):
        expected = [run(ooxml.element("w:tab") if piece == "\t" else ooxml.element("w:br") if piece == "\n"
                        else ooxml.element("w:t", text=piece)) for piece in re.split(r"(\n|\t)", text) if piece]
        assert as_text(made.parse_runs(made.runs_xml("toc1", Span(text)))) == as_text(expected)
