"""How faithfully import reads the labelled corpus: `python -m bench.import_fidelity [--held-out]`.

Reads every document under `tests/fixtures/corpus/` (written by `tools/make_import_corpus.py`) and
compares what import found with the sidecar `*.expected.json`: per-field accuracy (exact match
after whitespace is removed), precision and recall of the suggested leaf tags, and every miss.
The `dev` part is what the rules were tuned on; the `heldout` part was not looked at while tuning,
and its misses are only listed with `--held-out`.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive.importers import ImportedDocument, read_document
from archive.importers.tagging import TagVocabulary, default_vocabulary

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"
PARTS = ("dev", "heldout")
FIELDS = ("title", "unit", "source", "author", "date", "first_sentence", "last_sentence", "tables")
_SPACE = re.compile(r"\s+")
_TABLE_RULE = re.compile(r"^\|\s*:?-{3,}")
_MARKUP = re.compile(r"^(#+\s*|[-*+]\s+|>\s*)|\*\*|__")
_SENTENCE = re.compile(r"[^。！？；]*(?:[。！？；]|$)")


@dataclass
class Score:
    documents: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    tags_found: int = 0
    tags_right: int = 0
    tags_expected: int = 0
    misses: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.documents if self.documents else 0.0

    @property
    def tag_precision(self) -> float:
        return self.tags_right / self.tags_found if self.tags_found else 0.0

    @property
    def tag_recall(self) -> float:
        return self.tags_right / self.tags_expected if self.tags_expected else 0.0


def sidecars(part: str, corpus: Path = CORPUS) -> list[Path]:
    return sorted((corpus / part).glob("*.expected.json"))


def observed(document: ImportedDocument) -> dict[str, object]:
    """The fields a sidecar lists, as import found them."""
    lines = [_MARKUP.sub("", line.strip()).strip() for line in document.body.splitlines()]
    text = [line for line in lines if line and not line.startswith(("|", "![", "!["))]
    first = _sentences(text[0])[0] if text else ""
    last = _sentences(text[-1])[-1] if text else ""
    return {
        "title": document.title, "unit": document.unit, "source": document.source,
        "author": document.author, "date": document.date.isoformat() if document.date else None,
        "first_sentence": first, "last_sentence": last,
        "tables": sum(1 for line in document.body.splitlines() if _TABLE_RULE.match(line.strip())),
    }


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE.findall(line) if s] or [line]


def _same(expected: object, found: object) -> bool:
    if isinstance(expected, str) and isinstance(found, str):
        return _SPACE.sub("", expected) == _SPACE.sub("", found)
    return expected == found


def score(paths: Iterable[Path], vocabulary: TagVocabulary | None = None) -> Score:
    vocabulary = vocabulary or default_vocabulary()
    leaves = set(vocabulary.parents)
    result = Score()
    for sidecar in paths:
        expected = json.loads(sidecar.read_text(encoding="utf-8"))
        document = read_document(sidecar.with_name(expected["file"]), vocabulary)
        found = observed(document)
        result.documents += 1
        for name in FIELDS:
            if _same(expected[name], found[name]):
                result.right[name] += 1
            else:
                result.misses.append(f"{expected['file']}  {name}: expected {expected[name]!r}, "
                                     f"got {found[name]!r}")
        suggested = {tag for tag in document.suggested_tags if tag in leaves}
        wanted = set(expected["tags"])
        result.tags_found += len(suggested)
        result.tags_expected += len(wanted)
        result.tags_right += len(suggested & wanted)
        if suggested != wanted:
            result.misses.append(f"{expected['file']}  tags: expected {sorted(wanted)}, "
                                 f"got {sorted(suggested)}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="also list the held-out part's misses")
    args = parser.parse_args()
    scores = {part: score(sidecars(part)) for part in PARTS}
    print(f"{'field':<16}" + "".join(f"{part + f' ({scores[part].documents})':>16}" for part in PARTS))
    for name in FIELDS:
        print(f"{name:<16}" + "".join(f"{scores[part].accuracy(name):>16.1%}" for part in PARTS))
    print(f"{'leaf-tag P':<16}" + "".join(f"{scores[part].tag_precision:>16.1%}" for part in PARTS))
    print(f"{'leaf-tag R':<16}" + "".join(f"{scores[part].tag_recall:>16.1%}" for part in PARTS))
    for part in PARTS if args.held_out else PARTS[:1]:
        print(f"\nmisses in {part} ({len(scores[part].misses)}):")
        for miss in scores[part].misses:
            print("  " + miss)


if __name__ == "__main__":
    main()
