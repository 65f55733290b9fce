"""The rebuild's term table, written from arrays: byte for byte what Whoosh's own writer writes."""

from __future__ import annotations

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

from search.segments import _TermTable


def _entries(count: int) -> tuple[list[bytes], list[bytes]]:
    keys = sorted({f"\x00\x03词{n * 7919 % 100_003}".encode() for n in range(count)})
    return keys, [bytes(n % 251 for n in range(len(key) * 3)) for key in keys]


def _written(name: str, keys: list[bytes], values: list[bytes], in_bulk: bool, storage: RamStorage) -> bytes:
    table = OrderedHashWriter(storage.create_file(name))
    if in_bulk:
        _TermTable.taking_over(table)
        middle = len(keys) // 3  # as a field's terms arrive: a chunk at a time
        table.add_sorted(keys[:middle], values[:middle])
        table.add_sorted(keys[middle:], values[middle:])
    else:
        table.add_all(zip(keys, values, strict=True))
    table.close()
    return storage.open_file(name).read()


@pytest.mark.parametrize("count", [1, 300, 6_000], ids=["one term", "a few", "past 64 KB of entries"])
def test_the_bulk_term_table_is_whoosh_s_byte_for_byte(count):
    storage = RamStorage()
    keys, values = _entries(count)
    ours = _written("ours", keys, values, True, storage)
    assert ours == _written("theirs", keys, values, False, storage)
    reader = OrderedHashReader(storage.open_file("ours"), len(ours))
    assert [reader[key] for key in keys] == values
    assert list(reader.keys()) == keys
