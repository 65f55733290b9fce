"""Write the labelled import corpus: `python -m tools.make_import_corpus [tests/fixtures/corpus]`.

Each document is written in one of the layouts bureau offices use — Word with and without heading
styles, tables, 文号, 附件 and 落款, a red-header 简报, pages saved from six differently built
portals, text in GBK, GB18030, Big5, UTF-16 and UTF-8, Markdown, PDF and .doc/.wps made from Word
by LibreOffice — beside a sidecar `NAME.expected.json` holding what import should read from it.

Every fourth document goes to `heldout/`, written with the held-out sentence pool and, for web
pages, also with a portal layout the rules were never tuned on. The output is deterministic apart
from the timestamps inside the Office files; the files are committed, so tests never need
LibreOffice to read them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import opencc
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from tools import corpus_content as content

SEED = 20261130
HELD_OUT_EVERY = 4
CN_DIGITS = "〇一二三四五六七八九"


@dataclass
class Table:
    rows: list[list[str]]
    header_marked: bool = False
    merged: bool = False


@dataclass
class Spec:
    stem: str
    fmt: str
    layout: str
    held_out: bool
    title: str
    unit: str = ""
    source: str = ""
    author: str = ""
    date: dt.date | None = None
    month_only: bool = False
    tags: list[str] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    """Metadata lines between the title and the body, as written."""
    title_line: str = ""
    blocks: list[tuple[str, object]] = field(default_factory=list)
    """("p", text) | ("h1"/"h2"/"h3", text) | ("table", Table) | ("picture", "") | ("credit", text):
    a 供稿 line, which is metadata and leaves the body."""
    foot: list[str] = field(default_factory=list)
    """Lines after the body: 供稿, 附件 already in blocks; here the 落款."""
    masthead: list[str] = field(default_factory=list)
    table_first: bool = False
    """A table before the title (an application form's header, say); it stays in the body."""


# -- dates -------------------------------------------------------------------------------------

def cn_number(value: int) -> str:
    if value < 10:
        return CN_DIGITS[value]
    tens, units = divmod(value, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[units] if units else "")


def date_text(date: dt.date, form: str) -> str:
    return {
        "ymd": f"{date.year}年{date.month}月{date.day}日",
        "iso": date.isoformat(),
        "slash": f"{date.year}/{date.month}/{date.day}",
        "dot": f"{date.year}.{date.month:02d}.{date.day:02d}",
        "chinese": "".join(CN_DIGITS[int(d)] for d in str(date.year))
                   + f"年{cn_number(date.month)}月{cn_number(date.day)}日",
        "month": f"{date.year}年{date.month}月",
        "time": f"{date.isoformat()} {date.day % 12 + 8:02d}:{date.month * 3 % 60:02d}",
    }[form]


# -- content -----------------------------------------------------------------------------------

class Writer:
    def __init__(self, rng: random.Random, held_out: bool) -> None:
        self.rng, self.pool = rng, "held" if held_out else "dev"

    def fill(self, sentence: str, unit: str) -> str:
        return sentence.format(u=unit or "我们", p=self.rng.choice(content.PLACES), n=self.rng.randint(3, 96))

    def paragraph(self, tags: list[str], unit: str, sentences: int = 3) -> str:
        chosen = []
        for _ in range(sentences):
            if self.rng.random() < 0.25:
                chosen.append(self.rng.choice(content.FILLER))
            else:
                chosen.append(self.rng.choice(content.SENTENCES[self.rng.choice(tags)][self.pool]))
        return "".join(self.fill(s, unit) for s in dict.fromkeys(chosen))

    def body(self, tags: list[str], unit: str, *, structured: bool, numbered_only: bool) -> list:
        rng = self.rng
        intro = (f"{rng.choice(content.RUNNING_DATES)}，" + self.paragraph(tags, unit, 2))
        blocks: list[tuple[str, object]] = [("p", intro)]
        for number, heading in content.HEADINGS[:rng.randint(2, 4)]:
            blocks.append(("h1" if structured else "p", number + heading))
            if number == "一、" and rng.random() < 0.6:
                for sub_number, sub in content.SUBHEADINGS[:rng.randint(2, 3)]:
                    blocks.append(("h2" if structured else "p", sub_number + sub))
                    blocks.append(("p", self.paragraph(tags, unit)))
                    if numbered_only and rng.random() < 0.5:
                        for point_number, point in content.POINTS:
                            blocks.append(("p", f"{point_number}{point}。" + self.paragraph(tags, unit, 1)))
            else:
                blocks.append(("p", self.paragraph(tags, unit)))
                if rng.random() < 0.3:
                    blocks.append(("p", self.paragraph(tags, unit, 2)))
        if rng.random() < 0.35:
            passing = self.fill(rng.choice(content.PASSING), unit)
            blocks.insert(rng.randint(2, len(blocks)), ("p", passing))
        return blocks


def data_table(rng: random.Random, *, header_marked: bool, merged: bool) -> Table:
    months = rng.sample(["5月", "6月", "7月", "8月", "9月"], 3)
    rows = [["时间", "服务过程", "发布产品（期）", "服务对象（人次）"]]
    for month in sorted(months):
        rows.append([month, rng.choice(["强降雨", "高温", "大风", "雷暴", "寒潮"]),
                     str(rng.randint(3, 40)), str(rng.randint(100, 9000))])
    if merged:
        rows.append(["合计", "合计", str(rng.randint(40, 90)), str(rng.randint(9000, 20000))])
    return Table(rows, header_marked, merged)


# -- layouts -----------------------------------------------------------------------------------

TEXT_LAYOUTS = ["plain", "bar", "byline", "sourced", "titleunit", "footer", "supply", "wenhao",
                "nodate", "unitfield", "monthdate", "sourcebar"]
DATE_FORMS = ["ymd", "iso", "slash", "dot", "chinese"]
PORTALS = ["gov_table", "county_info", "article_meta", "news_spans", "legacy_gbk"]
HELD_OUT_PORTAL = "bureau_list"


def make_spec(index: int, fmt: str, layout: str, rng: random.Random) -> Spec:
    held_out = index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
    writer = Writer(rng, held_out)
    main = rng.choice(sorted(content.TAG_GROUPS))
    tags = [main]
    if rng.random() < 0.35:
        second = rng.choice(sorted(content.TAG_GROUPS))
        if second != main:
            tags.append(second)
    title = rng.choice(content.TITLES[main])
    unit = rng.choice(content.UNITS)
    date = dt.date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
    form = rng.choice(DATE_FORMS)
    written = date_text(date, form)
    author = rng.choice(content.AUTHORS)
    source = rng.choice(content.SOURCES)
    spec = Spec(f"{index:03d}-{fmt}-{layout}", fmt, layout, held_out, title, tags=tags)
    structured = fmt in {"docx-styled", "md"}
    spec.blocks = writer.body(tags, unit, structured=structured, numbered_only=not structured)
    if layout == "plain":
        spec.unit, spec.date, spec.head = unit, date, [unit, written]
    elif layout == "bar":
        spec.unit, spec.source, spec.date = unit, unit, date
        spec.head = [f"来源：{unit}\u3000日期：{written}"]
    elif layout == "byline":
        spec.unit, spec.author, spec.date = unit, author, date
        spec.head = [f"报送单位：{unit}\u3000作者：{author}\u3000时间：{written}"]
    elif layout == "sourced":
        spec.source, spec.unit, spec.date = source, unit, date
        spec.head = [f"稿件来源：{source}"]
        spec.foot = [unit, written]
    elif layout == "titleunit":
        spec.unit, spec.date = unit, date
        spec.title_line = f"{unit}：{title}"
        spec.head = [written]
    elif layout == "footer":
        spec.unit, spec.date = unit, date
        spec.foot = [unit, written]
    elif layout == "supply":
        spec.unit, spec.author = unit, author
        spec.head = [author]
        spec.blocks.append(("credit", f"（供稿：{unit}）"))
    elif layout == "wenhao":
        spec.unit, spec.date = unit, date
        spec.head = []
        spec.masthead = [f"{unit[:2]}气发〔{date.year}〕{rng.randint(1, 90)}号"]
        spec.blocks.append(("p", "附件：1.服务情况统计表"))
        spec.blocks.append(("p", "2.典型案例图片"))
        spec.foot = [unit, written]
    elif layout == "nodate":
        spec.blocks.insert(1, ("p", f"截至{date.year}年{date.month}月{date.day}日，"
                                    + writer.paragraph(tags, unit, 1)))
    elif layout == "unitfield":
        spec.unit, spec.author, spec.date = unit, author, date
        spec.head = [f"单位：{unit}", f"作者：{author}"]
        spec.foot = [written]
    elif layout == "monthdate":
        spec.unit, spec.date, spec.month_only = unit, date.replace(day=1), True
        spec.head = [unit, date_text(date, "month")]
    elif layout == "sourcebar":
        spec.source, spec.author, spec.unit, spec.date = source, author, unit, date
        spec.head = [f"来源：{source}\u3000作者：{author}\u3000{written}"]
        spec.foot = [unit]
    elif layout == "jianbao":
        office = rng.choice(["某省气象局办公室", "某市气象局办公室", "某省应急管理厅办公室"])
        spec.source, spec.date = "气象工作简报", date
        spec.masthead = ["气象工作简报", f"第{rng.randint(1, 30)}期",
                         f"{office}{chr(0x3000) * 4}{written}"]
        if rng.random() < 0.5:
            spec.unit = unit
            spec.blocks.append(("credit", f"（{unit}供稿）"))
        else:
            spec.unit = office
    return spec


def expected(spec: Spec, convert) -> dict:
    paragraphs = [text for kind, text in spec.blocks if kind in {"p", "h1", "h2", "h3"}]
    first = sentences(paragraphs[0])[0]
    last = sentences(paragraphs[-1])[-1]
    tables = sum(1 for kind, _ in spec.blocks if kind == "table")
    return {
        "file": spec.stem + EXTENSIONS[spec.fmt], "format": spec.fmt, "layout": spec.layout,
        "title": convert(spec.title), "unit": convert(spec.unit), "source": convert(spec.source),
        "author": convert(spec.author), "date": spec.date.isoformat() if spec.date else None,
        "tags": spec.tags, "first_sentence": convert(first), "last_sentence": convert(last),
        "tables": tables,
    }


def sentences(text: str) -> list[str]:
    parts, current = [], ""
    for char in text:
        current += char
        if char in "。！？；":
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


EXTENSIONS = {"docx-styled": ".docx", "docx-plain": ".docx", "docx-table": ".docx", "docx-jianbao": ".docx",
              "txt-gbk": ".txt", "txt-gb18030": ".txt", "txt-big5": ".txt", "txt-utf16": ".txt",
              "txt-utf8": ".txt", "md": ".md", "pdf": ".pdf", "doc": ".doc", "wps": ".wps",
              "html": ".html"}


# -- text formats ------------------------------------------------------------------------------

def text_lines(spec: Spec, *, markdown: bool = False) -> list[str]:
    lines = [*spec.masthead]
    title = spec.title_line or spec.title
    lines.append(f"# {title}" if markdown else title)
    lines += spec.head
    lines.append("")
    for kind, value in spec.blocks:
        if kind in {"table", "picture"}:
            continue
        prefix = {"h1": "## ", "h2": "### ", "h3": "#### "}.get(kind, "") if markdown else ""
        indent = "\u3000\u3000" if kind in {"p", "credit"} else ""
        lines += [prefix + value, ""] if markdown else [indent + value]
    lines += spec.foot
    return lines


def write_text(spec: Spec, folder: Path, convert) -> None:
    codec = {"txt-gbk": "gbk", "txt-gb18030": "gb18030", "txt-big5": "big5", "txt-utf16": "utf-16",
             "txt-utf8": "utf-8", "md": "utf-8"}[spec.fmt]
    newline = "\r\n" if spec.fmt in {"txt-gbk", "txt-utf16", "txt-big5"} else "\n"
    text = newline.join(convert(line) for line in text_lines(spec, markdown=spec.fmt == "md")) + newline
    (folder / (spec.stem + EXTENSIONS[spec.fmt])).write_bytes(text.encode(codec))


# -- Word --------------------------------------------------------------------------------------

def tiny_png() -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + payload))
        return struct.pack(">I", len(payload)) + kind + payload + checksum

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xcc\x33\x33" * 2 + b"\x00" + b"\x33\x33\xcc" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def write_docx(spec: Spec, path: Path) -> None:
    document = Document()
    styled = spec.fmt == "docx-styled"
    for index, line in enumerate(spec.masthead):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        if spec.layout == "jianbao" and index == 0:
            run.bold, run.font.size, run.font.color.rgb = True, Pt(36), RGBColor(0xE0, 0, 0)
    if spec.table_first:
        add_table(document, next(v for k, v in spec.blocks if k == "table"))
    title = spec.title_line or spec.title
    if styled:
        document.add_paragraph(title, style="Title")
    else:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(title)
        run.bold = spec.fmt != "docx-plain" or len(title) % 2 == 0
        run.font.size = Pt(22)
    for line in spec.head:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    tables_done = 1 if spec.table_first else 0
    for kind, value in spec.blocks:
        if kind == "table":
            if tables_done:
                tables_done -= 1
                continue
            add_table(document, value)
        elif kind == "picture":
            document.add_picture(io.BytesIO(tiny_png()))
        elif kind in {"h1", "h2", "h3"} and styled:
            document.add_heading(value, level=int(kind[1]))
        else:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(value)
            run.bold = kind == "h1" and spec.fmt != "docx-plain"
            paragraph.paragraph_format.first_line_indent = Pt(32) if kind == "p" else None
    for line in spec.foot:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)


