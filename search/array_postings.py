"""Whoosh's W3 format with each term's postings in one block of arrays.

Whoosh's W3 codec keeps a posting list in blocks of up to 128 postings, each a tuple of Python
numbers, pickled and compressed with zlib. Taking those apart was most of a first search: the 300
most frequent character pairs of a 20,000-case segment took 572 ms to decode, against 7 ms for
the same postings kept as arrays, in about the same space on disk.

Here a term's postings are one block in the same container (its length, its pickled header, its
pickled data) whose data holds arrays (`array.array`, which pickles as its raw bytes): document
gaps, weights, and the positions (`PackedValues`). Whoosh's reader reads it as it reads its own
blocks (it only indexes into these sequences), so Whoosh's merges and per-posting API keep
working; the matcher reads it with numpy in one go (`search.whoosh_bulk.posting_arrays`).
Everything that writes postings writes this: the rebuild and saves (`search.segments`), and
Whoosh's own writer in merges, given `ArrayCodec`.
"""

from __future__ import annotations

import io
import pickle
import struct
from array import array

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter
from whoosh.util.numeric import length_to_byte

from search.schema import GAP_BYTES, pack_gaps

_BLOCK_SIZE = struct.Struct("!i")
"""Before a block: its size in bytes, negative for a term's last (here its only) block."""
_BLOCK_START = len(WHOOSH3_HEADER_MAGIC) + _BLOCK_SIZE.size
_ONE_BLOCK = 2**31 - 1
"""Whoosh's block limit for `ArrayCodec`: above any posting list, so a term is one block."""
_TYPECODES = ("B", "H", "I", "Q")


def smallest(values: np.ndarray) -> array:
    """Unsigned integers as an array of the narrowest type that holds them."""
    top = int(values.max(initial=0))
    typecode = next(code for code in _TYPECODES if top < 1 << (8 * array(code).itemsize))
    return array(typecode, values.astype(np.dtype(typecode)).tobytes())


def as_numpy(values: array) -> np.ndarray:
    """An array's items as a numpy array over the same bytes (no copy)."""
    return np.frombuffer(values, np.dtype(values.typecode))


class PackedValues:
    """The values of a block's postings in `search.schema.PackedPositions`: per posting the gaps
    between its positions (the first from 0), all postings' gaps in one array and how many each
    has in another. Whoosh asks for one posting's value at a time (`values[i]`); the matcher reads
    the arrays whole."""

    __slots__ = ("gaps", "counts", "_starts")

    def __init__(self, gaps: array, counts: array) -> None:
        self.gaps = gaps
        self.counts = counts
        self._starts: list[int] | None = None

    @classmethod
    def of(cls, values: list[bytes]) -> PackedValues:
        """From each posting's value as `PackedPositions` encodes it."""
        counts = np.fromiter(map(len, values), np.int64, len(values)) // GAP_BYTES
        return cls(smallest(np.frombuffer(b"".join(values), "<u4")), smallest(counts))

    def __len__(self) -> int:
        return len(self.counts)

    def __getitem__(self, posting: int) -> bytes:
        if self._starts is None:  # Whoosh's per-posting reads only (merges, its own matchers)
            self._starts = [0, *np.cumsum(as_numpy(self.counts), dtype=np.int64).tolist()]
        start, end = self._starts[posting], self._starts[posting + 1]
        return pack_gaps(array("I", self.gaps[start:end]))

    def __reduce__(self) -> tuple:
        return PackedValues, (self.gaps, self.counts)


def block(gaps: np.ndarray, weights: np.ndarray, values: PackedValues | bytes | None, last_doc: int,
          min_length: int, max_length: int) -> bytes:
    """A term's postings as one block: `gaps` between its documents (the first from 0), their
    weights, their values (positions, or each posting's frequency packed for a fixed-size format),
    the last document, and the documents' shortest and longest length bytes."""
    max_weight = float(weights.max())
    if float(weights.min()) != max_weight:
        kept_weights: array | float | None = (smallest(weights) if np.array_equal(weights, np.round(weights))
                                              else array("f", weights.astype(np.float32).tobytes()))
    else:  # as Whoosh minifies: None when every weight is 1, else the one weight
        kept_weights = None if max_weight == 1.0 else max_weight
    data = pickle.dumps((smallest(gaps), kept_weights, values), pickle.HIGHEST_PROTOCOL)
    header = pickle.dumps((int(gaps.size), last_doc, max_weight, 0, min_length, max_length),
                          pickle.HIGHEST_PROTOCOL)
    return WHOOSH3_HEADER_MAGIC + _BLOCK_SIZE.pack(-(len(header) + len(data))) + header + data


def unpacked(data: bytes) -> tuple[int, array, array | float | None, PackedValues | bytes | None]:
    """A posting list written as a `block`: how many postings, their document gaps, weights and
    values as `block` was given them (weights minified). ValueError if `data` is not one block."""
    size = _BLOCK_SIZE.unpack_from(data, len(WHOOSH3_HEADER_MAGIC))[0]
    if not data.startswith(WHOOSH3_HEADER_MAGIC) or -size != len(data) - _BLOCK_START:
        raise ValueError("not one block of arrays")
    stream = io.BytesIO(data)
    stream.seek(_BLOCK_START)
    count = pickle.load(stream)[0]  # the block's header
    gaps, weights, values = pickle.load(stream)
    return count, gaps, weights, values


class _ArrayPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer (used by its merges) writing `block`s: its block limit is above
    any posting list, so `_write_block` runs once per term, for the whole list."""

    def _write_block(self, last: bool = False) -> None:
        assert last and not self._blockcount, "a term's postings are one block"
        self._terminfo.add_block(self)
        docs = np.frombuffer(self._ids, np.uint32).astype(np.int64)
        fixed_size = self._format.fixed_value_size()
        if fixed_size is None:
            values: PackedValues | bytes | None = PackedValues.of(self._values)
        else:
            values = b"".join(self._values) if fixed_size else None
        self._postfile.write(block(np.diff(docs, prepend=0), np.frombuffer(self._weights, np.float32), values,
                                   int(docs[-1]), length_to_byte(self._minlength),
                                   length_to_byte(self._maxlength)))
        self._blockcount += 1
        self._new_block()


class ArrayCodec(W3Codec):
    """Whoosh's W3 codec writing each term's postings as one `block` of arrays."""

    def __init__(self) -> None:
        super().__init__(blocklimit=_ONE_BLOCK, compression=0)

    def postings_writer(self, dbfile, byteids: bool = False) -> _ArrayPostingsWriter:
        assert not byteids, "term vectors are not used"
        return _ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                    compression=0, inlinelimit=self._inlinelimit)
