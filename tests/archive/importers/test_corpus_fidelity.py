"""Import keeps the fidelity reached on the labelled corpus (`tests/fixtures/corpus`), field by field.

The floors are the figures `python -m bench.import_fidelity` printed when the rules were written;
a change that reads fewer documents right fails here. .doc and .wps go through LibreOffice.
"""

from __future__ import annotations

import pytest

from archive import office
from bench.import_fidelity import FIELDS, PARTS, score, sidecars

# Reached on 2026-11-30: 100 % on every field in both parts.
FIELD_FLOOR = dict.fromkeys(FIELDS, 1.0)
TAG_PRECISION_FLOOR = 0.95
TAG_RECALL_FLOOR = 0.95


@pytest.fixture(scope="module")
def scores():
    if office.find_office() is None:
        pytest.skip("LibreOffice is needed for the corpus's .doc and .wps files")
    return {part: score(sidecars(part)) for part in PARTS}


def test_the_corpus_is_wide_enough(scores):
    assert sum(s.documents for s in scores.values()) >= 80
    assert scores["heldout"].documents >= 0.2 * scores["dev"].documents


@pytest.mark.parametrize("part", PARTS)
def test_every_field_keeps_its_accuracy(scores, part):
    misses = "\n".join(scores[part].misses)
    for name in FIELDS:
        assert scores[part].accuracy(name) >= FIELD_FLOOR[name], f"{name} fell:\n{misses}"


@pytest.mark.parametrize("part", PARTS)
def test_leaf_tags_keep_their_precision_and_recall(scores, part):
    assert scores[part].tag_precision >= TAG_PRECISION_FLOOR
    assert scores[part].tag_recall >= TAG_RECALL_FLOOR
