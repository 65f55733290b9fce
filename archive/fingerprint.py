"""Text fingerprints that recognise the same case across formats, spacing and scripts."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

from search.analysis import to_simplified

# Everything that is not a letter or digit: spacing and punctuation differ between copies of a text.
_NOISE = re.compile(r"[\W_]+", re.UNICODE)
_SHINGLE = 4
# Hamming distance (of 64 bits) under which two texts count as versions of each other.
NEAR_DUPLICATE_DISTANCE = 10


def canonical_text(text: str) -> str:
    """The text reduced to what makes it the same text: folded width, simplified script, no noise."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _NOISE.sub("", to_simplified(folded))


def exact_fingerprint(title: str, body: str) -> str:
    """Equal for the same title and body in any format, spacing or script."""
    return hashlib.sha256(canonical_text(f"{title}\n{body}").encode("utf-8")).hexdigest()


def similarity_signature(body: str) -> int:
    """A 64-bit SimHash over character shingles; close signatures mean similar texts."""
    text = canonical_text(body)
    if len(text) < _SHINGLE:
        return 0
    digests = b"".join(hashlib.blake2b(text[i : i + _SHINGLE].encode(), digest_size=8).digest()
                       for i in range(len(text) - _SHINGLE + 1))
    rows = np.frombuffer(digests, dtype=">u8").astype(np.uint64)
    # Bit by bit majority vote of the shingle hashes, in numpy: strings of bits took 6 s per 300,000
    # characters.
    signature = 0
    for bit in range(64):
        if np.count_nonzero(rows & np.uint64(1 << bit)) > len(rows) / 2:
            signature |= 1 << bit
    # SQLite integers are signed 64-bit.
    return signature - (1 << 64) if signature >= 1 << 63 else signature


def signature_distance(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()
