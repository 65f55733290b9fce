"""Python-Markdown set up the way case bodies are written: GFM pipe tables whose rows may be ragged.

Python-Markdown's table extension cuts every row to the header's width, so a row with more cells than
the header (a table pasted from Word with a merged header, a row typed with an extra column) would
lose its last cells. The preprocessor here widens the header and its rule to the widest row first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
from markdown.preprocessors import Preprocessor

_RULE_CELL = re.compile(r"\s*:?-+:?\s*")
_FENCE = re.compile(r"^\s*(```|~~~)")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)
_REFERENCE_PATTERNS = ("reference", "image_reference", "short_reference", "short_image_ref")
# Inline patterns with what a body must contain for each to match at all (a tab may become the
# spaces of a line break). Every pattern is tried on every piece of text: most bodies use two.
_TRIGGERS = {"backtick": ("`",), "escape": ("\\",), "link": ("[",), "image_link": ("![",),
             "autolink": ("<",), "automail": ("<",), "html": ("<",), "entity": ("&",),
             "linebreak": ("  \n", "  \r", "\t"), "em_strong": ("*", "_")}


def new_markdown(*, references: bool = True, without: frozenset[str] = frozenset(),
                 readable: bool = True) -> markdown.Markdown:
    """A converter; without `references` it skips the reference-link patterns, which can only match
    in a body that defines references (`[1]: http://…`) and cost a quarter of the conversion; the
    inline patterns named in `without` are skipped too. Not `readable`: without the line breaks
    between blocks that are there for people reading the HTML (the export's walk skips them)."""
    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    # Before the fenced-code (25) and table block processors see the lines.
    md.preprocessors.register(RaggedTables(md), "ragged_tables", 28)
    for name in (*(() if references else _REFERENCE_PATTERNS), *without):
        md.inlinePatterns.deregister(name)
    if not readable:
        md.treeprocessors.deregister("prettify")
    return md


def defines_references(body: str) -> bool:
    return _REFERENCE_DEFINITION.search(body) is not None


class Converters:
    """Converters for the bodies of one export, each without the inline patterns its body cannot
    match (the same output; Python-Markdown takes ~30% less CPU on the bench bodies)."""

    def __init__(self) -> None:
        self._made: dict[tuple[bool, frozenset[str]], markdown.Markdown] = {}

    def for_body(self, body: str) -> markdown.Markdown:
        key = (defines_references(body), frozenset(
            name for name, triggers in _TRIGGERS.items() if not any(t in body for t in triggers)))
        md = self._made.get(key)
        if md is None:
            md = self._made[key] = new_markdown(references=key[0], without=key[1], readable=False)
        return md


def element_tree(md: markdown.Markdown, source: str) -> ET.Element | None:
    """The tree `md.convert(source)` would serialise (its preprocessors, block parser and tree
    processors; the export walks it rather than parsing the HTML again), with code text unescaped
    as the HTML parser would. None when the HTML is more than the tree: raw HTML and entities are
    stashed and only put into the HTML, autolinked mail addresses are encoded there; those bodies
    (with `<` or `&`) are read from the HTML."""
    md.reset()
    if "<" in source or "&" in source or not source.strip():
        return None
    md.lines = source.split("\n")
    for preprocessor in md.preprocessors:
        md.lines = preprocessor.run(md.lines)
    root = md.parser.parseDocument(md.lines).getroot()
    for treeprocessor in md.treeprocessors:
        replaced = treeprocessor.run(root)
        if replaced is not None:
            root = replaced
    if md.htmlStash.html_counter:  # fenced code is stashed as HTML too
        return None
    for code in root.iter("code"):  # the inverse of markdown.util.code_escape
        if code.text:
            code.text = code.text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return root


def cells(line: str) -> list[str]:
    """The cells of a pipe-table line, outer pipes dropped."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return _UNESCAPED_PIPE.split(inner)


def is_rule(line: str) -> bool:
    """The header rule of a pipe table: | --- | :---: | ---: |"""
    if "-" not in line or ("|" not in line and not line.strip().startswith("-")):
        return False
    return all(_RULE_CELL.fullmatch(cell) for cell in cells(line))


class RaggedTables(Preprocessor):
    """Pads the header row and rule of each pipe table to its widest row."""

    def run(self, lines: list[str]) -> list[str]:
        out = list(lines)
        fenced = False
        index = 0
        while index < len(out):
            if _FENCE.match(out[index]):
                fenced = not fenced
            elif (not fenced and index + 1 < len(out) and "|" in out[index]
                  and is_rule(out[index + 1])):
                end = index + 2
                while end < len(out) and out[end].strip() and "|" in out[end]:
                    end += 1
                widest = max(len(cells(line)) for line in out[index:end])
                for row, filler in ((index, " "), (index + 1, " --- ")):
                    missing = widest - len(cells(out[row]))
                    if missing > 0:
                        out[row] = "|" + "|".join(cells(out[row]) + [filler] * missing) + "|"
                index = end
                continue
            index += 1
        return out