def add_table(document, table: Table) -> None:
    grid = document.add_table(rows=len(table.rows), cols=len(table.rows[0]))
    grid.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            if table.merged and r == len(table.rows) - 1 and c == 1:
                continue
            grid.cell(r, c).text = text
    if table.merged:
        last = len(table.rows) - 1
        grid.cell(last, 0).merge(grid.cell(last, 1)).text = "合计"
    if table.header_marked:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        grid.rows[0]._tr.get_or_add_trPr().append(header)


# -- web pages ---------------------------------------------------------------------------------

def html_page(spec: Spec, portal: str) -> tuple[str, str]:
    """The page and its encoding."""
    body = "\n".join(f"<p>{v}</p>" if k in {"p", "credit"} else f"<p><strong>{v}</strong></p>"
                     for k, v in spec.blocks if k not in {"table", "picture"})
    headlines = ["全省气象工作会议召开", "局领导调研基层台站", "汛期服务工作部署"]
    related = "".join(f"<li><a href='/a{i}.html'>{t}</a></li>" for i, t in enumerate(headlines))
    info = spec.head[0] if spec.head else ""
    foot = "".join(f"<p style='text-align:right'>{line}</p>" for line in spec.foot)
    icp = "<p>主办：某省人民政府办公厅　网站标识码：1300000001　冀ICP备05001234号</p>"
    if portal == "gov_table":
        return f"""<html><head><meta charset="utf-8"><title>{spec.title}_某市人民政府</title></head><body>
<div class="top"><a href="/">首页</a> | <a>政务公开</a> | <a>政务服务</a>
 | <a>互动交流</a> | <a>走进某市</a></div>
<div class="crumb">当前位置：首页 &gt; 工作动态 &gt; 部门动态</div>
<table width="1000"><tr><td class="content">
<h1 class="title">{spec.title}</h1>
<div class="info">{info}　【字号：大 中 小】</div>
<div class="TRS_Editor">{body}{foot}</div>
<div class="tools">【打印本页】【关闭窗口】</div>
<div class="page">上一篇：全市防汛工作会议召开<br>下一篇：我市开展应急演练</div>
<p>责任编辑：孙明</p>
</td></tr></table><div class="footer">{icp}</div></body></html>""", "utf-8"
    if portal == "county_info":
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{spec.title} - 某县人民政府</title>
</head><body><nav>首页 » 新闻中心 » 乡镇动态</nav><div class="article">
<h2 class="art-title">{spec.title}</h2><div class="art-info"><span>{info}</span>
<span>字号：大 中 小</span></div><div class="art-con">{body}{foot}</div>
<div class="share">分享到：</div><div class="related"><h3>相关新闻</h3><ul>{related}</ul></div></div>
<footer>{icp}<p>版权所有：某县人民政府</p></footer></body></html>""", "utf-8"
    if portal == "article_meta":
        return f"""<html lang="zh-CN"><head><meta charset="utf-8">
