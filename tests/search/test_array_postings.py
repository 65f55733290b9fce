"""A term's postings as one block of arrays: what `block` writes, `unpacked` and Whoosh read back."""

from __future__ import annotations

import io
from array import array

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Existence, Frequency

from search.array_postings import PackedValues, block, smallest, unpacked
from search.schema import PackedPositions

postings = st.lists(st.tuples(st.integers(1, 70_000), st.integers(1, 300),
                              st.lists(st.integers(0, 70_000), min_size=1, max_size=5)),
                    min_size=1, max_size=40)


def _written(listed, kind: str) -> tuple[bytes, np.ndarray, np.ndarray, list[list[int]]]:
    docs = np.cumsum([gap for gap, _, _ in listed])
    weights = np.array([float(weight) for _, weight, _ in listed])
    positions = [sorted(set(found)) for _, _, found in listed]
    if kind == "positions":
        weights = np.array([float(len(found)) for found in positions])
        gaps = np.concatenate([np.diff(found, prepend=0) for found in positions])
        values = PackedValues(smallest(gaps), smallest(np.array([len(found) for found in positions])))
    elif kind == "frequency":
        values = weights.astype(">u4").tobytes()
    else:
        values = None
    return (block(np.diff(docs, prepend=0), weights, values, int(docs[-1]), 3, 9), docs, weights,
            positions)


@pytest.mark.parametrize(("kind", "field_format"), [("positions", PackedPositions()), ("frequency", Frequency()),
                                                    ("existence", Existence())])
@given(listed=postings)
def test_a_block_reads_back_as_written_by_numpy_and_by_whoosh(kind, field_format, listed):
    written, docs, weights, positions = _written(listed, kind)
    count, gaps, _, _ = unpacked(written)
    assert count == len(listed)
    assert np.cumsum(np.frombuffer(gaps, gaps.typecode)).tolist() == docs.tolist()
    matcher = W3LeafMatcher(StructFile(io.BytesIO(written)), 0, len(written), field_format)
    read = []
    while matcher.is_active():
        value = (matcher.value_as("positions") if kind == "positions" else
                 matcher.value_as("frequency") if kind == "frequency" else None)
        read.append((matcher.id(), matcher.weight(), value))
        matcher.next()
    expected_values = (positions if kind == "positions" else weights.astype(int).tolist() if kind == "frequency"
                       else [None] * len(listed))
    assert read == list(zip(docs.tolist(), weights.tolist(), expected_values, strict=True))
    assert matcher.block_max_weight() == weights.max()


def test_anything_but_one_block_of_arrays_is_refused():
    written, *_ = _written([(5, 1, [2]), (3, 2, [1, 4])], "positions")
    with pytest.raises(ValueError, match="not one block"):
        unpacked(written[:-1])
    with pytest.raises(ValueError, match="not one block"):
        unpacked(b"XXXX" + written[4:])


def test_a_term_of_two_postings_takes_little_room():
    # Arrays pickled one by one took 223 bytes here; most terms with a block have a few postings.
    written, *_ = _written([(5, 1, [2]), (3, 2, [1, 4])], "positions")
    assert len(written) <= 120


def test_smallest_picks_the_narrowest_type():
    assert [smallest(np.array(v)).typecode for v in ([0, 255], [256], [65_536], [2**32])] == ["B", "H", "I", "Q"]
    assert smallest(np.array([7, 300])) == array("H", [7, 300])
