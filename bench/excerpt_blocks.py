"""How well excerpt ranges fit real bodies: the import corpus's dev and held-out parts.

`python -m bench.excerpt_blocks` imports each part into a throwaway archive and, for every body,
counts (1) top-level blocks that render as exactly one element (a split neither too coarse nor
cutting a table, list or fence in two) and (2) blocks whose rendered text, selected in the reader,
maps back to that block (or an earlier one with the same words: the first match is taken).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import lxml.html

from archive.briefing.reading import body_html
from archive.briefings import markdown_blocks, selection_range
from archive.library import Library

CORPUS = Path(__file__).resolve().parent.parent / "tests/fixtures/corpus"


def measure(part: str) -> str:
    with tempfile.TemporaryDirectory() as folder, Library.open(Path(folder, "archive")) as library:
        library.import_paths([p for p in (CORPUS / part).iterdir() if p.suffix != ".json"])
        cases = blocks = whole = tried = found = 0
        for case in library.iter_cases():
            cases += 1
            for number, block in enumerate(markdown_blocks(case.body), 1):
                root = lxml.html.fromstring(body_html(block) or "<div></div>")
                blocks += 1
                whole += len(root) == 1
                text = root.text_content().strip()
                if len(text) >= 6:  # shorter texts (一、) recur; a reader selects more than that
                    tried += 1
                    start, end = selection_range(case.body, text)
                    found += start <= number <= end or start == end <= number
    return (f"{part:8} {cases:3} cases {blocks:4} blocks  one element {whole}/{blocks}  "
            f"selection back to its block {found}/{tried}")


if __name__ == "__main__":
    for part in ("dev", "heldout"):
        print(measure(part))