<title>{spec.title}｜中国气象局政府门户网站</title></head><body>
<header><div class="logo">中国气象局</div></header>
<div class="position">您的位置：首页 &gt; 新闻 &gt; 地方</div><article>
<h1>{spec.title}</h1><p class="meta">{info}</p>{body}{foot}
<p class="editor">（责任编辑：刘畅）</p></article>
<aside><h3>推荐阅读</h3><ul>{related}</ul></aside><div>打印 关闭</div></body></html>""", "utf-8"
    if portal == "news_spans":
        spans = "".join(f"<span>{part}</span>" for part in info.split("\u3000"))
        return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{spec.title}-某省气象网</title></head><body><div id="nav"><a>首页</a><a>天气预报</a>
<a>气象新闻</a><a>科普宣传</a><a>政务公开</a></div><div id="main"><div class="newsTitle">{spec.title}</div>
<div class="newsInfo">{spans}<span>浏览次数：{len(spec.title) * 7}</span></div>
<div class="newsContent">{body}{foot}</div>
<div class="prevnext"><p>上一篇：气象科普进校园</p><p>下一篇：局党组召开专题会议</p></div>
</div><div id="footer">{icp}</div></body></html>""", "utf-8"
    if portal == "legacy_gbk":
        return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{spec.title}</title></head><body><table width="778" align="center"><tr><td>
