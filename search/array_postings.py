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
_NARROWEST = [(1 << (8 * array(code).itemsize), code, np.dtype(code)) for code in ("B", "H", "I", "Q")]
"""Unsigned types, narrowest first: above which their numbers stop, typecode, numpy's type."""
_PROTOCOL = 3
"""Pickles raw bytes as they are, without the frame (9 bytes) that protocols 4 and 5 add."""


def smallest(values: np.ndarray) -> array:
    """Unsigned integers as an array of the narrowest type that holds them."""
    top = int(values.max(initial=0))
    typecode, dtype = next(kind for bound, *kind in _NARROWEST if top < bound)
    return array(typecode, values.astype(dtype).tobytes())


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


class ArrayBlock(tuple):
    """A block's data as Whoosh's reader takes it: (document gaps, weights, values), weights as
    Whoosh minifies them (None when all are 1, one number when all are equal). Pickled as one
    bytes string (`_LAYOUT`, then the arrays' bytes): arrays pickled one by one took about 160
    bytes more per term, and most terms have a few postings."""

    def __reduce__(self) -> tuple:
        gaps, weights, values = self
        one_weight = 0.0
        if weights is None:
            weights_kind, weights_bytes = b"-", b""
        elif isinstance(weights, float):
            weights_kind, weights_bytes, one_weight = b"=", b"", weights
        else:
            weights_kind, weights_bytes = weights.typecode.encode(), weights.tobytes()
        if isinstance(values, PackedValues):
            values_kind, codes = b"P", (values.gaps.typecode + values.counts.typecode).encode()
            extra, values_bytes = len(values.gaps), values.gaps.tobytes() + values.counts.tobytes()
        else:
            values_kind, codes = (b"-", b"--") if values is None else (b"#", b"--")
            extra, values_bytes = len(values or b""), values or b""
        layout = _LAYOUT.pack(len(gaps), gaps.typecode.encode(), weights_kind, one_weight, values_kind,
                              codes[:1], codes[1:], extra)
        return _array_block, (layout + gaps.tobytes() + weights_bytes + values_bytes,)


_LAYOUT = struct.Struct("<Iccdccci")
"""How many postings, the gaps' typecode, the weights' (- none, = one weight, which follows, or
a typecode), the values' kind (- none, # bytes, P positions: their gaps' and counts' typecodes)
and the values' length (position gaps, or bytes)."""


def _array_block(packed: bytes) -> ArrayBlock:
    """An `ArrayBlock` from its pickled bytes (Python's unpickling calls this)."""
    count, gaps_code, weights_kind, one_weight, values_kind, gaps_of_values, counts_code, extra = \
        _LAYOUT.unpack_from(packed)
    at = _LAYOUT.size

    def take(typecode: bytes, length: int) -> array:
        nonlocal at
        taken = array(typecode.decode())
        end = at + length * taken.itemsize
        taken.frombytes(packed[at:end])
        at = end
        return taken

    gaps = take(gaps_code, count)
    weights: array | float | None = None
    if weights_kind != b"-":
        weights = one_weight if weights_kind == b"=" else take(weights_kind, count)
    values: PackedValues | bytes | None = None
    if values_kind == b"P":
        values = PackedValues(take(gaps_of_values, extra), take(counts_code, count))
    elif values_kind == b"#":
        values = packed[at:at + extra]
    return ArrayBlock((gaps, weights, values))


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
    return _block(smallest(gaps), kept_weights, values, int(gaps.size), last_doc, max_weight, min_length,
                  max_length)


def smallest_of(values: list[int]) -> array:
    """`smallest` of a list."""
    top = max(values, default=0)
    return array(next(code for bound, code, _ in _NARROWEST if top < bound), values)


def small_block(gaps: list[int], weights: list[float], values: PackedValues | bytes | None, last_doc: int,
                min_length: int, max_length: int) -> bytes:
    """`block` of a few postings, from lists: the same bytes without numpy's cost per call."""
    max_weight = max(weights)
    if min(weights) != max_weight:
        integral = all(w.is_integer() for w in weights)
        kept_weights: array | float | None = (smallest_of([int(w) for w in weights]) if integral
                                              else array("f", weights))
    else:
        kept_weights = None if max_weight == 1.0 else max_weight
    return _block(smallest_of(gaps), kept_weights, values, len(gaps), last_doc, max_weight, min_length,
                  max_length)


def _block(gaps: array, weights: array | float | None, values: PackedValues | bytes | None, count: int,
           last_doc: int, max_weight: float, min_length: int, max_length: int) -> bytes:
    data = pickle.dumps(ArrayBlock((gaps, weights, values)), _PROTOCOL)
    header = pickle.dumps((count, last_doc, max_weight, 0, min_length, max_length), _PROTOCOL)
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
    data = pickle.load(stream)
    if not isinstance(data, ArrayBlock):
        raise ValueError("not one block of arrays")
    gaps, weights, values = data
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