<font color="#666">您现在的位置：<a>网站首页</a> &gt;&gt; <a>工作动态</a></font></td></tr>
<tr><td align="center"><font size="5"><b>{spec.title}</b></font></td></tr>
<tr><td align="center"><font size="2">{info}</font></td></tr>
<tr><td class="zw">{body}{foot}</td></tr>
<tr><td align="center">【<a>打印本页</a>】【<a>关闭窗口</a>】</td></tr>
</table>
<p align="center">Copyright 2008 某县气象局 版权所有　豫ICP备08001234号</p></body></html>""", "gb18030"
    return f"""<html><head><meta charset="utf-8"><title>{spec.title} - 某省应急管理厅</title></head><body>
<div class="bread">首页 / 应急动态 / 市县动态</div><div class="detail"><div class="d-title">{spec.title}</div>
<ul class="d-meta">{"".join(f"<li>{part}</li>" for part in info.split(chr(0x3000)))}
<li>【大】【中】【小】</li></ul>
<div class="d-body">{body}{foot}</div><div class="d-share">扫一扫在手机打开当前页</div>
<div class="d-related"><div>相关文章：</div><ul>{related}</ul></div></div>
<div class="foot">网站标识码：5100000077　蜀ICP备12003456号-1</div></body></html>""", "utf-8"


PORTAL_HEADS = {
    "gov_table": lambda s, w: f"发布时间：{w}\u3000信息来源：{s.unit}\u3000浏览次数：{len(s.title) * 13}",
    "county_info": lambda s, w: f"{w}\u3000来源：{s.unit}",
    "article_meta": lambda s, w: f"来源：{s.source}\u3000作者：{s.author}\u3000日期：{w}",
    "news_spans": lambda s, w: f"时间：{w}\u3000来源：{s.unit}\u3000作者：{s.author}",
    "legacy_gbk": lambda s, w: f"稿件来源：{s.unit}\u3000发布日期：{w}\u3000点击：{len(s.title) * 3}",
    "bureau_list": lambda s, w: f"信息来源：{s.unit}\u3000发布时间：{w}",
}


def make_portal_spec(index: int, portal: str, rng: random.Random) -> Spec:
    spec = make_spec(index, "html", "footer", rng)
    spec.stem = f"{index:03d}-html-{portal}"
    spec.layout, spec.foot = portal, []
    spec.unit = rng.choice(content.UNITS)
    form = "time" if portal in {"gov_table", "county_info", "bureau_list"} else rng.choice(DATE_FORMS)
    if portal == "article_meta":
        spec.source, spec.author = rng.choice(content.SOURCES), rng.choice(content.AUTHORS)
        spec.foot = [spec.unit]  # the 落款 names who did the work
    elif portal == "news_spans":
        spec.author = rng.choice(content.AUTHORS)
        spec.source = spec.unit
    else:
        spec.source = spec.unit
    spec.head = [PORTAL_HEADS[portal](spec, date_text(spec.date, form))]
    return spec


# -- the corpus --------------------------------------------------------------------------------

def plan(rng: random.Random) -> list[Spec]:
    specs: list[Spec] = []
    jobs: list[tuple[str, str]] = []
    text_formats = ["txt-gbk"] * 5 + ["txt-gb18030"] * 4 + ["txt-big5"] * 4 + ["txt-utf16"] * 4 \
        + ["txt-utf8"] * 3 + ["md"] * 8 + ["docx-styled"] * 8 + ["docx-plain"] * 10 + ["pdf"] * 8 \
        + ["doc"] * 5 + ["wps"] * 4
    for number, fmt in enumerate(text_formats):
        jobs.append((fmt, TEXT_LAYOUTS[number % len(TEXT_LAYOUTS)]))
    jobs += [("docx-table", layout) for layout in ["plain", "bar", "footer", "byline", "sourced", "wenhao",
                                                   "titleunit", "unitfield", "plain", "sourcebar", "footer",
                                                   "bar"]]
    jobs += [("docx-jianbao", "jianbao")] * 4
    jobs += [("html", portal) for portal in PORTALS for _ in range(4)]
    rng.shuffle(jobs)
    for index, (fmt, layout) in enumerate(jobs, 1):
        held_out = index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
        if fmt == "html":
            portal = HELD_OUT_PORTAL if held_out and index % 8 == 7 else layout
            specs.append(make_portal_spec(index, portal, rng))
            continue
        spec = make_spec(index, fmt, layout, rng)
        if fmt == "docx-table":
            add_tables(spec, index, rng)
        if fmt in {"docx-styled", "docx-plain"} and index % 3 == 0:
            spec.blocks.insert(len(spec.blocks) // 2, ("picture", ""))
        specs.append(spec)
    return specs


def add_tables(spec: Spec, index: int, rng: random.Random) -> None:
    variant = index % 4
    table = data_table(rng, header_marked=variant == 0, merged=variant == 2)
    if variant == 3 and spec.layout != "wenhao":
        spec.table_first = True
        spec.blocks.insert(0, ("table", table))
        return
    spec.blocks.insert(min(3, len(spec.blocks)), ("table", table))
    if rng.random() < 0.4:
        spec.blocks.insert(len(spec.blocks) - 1, ("table", data_table(rng, header_marked=False,
                                                                        merged=True)))


def big5_text(text: str) -> str:
    """Traditional script as Taiwan writes it; Big5 has no 〇, so dates use the circle ○."""
    return opencc.OpenCC("s2tw").convert(text).replace("〇", "○")


def main(out: Path) -> None:
    rng = random.Random(SEED)
    specs = plan(rng)
    for part in ("dev", "heldout"):
        shutil.rmtree(out / part, ignore_errors=True)
        (out / part).mkdir(parents=True)
    office_jobs: dict[str, list[tuple[Spec, Path]]] = {"pdf": [], "doc": []}
    with tempfile.TemporaryDirectory(prefix="corpus-") as work:
        for spec in specs:
            folder = out / ("heldout" if spec.held_out else "dev")
            convert = big5_text if spec.fmt == "txt-big5" else str
            if spec.fmt.startswith("docx"):
                write_docx(spec, folder / (spec.stem + ".docx"))
            elif spec.fmt in {"pdf", "doc", "wps"}:
                source = Path(work, spec.stem + ".docx")
                write_docx(spec, source)
                office_jobs["pdf" if spec.fmt == "pdf" else "doc"].append((spec, source))
            elif spec.fmt == "html":
                page, codec = html_page(spec, spec.layout)
                (folder / (spec.stem + ".html")).write_bytes(page.encode(codec))
            else:
                write_text(spec, folder, convert)
            sidecar = folder / (spec.stem + ".expected.json")
            sidecar.write_text(json.dumps(expected(spec, convert), ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
        for target, jobs in office_jobs.items():
            if not jobs:
                continue
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                            "--convert-to", target, "--outdir", work, *(str(s) for _, s in jobs)],
                           check=True, capture_output=True, timeout=600)
            for spec, source in jobs:
                folder = out / ("heldout" if spec.held_out else "dev")
                shutil.copy(source.with_suffix("." + target), folder / (spec.stem + EXTENSIONS[spec.fmt]))
    print(f"{len(specs)} documents: {sum(not s.held_out for s in specs)} dev, "
          f"{sum(s.held_out for s in specs)} held out, in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/corpus"))
